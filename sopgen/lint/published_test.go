package lint_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

// publishedDir is the corpus of published procedures: testdata/published,
// or the folder STEPWISE_PUBLISHED names (a larger set kept outside the
// repository because its licences do not allow redistribution).
func publishedDir() string {
	if d := os.Getenv("STEPWISE_PUBLISHED"); d != "" {
		return d
	}
	return "testdata/published"
}

// The floors of TestPublishedProcedures: what the corpus in the repository
// measures, floored to two decimals, so the figures can only go up.
const (
	floorPublishedPrecision = 0.93
	floorPublishedRecall    = 0.80
)

// publishedExpect is a procedure's NAME.expect.json.
type publishedExpect struct {
	Source       string `json:"source"`
	Organisation string `json:"organisation"`
	Licence      string `json:"licence"`
	Findings     []struct {
		Rule string `json:"rule"`
		Line *int   `json:"line"`
	} `json:"findings"`
	Absent []string `json:"absent"`
}

// unscoredPublished are left out as in the recordings' corpus: they depend
// on the configured policy.
var unscoredPublished = []string{"verification-method-unapproved"}

// TestPublishedProcedures lints every published procedure of the corpus as
// it was published and scores the findings against the judgement written
// before any linter ran on it. A finding matches an expected one of its
// rule on the same line, or any of its rule when the expectation has no
// line (something missing from the whole document). An expected finding
// with no match is a miss; a finding that matches nothing is a false alarm
// when its rule is named by the file (expected, or listed as absent) —
// rules a file does not name are not judged for it. Every file must be
// read: an input error fails the test.
func TestPublishedProcedures(t *testing.T) {
	scorePublished(t, publishedDir(), true, floorPublishedPrecision, floorPublishedRecall)
}

// TestPublishedHeldOut scores the held-out sets of testdata: each
// collected and judged from the rule catalog alone by a session that never
// saw the code, after the reader and rules of its time were built, and
// scored once unseen (EVALUATION.md gives every first run). The floors are
// a ratchet on the whole of each set, not a target and not a gate per rule.
func TestPublishedHeldOut(t *testing.T) {
	for _, set := range []struct {
		dir               string
		precision, recall float64
	}{
		// First run 0.21 / 0.14; a development set since: today's figures
		// after the general changes made since.
		{"published-heldout", 0.30, 0.26},
		// First run 0.90 / 0.66 with every file read in process; the
		// command then passed over 3 of the 14: the figures under the
		// command's own rule for what it reads.
		{"published-heldout2", 0.92, 0.62},
		// Without a file removed after its first run for an unconfirmed
		// licence.
		{"published-heldout3", 0.85, 0.61},
		{"published-heldout4", 0.52, 0.21},
		{"published-heldout5", 0.83, 0.60},
		// Scored on the fourth session's final code.
		{"published-heldout6", 0.77, 0.38},
		// First run, unseen, on the code of the grants change: 0.16 / 0.02
		// (product administrators' pages: commands under task headings).
		{"published-heldout7", 0.71, 0.24},
		// First run, unseen, on the fifth session's code after the grants,
		// commands and recordings changes: 0.23 / 0.17.
		{"published-heldout8", 0.23, 0.17},
	} {
		t.Run(set.dir, func(t *testing.T) {
			scorePublished(t, filepath.Join("testdata", set.dir), false, set.precision, set.recall)
		})
	}
}

func scorePublished(t *testing.T, dir string, requireAll bool, floorPrecision, floorRecall float64) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skipf("no published procedures in %s", dir)
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	type tally struct{ tp, fp, fn int }
	byRule := map[string]*tally{}
	rule := func(id string) *tally {
		if byRule[id] == nil {
			byRule[id] = &tally{}
		}
		return byRule[id]
	}
	var detail []string
	orgs := map[string]bool{}
	read := 0
	for _, p := range paths {
		md := strings.TrimSuffix(p, ".expect.json") + ".md"
		name := filepath.Base(md)
		var want publishedExpect
		data, err := os.ReadFile(p)
		if err != nil || json.Unmarshal(data, &want) != nil {
			t.Fatalf("%s: %v", p, err)
		}
		orgs[want.Organisation] = true
		// Linted as `stepwise lint FILE` lints it: a file the command
		// passes over as no SOP, or cannot read, is not read.
		res := lint.Paths(context.Background(), []string{md}, lint.Options{Today: today})
		if len(res.Errors) > 0 || len(res.PassedOver) > 0 || res.Files != 1 {
			why := fmt.Sprintf("%+v %+v", res.Errors, res.PassedOver)
			if requireAll {
				t.Errorf("%s is not read: %s", name, why)
			} else {
				t.Logf("%s is not read: %s", name, why)
			}
		} else {
			read++
		}
		found := res.Findings
		named := map[string]bool{}
		for _, id := range want.Absent {
			named[id] = true
		}
		for _, e := range want.Findings {
			named[e.Rule] = true
		}
		for id := range named {
			if rules.ByID(id) == nil {
				t.Errorf("%s: the judgement names rule %q, which does not exist", name, id)
			}
		}
		matched := make([]bool, len(found))
		for _, e := range want.Findings {
			if slices.Contains(unscoredPublished, e.Rule) || rules.ByID(e.Rule) == nil {
				continue
			}
			hit := false
			for i, f := range found {
				if f.Rule == e.Rule && (e.Line == nil || f.Location.Line == *e.Line) {
					matched[i], hit = true, true
				}
			}
			if hit {
				rule(e.Rule).tp++
			} else {
				rule(e.Rule).fn++
				detail = append(detail, fmt.Sprintf("FN %s %s@%s", name, e.Rule, lineString(e.Line)))
			}
		}
		for i, f := range found {
			if matched[i] || !named[f.Rule] || slices.Contains(unscoredPublished, f.Rule) {
				continue
			}
			rule(f.Rule).fp++
			detail = append(detail, fmt.Sprintf("FP %s %s@%d: %s", name, f.Rule, f.Location.Line, f.Message))
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\n%d of %d files read, %d organisations\n\n| rule | severity | default | TP | FP | FN | precision | recall |\n|---|---|---|---:|---:|---:|---:|---:|\n", read, len(paths), len(orgs))
	var ids []string
	for id := range byRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var all tally
	for _, id := range ids {
		c := byRule[id]
		r := rules.ByID(id)
		def := "on"
		if r.Off {
			def = "off"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d | %s | %s |\n", id, r.Severity, def, c.tp, c.fp, c.fn, pfig(c.tp, c.tp+c.fp), pfig(c.tp, c.tp+c.fn))
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
	}
	fmt.Fprintf(&b, "| **all** | | | %d | %d | %d | **%s** | **%s** |\n\n", all.tp, all.fp, all.fn, pfig(all.tp, all.tp+all.fp), pfig(all.tp, all.tp+all.fn))
	sort.Strings(detail)
	b.WriteString(strings.Join(detail, "\n"))
	t.Log(b.String())

	prec, rec := ratioOf(all.tp, all.tp+all.fp), ratioOf(all.tp, all.tp+all.fn)
	if prec+1e-9 < floorPrecision || rec+1e-9 < floorRecall {
		t.Errorf("precision %.3f, recall %.3f: below the floors %.2f, %.2f", prec, rec, floorPrecision, floorRecall)
	}
	if !requireAll {
		return // the held-out sets: a ratchet on the whole, not a gate per rule
	}
	for _, id := range ids {
		c, r := byRule[id], rules.ByID(id)
		if r.Off || c.tp+c.fp == 0 || ratioOf(c.tp, c.tp+c.fp)+1e-9 >= rulePrecisionFloor {
			continue
		}
		t.Errorf("%s is on by default at precision %s, below %.2f: make it precise on these procedures or turn it off by default, with the reason in its catalog entry", id, pfig(c.tp, c.tp+c.fp), rulePrecisionFloor)
	}
}

// rulePrecisionFloor is the precision under which no rule may be on by
// default, on the published procedures.
const rulePrecisionFloor = 0.8

func ratioOf(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func pfig(a, b int) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", math.Floor(float64(a)/float64(b)*100+1e-9)/100)
}

func lineString(l *int) string {
	if l == nil {
		return "-"
	}
	return fmt.Sprint(*l)
}
