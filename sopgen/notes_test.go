package sopgen

import "testing"

func TestReadNote(t *testing.T) {
	tests := []struct {
		name    string
		note    string
		kind    Kind
		outcome string
		want    string
	}{
		{"a reduced passive is the delivery it records", "Temporary password sent by SMS to the mobile number of record.", KindDeliver, "", "Send the temporary password by SMS to the mobile number of record"},
		{"a passive with its auxiliary is the delivery it records", "Generated password was sent by SMS; it must be changed at first sign-in.", KindDeliver, "", "Send the generated password by SMS (it must be changed at first sign-in)"},
		{"the caller's confirmation is observed, not an access change", "Caller confirmed they can sign in with the new password.", KindConfirm, "", "Confirm with the caller that they can sign in with the new password"},
		{"what the user did after the reset confirms the outcome", "User signed in and set a new password.", KindConfirm, "", "Confirm that the user signed in and set a new password"},
		{"a call back with an object between verb and particle is a verification", "Called the user back on the number of record and verified the code.", KindVerify, "passed", "Call the user back on the number of record and verify the code"},
		{"a verification that could not be done failed", "Could not verify the caller.", KindVerify, "failed", "Verify the caller (recorded: could not verify the caller)"},
		{"a reset that did not happen is no access change", "Did not reset the password.", KindOther, "", ""},
		{"identity evidence the caller gave is a verification", "Caller gave their date of birth.", KindVerify, "", "Verify the caller's identity (recorded: the caller gave their date of birth)"},
		{"how the caller reached the desk is the request", "Requester rang about the locked account.", KindIntake, "", "Take the request (recorded: the requester rang about the locked account)"},
		{"what the caller says is context", "Caller says they are the regional director.", KindOther, "", "Hear the caller out (recorded: the caller says they are the regional director)"},
		{"a negated answer to knowledge questions is a failed verification", "Caller could not answer the security questions.", KindVerify, "failed", "Verify the caller's identity (recorded: the caller could not answer the security questions)"},
		{"a third party's approval is an approval, not the user's confirmation", "Manager approved the request by email.", KindApprove, "", "Obtain approval (recorded: the manager approved the request by email)"},
		{"an instruction stays as written", "Read the new password to the caller.", KindDeliver, "", "Read the new password to the caller"},
		{"a bare verb names no work", "Done.", KindOther, "", ""},
		{"a passive that ends at its participle is the work it records", "Account unlocked.", KindAccess, "", "Unlock the account"},
		{"a thing that did something reports how the work went", "Verification timed out.", KindVerify, "timed-out", ""},
		{"a report that opens with a noun is the work of that noun", "Call-back to the desk number in the directory — OK; user confirmed the request.", KindVerify, "", "Verify the user's identity (recorded: call-back to the desk number in the directory — OK; user confirmed the request)"},
		{"a light verb's passive is the work of its subject", "Callback to the number of record done after the reset.", KindVerify, "", "Verify the user's identity (recorded: callback to the number of record done after the reset)"},
		{"what a person wants is no confirmation", "Caller says they must get in before a board call.", KindOther, "", "Hear the caller out (recorded: the caller says they must get in before a board call)"},
		{"what a person says about signing in confirms it", "Caller says the code worked and they are back in.", KindConfirm, "", "Confirm with the caller that the code worked and they are back in"},
		{"a user's situation is context, not a confirmation", "User abroad for two weeks, left the phone at home.", KindOther, "", "Hear the user abroad for two weeks out (recorded: the user abroad for two weeks, left the phone at home)"},
		{"a terse report that access works confirms it", "User in, new pwd set.", KindConfirm, "", "Confirm that the user can sign in (recorded: user in, new pwd set)"},
		{"sign-in named as stopping is no confirmation", "New phone; the authenticator did not come across, so vault sign-in stops at the prompt.", KindOther, "", ""},
		{"opening something that is no request is not the request", "User opened the vault.", KindOther, "", "Hear the user out (recorded: the user opened the vault)"},
		{"the owner finishing the change themselves confirms it", "Member set the authenticator up again on the new phone.", KindConfirm, "", "Confirm that the member set the authenticator up again on the new phone"},
		{"an owner who cannot finish the change confirms nothing", "User could not set a new password.", KindOther, "", "Hear the user out (recorded: the user could not set a new password)"},
	}
	v := DefaultVocabulary()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := v.readNote(tt.note)
			if r.kind != tt.kind || r.outcome != tt.outcome {
				t.Errorf("kind, outcome = %s, %q, want %s, %q", r.kind, r.outcome, tt.kind, tt.outcome)
			}
			if got := noteInstruction(r); got != tt.want {
				t.Errorf("instruction = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNoteText(t *testing.T) {
	tests := []struct {
		name string
		note string
		want string
	}{
		{"a control note keeps its work without the phrase that held personal data", "Read the password aloud to " + EmailPlaceholder + " at " + PhonePlaceholder + ".", "Read the password aloud"},
		{"a note that held personal data and records no control work is no step", "Card " + CardPlaceholder + " on file; call " + PhonePlaceholder + ".", ""},
		{"a note without personal data is its instruction", "Temporary password sent by SMS.", "Send the temporary password by SMS"},
	}
	v := DefaultVocabulary()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &act{action: "note", text: tt.note}
			classify([]*act{a}, v)
			if got := noteText(a); got != tt.want {
				t.Errorf("noteText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAttachNotes(t *testing.T) {
	v := DefaultVocabulary()
	verify := &act{src: []int{0}, action: "click", name: "Verify", class: KindVerify, method: "sms-code"}
	note := &act{src: []int{1}, action: "note", text: "Verification timed out."}
	classify([]*act{note}, v)
	got := attachNotes([]*act{verify, note})
	if len(got) != 1 || len(got[0].src) != 2 {
		t.Fatalf("acts = %d, evidence = %v, want the note in the verification's evidence", len(got), got[0].src)
	}
	if got[0].outcome != "timed-out" {
		t.Errorf("outcome = %q, want %q", got[0].outcome, "timed-out")
	}
}
