package templates

import (
	"errors"
	"strings"
	"testing"
)

func TestParseReadsTheTemplate(t *testing.T) {
	in := `metadata:
  id: SOP-IT-001
  owner: Service desk lead
purpose: Restore access safely.
scope: Standard accounts.
policy:
  verification_methods: [portal, sms-code]
  delivery_channels: [reset-link]
exceptions:
  - when: Verification fails.
    then: Escalate to the Security team.
    failed_verification: true
records:
  - what: Work notes
    where: The incident
`
	tm, err := Parse("t.yaml", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tm.Purpose != "Restore access safely." || tm.Meta.ID != "SOP-IT-001" || len(tm.Exceptions) != 1 || !tm.Exceptions[0].FailedVerification {
		t.Errorf("template = %+v", tm)
	}
	if got := tm.Policy.VerificationMethods; len(got) != 2 || got[1] != "sms-code" {
		t.Errorf("policy = %v", got)
	}
}

func TestParseRejectsUnknownKeysAndWrongTypesWithTheLine(t *testing.T) {
	cases := map[string]string{
		"purpose: x\npurpse: y\n":                   "t.yaml: line 2: field purpse not found",
		"policy:\n  verification_methods: portal\n": "t.yaml: line 2: cannot unmarshal",
		"purpose: [unclosed\n":                      "t.yaml:",
	}
	for in, want := range cases {
		_, err := Parse("t.yaml", strings.NewReader(in))
		if err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) err = %v, want ErrInvalid", in, err)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) err = %q, want it to contain %q", in, err, want)
		}
	}
}
