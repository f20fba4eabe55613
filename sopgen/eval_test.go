package sopgen_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

// The ratchet: the figures measured on testdata/eval/recordings, floored
// to two decimals (last raised when the interaction model of
// sopgen/interact and the note reader of sopgen/prose came in together). The test fails below them, so the model can
// only get better; raise them when it does. The targets of issue 12
// (EVALUATION.md) are above: error-severity rules precision 1.00 and
// recall 0.95, step-kind accuracy 0.95; effect accuracy has the same
// target as kind accuracy.
const (
	floorErrorPrecision = 0.96 // target 1.00
	// floorJudgedPrecision counts only the false alarms of rules the
	// recording expects or lists as absent, as the corpus README scores.
	floorJudgedPrecision = 1.00
	floorErrorRecall     = 1.00 // target 0.95
	floorKindAccuracy    = 0.99 // target 0.95
	// floorEffectAccuracy is the share of recorded steps whose effect
	// (opens, sets, commits) the generator reads as the corpus does.
	floorEffectAccuracy = 0.99 // target 0.95
)

// floorKind is the same ratchet per expected kind (target 0.95 each).
var floorKind = map[sopgen.Kind]float64{
	sopgen.KindOther:    0.99,
	sopgen.KindIntake:   0.99,
	sopgen.KindLog:      1.00,
	sopgen.KindVerify:   1.00,
	sopgen.KindAccess:   1.00,
	sopgen.KindEscalate: 1.00,
	sopgen.KindConfirm:  1.00,
	sopgen.KindDeliver:  1.00,
	sopgen.KindNotify:   0.00,
}

// heldOutFloors are the held-out set's figures the first time it ran.
type heldOut struct{ precision, judged, recall, kinds, effects float64 }

// heldOutFloors: first run (unseen) 0.54 / 0.54 / 0.37 / 0.87 / 0.91; the
// set has since been used to find what the generator misread, so its
// floors are a ratchet on the figures now (EVALUATION.md).
var heldOutFloors = heldOut{0.88, 0.88, 0.93, 0.96, 0.96}

// heldOut2Floors: first run (unseen, after the changes the first held-out
// set prompted) 0.35 / 0.37 / 0.42 / 0.85 / 0.97; a ratchet on the figures
// now, as above.
var heldOut2Floors = heldOut{0.92, 1.00, 0.85, 0.94, 0.98}

// heldOut3Floors are the third held-out set's figures the first time it
// ran, after the changes the first two prompted.
// First run 0.87 / 1.00 / 0.53 / 0.83 / 0.97; moved since only by changes
// made for written procedures (issue 13), its misses not looked into.
var heldOut3Floors = heldOut{0.90, 1.00, 0.69, 0.92, 0.98}

// heldOut4Floors: the fourth held-out set (PingOne, LastPass, Zoho Mail,
// Zoho Directory, Dropbox; ServiceDesk Plus, Zoho Desk). First run
// (unseen, on the code of the grants change) 0.71 / 0.76 / 0.71 / 0.90 /
// 0.95; a ratchet on the figures now, after the factor-removal verbs
// (unpair, unenrol, deregister) moved one finding onto a neighbouring step.
var heldOut4Floors = heldOut{0.66, 0.71, 0.71, 0.93, 0.96}

// heldOut5Floors: the fifth held-out set (Mattermost, Rocket.Chat,
// Atlassian Administration, DokuWiki; TOPdesk, Help Scout). First run
// (unseen, on the code of the grants and notes changes) 0.40 / 0.42 /
// 0.44 / 0.77 / 0.94; a ratchet on the figures now, after ticket numbers
// learned from the list they were opened from and rows of search results
// read as the pick of the account.
var heldOut5Floors = heldOut{0.56, 0.60, 0.50, 0.87, 0.94}

// heldOut6Floors: the sixth held-out set (Moodle, Gitea, Grafana,
// Nextcloud, Jenkins; Spiceworks, SysAid, Kayako, GitHub issues). First
// run (unseen) 0.75 / 0.81 / 0.47 / 0.76 / 0.92; a ratchet on the figures
// now, after a search of a list of people was read as finding the account
// and a grant made by a form's setting as a grant.
var heldOut6Floors = heldOut{0.85, 0.85, 0.63, 0.83, 0.92}

// evalKinds maps the corpus's kind names to the generator's.
var evalKinds = map[string]sopgen.Kind{
	"intake":   sopgen.KindIntake,
	"verify":   sopgen.KindVerify,
	"access":   sopgen.KindAccess,
	"deliver":  sopgen.KindDeliver,
	"confirm":  sopgen.KindConfirm,
	"log":      sopgen.KindLog,
	"escalate": sopgen.KindEscalate,
	"notify":   sopgen.KindNotify,
	"approve":  sopgen.KindApprove,
	"other":    sopgen.KindOther,
}

// unscoredRules are the rules the corpus README leaves out ("Open
// points"): one recording of an ordinary reset says nothing about them.
var unscoredRules = []string{
	"privileged-path-missing", "notification-missing", "session-revocation-missing",
	"logging-incomplete", "verification-method-unapproved",
}

// unscoredIn are rules the README leaves unscored in one recording only.
var unscoredIn = map[string][]string{
	"ssp-timed-out-bypass-faulty": {"verification-missing"},
}

// expectation is a recording's NAME.expect.json.
type expectation struct {
	Variant  string `json:"variant"`
	Findings []struct {
		Rule string `json:"rule"`
		Step *int   `json:"step"`
	} `json:"findings"`
	Absent []string `json:"absent"`
	Kinds  []struct {
		Step   int    `json:"step"`
		Kind   string `json:"kind"`
		Effect string `json:"effect"`
	} `json:"kinds"`
}

type tally struct{ tp, fp, fn int }

func (c tally) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c tally) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

// ratio is a/b, or NaN when b is 0 (nothing to measure).
func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// evaluation accumulates the scores of every recording.
type evaluation struct {
	rules    map[string]*tally
	kinds    map[sopgen.Kind]*tally // tp: right, fn: wrong
	confused map[string]int         // "expected → got"
	effects  map[string]*tally      // by expected effect; tp: right, fn: wrong
	errors   []string               // one line per miss, false alarm or wrong kind, for the log
	// unjudged counts the false positives of error rules that the
	// recording neither expects nor lists as absent: the corpus README
	// leaves such rules unscored for that file.
	unjudged int
}

// judgedErrors is errorTotal without the unjudged false positives: the
// figure by the corpus's own convention.
func (ev *evaluation) judgedErrors() tally {
	e := ev.errorTotal()
	e.fp -= ev.unjudged
	return e
}

// TestRecordingEvaluation measures the generator and the rules on the
// evaluation corpus: each recording is composed with the default
// configuration (no template) and checked, and its findings and step kinds
// are compared with its expectations. It prints the table of EVALUATION.md
// and fails when a figure drops below the ratchet.
//
// Scoring. A finding of a rule is matched to an expected finding of that
// rule when the expectation names no step, or when the recorded step is
// among the finding's evidence (the recording steps behind the SOP step it
// points at). An expected finding with a match is a true positive, one
// without is a false negative. A finding that matches nothing is a false
// positive when its rule is error-severity or is named by the recording
// (expected or absent); warning and info rules a recording does not name
// are not scored. A recorded step's kind is the kind of the SOP step whose
// evidence holds it; a step in no SOP step counts as wrong.
func TestRecordingEvaluation(t *testing.T) {
	t.Parallel()
	ev := evaluate(t, "testdata/eval/recordings", 16)
	errs := ev.errorTotal()
	kinds := ev.kindTotal()
	t.Log("\n" + ev.table())

	check := func(name string, got, floor, target float64) {
		t.Helper()
		switch {
		case math.IsNaN(got) || got+1e-9 < floor:
			t.Errorf("%s = %.3f, below the ratchet %.2f (target %.2f)", name, got, floor, target)
		case floor2(got) > floor:
			t.Logf("%s = %.3f: raise its floor to %.2f (target %.2f)", name, got, floor2(got), target)
		}
	}
	check("error-rule precision", errs.precision(), floorErrorPrecision, 1)
	check("error-rule precision on judged rules", ev.judgedErrors().precision(), floorJudgedPrecision, 1)
	check("error-rule recall", errs.recall(), floorErrorRecall, 0.95)
	check("step-kind accuracy", kinds.recall(), floorKindAccuracy, 0.95)
	check("step-effect accuracy", ev.effectTotal().recall(), floorEffectAccuracy, 0.95)
	for _, k := range sortedKinds(ev.kinds) {
		check("accuracy of "+string(k), ev.kinds[k].recall(), floorKind[k], 0.95)
	}
}

// TestHeldOutEvaluation measures the same figures on the held-out sets,
// each written without sight of the code or its output, in consoles the
// first set does not have. Each was scored once unseen (EVALUATION.md
// records that figure); a set used afterwards to find what the generator
// misread keeps a ratchet on its figures, and the honest measure moves to
// the next unseen set.
func TestHeldOutEvaluation(t *testing.T) {
	t.Parallel()
	for _, set := range []struct {
		dir    string
		min    int
		floors heldOut
	}{
		{"testdata/eval/heldout", 14, heldOutFloors},
		{"testdata/eval/heldout2", 12, heldOut2Floors},
		{"testdata/eval/heldout3", 12, heldOut3Floors},
		{"testdata/eval/heldout4", 15, heldOut4Floors},
		{"testdata/eval/heldout5", 14, heldOut5Floors},
		{"testdata/eval/heldout6", 16, heldOut6Floors},
	} {
		t.Run(filepath.Base(set.dir), func(t *testing.T) { checkHeldOut(t, set.dir, set.min, set.floors) })
	}
}

func checkHeldOut(t *testing.T, dir string, min int, heldOutFloors heldOut) {
	ev := evaluate(t, dir, min)
	t.Log("\n" + ev.table())
	for _, f := range []struct {
		name       string
		got, floor float64
	}{
		{"error-rule precision", ev.errorTotal().precision(), heldOutFloors.precision},
		{"error-rule precision on judged rules", ev.judgedErrors().precision(), heldOutFloors.judged},
		{"error-rule recall", ev.errorTotal().recall(), heldOutFloors.recall},
		{"step-kind accuracy", ev.kindTotal().recall(), heldOutFloors.kinds},
		{"step-effect accuracy", ev.effectTotal().recall(), heldOutFloors.effects},
	} {
		if math.IsNaN(f.got) || f.got+1e-9 < f.floor {
			t.Errorf("held out: %s = %.3f, below %.2f", f.name, f.got, f.floor)
		}
	}
}

// evaluate scores every recording of dir (at least min of them).
func evaluate(t *testing.T, dir string, min int) *evaluation {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < min {
		t.Fatalf("%s: found %d recordings, want at least %d", dir, len(paths), min)
	}
	ev := &evaluation{
		rules:    map[string]*tally{},
		kinds:    map[sopgen.Kind]*tally{},
		confused: map[string]int{},
		effects:  map[string]*tally{},
	}
	for _, path := range paths {
		ev.add(t, strings.TrimSuffix(path, ".expect.json"))
	}
	return ev
}

// add scores one recording, stem + ".json" with stem + ".expect.json".
func (ev *evaluation) add(t *testing.T, stem string) {
	t.Helper()
	name := filepath.Base(stem)
	var want expectation
	mustReadJSON(t, stem+".expect.json", &want)
	data, err := os.ReadFile(stem + ".json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := sopgen.ParseRecording(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	doc, err := sopgen.Compose(rec, sopgen.Options{Source: stem + ".json"})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	found := rules.Check(doc, rules.Config{})

	named := map[string]bool{}
	for _, id := range want.Absent {
		named[id] = true
	}
	for _, e := range want.Findings {
		named[e.Rule] = true
	}
	for id := range named {
		if rules.ByID(id) == nil {
			t.Errorf("%s: the expectations name rule %q, which does not exist", name, id)
		}
	}
	for _, e := range want.Findings {
		if e.Step != nil && (*e.Step < 0 || *e.Step >= len(rec.Steps)) {
			t.Errorf("%s: %s expected at step %d of %d", name, e.Rule, *e.Step, len(rec.Steps))
		}
	}
	scored := func(id string) bool {
		if rules.ByID(id) == nil || slices.Contains(unscoredRules, id) || slices.Contains(unscoredIn[name], id) {
			return false
		}
		return named[id] || rules.ByID(id).Severity == sopgen.SeverityError
	}

	matched := make([]bool, len(found))
	for _, e := range want.Findings {
		if !scored(e.Rule) {
			continue
		}
		hit := false
		for i, f := range found {
			if f.Rule == e.Rule && (e.Step == nil || pointsAt(f, *e.Step)) {
				matched[i], hit = true, true
			}
		}
		if hit {
			ev.rule(e.Rule).tp++
		} else {
			ev.rule(e.Rule).fn++
			ev.errors = append(ev.errors, fmt.Sprintf("FN %s %s@%s", name, e.Rule, stepString(e.Step)))
		}
	}
	for i, f := range found {
		if matched[i] || !scored(f.Rule) {
			continue
		}
		ev.rule(f.Rule).fp++
		if !named[f.Rule] {
			ev.unjudged++
		}
		ev.errors = append(ev.errors, fmt.Sprintf("FP %s %s@%s (SOP step %s)", name, f.Rule, evidenceString(f), orDash(f.Step)))
	}

	// Kinds, by the recorded steps behind each SOP step.
	got := map[int]sopgen.Kind{}
	gotEffect := map[int]string{}
	for _, s := range doc.Steps() {
		for _, i := range s.Evidence {
			got[i] = s.Kind
			gotEffect[i] = string(s.Effect)
		}
		// A step that folds a unit of work keeps each recorded action's
		// own kind and effect: the opener of a reset dialog stays "other".
		for _, a := range s.Actions {
			got[a.Index] = a.Kind
			gotEffect[a.Index] = string(a.Effect)
		}
	}
	if len(want.Kinds) != len(rec.Steps) {
		t.Errorf("%s: %d kinds for %d recorded steps", name, len(want.Kinds), len(rec.Steps))
	}
	for _, k := range want.Kinds {
		wk, ok := evalKinds[k.Kind]
		switch {
		case k.Step < 0 || k.Step >= len(rec.Steps):
			t.Errorf("%s: a kind is given for step %d of %d", name, k.Step, len(rec.Steps))
			continue
		case !ok:
			t.Errorf("%s: step %d has kind %q, not one of the procedure model's", name, k.Step, k.Kind)
			continue
		case !slices.Contains([]string{"opens", "sets", "commits"}, k.Effect):
			t.Errorf("%s: step %d has effect %q, not opens, sets or commits", name, k.Step, k.Effect)
		}
		e := ev.effects[k.Effect]
		if e == nil {
			e = &tally{}
			ev.effects[k.Effect] = e
		}
		if ge, ok := gotEffect[k.Step]; ok && ge == k.Effect {
			e.tp++
		} else {
			e.fn++
			ev.errors = append(ev.errors, fmt.Sprintf("EFFECT %s step %d: %s, want %s (%s)", name, k.Step, orDash(ge), k.Effect, describe(rec.Steps[k.Step])))
		}
		c := ev.kinds[wk]
		if c == nil {
			c = &tally{}
			ev.kinds[wk] = c
		}
		g, ok := got[k.Step]
		switch {
		case ok && g == wk:
			c.tp++
		default:
			c.fn++
			gs := string(g)
			if !ok {
				gs = "(no SOP step)"
			}
			ev.confused[string(wk)+" → "+gs]++
			ev.errors = append(ev.errors, fmt.Sprintf("KIND %s step %d: %s, want %s/%s (%s)", name, k.Step, gs, k.Kind, k.Effect, describe(rec.Steps[k.Step])))
		}
	}
}

func (ev *evaluation) rule(id string) *tally {
	c := ev.rules[id]
	if c == nil {
		c = &tally{}
		ev.rules[id] = c
	}
	return c
}

// errorTotal sums the error-severity rules.
func (ev *evaluation) errorTotal() tally {
	var sum tally
	for id, c := range ev.rules {
		if rules.ByID(id).Severity == sopgen.SeverityError {
			sum.tp, sum.fp, sum.fn = sum.tp+c.tp, sum.fp+c.fp, sum.fn+c.fn
		}
	}
	return sum
}

func (ev *evaluation) effectTotal() tally {
	var sum tally
	for _, c := range ev.effects {
		sum.tp, sum.fn = sum.tp+c.tp, sum.fn+c.fn
	}
	return sum
}

func (ev *evaluation) kindTotal() tally {
	var sum tally
	for _, c := range ev.kinds {
		sum.tp, sum.fn = sum.tp+c.tp, sum.fn+c.fn
	}
	return sum
}

// table writes the figures as the Markdown tables of EVALUATION.md, then
// every miss, false alarm and wrong kind.
func (ev *evaluation) table() string {
	var b strings.Builder
	b.WriteString("| rule | severity | TP | FP | FN | precision | recall |\n|---|---|---:|---:|---:|---:|---:|\n")
	var ids []string
	for id := range ev.rules {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, c := rules.ByID(ids[i]).Severity.Rank(), rules.ByID(ids[j]).Severity.Rank()
		if a != c {
			return a > c
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		c := ev.rules[id]
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %s | %s |\n", id, rules.ByID(id).Severity, c.tp, c.fp, c.fn, fig(c.precision()), fig(c.recall()))
	}
	e := ev.errorTotal()
	fmt.Fprintf(&b, "| **error-severity rules** | | %d | %d | %d | **%s** | **%s** |\n", e.tp, e.fp, e.fn, fig(e.precision()), fig(e.recall()))
	j := ev.judgedErrors()
	fmt.Fprintf(&b, "| **judged only** (false alarms of rules the recording names) | | %d | %d | %d | **%s** | **%s** |\n", j.tp, j.fp, j.fn, fig(j.precision()), fig(j.recall()))
	fmt.Fprintf(&b, "\nNot scored: warning and info rules a recording neither expects nor lists as absent, and %s.\n", strings.Join(unscoredRules, ", "))

	b.WriteString("\n| expected kind | steps | right | accuracy |\n|---|---:|---:|---:|\n")
	for _, k := range sortedKinds(ev.kinds) {
		c := ev.kinds[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", k, c.tp+c.fn, c.tp, fig(c.recall()))
	}
	k := ev.kindTotal()
	fmt.Fprintf(&b, "| **all** | %d | %d | **%s** |\n", k.tp+k.fn, k.tp, fig(k.recall()))

	b.WriteString("\n| expected effect | steps | right | accuracy |\n|---|---:|---:|---:|\n")
	for _, e := range []string{"opens", "sets", "commits"} {
		if c := ev.effects[e]; c != nil {
			fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", e, c.tp+c.fn, c.tp, fig(c.recall()))
		}
	}
	et := ev.effectTotal()
	fmt.Fprintf(&b, "| **all** | %d | %d | **%s** |\n", et.tp+et.fn, et.tp, fig(et.recall()))

	b.WriteString("\nKind confusions (expected → assigned):\n")
	type pair struct {
		k string
		n int
	}
	var ps []pair
	for k, n := range ev.confused {
		ps = append(ps, pair{k, n})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].n > ps[j].n || ps[i].n == ps[j].n && ps[i].k < ps[j].k })
	for _, p := range ps {
		fmt.Fprintf(&b, "  %3d  %s\n", p.n, p.k)
	}
	b.WriteString("\nDetail:\n")
	for _, l := range ev.errors {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

func sortedKinds(m map[sopgen.Kind]*tally) []sopgen.Kind {
	var out []sopgen.Kind
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := m[out[i]].tp+m[out[i]].fn, m[out[j]].tp+m[out[j]].fn
		return a > b || a == b && out[i] < out[j]
	})
	return out
}

// pointsAt reports whether recorded step i is behind the SOP step a
// finding points at.
func pointsAt(f sopgen.Finding, i int) bool {
	return slices.ContainsFunc(f.Evidence, func(e sopgen.Evidence) bool { return e.Index == i })
}

func evidenceString(f sopgen.Finding) string {
	if len(f.Evidence) == 0 {
		return "-"
	}
	var s []string
	for _, e := range f.Evidence {
		s = append(s, fmt.Sprint(e.Index))
	}
	return strings.Join(s, ",")
}

func stepString(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// describe names a recorded step for the log: its action, role and name,
// or the first words of a note.
func describe(s sopgen.Step) string {
	switch {
	case s.Target != nil:
		d := s.Action + " " + s.Target.Role + " " + fmt.Sprintf("%q", s.Target.Name)
		if s.Choice != "" {
			d += fmt.Sprintf(" = %q", s.Choice)
		}
		return d
	case s.Text != "":
		t := []rune(s.Text)
		if len(t) > 50 {
			t = append(t[:49], '…')
		}
		return fmt.Sprintf("%s %q", s.Action, string(t))
	}
	return s.Action + " " + s.Page
}

func fig(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.2f", floor2(x)) // floored, as the ratchet is: 0.996 is not 1.00
}

func floor2(x float64) float64 { return math.Floor(x*100+1e-9) / 100 }

func mustReadJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}
