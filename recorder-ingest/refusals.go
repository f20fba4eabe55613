package ingest

import (
	"fmt"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// VersionState is what a store reads about a version once it refused a
// change to it, to say why: the stores decide in one conditional
// statement, then explain from what they find.
type VersionState struct {
	Found    bool
	Status   sopgen.Status
	Uploader int64 // 0 when not known
	// For an approval: the approver's role as kept in the version's team
	// ("" when not a person of it), and the latest version approved.
	ApproverRole   Role
	LatestApproved int
}

func (v VersionState) notFound(workflow string, n int) error {
	return Refuse(ErrNotFound, "%s has no version %d", workflow, n)
}

// Refused is a request the approval's rules refuse, with the reason a
// person reads; it matches its kind (ErrForbidden, ErrNotAllowed,
// ErrNotFound, ErrStale).
type Refused struct {
	Kind   error
	Reason string
}

func (e *Refused) Error() string { return e.Kind.Error() + ": " + e.Reason }

func (e *Refused) Unwrap() error { return e.Kind }

// Refuse makes a *Refused of kind with the reason format says.
func Refuse(kind error, format string, args ...any) error {
	return &Refused{Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

// refuseOwnUpload is separation of duties: the uploader of a version does
// not approve it.
func refuseOwnUpload(name string, version int) error {
	return Refuse(ErrForbidden, "%s uploaded version %d, so another person must approve it (separation of duties)", name, version)
}

// refuseNotInReview refuses the approval of a version in another status.
func refuseNotInReview(version int, status sopgen.Status) error {
	return Refuse(ErrNotAllowed, "version %d is %s; only a version in review is approved", version, lower(status))
}

func lower(s sopgen.Status) string { return strings.ToLower(s.Label()) }

// Refusal explains why the store refused c, given the version's state.
func (c StatusChange) Refusal(v VersionState) error {
	switch {
	case !v.Found:
		return v.notFound(c.Workflow, c.Version)
	case c.To != sopgen.StatusApproved:
		return Refuse(ErrNotAllowed, "version %d is %s, not %s", c.Version, lower(v.Status), lower(c.From))
	case v.Uploader != 0 && v.Uploader == c.By.ID:
		return refuseOwnUpload(c.By.Name, c.Version)
	case !v.ApproverRole.May(PermApprove):
		return Refuse(ErrForbidden, "only %s approve", Who(PermApprove))
	case v.Status != sopgen.StatusInReview:
		return refuseNotInReview(c.Version, v.Status)
	}
	return Refuse(ErrNotAllowed, "version %d was approved after version %d; a version older than the approved one cannot be approved", v.LatestApproved, c.Version)
}

// SupersededComment is the audit comment of a version superseded by the
// approval of version n.
func SupersededComment(n int) string { return fmt.Sprintf("superseded by version %d", n) }

// Refusal explains why the store refused a, given the version's state.
func (a Acceptance) Refusal(v VersionState) error {
	switch {
	case !v.Found:
		return v.notFound(a.Workflow, a.Version)
	case v.Status != sopgen.StatusDraft && v.Status != sopgen.StatusInReview:
		return Refuse(ErrNotAllowed, "version %d is %s; findings are accepted on draft and in-review versions", a.Version, lower(v.Status))
	}
	return Refuse(ErrNotAllowed, "the %s finding at %s is already accepted in version %d", a.Finding.Rule, StepName(a.Finding.Step), a.Version)
}

// AuditComment is the audit log's comment of an acceptance: the rule,
// the step and the reason.
func (a Acceptance) AuditComment() string {
	return a.Finding.Rule + " at " + StepName(a.Finding.Step) + ": " + a.Finding.Reason
}

// Refusal explains why a store refused an edit of the reviewed text of a
// workflow that has (has is true) or has not a version.
func (e ReviewedEdit) Refusal(has bool) error {
	if !has {
		return Refuse(ErrNotFound, "no workflow %s", e.Workflow)
	}
	return Refuse(ErrStale, "the reviewed text of %s changed since revision %d", e.Workflow, e.Base)
}
