package sopgen

import "testing"

// A written step is read by its verb; a UI step by what the control it
// names does, as a recorded button is.
func TestClassifyTextReadsTheControlAStepNames(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"To give access to an application, select ‘Grant’.":                              KindAccess,
		`Click "Send invitation"`:                                                        KindAccess,
		`Select "Add New Member".`:                                                       KindAccess,
		"Select ‘Update permissions’ to save the changes.":                               KindAccess,
		"With the passphrase, make the user a CloudFoundry admin using their GSA email.": KindAccess,
		"Invite the user to the organisation.":                                           KindAccess,
		`Click "Save"`:                                                                   KindOther,
		`Click on "People"`:                                                              KindOther,
		// Entering an identifier into a form does not verify anyone;
		// entering the code the caller read back does.
		"Enter either the user's email or GitHub ID.":   KindOther,
		"Enter the verification code the caller reads.": KindVerify,
		// A request to join names members without adding any.
		"Create an issue in this repository using the template for new member requests.": KindOther,
	})
}

// An instruction that is only the means (run, call, press) does the work
// its purpose names; a place on screen names no work.
func TestClassifyTextReadsThePurposeOfAMeans(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"To change a password, run this command: aws iam update-login-profile":                               KindAccess,
		"To change a user's password, call this operation: UpdateLoginProfile":                               KindAccess,
		"(Optional) To determine whether a user has a password, run this command: aws iam get-login-profile": KindOther,
		"To reset the password for a different user, first navigate away from this page.":                    KindOther,
		"If you choose the option to generate a password, choose Show in the New password dialog box.":       KindOther,
		"Approve by clicking Reset password.":                                                                KindAccess,
	})
}

// The words callerSupplied looks for before running its pattern must be
// in every text the pattern matches, whatever the case.
func TestCallerSuppliedPassesOverOnlyTextThePatternCannotMatch(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Send the code to the mobile the caller gave.", true},
		{"SEND THE LINK TO THE EMAIL ADDRESS THAT THE USER READ OUT", true},
		{"Text the number supplied by the requester.", true},
		{"The Customer Provides A New Mobile number.", true},
		{"Use the phone number given on the call.", true},
		{"Use the phone number ſupplied by the caller.", true}, // (?i) matches ſ as s
		{"Use the email address dictated over the chat.", true},
		{"Send the code to the mobile number on record.", false},
		{"Call the user back on the number in the directory.", false},
		{"The caller gives their name.", false},
	} {
		if got := callerSupplied(tc.text); got != tc.want {
			t.Errorf("callerSupplied(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if got, re := callerSupplied(tc.text), suppliedContact().MatchString(tc.text); got != re {
			t.Errorf("callerSupplied(%q) = %v, but the pattern alone says %v", tc.text, got, re)
		}
	}
}

// Following a guide does what its name says; a click that takes you
// somewhere does nothing there.
func TestClassifyTextReadsGuidesAndNavigation(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"Follow the Complete Recovery guidance":                    KindAccess,
		"Follow the Begin 1Password Account Recovery guidance":     KindAccess,
		"Follow the style guide":                                   KindOther,
		"Click on the notification link to be taken to 1Password.": KindOther,
		"Click the link to open the user's profile.":               KindOther,
	})
}

func TestAFilesNameIsNoWork(t *testing.T) {
	for in, want := range map[string]string{
		"Populate the 2FA Verification.md file with the template below": "Populate the file with the template below",
		"Edit group_vars/all/archusers.yml, then commit":                "Edit then commit",
		"Verify the caller. Reset the password.":                        "Verify the caller. Reset the password.",
	} {
		if got := withoutFileNames(in); got != want {
			t.Errorf("withoutFileNames(%q) = %q, want %q", in, got, want)
		}
	}
}

// wantKinds checks what the built-in vocabulary reads each text as.
func wantKinds(t *testing.T, cases map[string]Kind) {
	t.Helper()
	v := DefaultVocabulary()
	for text, want := range cases {
		if got := v.ClassifyText(text).Kind; got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}

// Every name the selector pattern matches passes the prefilter that saves
// running it on the others.
func TestMayBeSelectorPassesEveryMatch(t *testing.T) {
	for _, name := range []string{"#reset", ".btn-primary", "[data-id=x]", "form > button", "a ~ b", "div.actions", "span", "button", "a", "td", "xpath=//button", "//div[2]", "input#q"} {
		if !selectorLike().MatchString(name) {
			t.Fatalf("%q: the pattern does not match it; fix the table", name)
		}
		if !mayBeSelector(name) {
			t.Errorf("%q matches the selector pattern but the prefilter passes it over", name)
		}
	}
	if mayBeSelector("Reset password") {
		t.Error("a button's name is not passed over")
	}
}

// Verbs, tools and guides: how the grammar of an instruction says what it
// does, each case a reading the published procedures needed.
func TestClassifyTextReadsVerbsToolsAndGuides(t *testing.T) {
	for _, tt := range []struct {
		name  string
		kinds map[string]Kind
	}{
		{"an unquoted control is read by its verb: setting up a factor changes it, though its name says OTP", map[string]Kind{
			"Click Configure OTP.":                KindAccess,
			"Select Register security key.":       KindAccess,
			"Click Remove device.":                KindAccess,
			"Click Credential Reset.":             KindAccess,
			"Enter the OTP the caller reads out.": KindVerify,
			"Select a user.":                      KindOther,
		}},
		{"consulting a guide does what its name says or nothing, never an escalation; a verb again is the verb", map[string]Kind{
			"If the account is sorried, refer to the documentation for unsorry.": KindOther,
			"Refer to the documentation.":                                        KindOther,
			"Refer the caller to the Security team.":                             KindEscalate,
			"See the escalation procedure.":                                      KindEscalate,
			"Follow the Complete Recovery guidance.":                             KindAccess,
			"Re-enable the account.":                                             KindAccess,
			"Re-add the user to the group.":                                      KindAccess,
		}},
		{"a tool used to do something does it; (re)set is set again", map[string]Kind{
			"Use the ipa passwd command to (re)set a user's password.": KindAccess,
			"Use the admin console to unlock the account.":             KindAccess,
			"Use a strong password.":                                   KindOther,
			"Use the search field to find the user.":                   KindOther,
		}},
		{"generating changes access only when it generates a credential", map[string]Kind{
			"Generate JSON payloads from YAML permission definition files.": KindOther,
			"Generate a report of active users.":                            KindOther,
			"Generate a one-time code for the user.":                        KindAccess,
			"Generate a new password.":                                      KindAccess,
			"Regenerate the recovery link.":                                 KindAccess,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) { wantKinds(t, tt.kinds) })
	}
}

// After a verb of checking, "that" opens what is checked.
func TestClassifyTextReadsWhatIsChecked(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"Confirm with the user that they could sign in with the temporary password.": KindConfirm,
		"Check that the user can sign in.":                                           KindConfirm,
		"Search for the person that needs a reset.":                                  KindOther,
	})
}

// What another person is asked to do on their own account is their work;
// a step behind two leading conditions is read by its main clause.
func TestClassifyTextReadsWhatSomeoneIsAskedToDo(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"Ask the user to sign in with the new password.":                                                       KindConfirm,
		"Ask the user to connect to the VPN with the new password.":                                            KindOther,
		"Have the user log in to any app with the new password.":                                               KindConfirm,
		"Once the password has been changed, if the user is working remote, have the user connect to the VPN.": KindOther,
		"Once the caller has answered, if the answers match, reset the password.":                              KindAccess,
	})
}

// A role's duty written as the role does it ("Agent: resets the
// password") is that work; a noun that looks like a verb's -s form is not.
func TestClassifyTextReadsDutiesInTheThirdPerson(t *testing.T) {
	wantKinds(t, map[string]Kind{
		"resets the password.": KindAccess,
		"records in the ticket who was added, to which group and when.": KindLog,
		"approves the request in the ticket.":                           KindApprove,
		"Logs in the ticket are kept for two years.":                    KindOther,
		"Changes take effect immediately.":                              KindOther,
	})
}
