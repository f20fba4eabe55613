package sopgen

import "github.com/stepwise-sop/stepwise/sopgen/interact"

// Kind is what a procedure step does for the control objectives of an SOP.
type Kind string

// The step kinds of the procedure model: what the rules reason about (a
// template's step may set one; see docs/templates.md).
const (
	KindIntake   Kind = "intake"
	KindVerify   Kind = "verify"
	KindAccess   Kind = "access"
	KindDeliver  Kind = "deliver"
	KindConfirm  Kind = "confirm"
	KindNotify   Kind = "notify"
	KindLog      Kind = "log"
	KindApprove  Kind = "approve"
	KindEscalate Kind = "escalate"
	KindOther    Kind = "other"
)

// Location points at where something came from: a file and line, and for
// recordings the JSON pointer of the step.
type Location struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// Document is an SOP: the six sections plus metadata, whether generated from
// a recording, read from a template or parsed from a hand-written file.
type Document struct {
	Source     string // file the document came from, for locations
	Meta       Metadata
	Purpose    Section
	Scope      Section
	Roles      []Role
	Phases     []Phase
	Exceptions []Exception
	Records    []Record
	Policy     Policy
	Provenance *Provenance // set for documents generated from a recording
	// Control is the document control the keeper of the document supplied
	// (status, approval, history, accepted errors); nil for a draft no one
	// keeps yet.
	Control *Control
	// Review is the control review the documents print first: the status
	// and each error and warning with its step. Set when the document is
	// checked (generate.FromDocument).
	Review *ControlReview

	// Headings records where each of the six sections was found (line), or
	// 0 when absent, for documents parsed from text.
	Headings map[string]int

	// Suppressions are the inline stepwise:ignore comments of the source.
	Suppressions []Suppression

	// Code holds the lines of the source's code blocks (commands and
	// samples a reader may copy and run), for the rules that look for
	// secrets; no other rule reads them as steps.
	Code []CodeLine
}

// CodeLine is one line of a code block and where it is.
type CodeLine struct {
	Text string
	Line int
}

// Section names, in document order.
var SectionNames = []string{"Purpose", "Scope", "Roles", "Procedure", "Exceptions", "Records"}

// Metadata identifies and governs an SOP.
type Metadata struct {
	ID         string
	Title      string
	Workflow   string
	Version    string
	Owner      string
	Approver   string
	Effective  string
	NextReview string
	// ReviewInterval is how often the procedure is reviewed ("12 months").
	ReviewInterval string
	RecordedAt     string
	Line           int
	// ReviewLine is the line that states the review date or interval,
	// when it is not Line.
	ReviewLine int
}

// Section is a prose section. Derived marks text Stepwise wrote as a default
// because neither the recording nor a template supplied it.
type Section struct {
	Text    string
	Line    int
	Derived bool
}

// Role is one role named under Roles.
type Role struct {
	Name   string
	Duties string
	Line   int
}

// Phase is a titled group of procedure steps.
type Phase struct {
	Title string
	// Names is the kind of work the title names when read as an
	// instruction ("Deactivate a user" names an access change).
	Names Kind
	Steps []*ProcStep
	Line  int
}

// Span is a run of step text; Strong marks the name of a thing on screen.
type Span struct {
	Text   string
	Strong bool
}

// ProcStep is one numbered step of the procedure.
type ProcStep struct {
	ID     string // stable across versions: derived from the step's content
	Number string // "2.3": phase and position
	Kind   Kind
	// Effect is what the step does on screen: opens, sets or commits. Its
	// control kind, if any, is that of the unit of work it commits.
	Effect interact.Effect
	Role   string
	// RoleAssumed says the step names no role of its own: Role is the
	// first role under Roles, given to every such step.
	RoleAssumed bool
	System      string
	Text        []Span
	// Method is the verification method of a verify step (sms-code,
	// email-code, security-questions, personal-data, portal, …).
	Method string
	// Channel is how a deliver step sends a credential or link.
	Channel string
	// Outcome is a verification outcome the step records (passed, failed,
	// timed-out, not-enough-answers).
	Outcome  string
	Branches []Branch
	// Evidence holds the indexes of the recording steps behind this step.
	Evidence []int
	Loc      Location
	Start    int64 // ms since the recording began
	Duration int64 // ms
	Raw      bool  // the text is a recorder artefact (a selector), not a name
	// Record is the evidence a logging step leaves, for the Records section.
	Record string
	// Params are the settings a committing step commits, as "Name: choice"
	// or the name of what was ticked ("not …" when cleared): the form's
	// parameters set since the last commit.
	Params []string
	// OnTicket says the step happens on the ticket itself (its page is the
	// ticket, incident or request): what it saves stays on the ticket.
	OnTicket bool
	// Actions are the recorded actions a step folds, each as the recorder
	// saw it: the evidence behind a step that is one unit of work. Empty
	// when the step is one recorded action.
	Actions []Action
	// Pasted says the step pastes, or commits a form holding, a value
	// copied after an access change: the new secret, as far as the
	// recording can tell.
	Pasted bool
}

// Action is one recorded action folded into a step.
type Action struct {
	Index  int             `json:"index"` // in the recording's steps
	Kind   Kind            `json:"kind"`
	Effect interact.Effect `json:"effect"`
	Text   string          `json:"text"` // what it did, as an instruction
}

// Plain is the step text without emphasis.
func (s *ProcStep) Plain() string { return plainSpans(s.Text) }

// Branch is a conditional path out of a step.
type Branch struct {
	When string // the condition, e.g. "verification fails"
	Goto string // the Exception ID it leads to
}

// Exception is an alternative path: a trigger and what to do.
type Exception struct {
	ID      string
	Trigger string
	Action  string
	// FailedVerification marks the path taken when identity verification
	// fails, is refused or times out.
	FailedVerification bool
	// Derived marks a default Stepwise added: the documents print it with
	// DerivedNote, and the rules do not count it as written.
	Derived bool
	Line    int
}

// DerivedNote is how documents mark an exception Stepwise added as a
// default, so that a reader sees it is not recorded and the Markdown reader
// knows it again as derived (lint of a generated SOP then agrees with the
// report of its recording).
const DerivedNote = "added by Stepwise, not recorded: confirm it"

// Record says what evidence is kept and where.
type Record struct {
	What  string
	Where string
	// Retention is how long the record is kept ("1 year"); "" when neither
	// the record nor the policy says.
	Retention string
	Derived   bool
	Line      int
}

// Policy holds the approved lists the rules check against and the limits
// the exceptions and records state.
type Policy struct {
	VerificationMethods []string
	DeliveryChannels    []string
	// MaxAttempts is how many verification attempts a request gets before
	// it stops (the account stays locked, the request is escalated); 0
	// when the policy does not say.
	MaxAttempts int
	// ResetsPerDay caps the resets of one account in 24 hours; 0 when the
	// policy does not say.
	ResetsPerDay int
	// LinkLifetime is how long a verification code or link stays valid
	// ("10 minutes"); "" when the policy does not say.
	LinkLifetime string
	// Retention is how long a record is kept when the record itself does
	// not say ("1 year").
	Retention string
}

// Merge returns p with every list or limit o sets taken from o.
func (p Policy) Merge(o Policy) Policy {
	if len(o.VerificationMethods) > 0 {
		p.VerificationMethods = o.VerificationMethods
	}
	if len(o.DeliveryChannels) > 0 {
		p.DeliveryChannels = o.DeliveryChannels
	}
	if o.MaxAttempts > 0 {
		p.MaxAttempts = o.MaxAttempts
	}
	if o.ResetsPerDay > 0 {
		p.ResetsPerDay = o.ResetsPerDay
	}
	if o.LinkLifetime != "" {
		p.LinkLifetime = o.LinkLifetime
	}
	if o.Retention != "" {
		p.Retention = o.Retention
	}
	return p
}

// Provenance says how a generated document was made.
type Provenance struct {
	RecordingID   string
	Recorder      string
	RecordedAt    string
	Actor         string
	RecordedSteps int
	Systems       []string
	Uncaptured    []Uncaptured
	Redactions    Redactions
}

// Steps returns every procedure step in order.
func (d *Document) Steps() []*ProcStep {
	var out []*ProcStep
	for i := range d.Phases {
		out = append(out, d.Phases[i].Steps...)
	}
	return out
}

// Exception returns the exception with the given id, or nil.
func (d *Document) Exception(id string) *Exception {
	for i := range d.Exceptions {
		if d.Exceptions[i].ID == id {
			return &d.Exceptions[i]
		}
	}
	return nil
}

// Severity ranks a finding.
type Severity string

// Severities, from most to least serious.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities: error 3, warning 2, info 1, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// Finding is one problem a rule found, with the steps that are its evidence.
type Finding struct {
	Rule     string     `json:"rule"`
	Severity Severity   `json:"severity"`
	Message  string     `json:"message"`
	Step     string     `json:"step,omitempty"` // the SOP step number, e.g. "3.1"
	Location Location   `json:"location"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Fingerprint identifies the finding across edits elsewhere in the
	// file: a hash of the rule, the file and the step's words (not its
	// line), for baselines and SARIF.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Evidence names one recording step a finding rests on.
type Evidence struct {
	Step    string `json:"step"`              // SOP step number
	Index   int    `json:"index"`             // index in the recording's steps
	Pointer string `json:"pointer,omitempty"` // JSON pointer of that step
	Line    int    `json:"line,omitempty"`
	// Did is what that recorded action did, when the SOP step folds
	// several ("In Reset method, choose Auto-generate a password.").
	Did string `json:"did,omitempty"`
}
