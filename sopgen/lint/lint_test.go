package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/internal/golden"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

var update = flag.Bool("update", false, "rewrite the golden outputs in testdata/golden")

var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func lintTree(tb testing.TB, opts lint.Options) *lint.Result {
	tb.Helper()
	opts.Today = today
	opts.Root = "." // the goldens' fingerprints do not depend on where the repository is
	return lint.Paths(context.Background(), []string{"testdata/tree"}, opts)
}

func TestOutputsMatchGoldens(t *testing.T) {
	res := lintTree(t, lint.Options{})
	printers := map[string]func(*bytes.Buffer) error{
		"lint.txt":  func(b *bytes.Buffer) error { return lint.WriteText(b, res) },
		"lint.json": func(b *bytes.Buffer) error { return lint.WriteJSON(b, res) },
		"lint.md":   func(b *bytes.Buffer) error { return lint.WriteMarkdown(b, res, "https://example.test/rules.md") },
		"lint.sarif": func(b *bytes.Buffer) error {
			return lint.WriteSARIF(b, res, lint.SARIFOptions{Version: "test", DocsURL: "https://example.test/rules.md"})
		},
	}
	for name, print := range printers {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := print(&b); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", name), b.Bytes(), *update, "./sopgen/lint")
		})
	}
}

func TestOneBadFileDoesNotHideTheOthers(t *testing.T) {
	res := lintTree(t, lint.Options{})
	var errs []string
	for _, e := range res.Errors {
		errs = append(errs, e.String())
	}
	want := []string{
		"testdata/tree/sops/broken.yaml:9: field knd not found in Step",
		"testdata/tree/sops/latin1.md:8: the file is not valid UTF-8",
	}
	if strings.Join(errs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors =\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
	if res.Files != 3 || res.Skipped != 2 {
		t.Errorf("files %d, skipped %d; want 3 linted (the README and package.json skipped)", res.Files, res.Skipped)
	}
	byFile := map[string]int{}
	for _, f := range res.Findings {
		byFile[f.Location.File]++
	}
	if byFile["testdata/tree/sops/unlock.md"] == 0 || byFile["testdata/tree/sops/team-b/mfa.md"] == 0 {
		t.Errorf("findings by file = %v", byFile)
	}
	if n := byFile["testdata/tree/sops/password-reset.yaml"]; n != 0 {
		t.Errorf("the built-in password reset has %d findings", n)
	}
}

func TestTheNearestConfigurationApplies(t *testing.T) {
	res := lintTree(t, lint.Options{})
	for _, f := range res.Findings {
		switch {
		case f.Rule == "review-overdue" && !strings.Contains(f.Location.File, "team-b") && f.Severity != sopgen.SeverityError:
			t.Errorf("review-overdue is %s, want error from tree/.stepwise.yaml", f.Severity)
		case f.Rule == "verification-vague" && strings.Contains(f.Location.File, "team-b"):
			t.Errorf("verification-vague reported in team-b, whose .stepwise.yaml turns it off")
		case f.Rule == "delivery-channel-unapproved" && !strings.Contains(f.Message, "(reset-link, sms)"):
			t.Errorf("the approved channels of the configuration were not used: %s", f.Message)
		}
	}
}

func TestSuppressionsNeedAReason(t *testing.T) {
	res := lintTree(t, lint.Options{})
	var got []string
	for _, f := range res.Findings {
		if f.Rule == "step-multiple-actions" || f.Rule == "suppression-invalid" || f.Rule == "logging-missing" {
			got = append(got, f.Location.File+":"+f.Rule)
		}
	}
	// unlock.md suppresses step-multiple-actions with a reason; mfa.md's
	// suppression of logging-missing has none, so it stands and is reported.
	want := "testdata/tree/sops/team-b/mfa.md:logging-missing testdata/tree/sops/team-b/mfa.md:suppression-invalid testdata/tree/sops/unlock.md:logging-missing"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
}

func TestBaselineShowsOnlyNewFindings(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/tree/sops/unlock.md")
	if err != nil {
		t.Fatal(err)
	}
	sop := filepath.Join(dir, "unlock.md")
	if err := os.WriteFile(sop, src, 0o644); err != nil {
		t.Fatal(err)
	}
	first := lint.Paths(context.Background(), []string{sop}, lint.Options{Today: today})
	var b bytes.Buffer
	if err := lint.WriteJSON(&b, first); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(base, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	known, err := lint.LoadBaseline(base)
	if err != nil {
		t.Fatal(err)
	}
	// A new vague step near the top moves every later line.
	edited := strings.Replace(string(src), "1. Open the ticket.", "1. Open the ticket.\n1. Check the queue etc.", 1)
	if err := os.WriteFile(sop, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	second := lint.Paths(context.Background(), []string{sop}, lint.Options{Today: today, Baseline: known})
	if len(second.Findings) != 1 || second.Findings[0].Rule != "step-vague" || !strings.Contains(second.Findings[0].Message, "etc") {
		t.Errorf("findings after the edit = %+v, want only the new step-vague", second.Findings)
	}
	if second.Baselined != len(first.Findings) {
		t.Errorf("baselined %d, want %d", second.Baselined, len(first.Findings))
	}
}

// TestFingerprintsDoNotDependOnThePathsSpelling lints one SOP of a
// repository by every spelling of its path, from the repository's root and
// from a folder inside it: one baseline covers them all, and SARIF gives
// one URI and one set of partial fingerprints, as code scanning needs to
// tell a fixed finding from a new one.
func TestFingerprintsDoNotDependOnThePathsSpelling(t *testing.T) {
	src, err := os.ReadFile("testdata/tree/sops/unlock.md")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(repo, "sop", "team"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "sop", "x.md"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	spellings := []struct{ cwd, path string }{
		{repo, "sop/x.md"},
		{repo, "./sop/x.md"},
		{repo, "sop//x.md"},
		{repo, "sop/team/../x.md"},
		{repo, filepath.Join(repo, "sop", "x.md")},
		{filepath.Join(repo, "sop"), "x.md"},
		{filepath.Join(repo, "sop", "team"), "../x.md"},
		{t.TempDir(), filepath.Join(repo, "sop", "x.md")}, // from outside the repository
	}
	var want []string
	var baseline []byte
	for i, sp := range spellings {
		t.Chdir(sp.cwd)
		res := lint.Paths(context.Background(), []string{sp.path}, lint.Options{Today: today})
		if len(res.Errors) != 0 || len(res.Findings) == 0 {
			t.Fatalf("%s from %s: errors %v, %d findings", sp.path, sp.cwd, res.Errors, len(res.Findings))
		}
		got := fingerprints(res.Findings)
		var sarif bytes.Buffer
		if err := lint.WriteSARIF(&sarif, res, lint.SARIFOptions{}); err != nil {
			t.Fatal(err)
		}
		if partial := sarifFingerprints(t, sarif.Bytes()); !slices.Equal(partial, got) {
			t.Errorf("%s: SARIF partial fingerprints %v, want the JSON's %v", sp.path, partial, got)
		}
		if i == 0 {
			want = got
			var b bytes.Buffer
			if err := lint.WriteJSON(&b, res); err != nil {
				t.Fatal(err)
			}
			baseline = b.Bytes()
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s from %s: fingerprints %v, want %v", sp.path, sp.cwd, got, want)
		}
		base := filepath.Join(t.TempDir(), "baseline.json")
		if err := os.WriteFile(base, baseline, 0o644); err != nil {
			t.Fatal(err)
		}
		known, err := lint.LoadBaseline(base)
		if err != nil {
			t.Fatal(err)
		}
		again := lint.Paths(context.Background(), []string{sp.path}, lint.Options{Today: today, Baseline: known})
		if len(again.Findings) != 0 || again.Baselined != len(want) {
			t.Errorf("%s from %s with the baseline of sop/x.md: %d findings back, %d baselined", sp.path, sp.cwd, len(again.Findings), again.Baselined)
		}
	}
	// Another file with the same words is another finding.
	if err := os.WriteFile(filepath.Join(repo, "sop", "team", "x.md"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	other := lint.Paths(context.Background(), []string{"sop/team/x.md"}, lint.Options{Today: today})
	if got := fingerprints(other.Findings); slices.Equal(got, want) || len(got) != len(want) {
		t.Errorf("a copy in another folder has fingerprints %v, like the original's %v", got, want)
	}
	// A root given on purpose names files relative to it.
	rooted := lint.Paths(context.Background(), []string{"sop/x.md"}, lint.Options{Today: today, Root: "sop"})
	fromSop := func() []string {
		t.Chdir(filepath.Join(repo, "sop"))
		r := lint.Paths(context.Background(), []string{"x.md"}, lint.Options{Today: today, Root: "."})
		return fingerprints(r.Findings)
	}()
	if got := fingerprints(rooted.Findings); !slices.Equal(got, fromSop) || slices.Equal(got, want) {
		t.Errorf("with --root sop: %v; from sop with --root .: %v; from the repository: %v", got, fromSop, want)
	}
}

func fingerprints(fs []sopgen.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Fingerprint)
	}
	slices.Sort(out)
	return out
}

func sarifFingerprints(tb testing.TB, data []byte) []string {
	tb.Helper()
	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, r := range log.Runs[0].Results {
		out = append(out, r.PartialFingerprints["stepwiseFinding/v1"])
	}
	slices.Sort(out)
	return out
}

func TestSARIFIsWhatCodeScanningReads(t *testing.T) {
	res := lintTree(t, lint.Options{})
	var b bytes.Buffer
	if err := lint.WriteSARIF(&b, res, lint.SARIFOptions{Version: "1.0", DocsURL: "https://example.test/rules.md"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID              string            `json:"id"`
						FullDescription map[string]string `json:"fullDescription"`
						Help            map[string]string `json:"help"`
						HelpURI         string            `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(rules.All) {
		t.Errorf("%d rules in the driver, want %d", len(run.Tool.Driver.Rules), len(rules.All))
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.FullDescription["text"] == "" || r.Help["text"] == "" || r.Help["markdown"] == "" || !strings.HasSuffix(r.HelpURI, "#"+r.ID) {
			t.Errorf("rule %s lacks a description, help or help URI", r.ID)
		}
	}
	if len(run.Results) != len(res.Findings) || len(run.Results) == 0 {
		t.Fatalf("%d results, want %d", len(run.Results), len(res.Findings))
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d", r.RuleID, r.RuleIndex)
		}
		uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if strings.HasPrefix(uri, "/") || strings.Contains(uri, `\`) || strings.Contains(uri, ":") || !strings.HasPrefix(uri, "testdata/tree/") {
			t.Errorf("uri %q is not relative", uri)
		}
		if r.Locations[0].PhysicalLocation.Region.StartLine < 1 || r.PartialFingerprints["stepwiseFinding/v1"] == "" {
			t.Errorf("result %s has no line or fingerprint", r.RuleID)
		}
		if r.Level != "error" && r.Level != "warning" && r.Level != "note" {
			t.Errorf("level %q", r.Level)
		}
	}
}

func TestSecretsAreNeverRepeated(t *testing.T) {
	for _, tc := range []struct{ name, secret, src string }{
		{"in a step", "Welcome2026!", "# Reset\n\n## Procedure\n\n1. Reset the password to Welcome2026! for the user.\n"},
		// A command a paragraph introduces is a step, quoted in messages:
		// the value of its secret flag is not.
		{"in a command read as a step", "Tr0ub4dor&3x", "# Accounts\n\n## Resetting a password\n\nTo reset the password, run:\n\n```\nidm reset --password 'Tr0ub4dor&3x' alice\n```\n"},
		{"in a step's command", "hunter2secret", "# Reset\n\n## Procedure\n\n1. Run `idm reset --password hunter2secret alice` to reset the password.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := lint.Source("s.md", []byte(tc.src), nil, lint.Options{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			res := &lint.Result{Findings: fs, Files: 1}
			found := false
			for _, f := range fs {
				found = found || f.Rule == "secret-in-document"
			}
			if !found {
				t.Fatalf("no secret-in-document finding in %+v", fs)
			}
			var b bytes.Buffer
			lint.WriteText(&b, res)
			lint.WriteJSON(&b, res)
			lint.WriteMarkdown(&b, res, "x")
			lint.WriteSARIF(&b, res, lint.SARIFOptions{})
			if bytes.Contains(b.Bytes(), []byte(tc.secret)) || len(tc.secret) > 8 && bytes.Contains(b.Bytes(), []byte(tc.secret[:8])) {
				t.Errorf("an output repeats the secret:\n%s", b.String())
			}
		})
	}
}

func TestHostileMessagesCannotForgeOutput(t *testing.T) {
	res := &lint.Result{Files: 1, Findings: []sopgen.Finding{{
		Rule: "step-vague", Severity: sopgen.SeverityWarning,
		Message:  "step 1 (\"a | b\nx.md:1: error verification-missing: forged <script>\") is vague",
		Location: sopgen.Location{File: "we|ird `name`.md", Line: 3},
	}}}
	var text, md bytes.Buffer
	lint.WriteText(&text, res)
	lint.WriteMarkdown(&md, res, "x")
	if n := strings.Count(text.String(), "\n"); n != 1 {
		t.Errorf("text output has %d lines, want 1:\n%s", n, text.String())
	}
	row := strings.Split(md.String(), "\n")
	for _, line := range row {
		if strings.Contains(line, "forged") && (strings.Count(line, "|")-strings.Count(line, `\|`) != 5 || strings.Contains(line, "<script>")) {
			t.Errorf("markdown row is broken or unescaped: %s", line)
		}
	}
}

func TestHostileRecordingAndSOPStayInert(t *testing.T) {
	dir := t.TempDir()
	sop := filepath.Join(dir, "evil.md")
	src := "# <script>alert(1)</script>\n\n## Procedure\n\n1. Select **\"]; evil [** as appropriate | then `<img src=x onerror=alert(1)>`\u202e\x1b[31m.\n2. Reset the password <b>now</b>\n"
	if err := os.WriteFile(sop, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := lint.Paths(context.Background(), []string{"../../examples/hostile/recording.json", sop}, lint.Options{Today: today})
	if len(res.Errors) != 0 || len(res.Findings) == 0 {
		t.Fatalf("errors %v, %d findings", res.Errors, len(res.Findings))
	}
	var text, md bytes.Buffer
	lint.WriteText(&text, res)
	lint.WriteMarkdown(&md, res, "x")
	line := regexp.MustCompile(`^[^\n]+:\d+: (error|warning|info) [a-z-]+: [^\n]*$`)
	for _, l := range strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n") {
		if !line.MatchString(l) {
			t.Errorf("text line does not have the finding format: %q", l)
		}
	}
	// Markdown reads \< as a literal <: only a bare < could open a tag.
	if m := regexp.MustCompile(`(^|[^\\])<[a-z]`).FindString(md.String()); m != "" {
		t.Errorf("markdown output holds an unescaped tag: %q", m)
	}
	for name, out := range map[string]string{"markdown": md.String(), "text": text.String()} {
		if strings.ContainsAny(out, "\u202e\x1b") {
			t.Errorf("%s output holds a bidi override or an escape", name)
		}
	}
}

// TestGeneratedSOPsReadBack lints the Markdown SOPs that generate writes:
// a team edits the draft and gates it in CI, so the reader must find every
// section and every step of it, with its kind.
func TestGeneratedSOPsReadBack(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*/sop.md")
	if err != nil || len(dirs) < 4 {
		t.Fatalf("examples: %v", err)
	}
	for _, path := range dirs {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var rep struct {
				Summary struct {
					Steps int `json:"steps"`
				} `json:"summary"`
				Findings []struct {
					Rule     string `json:"rule"`
					Severity string `json:"severity"`
				} `json:"findings"`
			}
			rj, err := os.ReadFile(filepath.Join(filepath.Dir(path), "report.json"))
			if err != nil || json.Unmarshal(rj, &rep) != nil {
				t.Fatalf("report.json: %v", err)
			}
			fs, err := lint.Source(path, data, nil, lint.Options{Today: today})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				// Nor does it miss a role its Roles define, or hold a step of
				// several actions: a unit of work is one step, however many
				// controls it names.
				if f.Rule == "section-missing" || f.Rule == "records-location-missing" || f.Rule == "role-undefined" || f.Rule == "step-multiple-actions" {
					t.Errorf("%s:%d: %s: %s", path, f.Location.Line, f.Rule, f.Message)
				}
			}
			// The control errors of the SOP as written are those of its
			// recording's report: a default Stepwise added stays a default.
			// So are the warnings about what follows a change: the SOP
			// says "Confirm with the user that they could sign in" as the
			// recording did.
			after := []string{"confirmation-missing", "notification-missing", "logging-incomplete"}
			var fromLint, fromReport []string
			for _, f := range fs {
				if f.Severity == sopgen.SeverityError || slices.Contains(after, f.Rule) {
					fromLint = append(fromLint, f.Rule)
				}
			}
			for _, f := range rep.Findings {
				if f.Severity == "error" || slices.Contains(after, f.Rule) {
					fromReport = append(fromReport, f.Rule)
				}
			}
			slices.Sort(fromLint)
			slices.Sort(fromReport)
			if !slices.Equal(fromLint, fromReport) {
				t.Errorf("lint of sop.md finds the errors %v, its report %v", fromLint, fromReport)
			}
			d, err := templates.ParseMarkdown(path, data, nil)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(d.Meta.Title, `\`) {
				t.Errorf("the title keeps Markdown escapes: %q", d.Meta.Title)
			}
			if got := len(d.Steps()); got != rep.Summary.Steps {
				t.Errorf("%d steps read back, the generated SOP has %d", got, rep.Summary.Steps)
			}
			systems := 0
			for _, st := range d.Steps() {
				if st.System != "" {
					systems++
				}
			}
			if d.Meta.ID == "" || d.Meta.Version == "" || systems == 0 {
				t.Errorf("the metadata table or the steps' systems were not read: %+v, %d systems", d.Meta, systems)
			}
		})
	}
}

// TestOneRuleDecidesWhatIsAnSOP lints a folder and each of its files alone:
// the same files are SOPs either way, and what is passed over says why.
func TestOneRuleDecidesWhatIsAnSOP(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	readme := write("README.md", "# Tooling\n\nThis repository holds our scripts.\n\n- Fast\n- Small\n- Tested\n")
	sop := write("reset.md", "---\nlayout: page\ntitle: Changing a user's password\n---\n\n## Changing a user's password\n\n1. Verify the caller with a one-time code sent to the registered mobile.\n2. Reset the password in the admin console.\n3. Record the reset on the ticket.\n")
	ctx := context.Background()
	all := lint.Paths(ctx, []string{dir}, lint.Options{Today: today})
	if all.Files != 1 || len(all.PassedOver) != 1 || all.PassedOver[0].File != readme || !strings.Contains(all.PassedOver[0].Reason, "no procedure found") {
		t.Errorf("folder: %d linted, passed over %+v; want reset.md linted and README.md passed over with its reason", all.Files, all.PassedOver)
	}
	if one := lint.Paths(ctx, []string{sop}, lint.Options{Today: today}); one.Files != 1 {
		t.Errorf("reset.md alone: %d linted, passed over %+v", one.Files, one.PassedOver)
	}
	if one := lint.Paths(ctx, []string{readme}, lint.Options{Today: today}); one.Files != 0 || len(one.PassedOver) != 1 {
		t.Errorf("README.md alone: %d linted, passed over %+v; want it passed over as in the folder", one.Files, one.PassedOver)
	}
}

// A page whose title names access work ("Remove a user's GitHub access")
// is held to what an SOP must have even when its procedure is prose the
// reader cannot split into steps; a README is still passed over.
func TestATitleThatNamesAccessWorkIsLinted(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page := write("remove.md", "# Remove a user's GitHub access\n\nWhen a user no longer needs access to a repository, its owner takes them off it.\n")
	readme := write("README.md", "# Tooling\n\nThis repository holds our scripts.\n")
	res := lint.Paths(context.Background(), []string{dir}, lint.Options{Today: today})
	if res.Files != 1 || len(res.PassedOver) != 1 || res.PassedOver[0].File != readme {
		t.Fatalf("linted %d, passed over %+v; want %s linted and only the README passed over", res.Files, res.PassedOver, page)
	}
	if !slices.ContainsFunc(res.Findings, func(f sopgen.Finding) bool { return f.Rule == "section-missing" && f.Location.File == page }) {
		t.Errorf("findings %+v: want section-missing on the page", res.Findings)
	}
}

// The configuration's exclude list passes files over in a walk and when
// named, saying which pattern did it.
func TestExcludedFilesArePassedOverWithThePattern(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write(".stepwise.yaml", "exclude:\n  - README.md\n")
	procedure := "## Changing a user's password\n\n1. Verify the caller with a one-time code sent to the registered mobile.\n2. Reset the password in the admin console.\n3. Record the reset on the ticket.\n"
	readme := write("sops/README.md", "# How to use these procedures\n\n"+procedure)
	write("sops/reset.md", procedure)
	ctx := context.Background()
	all := lint.Paths(ctx, []string{dir}, lint.Options{Today: today})
	if all.Files != 1 || len(all.PassedOver) != 1 || all.PassedOver[0].File != readme || !strings.Contains(all.PassedOver[0].Reason, `excluded by `) || !strings.Contains(all.PassedOver[0].Reason, `"README.md"`) {
		t.Errorf("folder: %d linted, passed over %+v; want reset.md linted and README.md excluded", all.Files, all.PassedOver)
	}
	if one := lint.Paths(ctx, []string{readme}, lint.Options{Today: today}); one.Files != 0 || len(one.PassedOver) != 1 {
		t.Errorf("README.md named: %d linted, passed over %+v; want it excluded as in the folder", one.Files, one.PassedOver)
	}
}
