package ingest

import (
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// AuditAction names what an audit entry records.
type AuditAction string

// The actions of the audit log: every change of a version's status, every
// acceptance of a control error and every edit of the reviewed text.
const (
	// ActionRecorded: a recording was stored as a new draft version.
	ActionRecorded AuditAction = "recorded"
	// ActionSubmitted: draft → in review.
	ActionSubmitted AuditAction = "submitted_for_review"
	// ActionReturned: in review → draft.
	ActionReturned AuditAction = "returned_to_draft"
	// ActionApproved: in review → approved.
	ActionApproved AuditAction = "approved"
	// ActionSuperseded: a later version was approved; the entry names
	// the person who approved it.
	ActionSuperseded AuditAction = "superseded"
	// ActionAccepted: a control error accepted with a written reason
	// (the comment).
	ActionAccepted AuditAction = "finding_accepted"
	// ActionReviewedEdited: the workflow's reviewed text changed; the
	// comment names the parts.
	ActionReviewedEdited AuditAction = "reviewed_text_edited"
)

// AuditEntry is one line of a workflow's audit log. Entries are only ever
// added: the store refuses to change or delete one.
type AuditEntry struct {
	// ID orders the entries of a store; pages of the log continue after
	// an ID.
	ID int64     `json:"id"`
	At time.Time `json:"at"`
	// Person and Role are as they were when it happened ("stepwise",
	// "system" for what no person did; "" for versions stored before
	// people were recorded).
	Person string      `json:"person"`
	Role   string      `json:"role"`
	Action AuditAction `json:"action"`
	// Version is the version it concerns; 0 for the workflow as a whole
	// (an edit of its reviewed text).
	Version int    `json:"version"`
	Comment string `json:"comment"`
}

// StatusChange asks the store to move one version from From to To.
type StatusChange struct {
	Team     int64
	Workflow string
	Version  int
	From, To sopgen.Status
	By       Person
	At       time.Time
	Comment  string
	// Action is the audit entry's action.
	Action AuditAction
	// For an approval: the reviewed text the version is approved with,
	// and what changed from the version approved before.
	Reviewed *sopgen.Reviewed
	Summary  string
}

// Acceptance asks the store to keep a reviewer's acceptance of one control
// error of a version.
type Acceptance struct {
	Team     int64
	Workflow string
	Version  int
	By       Person
	// Finding is the acceptance as documents print it (rule, step,
	// fingerprint, reason, who and when).
	Finding sopgen.Acceptance
}

// ReviewedEdit asks the store to replace a workflow's reviewed text.
type ReviewedEdit struct {
	Team     int64
	Workflow string
	Reviewed sopgen.Reviewed
	// Base is the revision the edit started from (0: none written yet).
	Base    int
	By      Person
	At      time.Time
	Comment string // the audit entry's: which parts changed
}
