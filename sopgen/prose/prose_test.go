package prose

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in, cond, main string
	}{
		{"a leading condition is split off at its comma", "If the code matches, reset the password", "If the code matches,", "reset the password"},
		{"an instruction with no condition is all main clause", "Reset the password", "", "Reset the password"},
		{"a condition with nothing after it is all main clause", "If needed,", "", "If needed,"},
		{"otherwise opens a condition", "Otherwise, escalate the ticket", "Otherwise,", "escalate the ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cond, main := Split(tt.in)
			if cond != tt.cond || main != tt.main {
				t.Errorf("Split(%q) = %q, %q, want %q, %q", tt.in, cond, main, tt.cond, tt.main)
			}
		})
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		stem    string
		subject []string
		tense   Tense
		mood    Mood
		passive bool
		negated bool
		byAgent bool
		rest    string
	}{
		{"an instruction is imperative and present", "Send the temporary password by SMS.", "send", nil, Present, Imperative, false, false, true, "the temporary password by SMS"},
		{"a terse past report is the writer's own work", "Verified the caller with a one-time code.", "verify", nil, Past, Indicative, false, false, true, "the caller with a one-time code"},
		{"a reduced passive has no auxiliary", "Temporary password sent by SMS to the mobile number of record.", "send", []string{"temporary", "password"}, Past, Indicative, true, false, true, "by SMS to the mobile number of record"},
		{"a past participle before a noun is an adjective", "Generated password was sent by SMS.", "send", []string{"generated", "password"}, Past, Indicative, true, false, true, "by SMS"},
		{"a perfect passive is perfect", "The password has been reset.", "reset", []string{"the", "password"}, Perfect, Indicative, true, false, true, ""},
		{"a person's report is theirs, not the writer's", "Caller confirmed they can sign in with the new password.", "confirm", []string{"caller"}, Past, Indicative, false, false, false, "they can sign in with the new password"},
		{"a phrasal verb keeps its particle", "User logged on.", "log", []string{"user"}, Past, Indicative, false, false, false, ""},
		{"negation with a modal is past and negated", "Could not verify the caller.", "verify", nil, Past, Indicative, false, true, true, "the caller"},
		{"a negated auxiliary is past", "The agent did not reset the password.", "reset", []string{"the", "agent"}, Past, Indicative, false, true, true, "the password"},
		{"a modal obligation is modal", "The password must be changed at first sign-in.", "change", []string{"the", "password"}, Present, Modal, true, false, true, "at first sign-in"},
		{"a third person present is a person's report", "Caller says their phone was lost.", "say", []string{"caller"}, Present, Indicative, false, false, false, "their phone was lost"},
		{"a copula reads as be", "Caller is the CFO.", "be", []string{"caller"}, Present, Indicative, false, false, false, "the CFO"},
		{"a reduced passive may end at its participle", "Account unlocked.", "unlock", []string{"account"}, Past, Indicative, true, false, true, ""},
		{"a thing that did something is no passive", "Code matched.", "match", []string{"code"}, Past, Indicative, false, false, false, ""},
		{"a plural noun before a past form is the subject", "Work notes added to the incident.", "add", []string{"work", "notes"}, Past, Indicative, true, false, true, "to the incident"},
		{"a typographic apostrophe is folded", "Caller couldn’t sign in.", "sign", []string{"caller"}, Past, Indicative, false, true, false, ""},
		{"a thing that went out by a channel was sent", "Temporary password went out by SMS.", "send", []string{"temporary", "password"}, Past, Indicative, true, false, true, "out by SMS"},
		{"a participle before a colon is a passive with its details", "Identity checked: caller quoted their employee ID.", "check", []string{"identity"}, Past, Indicative, true, false, true, "caller quoted their employee ID"},
		{"a reduced passive may go on with as", "Password sent as a text to the mobile.", "send", []string{"password"}, Past, Indicative, true, false, true, "as a text to the mobile"},
		{"an aside in brackets is not read", "Bypass code (single use, 1 hour) went by SMS.", "send", []string{"bypass", "code"}, Past, Indicative, true, false, true, "by SMS"},
		{"abbreviations agents write are read in full", "New pwd texted to the user.", "text", []string{"new", "password"}, Past, Indicative, true, false, true, "to the user"},
		{"a silent e comes back on a regular past form", "Call-back placed to the mobile of record.", "place", []string{"call-back"}, Past, Indicative, true, false, true, "to the mobile of record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Read(tt.in).First()
			if c.Stem != tt.stem {
				t.Errorf("stem = %q, want %q", c.Stem, tt.stem)
			}
			if !slices.Equal(c.Subject, tt.subject) {
				t.Errorf("subject = %q, want %q", c.Subject, tt.subject)
			}
			if c.Tense != tt.tense || c.Mood != tt.mood || c.Passive != tt.passive || c.Negated != tt.negated {
				t.Errorf("tense, mood, passive, negated = %v, %v, %v, %v, want %v, %v, %v, %v", c.Tense, c.Mood, c.Passive, c.Negated, tt.tense, tt.mood, tt.passive, tt.negated)
			}
			if c.ByAgent() != tt.byAgent {
				t.Errorf("ByAgent() = %v, want %v", c.ByAgent(), tt.byAgent)
			}
			if c.Rest != tt.rest {
				t.Errorf("rest = %q, want %q", c.Rest, tt.rest)
			}
		})
	}
}

func TestReadClauses(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		stems []string
	}{
		{"a semicolon starts a clause", "Called back the registered number; the user confirmed the request.", []string{"call", "confirm"}},
		{"and before a verb starts a clause that keeps the subject", "User signed in and set a new password.", []string{"sign", "set"}},
		{"and between nouns does not", "Verified the caller by date of birth and employee ID.", []string{"verify"}},
		{"instructions listed with commas are clauses", "Unsuspend the account, reset password, do not email the password.", []string{"unsuspend", "reset", "email"}},
		{"and before an instruction's verb and its object starts a clause", "Copy the password and give it to the user.", []string{"copy", "give"}},
		{"and between two verbs of one object does not", "Enter and confirm a new password.", []string{"enter"}},
		{"and before pressing a named control starts a clause", `Leave the e-mail address blank and click "Reset password".`, []string{"leave", "click"}},
		{"and before a pick starts one too", "Open the user and select Reset MFA.", []string{"open", "select"}},
		{"a click as a noun does not", "Allow a double click and a scroll.", []string{"allow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Read(tt.in).Clauses {
				got = append(got, c.Stem)
			}
			if !slices.Equal(got, tt.stems) {
				t.Errorf("stems = %q, want %q", got, tt.stems)
			}
		})
	}
}

func TestMeansReadsTheActionThatCarriesAnInstructionOut(t *testing.T) {
	for in, want := range map[string]string{
		"Approve by clicking Deactivate.":                              "click Deactivate.",
		"Save changes by clicking on the Update Group Members button.": "click on the Update Group Members button.",
		"Confirm by selecting Yes":                                     "select Yes",
		// No means: the text as it is.
		"Reset the password":      "Reset the password",
		"Search by email address": "Search by email address",
		"Record the change in the ticket by the end of the call": "Record the change in the ticket by the end of the call",
		// A long instruction's "by clicking" is part of its detail.
		"Send the user a message telling them their account is ready by clicking Notify": "Send the user a message telling them their account is ready by clicking Notify",
	} {
		if got := Means(in); got != want {
			t.Errorf("Means(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitReadsForAsAFrame(t *testing.T) {
	cond, main := Split("For Set password, choose whether to have IAM generate a password")
	if cond != "For Set password," || main != "choose whether to have IAM generate a password" {
		t.Errorf("Split = %q, %q", cond, main)
	}
}

func TestGerundIsTheVerb(t *testing.T) {
	for in, want := range map[string]string{"resetting": "reset", "Enabling": "enable", "adding": "add", "promoting": "promote", "unlocking": "unlock"} {
		if got, ok := Gerund(in); !ok || got != want {
			t.Errorf("Gerund(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"string", "morning", "ing", "reset"} {
		if got, ok := Gerund(in); ok {
			t.Errorf("Gerund(%q) = %q, want no verb", in, got)
		}
	}
}

func TestTaskReadsATitleAsItsInstruction(t *testing.T) {
	for in, want := range map[string]string{
		"Resetting a lost administrator password":     "reset a lost administrator password",
		"Adding users to security groups":             "add users to security groups",
		"Reset a password":                            "Reset a password",
		"Morning checks":                              "Morning checks",
		"Onboarding":                                  "Onboarding",
		"How can I reset the administrator password?": "reset the administrator password",
		"How to unlock a user":                        "unlock a user",
		"How do you know it worked?":                  "How do you know it worked?",
		"How it works":                                "How it works",
		"How does the reset work?":                    "How does the reset work?",
	} {
		if got := Task(in); got != want {
			t.Errorf("Task(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsInstructionReadsPhrasalVerbs(t *testing.T) {
	for in, want := range map[string]bool{"Look up the account": true, "Reset the password": true, "Help desk agent": false, "Look up": false, "Sign in": false} {
		if got := IsInstruction(in); got != want {
			t.Errorf("IsInstruction(%q) = %v, want %v", in, got, want)
		}
	}
}
