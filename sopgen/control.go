package sopgen

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Status is where a version of a workflow's SOP stands in its approval.
type Status string

// The statuses of a version, in the order a version moves through them.
const (
	StatusDraft      Status = "draft"
	StatusInReview   Status = "in_review"
	StatusApproved   Status = "approved"
	StatusSuperseded Status = "superseded"
)

// Label is the status as a reader writes it ("In review").
func (s Status) Label() string {
	switch s {
	case StatusInReview:
		return "In review"
	case StatusApproved:
		return "Approved"
	case StatusSuperseded:
		return "Superseded"
	}
	return "Draft"
}

// Control is the document control of one version: what the keeper of the
// document (the server, or a control file given to generate) knows and the
// recording does not — its status, who approved it, its history and the
// control errors accepted with a written reason. The documents print it;
// nothing in it changes the procedure or the findings.
type Control struct {
	// DocID identifies the document across versions (the workflow).
	DocID   string `json:"doc_id,omitempty"`
	Version int    `json:"version,omitempty"`
	Status  Status `json:"status,omitempty"` // "" reads as draft
	// Owner is the person or role accountable for the procedure.
	Owner    string    `json:"owner,omitempty"`
	Approval *Approval `json:"approval,omitempty"`
	// Effective is the date (YYYY-MM-DD) the approved version takes
	// effect; NextReview the date it must be reviewed again by.
	Effective  string `json:"effective,omitempty"`
	NextReview string `json:"next_review,omitempty"`
	// History lists the versions of the document, oldest first, this one
	// included.
	History []Revision `json:"history,omitempty"`
	// Accepted are control errors a reviewer accepted with a reason; an
	// error stops approval until it is fixed or accepted.
	Accepted []Acceptance `json:"accepted,omitempty"`
}

// Approved is the history line's "approved by": who, and on which date
// when it is known; "" for a version no one approved.
func (r Revision) Approved() string {
	if r.ApprovedBy == "" || r.ApprovedAt == "" {
		return r.ApprovedBy
	}
	return r.ApprovedBy + ", " + r.ApprovedAt
}

// Approval records who approved a version, when, and what they said.
type Approval struct {
	By      string    `json:"by"`
	Role    string    `json:"role,omitempty"`
	At      time.Time `json:"at"`
	Comment string    `json:"comment,omitempty"`
}

// Revision is one line of a document's revision history.
type Revision struct {
	Version int    `json:"version"`
	Date    string `json:"date"` // YYYY-MM-DD the version was recorded or received
	Status  Status `json:"status,omitempty"`
	// Summary says what changed from the version before, from the diff.
	Summary    string `json:"summary,omitempty"`
	ApprovedBy string `json:"approved_by,omitempty"`
	ApprovedAt string `json:"approved_at,omitempty"` // YYYY-MM-DD
}

// Acceptance is a control error a reviewer accepted, with the reason.
// Rule and Step (the SOP step number, "" for a document-wide finding)
// name the finding; Fingerprint, when set, pins it exactly.
type Acceptance struct {
	Rule        string    `json:"rule"`
	Step        string    `json:"step,omitempty"`
	Fingerprint string    `json:"fingerprint,omitempty"`
	Reason      string    `json:"reason"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
}

// Accepts says whether a accepts finding f.
func (a Acceptance) Accepts(f Finding) bool {
	if a.Fingerprint != "" {
		return a.Fingerprint == f.Fingerprint
	}
	return a.Rule == f.Rule && a.Step == f.Step
}

// Key is a short digest of the control, for keys of caches whose entries
// depend on it: two controls with one key print the same.
func (c *Control) Key() string {
	if c == nil {
		return "-"
	}
	b, _ := json.Marshal(c) // a Control always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Reviewed is text a reviewer wrote for a workflow in place of what
// Stepwise derives: it is kept with the workflow and applied to every
// later version, so a new recording does not lose it. Empty fields leave
// the derived text alone.
type Reviewed struct {
	Purpose string `json:"purpose,omitempty"`
	Scope   string `json:"scope,omitempty"`
	Owner   string `json:"owner,omitempty"`
	// ReviewInterval is how often the procedure is reviewed ("12 months").
	ReviewInterval string `json:"review_interval,omitempty"`
	// Roles maps a role's name to its responsibilities.
	Roles map[string]string `json:"roles,omitempty"`
	// Exceptions maps an exception's trigger or ID to what to do.
	Exceptions map[string]string `json:"exceptions,omitempty"`
	// The policy's limits for this workflow, over the template's: how
	// many verification attempts, resets per 24 hours, how long a code or
	// link lives and how long records are kept. Zero or empty leaves the
	// template's (or the default) in place.
	MaxAttempts  int    `json:"max_attempts,omitempty"`
	ResetsPerDay int    `json:"resets_per_day,omitempty"`
	LinkLifetime string `json:"link_lifetime,omitempty"`
	Retention    string `json:"retention,omitempty"`
}

// Limits is the policy the reviewed text sets: its limits, nothing else.
func (r *Reviewed) Limits() Policy {
	if r == nil {
		return Policy{}
	}
	return Policy{MaxAttempts: r.MaxAttempts, ResetsPerDay: r.ResetsPerDay, LinkLifetime: strings.TrimSpace(r.LinkLifetime), Retention: strings.TrimSpace(r.Retention)}
}

// AddInterval adds a review interval — a whole number of days, weeks,
// months or years, "12 months", "1 year", "6 weeks", "90 days" — to t;
// ok is false when iv is not one.
func AddInterval(t time.Time, iv string) (next time.Time, ok bool) {
	f := strings.Fields(strings.ToLower(iv))
	if len(f) != 2 {
		return t, false
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n <= 0 || n > 1000 {
		return t, false
	}
	switch strings.TrimSuffix(f[1], "s") {
	case "day":
		return t.AddDate(0, 0, n), true
	case "week":
		return t.AddDate(0, 0, 7*n), true
	case "month":
		return t.AddDate(0, n, 0), true
	case "year":
		return t.AddDate(n, 0, 0), true
	}
	return t, false
}

// Key is a short digest of the reviewed text, for cache keys.
func (r *Reviewed) Key() string {
	if r == nil {
		return "-"
	}
	b, _ := json.Marshal(r) // maps marshal in key order: stable
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// ControlReview is what a reader must know before approving a version:
// whether it can be approved, and each control error and warning with the
// step it points to. The documents print it before the procedure and as a
// callout at each affected step, so an unsafe order is never printed
// silently.
type ControlReview struct {
	Status Status
	// Errors counts the control errors not accepted: any one of them stops
	// approval.
	Errors   int
	Warnings int
	Items    []ReviewItem
	Approval *Approval
}

// ReviewItem is one finding of the review, with its acceptance if a
// reviewer accepted it.
type ReviewItem struct {
	Finding  Finding
	Accepted *Acceptance
}

// NewControlReview builds the review of doc from its findings and its
// control. Info findings are left to the report.
func NewControlReview(doc *Document, findings []Finding) *ControlReview {
	r := &ControlReview{Status: StatusDraft}
	var accepted []Acceptance
	if c := doc.Control; c != nil {
		if c.Status != "" {
			r.Status = c.Status
		}
		r.Approval = c.Approval
		accepted = c.Accepted
	}
	for _, f := range findings {
		if f.Severity != SeverityError && f.Severity != SeverityWarning {
			continue
		}
		it := ReviewItem{Finding: f}
		for i := range accepted {
			if accepted[i].Accepts(f) {
				it.Accepted = &accepted[i]
				break
			}
		}
		switch {
		case f.Severity == SeverityWarning:
			r.Warnings++
		case it.Accepted == nil:
			r.Errors++
		}
		r.Items = append(r.Items, it)
	}
	// Errors first, then by step in procedure order; document-wide
	// findings before the steps'.
	slices.SortStableFunc(r.Items, func(a, b ReviewItem) int {
		if d := b.Finding.Severity.Rank() - a.Finding.Severity.Rank(); d != 0 {
			return d
		}
		return compareSteps(a.Finding.Step, b.Finding.Step)
	})
	return r
}

// Approvable says whether every control error is fixed or accepted.
func (r *ControlReview) Approvable() bool { return r.Errors == 0 }

// Headline is the review's status line: "Not approvable: 2 control
// errors", "Ready for approval", or the approval itself.
func (r *ControlReview) Headline() string {
	switch {
	case r.Status == StatusApproved && r.Approval != nil:
		return "Approved by " + r.Approval.By + " on " + r.Approval.At.UTC().Format(time.DateOnly)
	case r.Status == StatusSuperseded:
		return "Superseded: a later version replaces this one"
	case r.Errors == 1:
		return "Not approvable: 1 control error"
	case r.Errors > 1:
		return "Not approvable: " + strconv.Itoa(r.Errors) + " control errors"
	}
	return "Ready for approval"
}

// ForStep returns the review items that point at step number n.
func (r *ControlReview) ForStep(n string) []ReviewItem {
	if r == nil || n == "" {
		return nil
	}
	var out []ReviewItem
	for _, it := range r.Items {
		if it.Finding.Step == n {
			out = append(out, it)
		}
	}
	return out
}

// CalloutLabel names a review item where a document prints it: "Control
// error, step 2.1:", "Warning:", "Accepted control error, step 2.1:".
func CalloutLabel(it ReviewItem) string {
	label := "Warning"
	switch {
	case it.Finding.Severity == SeverityError && it.Accepted != nil:
		label = "Accepted control error"
	case it.Finding.Severity == SeverityError:
		label = "Control error"
	}
	if it.Finding.Step != "" {
		label += ", step " + it.Finding.Step
	}
	return label + ":"
}

// CalloutText is a review item's message, its rule, and for an accepted
// error who accepted it, when, and why.
func CalloutText(it ReviewItem) string {
	s := it.Finding.Message + " (" + it.Finding.Rule + ")."
	if a := it.Accepted; a != nil {
		s += " Accepted by " + a.By + " on " + a.At.UTC().Format(time.DateOnly) + ": " + a.Reason
	}
	return s
}

// Placeholder is what a document prints under a section Stepwise drafted
// from the recording: what the section is for, and that it awaits review.
func Placeholder(section string) string {
	const lead = "Awaiting review: Stepwise drafted this from the recording. "
	switch section {
	case "Purpose":
		return lead + "The purpose says why the procedure exists and which risk it controls; a reviewer confirms or rewrites it."
	case "Scope":
		return lead + "The scope says which requests, accounts and systems the procedure covers and which it does not; a reviewer confirms or rewrites it."
	}
	return lead + "A reviewer confirms or rewrites it."
}

// ApprovalOf is the approval a document carries, or nil while it is not
// approved.
func ApprovalOf(d *Document) *Approval {
	c := d.Control
	if c == nil || c.Approval == nil || (c.Status != StatusApproved && c.Status != StatusSuperseded) {
		return nil
	}
	return c.Approval
}

// HistoryOf is the revision history a document prints: its control's,
// or this version alone.
func HistoryOf(d *Document) []Revision {
	if d.Control != nil && len(d.Control.History) > 0 {
		return d.Control.History
	}
	v, _ := strconv.Atoi(d.Meta.Version)
	if v == 0 {
		v = 1
	}
	r := Revision{Version: v, Date: dateOf(d.Meta.RecordedAt), Status: StatusDraft}
	if d.Control != nil && d.Control.Status != "" {
		r.Status = d.Control.Status
	}
	if d.Provenance != nil {
		r.Summary = "Generated from recording " + d.Provenance.RecordingID
	}
	if a := ApprovalOf(d); a != nil {
		r.ApprovedBy, r.ApprovedAt = a.By, a.At.UTC().Format(time.DateOnly)
	}
	return []Revision{r}
}

func dateOf(rfc3339 string) string {
	if t, err := time.Parse(time.RFC3339, rfc3339); err == nil {
		return t.UTC().Format(time.DateOnly)
	}
	return rfc3339
}

// ControlRows are the rows of a document's document-control table, as
// field and value, empty values left out. A draft never shows an
// effective date or an approver as if it were approved.
func ControlRows(d *Document) [][2]string {
	m, c := d.Meta, d.Control
	if c == nil {
		c = &Control{}
	}
	status := ""
	switch {
	case d.Control != nil:
		status = c.Status.Label()
	case d.Provenance != nil:
		status = "Draft generated from a recording: review before approval"
	}
	approval, effective, review := "", "", c.NextReview
	switch a := ApprovalOf(d); {
	case a != nil:
		approval = a.By + " on " + a.At.UTC().Format(time.DateOnly)
		effective = cmp.Or(c.Effective, a.At.UTC().Format(time.DateOnly))
		if review == "" && m.ReviewInterval != "" {
			review = "Every " + m.ReviewInterval + " from " + effective
		}
	case d.Control != nil || d.Provenance != nil:
		approval = "Awaiting approval"
		if m.Approver != "" {
			approval = "Awaiting approval by " + m.Approver
		}
		effective = "On approval"
		if review == "" && m.ReviewInterval != "" {
			review = "Every " + m.ReviewInterval + " from approval"
		}
	default: // a template or hand-written SOP: its own metadata
		approval, effective, review = m.Approver, m.Effective, cmp.Or(review, m.NextReview)
	}
	rows := [][2]string{
		{"Document id", m.ID}, {"Workflow", m.Workflow}, {"Version", m.Version},
		{"Status", status}, {"Owner", m.Owner}, {"Approval", approval},
		{"Effective", effective}, {"Next review", review}, {"Recorded", m.RecordedAt},
	}
	out := rows[:0]
	for _, r := range rows {
		if r[1] != "" {
			out = append(out, r)
		}
	}
	return out
}

// ControlFile is the JSON a control file holds (stepwise generate
// --control): the control of the version, and reviewed text.
type ControlFile struct {
	Control
	Reviewed *Reviewed `json:"reviewed,omitempty"`
}

// Limits of a control file: it is input like any other.
const (
	MaxControlBytes   = 1 << 20
	maxControlHistory = 10000
	maxControlText    = 8192
)

// ErrBadControl is matched by every error about a malformed control file.
var ErrBadControl = errors.New("invalid control file")

// ParseControl reads a control file, strictly: unknown fields, an unknown
// status, an approved status without an approval and over-long text are
// errors that name the JSON pointer.
func ParseControl(data []byte) (*ControlFile, error) {
	if len(data) > MaxControlBytes {
		return nil, fmt.Errorf("%w: %d bytes, over the %d limit", ErrBadControl, len(data), MaxControlBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f ControlFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadControl, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrBadControl)
	}
	switch f.Status {
	case "", StatusDraft, StatusInReview, StatusApproved, StatusSuperseded:
	default:
		return nil, fmt.Errorf("%w: /status: %q is not one of draft, in_review, approved, superseded", ErrBadControl, f.Status)
	}
	if (f.Status == StatusApproved || f.Status == StatusSuperseded) && (f.Approval == nil || strings.TrimSpace(f.Approval.By) == "") {
		return nil, fmt.Errorf("%w: /approval: a %s version names who approved it", ErrBadControl, f.Status)
	}
	if len(f.History) > maxControlHistory {
		return nil, fmt.Errorf("%w: /history: %d entries, over the %d limit", ErrBadControl, len(f.History), maxControlHistory)
	}
	for i, a := range f.Accepted {
		if strings.TrimSpace(a.Reason) == "" || strings.TrimSpace(a.By) == "" {
			return nil, fmt.Errorf("%w: /accepted/%d: an accepted error needs a reason and who accepted it", ErrBadControl, i)
		}
	}
	if p := longText(reflect.ValueOf(f), ""); p != "" {
		return nil, fmt.Errorf("%w: %s: text over %d bytes", ErrBadControl, p, maxControlText)
	}
	return &f, nil
}

// longText finds a string in v over maxControlText bytes and returns its
// JSON pointer, or "".
func longText(v reflect.Value, at string) string {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > maxControlText {
			return at
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return longText(v.Elem(), at)
		}
	case reflect.Slice:
		for i := range v.Len() {
			if p := longText(v.Index(i), at+"/"+strconv.Itoa(i)); p != "" {
				return p
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			if p := longText(iter.Value(), at+"/"+iter.Key().String()); p != "" {
				return p
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			p := at
			if !f.Anonymous {
				p += "/" + cmp.Or(name, f.Name)
			}
			if q := longText(v.Field(i), p); q != "" {
				return q
			}
		}
	}
	return ""
}

// ApplyControl copies what the control knows of the document's metadata
// into d.Meta, so that the rules see an owner, approver and dates that
// the keeper of the document holds rather than the recording: an approver
// only once the version is approved.
func ApplyControl(d *Document) {
	c := d.Control
	if c == nil {
		return
	}
	set := func(dst *string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = v
		}
	}
	set(&d.Meta.ID, c.DocID)
	set(&d.Meta.Owner, c.Owner)
	set(&d.Meta.NextReview, c.NextReview)
	if c.Version > 0 {
		d.Meta.Version = strconv.Itoa(c.Version)
	}
	if a := ApprovalOf(d); a != nil {
		set(&d.Meta.Approver, a.By)
		set(&d.Meta.Effective, cmp.Or(c.Effective, a.At.UTC().Format(time.DateOnly)))
	}
}

// compareSteps orders step numbers as the procedure does: "2.10" after
// "2.9", "3.1b" after "3.1"; no step first.
func compareSteps(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ra := leadingInt(pa[i])
		nb, rb := leadingInt(pb[i])
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
		if c := strings.Compare(ra, rb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

// leadingInt splits "12b" into 12 and "b".
func leadingInt(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:]
}
