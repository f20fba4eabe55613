// Package corpus writes a synthetic body of Markdown SOPs for the lint
// benchmark, the same one scripts/lintcorpus writes for comparing with
// other linters: varied, deterministic, some clean and some with findings.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

var (
	intake = []string{
		"Open the incident for the request.",
		"Open the ticket from the **Service desk** queue.",
		"Assign the incident to yourself.",
		"Look up the account in the directory.",
	}
	verify = []string{
		"Send a one-time code to the mobile number registered on the account.",
		"Ask the caller to read the code back.",
		"Verify the caller's identity as appropriate.",
		"Ask the caller their date of birth and employee id.",
		"Send an approval request to the authenticator app registered on the account.",
		"Start a video call with the user from the directory entry.",
	}
	access = []string{
		"Reset the password with a temporary password that must be changed at next sign-in.",
		"Unlock the account in the **Directory admin console**.",
		"Reset the password and then email it to the user.",
		"Remove the lost factor from the account.",
		"The password should be reset in the admin console.",
	}
	deliver = []string{
		"Send the temporary password by SMS to the registered mobile number.",
		"Send the reset link to the user's registered email address.",
		"Read the temporary password aloud to the caller.",
	}
	closing = []string{
		"Ask the user to sign in while you wait.",
		"Send the account-change notice to the user's registered email address, telling them to contact the Security team if they did not request it.",
		"Record on the incident who performed the reset, what was done, when, the account, the verification method and its outcome, and the ticket reference.",
		"Add a work note to the incident.",
		"Resolve the incident.",
		"If the user can sign in, close the ticket.",
	}
	exceptions = []string{
		"- Verification fails or times out: do not reset; escalate to the Security team queue within 30 minutes.",
		"- The caller is angry: escalate.",
		"- The caller is an executive with an urgent need: never skip verification.",
		"- The account may be compromised: revoke all sessions, then escalate to the Security team queue within 30 minutes.",
	}
)

// SOP returns the i-th SOP of the corpus.
func SOP(i int) string {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: SOP-%04d\ntitle: Procedure %d\nversion: \"1.%d\"\nowner: Service Desk Manager\n", i, i, r.IntN(9))
	if r.IntN(4) > 0 {
		b.WriteString("approver: Head of Information Security\n")
	}
	fmt.Fprintf(&b, "effective: \"2026-0%d-01\"\nnext_review: \"202%d-06-01\"\n---\n\n", 1+r.IntN(9), 6+r.IntN(3))
	fmt.Fprintf(&b, "# Procedure %d\n\n## 1. Purpose\n\nRestore access for a user only after proving that the caller owns the account.\n\n", i)
	b.WriteString("## 2. Scope\n\nStandard workforce accounts.")
	if r.IntN(3) > 0 {
		b.WriteString(" Privileged, service and shared accounts are excluded: they follow SOP-IAM-006.")
	}
	b.WriteString("\n\n## 3. Responsibilities\n\n- Service desk agent: verifies the caller and performs the change.\n- User: owns the account.\n- Security team: receives failed verifications.\n\n## 4. Procedure\n\n")
	n := 1
	phase := func(title string, lists [][]string, count int) {
		fmt.Fprintf(&b, "### %s\n\n", title)
		for k := 0; k < count; k++ {
			fmt.Fprintf(&b, "%d. %s\n", n, pick(lists[r.IntN(len(lists))]))
			n++
		}
		b.WriteString("\n")
	}
	phase("Receive the request", [][]string{intake}, 1+r.IntN(3))
	phase("Verify the caller", [][]string{verify}, 1+r.IntN(4))
	phase("Restore access", [][]string{access, deliver}, 1+r.IntN(4))
	phase("Confirm and close", [][]string{closing}, 2+r.IntN(5))
	b.WriteString("## 5. Exceptions and escalation\n\n")
	for k := 0; k < 1+r.IntN(3); k++ {
		b.WriteString(pick(exceptions) + "\n")
	}
	b.WriteString("\n## 6. Records and evidence\n\n- Verification method and outcome, and the change: incident work notes.\n")
	if r.IntN(2) == 0 {
		b.WriteString("- Audit entry.\n")
	}
	return b.String()
}

// Write writes n SOPs into dir as sop-NNNN.md.
func Write(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("sop-%04d.md", i)), []byte(SOP(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
