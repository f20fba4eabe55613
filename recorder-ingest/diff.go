package ingest

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
)

// Diff says what changed between two versions of a workflow: the re-record
// loop of a team improving a procedure.
type Diff struct {
	Workflow string        `json:"workflow"`
	From     int           `json:"from"`
	To       int           `json:"to"`
	Steps    []StepChange  `json:"steps"`
	Findings FindingChange `json:"findings"`
	Summary  DiffSummary   `json:"summary"`
}

// StepChange is one step added, removed or changed.
type StepChange struct {
	Change string   `json:"change"` // added, removed or changed
	From   *StepRef `json:"from,omitempty"`
	To     *StepRef `json:"to,omitempty"`
}

// StepRef names a step of one version.
type StepRef struct {
	Number string      `json:"number"`
	Kind   sopgen.Kind `json:"kind"`
	Text   string      `json:"text"`
}

// FindingChange lists findings that appeared or went away.
type FindingChange struct {
	New      []sopgen.Finding `json:"new"`
	Resolved []sopgen.Finding `json:"resolved"`
}

// DiffSummary counts the changes.
type DiffSummary struct {
	Added            int `json:"added"`
	Removed          int `json:"removed"`
	Changed          int `json:"changed"`
	Unchanged        int `json:"unchanged"`
	NewFindings      int `json:"new_findings"`
	ResolvedFindings int `json:"resolved_findings"`
}

// Diff compares versions from and to of a workflow.
func (s *Service) Diff(ctx context.Context, team int64, workflow string, from, to int) (*Diff, error) {
	if from < 1 || to < 1 {
		return nil, fmt.Errorf("%w: from and to must be version numbers of 1 or more", ErrBadRequest)
	}
	ra, err := s.plain(ctx, team, workflow, from)
	if err != nil {
		return nil, err
	}
	rb, err := s.plain(ctx, team, workflow, to)
	if err != nil {
		return nil, err
	}
	return diffResults(workflow, from, to, ra, rb), nil
}

// diffResults compares the documents of versions from and to.
func diffResults(workflow string, from, to int, ra, rb *generate.Result) *Diff {
	d := &Diff{Workflow: workflow, From: from, To: to, Steps: []StepChange{}}
	d.Steps, d.Summary.Unchanged = diffSteps(ra.Doc.Steps(), rb.Doc.Steps())
	for _, c := range d.Steps {
		switch c.Change {
		case "added":
			d.Summary.Added++
		case "removed":
			d.Summary.Removed++
		default:
			d.Summary.Changed++
		}
	}
	d.Findings.New, d.Findings.Resolved = diffFindings(ra, rb)
	d.Summary.NewFindings, d.Summary.ResolvedFindings = len(d.Findings.New), len(d.Findings.Resolved)
	return d
}

func ref(s *sopgen.ProcStep) *StepRef {
	return &StepRef{Number: s.Number, Kind: s.Kind, Text: s.Plain()}
}

// diffSteps aligns two procedures by their steps' stable ids (a longest
// common subsequence); between aligned steps, unmatched ones pair up as
// changed and the rest are added or removed.
func diffSteps(a, b []*sopgen.ProcStep) ([]StepChange, int) {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].ID == b[j].ID {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []StepChange
	var gapA, gapB []*sopgen.ProcStep
	flush := func() {
		k := 0
		for ; k < len(gapA) && k < len(gapB); k++ {
			out = append(out, StepChange{Change: "changed", From: ref(gapA[k]), To: ref(gapB[k])})
		}
		for _, s := range gapA[k:] {
			out = append(out, StepChange{Change: "removed", From: ref(s)})
		}
		for _, s := range gapB[k:] {
			out = append(out, StepChange{Change: "added", To: ref(s)})
		}
		gapA, gapB = nil, nil
	}
	i, j, same := 0, 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i].ID == b[j].ID:
			flush()
			same++
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			gapB = append(gapB, b[j])
			j++
		default:
			gapA = append(gapA, a[i])
			i++
		}
	}
	flush()
	if out == nil {
		out = []StepChange{}
	}
	return out, same
}

// findingKey identifies a finding across versions: its rule and the words
// of its step (numbers and files change between versions).
func findingKey(r *generate.Result, f sopgen.Finding) string {
	subject := f.Message
	if f.Step != "" {
		for _, s := range r.Doc.Steps() {
			if s.Number == f.Step {
				subject = string(s.Kind) + "\x00" + s.Plain()
				break
			}
		}
	}
	return f.Rule + "\x00" + subject
}

func diffFindings(a, b *generate.Result) (added, resolved []sopgen.Finding) {
	count := func(r *generate.Result) map[string]int {
		m := map[string]int{}
		for _, f := range r.Findings {
			m[findingKey(r, f)]++
		}
		return m
	}
	inA, inB := count(a), count(b)
	for _, f := range b.Findings {
		if k := findingKey(b, f); inA[k] > 0 {
			inA[k]--
		} else {
			added = append(added, f)
		}
	}
	for _, f := range a.Findings {
		if k := findingKey(a, f); inB[k] > 0 {
			inB[k]--
		} else {
			resolved = append(resolved, f)
		}
	}
	if added == nil {
		added = []sopgen.Finding{}
	}
	if resolved == nil {
		resolved = []sopgen.Finding{}
	}
	return added, resolved
}

// WriteMarkdown writes the diff for a person: counts, then each change.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	t := markdown.Text
	fmt.Fprintf(bw, "# %s: version %d → %d\n\n", t(d.Workflow), d.From, d.To)
	s := d.Summary
	fmt.Fprintf(bw, "%d step(s) added, %d removed, %d changed, %d unchanged; %d new finding(s), %d resolved.\n", s.Added, s.Removed, s.Changed, s.Unchanged, s.NewFindings, s.ResolvedFindings)
	if len(d.Steps) > 0 {
		fmt.Fprintf(bw, "\n## Steps\n\n")
		for _, c := range d.Steps {
			switch c.Change {
			case "added":
				fmt.Fprintf(bw, "- **added** %s: %s\n", c.To.Number, t(c.To.Text))
			case "removed":
				fmt.Fprintf(bw, "- **removed** %s: %s\n", c.From.Number, t(c.From.Text))
			default:
				fmt.Fprintf(bw, "- **changed** %s: %s → %s: %s\n", c.From.Number, t(c.From.Text), c.To.Number, t(c.To.Text))
			}
		}
	}
	for _, part := range []struct {
		title string
		fs    []sopgen.Finding
	}{{"New findings", d.Findings.New}, {"Resolved findings", d.Findings.Resolved}} {
		if len(part.fs) == 0 {
			continue
		}
		fmt.Fprintf(bw, "\n## %s\n\n", part.title)
		for _, f := range part.fs {
			fmt.Fprintf(bw, "- %s `%s`: %s\n", f.Severity, f.Rule, t(f.Message))
		}
	}
	return bw.Flush()
}
