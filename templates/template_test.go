package templates_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

func mustParseYAML(tb testing.TB, name, src string) *sopgen.Document {
	tb.Helper()
	d, err := templates.ParseYAML(name, []byte(src), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestParseYAMLReadsEveryPartWithItsLine(t *testing.T) {
	src := `metadata:
  id: SOP-IT-001
  owner: Service desk lead
purpose: Restore access safely.
scope:
  covers: Standard accounts.
  excludes: Privileged accounts follow SOP-IT-006.
roles:
  - name: Agent
    duties: Does the work.
policy:
  verification_methods: [portal, sms-code]
  delivery_channels: [reset-link]
procedure:
  - phase: Verify
    role: Agent
    steps:
      - text: Send a code to the **registered mobile** number.
        on_failure: failed
      - text: Reset the password.
        kind: access
        system: Entra ID
exceptions:
  - id: failed
    when: Verification fails.
    then: Escalate to the Security team queue within 30 minutes.
    failed_verification: true
records:
  - what: Work notes
    where: The incident
`
	d := mustParseYAML(t, "t.yaml", src)
	if d.Meta.ID != "SOP-IT-001" || d.Meta.Line != 2 || d.Purpose.Line != 4 || d.Headings["Procedure"] != 14 {
		t.Errorf("meta %+v, purpose line %d, procedure heading %d", d.Meta, d.Purpose.Line, d.Headings["Procedure"])
	}
	if d.Scope.Text != "Standard accounts.\n\nPrivileged accounts follow SOP-IT-006." {
		t.Errorf("scope = %q", d.Scope.Text)
	}
	steps := d.Steps()
	if len(steps) != 2 {
		t.Fatalf("%d steps, want 2", len(steps))
	}
	s := steps[0]
	if s.Kind != sopgen.KindVerify || s.Method != "sms-code" || s.Role != "Agent" || s.Loc.Line != 18 || s.Number != "1.1" {
		t.Errorf("step 1 = %+v", s)
	}
	if len(s.Text) != 3 || !s.Text[1].Strong || s.Text[1].Text != "registered mobile" {
		t.Errorf("step 1 spans = %+v", s.Text)
	}
	if len(s.Branches) != 1 || s.Branches[0].Goto != "failed" {
		t.Errorf("step 1 branches = %+v", s.Branches)
	}
	if steps[1].Kind != sopgen.KindAccess || steps[1].System != "Entra ID" || steps[1].Loc.Line != 20 {
		t.Errorf("step 2 = %+v", steps[1])
	}
	if got := d.Policy.VerificationMethods; len(got) != 2 || got[1] != "sms-code" {
		t.Errorf("policy = %v", got)
	}
	if len(d.Exceptions) != 1 || !d.Exceptions[0].FailedVerification || d.Exceptions[0].Line != 24 {
		t.Errorf("exceptions = %+v", d.Exceptions)
	}
	if len(d.Records) != 1 || d.Records[0].Line != 29 {
		t.Errorf("records = %+v", d.Records)
	}
}

func TestParseYAMLRejectsBadInputWithTheLine(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unknown key", "purpose: x\npurpse: y\n", "t.yaml:2: field purpse not found"},
		{"wrong type", "policy:\n  verification_methods: portal\n", "t.yaml:2: cannot unmarshal"},
		{"scope as a string", "scope: everything\n", "t.yaml:1: cannot unmarshal"},
		{"unknown kind", "procedure:\n  - steps:\n      - text: Do it.\n        kind: magic\n", "t.yaml:4: kind must be one of"},
		{"on_failure to nowhere", "procedure:\n  - steps:\n      - text: Do it.\n        on_failure: nope\n", "t.yaml:4: on_failure names no exception"},
		{"step without text", "procedure:\n  - steps:\n      - role: Agent\n", "t.yaml:3: a step needs text"},
		{"invalid YAML", "purpose: [unclosed\n", "t.yaml:"},
		{"not UTF-8", "purpose: ok\nscope: \xff\n", "t.yaml:2: the file is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := templates.ParseYAML("t.yaml", []byte(c.in), nil)
			if !errors.Is(err, templates.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %q, want it to start %q", err, c.want)
			}
		})
	}
}

func TestParseYAMLReportsEveryProblem(t *testing.T) {
	_, err := templates.ParseYAML("t.yaml", []byte("procedure:\n  - steps:\n      - text: A.\n        kind: magic\n      - text: B.\n        kind: wizardry\n"), nil)
	var ie *templates.InputError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 || ie.Problems[1].Line != 6 {
		t.Errorf("err = %#v, want two problems, the second at line 6", err)
	}
}

func TestBuiltinTemplatesLintClean(t *testing.T) {
	names := templates.Names()
	want := []string{"access-request", "account-unlock", "mfa-reset", "offboarding", "password-reset", "privileged-account-recovery"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("Names() = %v, want %v", names, want)
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			src, ok := templates.Builtin(name)
			if !ok {
				t.Fatal("not found")
			}
			if !strings.HasPrefix(string(src), "# yaml-language-server: $schema=") {
				t.Error("the template does not name its JSON Schema for editors")
			}
			d := mustParseYAML(t, name+".yaml", string(src))
			if len(d.Steps()) < 5 {
				t.Errorf("only %d steps", len(d.Steps()))
			}
			for _, f := range rules.Check(d, rules.Config{Today: today}) {
				t.Errorf("%s:%d: %s %s: %s", name, f.Location.Line, f.Severity, f.Rule, f.Message)
			}
			tm, err := templates.Lookup(name)
			if err != nil || tm.Meta.ID == "" || tm.Purpose == "" || len(tm.Exceptions) == 0 {
				t.Errorf("Lookup(%q) = %+v, %v", name, tm, err)
			}
		})
	}
}

func TestLookupNamesTheBuiltinsWhenNothingMatches(t *testing.T) {
	_, err := templates.Lookup("pasword-reset")
	if err == nil || !strings.Contains(err.Error(), "password-reset") {
		t.Errorf("err = %v, want it to list the built-in templates", err)
	}
}
