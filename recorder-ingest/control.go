package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
)

// reviewedFor is the reviewed text that applies to a version: the text it
// was approved with, for a version that was approved (it never changes
// afterwards), and the workflow's current text otherwise.
func (s *Service) reviewedFor(ctx context.Context, team int64, st *Stored) (*sopgen.Reviewed, error) {
	if st.Approval != nil {
		r := st.Approval.Reviewed
		return &r, nil
	}
	r, _, err := s.Store.Reviewed(ctx, team, st.Workflow)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// control is the document control of a version, as its documents print
// it: status, owner, approval, effective and next-review dates, revision
// history and the control errors accepted for it.
func (s *Service) control(ctx context.Context, team int64, st *Stored, rv *sopgen.Reviewed) (*sopgen.Control, error) {
	versions, err := s.Store.Versions(ctx, team, st.Workflow)
	if err != nil {
		return nil, err
	}
	accepted, err := s.Store.Acceptances(ctx, team, st.Workflow, st.Version)
	if err != nil {
		return nil, err
	}
	c := &sopgen.Control{DocID: st.Workflow, Version: st.Version, Status: st.Status, Owner: rv.Owner, Accepted: accepted}
	if st.Approval != nil {
		a := st.Approval.Approval
		c.Approval = &a
		c.Effective = a.At.UTC().Format(time.DateOnly)
		if next, ok := sopgen.AddInterval(a.At.UTC(), rv.ReviewInterval); ok {
			c.NextReview = next.Format(time.DateOnly)
		}
	}
	for _, v := range versions {
		if v.Version < st.Version && v.Approval != nil {
			c.History = append(c.History, revision(v, v.Summary))
		}
	}
	summary := ""
	if st.Approval != nil {
		summary = st.Approval.Summary
	} else if summary, err = s.changeSummary(ctx, team, st, rv, ApprovedBefore(versions, st.Version)); err != nil {
		return nil, err
	}
	for _, v := range versions {
		if v.Version == st.Version {
			c.History = append(c.History, revision(v, summary))
		}
	}
	return c, nil
}

func revision(v Version, summary string) sopgen.Revision {
	r := sopgen.Revision{Version: v.Version, Date: v.ReceivedAt.UTC().Format(time.DateOnly), Status: v.Status, Summary: summary}
	if v.Approval != nil {
		r.ApprovedBy, r.ApprovedAt = v.Approval.By, v.Approval.At.UTC().Format(time.DateOnly)
	}
	return r
}

// ApprovedBefore is the latest version older than n that was approved (it
// may be superseded since), 0 when there is none: what version n is
// compared with, in its redline and its revision history.
func ApprovedBefore(versions []Version, n int) int {
	last := 0
	for _, v := range versions {
		if v.Version < n && v.Approval != nil {
			last = v.Version
		}
	}
	return last
}

// changeSummary says what changed from version from to the version st
// (whose reviewed text is rv), for the revision history; from 0 means st
// is the first version.
func (s *Service) changeSummary(ctx context.Context, team int64, st *Stored, rv *sopgen.Reviewed, from int) (string, error) {
	if from == 0 {
		return "First version.", nil
	}
	ra, err := s.plain(ctx, team, st.Workflow, from)
	if err != nil {
		return "", err
	}
	rb, err := s.result(ctx, team, st, docInputs{reviewed: rv})
	if err != nil {
		return "", err
	}
	return diffResults(st.Workflow, from, st.Version, ra, rb).Sentence(), nil
}

// Sentence sums the diff up in one line for a revision history: "From
// version 1: 1 step added (2.3), 1 changed (3.1); resolved
// verification-after-access."
func (d *Diff) Sentence() string {
	var steps []string
	for _, kind := range []string{"added", "removed", "changed"} {
		var nums []string
		for _, c := range d.Steps {
			if c.Change != kind {
				continue
			}
			if c.To != nil {
				nums = append(nums, c.To.Number)
			} else {
				nums = append(nums, c.From.Number)
			}
		}
		if len(nums) == 0 {
			continue
		}
		part := fmt.Sprintf("%d %s", len(nums), kind)
		if len(steps) == 0 {
			part = sopgen.Plural(len(nums), "step", "steps") + " " + kind
		}
		if len(nums) <= 3 {
			part += " (" + strings.Join(nums, ", ") + ")"
		}
		steps = append(steps, part)
	}
	out := fmt.Sprintf("From version %d: ", d.From)
	if len(steps) == 0 {
		out += "no step changed"
	} else {
		out += strings.Join(steps, ", ")
	}
	for _, part := range []struct {
		label string
		fs    []sopgen.Finding
	}{{"resolved", d.Findings.Resolved}, {"new", d.Findings.New}} {
		var rules []string
		for _, f := range part.fs {
			if f.Severity != sopgen.SeverityInfo && !slices.Contains(rules, f.Rule) {
				rules = append(rules, f.Rule)
			}
		}
		if len(rules) > 0 {
			out += "; " + part.label + " " + strings.Join(rules, ", ")
		}
	}
	return out + "."
}

// VersionReview is where a version stands and what a reviewer must know
// before approving it: the API's answer for a version, and what the UI
// shows.
type VersionReview struct {
	Workflow   string           `json:"workflow"`
	Version    int              `json:"version"`
	ID         string           `json:"id"`
	Status     sopgen.Status    `json:"status"`
	ReceivedAt time.Time        `json:"received_at"`
	UploadedBy string           `json:"uploaded_by"`
	Approval   *sopgen.Approval `json:"approval,omitempty"`
	// Headline is the control review's status line ("Not approvable: 1
	// control error", "Ready for approval", "Approved by …").
	Headline   string `json:"headline"`
	Approvable bool   `json:"approvable"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	// Findings are the errors and warnings, each with its acceptance.
	Findings []ReviewFinding `json:"findings"`
	// RedlineFrom is the approved version this one is compared with, 0
	// when none was approved before it.
	RedlineFrom int               `json:"redline_from,omitempty"`
	History     []sopgen.Revision `json:"history"`
}

// ReviewFinding is a control error or warning of a version, with its
// acceptance when a reviewer accepted it.
type ReviewFinding struct {
	sopgen.Finding
	Accepted *sopgen.Acceptance `json:"accepted,omitempty"`
}

// VersionView is a version with what is shown about it: its document, the
// workflow's versions and its review.
type VersionView struct {
	Stored   *Stored
	Result   *generate.Result
	Versions []Version
	Review   *VersionReview
}

// View finds version n of a workflow (0 = latest) with its document, the
// workflow's versions and its review.
func (s *Service) View(ctx context.Context, team int64, workflow string, n int) (*VersionView, error) {
	st, res, err := s.Document(ctx, team, workflow, n)
	if err != nil {
		return nil, err
	}
	versions, err := s.Store.Versions(ctx, team, workflow)
	if err != nil {
		return nil, err
	}
	return &VersionView{Stored: st, Result: res, Versions: versions, Review: reviewOf(st, res.Doc, versions)}, nil
}

// reviewOf assembles the review of a version from its document and the
// workflow's versions.
func reviewOf(st *Stored, doc *sopgen.Document, versions []Version) *VersionReview {
	v := &VersionReview{Workflow: st.Workflow, Version: st.Version, ID: st.ID, Status: st.Status, ReceivedAt: st.ReceivedAt,
		UploadedBy: st.Uploader, RedlineFrom: ApprovedBefore(versions, st.Version), Findings: []ReviewFinding{}, History: []sopgen.Revision{}}
	if st.Approval != nil {
		a := st.Approval.Approval
		v.Approval = &a
	}
	if c := doc.Control; c != nil && c.History != nil {
		v.History = c.History
	}
	if r := doc.Review; r != nil {
		v.Headline, v.Approvable, v.Errors, v.Warnings = r.Headline(), r.Approvable(), r.Errors, r.Warnings
		for _, it := range r.Items {
			v.Findings = append(v.Findings, ReviewFinding{Finding: it.Finding, Accepted: it.Accepted})
		}
	}
	return v
}
