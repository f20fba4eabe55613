package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// MaxComment bounds a comment on a change of status, or the reason given
// for accepting a control error, in characters.
const MaxComment = 2000

// MaxAuditPage bounds the entries of one page of an audit log.
const MaxAuditPage = 1000

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// move is one move of the lifecycle a person may ask for.
type move struct {
	from     sopgen.Status
	perm     Permission
	action   AuditAction
	needWhy  bool // the comment is required
	describe string
}

// moves are the changes of status a person asks for, by the status asked
// for. A version becomes superseded only when a later one is approved.
var moves = map[sopgen.Status]move{
	sopgen.StatusInReview: {sopgen.StatusDraft, PermSubmit, ActionSubmitted, false, "send a draft for review"},
	sopgen.StatusDraft:    {sopgen.StatusInReview, PermReturn, ActionReturned, true, "return a version in review to draft"},
	sopgen.StatusApproved: {sopgen.StatusInReview, PermApprove, ActionApproved, false, "approve"},
}

// SetStatus moves version n of a workflow to status to, for by, with a
// comment (required to return a version to draft). Approval is refused
// (ErrForbidden) to anyone but an approver or admin and to the person who
// uploaded the version, and (ErrNotAllowed) for a version whose control
// errors are not all accepted; approving supersedes the version approved
// before. A move not in the lifecycle is ErrNotAllowed.
func (s *Service) SetStatus(ctx context.Context, by Person, workflow string, n int, to sopgen.Status, comment string) error {
	m, ok := moves[to]
	if !ok {
		if to == sopgen.StatusSuperseded {
			return Refuse(ErrNotAllowed, "a version is superseded only when a later version is approved")
		}
		return invalid("/status", "must be in_review, draft or approved")
	}
	comment, err := cleanText("/comment", comment, MaxComment)
	if err != nil {
		return err
	}
	comment = s.scrubText(comment)
	if m.needWhy && comment == "" {
		return invalid("/comment", "say why the version goes back to draft")
	}
	if !by.Role.May(m.perm) {
		return Refuse(ErrForbidden, "the role %s may not %s; %s may", by.Role, m.describe, Who(m.perm))
	}
	c := StatusChange{Team: by.Team.ID, Workflow: workflow, Version: n, From: m.from, To: to, By: by, At: s.now(), Comment: comment, Action: m.action}
	if to == sopgen.StatusApproved {
		if err := s.readyToApprove(ctx, &c); err != nil {
			return err
		}
	}
	_, err = s.Store.ChangeStatus(ctx, c)
	return err
}

// readyToApprove refuses early, with the reason, an approval the store
// would refuse, and checks what only the documents know: every control
// error is fixed or accepted. It fills in the reviewed text the version is
// approved with and the summary of its changes.
func (s *Service) readyToApprove(ctx context.Context, c *StatusChange) error {
	st, res, err := s.Document(ctx, c.Team, c.Workflow, c.Version)
	if err != nil {
		return err
	}
	if st.UploaderID != 0 && st.UploaderID == c.By.ID {
		return refuseOwnUpload(c.By.Name, c.Version)
	}
	if st.Status != sopgen.StatusInReview {
		return refuseNotInReview(c.Version, st.Status)
	}
	if r := res.Doc.Review; r != nil && !r.Approvable() {
		var open []string
		for _, it := range r.Items {
			if it.Finding.Severity == sopgen.SeverityError && it.Accepted == nil {
				open = append(open, it.Finding.Rule+" at "+StepName(it.Finding.Step))
			}
		}
		return Refuse(ErrNotAllowed, "version %d has %s not accepted (%s): fix the procedure and record it again, or accept each error with a written reason", c.Version, sopgen.Plural(r.Errors, "control error", "control errors"), strings.Join(open, "; "))
	}
	rv, err := s.reviewedFor(ctx, c.Team, st)
	if err != nil {
		return err
	}
	c.Reviewed = rv
	versions, err := s.Store.Versions(ctx, c.Team, c.Workflow)
	if err != nil {
		return err
	}
	c.Summary, err = s.changeSummary(ctx, c.Team, st, rv, ApprovedBefore(versions, c.Version))
	return err
}

// StepName names a finding's step in a sentence: "step 2.3", or "the whole
// document" for a finding about no one step.
func StepName(step string) string {
	if step == "" {
		return "the whole document"
	}
	return "step " + step
}

// Accept accepts the control error of version n whose fingerprint is
// given, for by, with a written reason: the documents then print it as
// accepted, and it no longer stops approval. Only control errors of a
// draft or in-review version are accepted, each once.
func (s *Service) Accept(ctx context.Context, by Person, workflow string, n int, fingerprint, reason string) (sopgen.Acceptance, error) {
	var a sopgen.Acceptance
	reason, err := cleanText("/reason", reason, MaxComment)
	if err != nil {
		return a, err
	}
	reason = s.scrubText(reason)
	var errs []sopgen.FieldError
	if strings.TrimSpace(fingerprint) == "" {
		errs = append(errs, sopgen.FieldError{Pointer: "/fingerprint", Reason: "name the finding by its fingerprint"})
	}
	if reason == "" {
		errs = append(errs, sopgen.FieldError{Pointer: "/reason", Reason: "write why the error is accepted"})
	}
	if len(errs) > 0 {
		return a, &InputError{Errors: errs}
	}
	if !by.Role.May(PermAccept) {
		return a, Refuse(ErrForbidden, "the role %s may not accept a control error; %s may", by.Role, Who(PermAccept))
	}
	_, res, err := s.Document(ctx, by.Team.ID, workflow, n)
	if err != nil {
		return a, err
	}
	var f *sopgen.Finding
	for i := range res.Findings {
		if res.Findings[i].Fingerprint == fingerprint {
			f = &res.Findings[i]
		}
	}
	switch {
	case f == nil:
		return a, invalid("/fingerprint", fmt.Sprintf("version %d has no finding with this fingerprint", n))
	case f.Severity != sopgen.SeverityError:
		return a, invalid("/fingerprint", fmt.Sprintf("this finding is a %s; only control errors are accepted", f.Severity))
	}
	a = sopgen.Acceptance{Rule: f.Rule, Step: f.Step, Fingerprint: f.Fingerprint, Reason: reason, By: by.Name, At: s.now()}
	err = s.Store.Accept(ctx, Acceptance{Team: by.Team.ID, Workflow: workflow, Version: n, By: by, Finding: a})
	return a, err
}

// Audit returns a page of a workflow's audit log: the entries after the
// id after, at most limit (MaxAuditPage when 0 or more than that). A
// workflow the team does not have is ErrNotFound.
func (s *Service) Audit(ctx context.Context, team int64, workflow string, after int64, limit int) ([]AuditEntry, error) {
	if _, err := s.Store.Versions(ctx, team, workflow); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxAuditPage {
		limit = MaxAuditPage
	}
	return s.Store.Audit(ctx, team, workflow, after, limit)
}
