package templates

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
)

func mustParseMarkdown(tb testing.TB, path string) *sopgen.Document {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := ParseMarkdown(path, data, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestParseMarkdownReadsSectionsStepsAndLines(t *testing.T) {
	d := mustParseMarkdown(t, "testdata/handwritten.md")
	if d.Meta.ID != "SOP-SD-014" || d.Meta.Approver != "Head of IT Security" || d.Meta.NextReview != "2027-03-01" {
		t.Errorf("meta = %+v", d.Meta)
	}
	for sec, line := range map[string]int{"Purpose": 13, "Scope": 17, "Roles": 22, "Procedure": 27, "Exceptions": 43, "Records": 47} {
		if got := d.Headings[sec]; got != line {
			t.Errorf("heading %s at line %d, want %d", sec, got, line)
		}
	}
	type want struct {
		number, kind, method, role string
		line                       int
	}
	wants := []want{
		{"1.1", "intake", "", "Service desk agent", 31},
		{"2.1", "verify", "sms-code", "Service desk agent", 35},
		{"2.2", "verify", "", "Service desk agent", 36},
		{"2.3", "other", "", "Service desk agent", 37},
		{"3.1", "access", "", "Service desk agent", 41},
	}
	steps := d.Steps()
	if len(steps) != len(wants) {
		t.Fatalf("%d steps, want %d", len(steps), len(wants))
	}
	for i, w := range wants {
		s := steps[i]
		got := want{s.Number, string(s.Kind), s.Method, s.Role, s.Loc.Line}
		if got != w {
			t.Errorf("step %d = %+v, want %+v", i, got, w)
		}
	}
	if got := steps[4].Text; len(got) != 5 || !got[1].Strong || got[1].Text != "Entra admin center" || got[2].Text != " and tick " {
		t.Errorf("spans = %+v", got)
	}
	if len(d.Roles) != 2 || d.Roles[0].Name != "Service desk agent" || d.Roles[1].Name != "Security team" || d.Roles[1].Line != 25 {
		t.Errorf("roles = %+v", d.Roles)
	}
	if len(d.Exceptions) != 1 || !d.Exceptions[0].FailedVerification || d.Exceptions[0].Line != 45 {
		t.Errorf("exceptions = %+v", d.Exceptions)
	}
	if len(d.Records) != 1 || d.Records[0].Where != "The incident work notes" || d.Records[0].Line != 51 {
		t.Errorf("records = %+v", d.Records)
	}
	if !strings.Contains(d.Scope.Text, "shared accounts are excluded") {
		t.Errorf("scope = %q", d.Scope.Text)
	}
}

func TestParseMarkdownRejectsBadInputWithTheLine(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"unclosed front matter", "---\nid: x\n# Title\n", "x.md:1: the front matter opened by --- on line 1 is never closed"},
		{"a front matter key of ours with the wrong type", "---\nid: x\nowner: [a, b]\n---\n# T\n", "x.md:3: front matter:"},
		{"invalid YAML in front matter", "---\nid: [x\n---\n", "x.md:"},
		{"not UTF-8", "# Title\n\n## Purpose\n\xff\xfe\n", "x.md:4: the file is not valid UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseMarkdown("x.md", []byte(c.in), nil)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %q, want it to start %q", err, c.want)
			}
		})
	}
}

func TestSectionHeadingsAndFailedVerificationTriggers(t *testing.T) {
	for h, want := range map[string]string{
		"2. Scope": "Scope", "2.1 Purpose": "Purpose", "iv) Records and evidence": "Records",
		"Section 3 Procedure": "Procedure", "vi editor": "", "Responsibilities": "Roles", "Exceptions and escalation": "Exceptions",
	} {
		if got := sectionOf(h); got != want {
			t.Errorf("sectionOf(%q) = %q, want %q", h, got, want)
		}
	}
	for trig, want := range map[string]bool{
		"Code does not match or caller refuses":  true,
		"Verification fails or times out":        true,
		"The caller cannot prove their identity": true,
		"The user is on holiday":                 false,
		"The printer fails":                      false,
	} {
		if got := isFailedVerification(trig); got != want {
			t.Errorf("isFailedVerification(%q) = %v, want %v", trig, got, want)
		}
	}
}

func TestStepNumbersFollowThePhasesThereAre(t *testing.T) {
	const head = "# Unlock\n\n## Procedure\n\n"
	cases := []struct {
		name, procedure string
		want            []string
	}{
		{"a flat numbered list is numbered 1, 2, 3", "1. Open the ticket.\n2. Verify the caller.\n3. Unlock the account.\n", []string{"1", "2", "3"}},
		{"a flat bulleted list too", "- Open the ticket.\n- Verify the caller.\n", []string{"1", "2"}},
		{"a nested list under a flat one continues the count", "1. Open the ticket.\n   1. Read it.\n2. Unlock the account.\n", []string{"1", "2", "3"}},
		{"phase headings number phase.step", "### Intake\n\n1. Open the ticket.\n2. Verify the caller.\n\n### Change\n\n1. Unlock the account.\n", []string{"1.1", "1.2", "2.1"}},
		{"steps before the first phase heading are phase 1", "1. Open the ticket.\n2. Verify the caller.\n\n### Change\n\n1. Unlock the account.\n", []string{"1.1", "1.2", "2.1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ParseMarkdown("sop.md", []byte(head+c.procedure), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range d.Steps() {
				got = append(got, s.Number)
			}
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Errorf("step numbers = %v, want %v", got, c.want)
			}
		})
	}
}

func TestFrontMatterOfOtherToolsIsIgnored(t *testing.T) {
	in := "---\nlayout: post\ntitle: Resetting a password\nmenu:\n  main:\n    weight: 3\ndescription: How the desk resets passwords\nlocale: en-GB\nowner: IT Service Desk\n---\n# Resetting a password\n\n## Procedure\n\n1. Verify the caller with a code sent to the registered mobile.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatalf("a Jekyll/Hugo page is an input error: %v", err)
	}
	if d.Meta.Owner != "IT Service Desk" || d.Meta.Title != "Resetting a password" {
		t.Errorf("meta = %+v, want our keys read", d.Meta)
	}
	if len(d.Steps()) != 1 {
		t.Errorf("%d steps, want 1", len(d.Steps()))
	}
}

func TestHeadingsAreMatchedByMeaning(t *testing.T) {
	for _, h := range []string{"## 📌 Purpose", "## **Purpose:**", "## 2. Purpose", "### Purpose:", "## ✅ Purpose ✅"} {
		if got := sectionOf(strings.TrimLeft(h, "# ")); got != "Purpose" {
			t.Errorf("sectionOf(%q) = %q, want Purpose", h, got)
		}
	}
	for _, h := range []string{"Step-by-step procedure", "Procedures", "How to reset a password"} {
		if got := sectionOf(h); got != "Procedure" {
			t.Errorf("sectionOf(%q) = %q, want Procedure", h, got)
		}
	}
}

// readKinds parses a Markdown document and lists its steps as
// "line:kind", in order.
func readKinds(t *testing.T, in string) []string {
	t.Helper()
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range d.Steps() {
		out = append(out, fmt.Sprintf("%d:%s", s.Loc.Line, s.Kind))
	}
	return out
}

func TestAListOfWhatSomeoneCanDoIsNoProcedure(t *testing.T) {
	for _, lead := range []string{
		"When managing methods for your users, Authentication administrators can:",
		"If you have organisation admin permissions, you can do the following for people in your organisation:",
		"Helpdesk staff are able to:",
	} {
		in := "# Managing users\n\n" + lead + "\n\n1. Reset a user's password.\n1. Revoke existing MFA sessions.\n"
		if got := readKinds(t, in); len(got) != 0 {
			t.Errorf("%q: its list was read as steps %v", lead, got)
		}
	}
	// An instruction to do the following is a procedure.
	in := "# Resetting\n\nTo reset a password, do the following:\n\n1. Verify the caller's identity with a code sent to their registered phone.\n1. Reset the user's password.\n"
	if got := readKinds(t, in); len(got) != 2 {
		t.Errorf("a procedure after \"do the following:\" read as %v", got)
	}
}

func TestOptionsAStepOffersAreWhatItDoes(t *testing.T) {
	in := "# Manage a user\n\n## Procedure\n\n" +
		"1. Browse to **Users**.\n" +
		"1. Select the user and choose one of the following options:\n" +
		"   - **Reset password** resets the user's password and assigns a temporary password.\n" +
		"   - **Revoke sessions** clears the user's sessions.\n"
	got := readKinds(t, in)
	if want := []string{"5:other", "6:access"}; !slices.Equal(got, want) {
		t.Errorf("steps = %v, want the options folded into the step that offers them %v", got, want)
	}
}

func TestAWrittenPickSetsAndTheLastInstructionCommits(t *testing.T) {
	in := "# Add a method\n\n## Procedure\n\n" +
		"1. At the top of the window, select **+ Add authentication method**.\n" +
		"1. Select a reset method for the user's password.\n" +
		"1. Select **Add**.\n\n" +
		"## Reset 2-step verification\n\n" +
		"1. Select an individual user account. Select **Reset 2-step verification** under Actions.\n"
	got := readKinds(t, in)
	if want := []string{"5:other", "6:other", "7:access", "11:access"}; !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want the change on the step that commits it %v", got, want)
	}
}

func TestAWrittenCommitCarriesWhatItsUnitNamed(t *testing.T) {
	in := "# Reset a user's MFA\n\n## Procedure\n\n" +
		"1. Search for the user and tick the box next to their address.\n" +
		"1. A set of options appears above the table. Select **Disable MFA**.\n" +
		"1. Click **OK**.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	ok := d.Steps()[2]
	if ok.Kind != sopgen.KindAccess || !slices.ContainsFunc(ok.Params, func(p string) bool { return strings.Contains(p, "Disable MFA") }) {
		t.Errorf("the commit step: kind %s, params %q; want access, committing Disable MFA", ok.Kind, ok.Params)
	}
}

// A bold title over a list names a task of its own ("**To change the
// password (console)**"); a note in bold does not; a bold word alone on its
// line labels a note, not the instruction.
func TestBoldTaskTitlesAndNoteLabels(t *testing.T) {
	in := "# Managing passwords\n\n## Procedure\n\n" +
		"**To create a password**\n\n" +
		"1. Choose **Manage password**.\n" +
		"1. Choose **Custom password**, and type the password.\n" +
		"**Note**  \nThe password must meet the policy.\n\n" +
		"**To change the password for a user (console)**\n\n" +
		"1. Choose **Manage password**.\n\n" +
		"**Note - most groups share the name of their vault. Check the vault to be sure.**\n\n" +
		"1. Choose **Apply**.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, ph := range d.Phases {
		titles = append(titles, ph.Title)
	}
	if want := []string{"To create a password", "To change the password for a user (console)"}; !slices.Equal(titles, want) {
		t.Errorf("phases = %q, want %q", titles, want)
	}
	if got := d.Steps()[1].Plain(); strings.Contains(got, "Note") {
		t.Errorf("step 1.2 = %q: the note's label is read as part of the instruction", got)
	}
}

// "Then choose **Apply**" presses Apply, whatever the sentence before it
// named: the step commits the change its unit set up.
func TestTheControlIsNamedInTheLastInstruction(t *testing.T) {
	in := "# Change a password\n\n## Procedure\n\n" +
		"1. Choose **Manage password**.\n" +
		"1. To have the console generate a password, choose **Autogenerated password**.\n" +
		"1. To require a new password at sign-in, choose **Require password reset**. Then choose **Apply**.\n"
	got := readKinds(t, in)
	if want := []string{"5:other", "6:other", "7:access"}; !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want the change on the step that presses Apply %v", got, want)
	}
}

// What a step forbids it does not do; "it" is what the clause before
// named; typing your own details into a form sends nothing.
func TestNegationPronounsAndSigningIn(t *testing.T) {
	in := "# Accounts\n\n## Procedure\n\n" +
		"1. Unsuspend the account, reset password, do not email the password.\n" +
		"1. Copy the password and give it to the user.\n" +
		"1. On the Sign in page, enter your email address and password.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Steps() {
		got = append(got, fmt.Sprintf("%d:%s:%s", s.Loc.Line, s.Kind, s.Channel))
	}
	want := []string{"5:access:", "6:deliver:", "7:other:"}
	if !slices.Equal(got, want) {
		t.Errorf("steps = %q, want %q", got, want)
	}
}

// A lead-in that puts an obligation on someone ("To clear a token, admin
// should:") makes the list after it the procedure, whatever its items
// look like; "administrators can:" lists abilities.
func TestALeadInThatDirectsStartsTheProcedure(t *testing.T) {
	in := "# Two-factor tokens\n\n## Administration\n\nTo clear a token, admin should:\n\n" +
		"* login to ipa01.example.org\n* kinit admin@EXAMPLE.ORG\n"
	if got := readKinds(t, in); len(got) == 0 {
		t.Errorf("no steps read from a list introduced by \"admin should:\"")
	}
	for lead, want := range map[string]bool{
		"To clear a token, admin should:":         true,
		"The agent must:":                         true,
		"Do the following:":                       true,
		"Run these commands:":                     true,
		"Authentication administrators can:":      false,
		"The form has these fields:":              false,
		"To clear a token, admin should do this.": false,
	} {
		if got := directs(lead); got != want {
			t.Errorf("directs(%q) = %v, want %v", lead, got, want)
		}
	}
}

// The owner's own work on their account is not a change the procedure
// makes; an obligation put on a role is an instruction.
func TestOwnersWorkAndObligations(t *testing.T) {
	in := "# Recovery\n\n## Google\n\nBefore any recovery, the recoverer must send a message to the security channel.\n\n" +
		"After recovery, the requester should reset their 2-step verification.\n"
	got := readKinds(t, in)
	if len(got) == 0 {
		t.Fatal("the obligation put on the recoverer is not read as a step")
	}
	for _, k := range got {
		if strings.HasSuffix(k, ":access") {
			t.Errorf("kinds = %v: the requester resetting their own 2SV is read as an access change", got)
		}
	}
}

// A template's variables listed under a step ("`ISSUE_LINK` - The URL of
// the issue") are data of that step, not steps.
func TestTemplateVariablesAreData(t *testing.T) {
	in := "# Notify\n\n## Procedure\n\n" +
		"1. Post the template below in the customer's channel, replacing these variables:\n" +
		"   - `ISSUE_LINK` - The URL of the reset issue\n" +
		"   - `SLACK_USERNAME` - The handle of the approver\n"
	if got := readKinds(t, in); len(got) != 1 {
		t.Errorf("steps = %v, want one: the variables are data of the step", got)
	}
}

// A control named in bold in a step's last instruction is read by what it
// does, as a quoted one is; the reader's own password is not issued.
func TestABoldControlIsReadByWhatItDoes(t *testing.T) {
	in := "# Resetting accounts\n\n" +
		"1. Verify that the person requesting the reset owns the account with a code sent to their registered phone.\n" +
		"2. Locate the **MFA settings** field, and if prompted, re-enter your password to unlock it. Press **Send account reset email**, and confirm the action in the dialog.\n"
	got := readKinds(t, in)
	if len(got) != 2 || got[1] == "4:other" {
		t.Errorf("kinds = %v: the step that presses Send account reset email changes nothing", got)
	}
}

// A click on a control that changes access, then a pick from a list, then
// another click: the first opened the form, the last commits the change,
// whatever else it does.
func TestAFormOpenedSetAndCommitted(t *testing.T) {
	in := "# Reset a password\n\n## Procedure\n\n" +
		"1. Click **Credential Reset**.\n" +
		"1. Select **Update Password** from the list.\n" +
		"1. Click **Send Email**. The email holds a link to the Update Password page.\n"
	got := readKinds(t, in)
	if want := []string{"5:other", "6:other", "7:access"}; !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want the change on the step that sends the form %v", got, want)
	}
}

// A code block that a paragraph introduces as a command is a step: run it,
// to do what the paragraph says or, failing that, what the heading names.
// Outside a procedure it becomes one only when it changes something.
func TestACommandIntroducedByAParagraphIsAStep(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"a purpose", "# Accounts\n\n## Onboarding or resetting credentials\n\nYou can send a reset link. To generate this link:\n\n```bash\nidm person credential create-reset-token alice\n```\n", []string{"5:access"}},
		{"the heading's work", "# Admin\n\n### Resetting a lost administrator password\n\nIf the password is lost, it can be reset using the `resetpassword` sub-command:\n\n```\nidm resetpassword\n```\n", []string{"5:access"}},
		{"a command handed over with 'with'", "# Admin\n\n### Generate a one-time code\n\nThe app provides a command you can execute with\n\n```bash\n./occ twofactorauth:admin:generate-code leonida\n```\n\nThe command will print the code. Transfer this code to the user by phone.\n", []string{"5:access", "11:deliver"}},
		{"installing is no procedure", "# Tool\n\n## Install\n\nTo install it, run:\n\n```\ngo install example.com/tool@latest\n```\n", nil},
		{"output is no command", "# Accounts\n\n## Missing principal\n\nThis error shows as the following when a user attempts to reset their password:\n\n```\nkadmin: Principal does not exist\n```\n", nil},
		{"a command right under its task's heading", "# CLI\n\n### Reset user password\n\n```bash\n./cli user:reset-password alice\n```\n\n### Remove two-factor authentication for a user\n\n```bash\n./cli user:reset-2fa alice\n```\n", []string{"6:access", "12:access"}},
		{"a command under a label saying where it runs, in a task asked as a question", "# FAQ\n\n### How can I reset the administrator password?\n\nDocker install:\n```\n$ docker exec -ti app reset-password\n```\n", []string{"5:access"}},
		{"output a paragraph introduces is no command", "# Tool\n\n## Change the password for a single user\n\nTo change the password for a single user, run the script with the -u option:\n\n```\nbash tool.sh -u admin\n```\n\nThis is the output of the script:\n\n```\nINFO: Passwords changed\n```\n", []string{"5:access"}},
		{"a label for output is no command", "# FAQ\n\n### How can I reset the administrator password?\n\nExample output:\n```\nNew password: xxxxx\n```\n", nil},
		{"a command under a heading that names no control work", "# Tool\n\n## Install\n\n```\ngo install example.com/tool@latest\n```\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := readKinds(t, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("steps = %v, want %v", got, tt.want)
			}
		})
	}
}

// Signing in, written after a step, records nothing.
func TestSigningInAfterAStepIsNoRecord(t *testing.T) {
	in := "# Web UI\n\n## Procedure\n\n1. Open the WebUI in the browser.\n\nLog in as admin. The user will be logged into the client as bob.\n"
	for _, k := range readKinds(t, in) {
		if strings.HasSuffix(k, ":log") {
			t.Errorf("steps = %v: signing in read as a record", readKinds(t, in))
		}
	}
}

// "Owner: …" lines under the title are the document's control data.
func TestLabelLinesUnderTheTitleAreMetadata(t *testing.T) {
	d, err := ParseMarkdown("x.md", []byte("# Password reset\n\nOwner: Dana Whitfield (Service Desk Lead)\nVersion: 2.1\nLast updated: 3 Nov 2026\n\n## Procedure\n\n1. Reset the password.\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta.Owner != "Dana Whitfield (Service Desk Lead)" || d.Meta.Version != "2.1" || d.Meta.Line != 3 {
		t.Errorf("metadata = %+v", d.Meta)
	}
	d, err = ParseMarkdown("x.md", []byte("# Password reset\n\nNote: read this first.\n\n## Procedure\n\n1. Reset the password.\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Meta.Line != 0 || d.Meta.Owner != "" {
		t.Errorf("a note was read as metadata: %+v", d.Meta)
	}
}

// How procedures are written: each case a way the published procedures
// (or a newcomer's own) write a step, and the steps and kinds it is read as.
func TestHowProceduresAreWritten(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"Items under a step done to look at something are what the reader will see, not options that give the step their kind.",
			"# Users\n\n## View user details\n\n1. Click the name of the user.\n2. To see further details, click any of the other tabs:\n    - **Groups** allows you to manage the group membership of the user.\n    - **Credentials** lets you reset the user's password.\n",
			[]string{"5:other", "6:other"}},
		{"A control that opens a form, with no commit in view in its own task, keeps the work it names: a later task's change is not its commit.",
			"# Users\n\n### Create a recovery link\n\n1. Click the name of the user.\n2. To generate a recovery link, click **Create recovery link**.\n\n### Reset a password\n\n1. Click the name of the user.\n2. Click **Reset password**, and then define the new value.\n",
			[]string{"5:other", "6:access", "10:other", "11:access"}},
		{"A step that only runs a command does what its task's title names.",
			"# Admins\n\n## Promoting a user from the command line\n\n1. SSH into your appliance.\n1. Run ghe-user-promote with the username to promote.\n\n## Listing users from the command line\n\n1. Run ghe-user-list.\n",
			[]string{"5:other", "6:access", "10:other"}},
		{"A paragraph labelled \"Step N –\" is a step of its own, as a list item is.",
			"# Helpdesk\n\n## Unlock user accounts\n\nStep 1 – In Admin Center, click **Helpdesk** in the left pane.\n\nStep 2 – Locate your required user.\n\nStep 3: To unlock an account, select the checkbox for it and click **Unlock**.\n",
			[]string{"5:other", "7:other", "9:access"}},
		{"In a procedure written as paragraphs, a paragraph that tells the reader what to do next is the next step; one that says what happened is more of the step before.",
			"# Users\n\n## Invite new users\n\nTo invite new users to your system, click the green **+ User** button.\n\nEnter the email address, first name and last name of the new user.\n\nClick the blue **Create** button.\n\nThe user will be e-mailed an invitation.\n",
			[]string{"5:other", "7:other", "9:access"}},
		{"What the next task's first step picks is no menu this task's last button opened: the button commits this task's change.",
			"# Users\n\n## Invite new users\n\nTo invite new users to your system, click the green **+ User** button.\n\nEnter the email address, first name and last name of the new user. Check whether the new user should get administration rights.\n\nClick the blue **Create** button in order to invite the new user via email.\n\n## Resend an invitation\n\nIn the user list, click on the user name to whom you want to resend the invitation.\n\nClick the **Send invitation** button.\n",
			[]string{"5:other", "7:other", "9:access", "13:other", "15:access"}},
		{"Prose that fills a form in, between the control that opened it and the one that commits it, keeps them one unit of work: the change is the commit.",
			"# Users\n\n## Invite new users\n\nTo invite new users to your system, click the green **+ User** button at the top right.\n\nEnter the email address, first name and last name of the new user. Check whether the new user should get system administration rights.\n\nClick the blue **Create** button.\n",
			[]string{"5:other", "7:other", "9:access"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := readKinds(t, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("steps = %v, want %v", got, tt.want)
			}
		})
	}
}

// A long command is cut on a character boundary in the step's text.
func TestALongCommandIsCutOnACharacter(t *testing.T) {
	cmd := "idm reset-token " + strings.Repeat("é", 100)
	d, err := ParseMarkdown("x.md", []byte("# Accounts\n\n## Resetting credentials\n\nTo generate a reset link, run:\n\n```\n"+cmd+"\n```\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	steps := d.Steps()
	if len(steps) != 1 {
		t.Fatalf("%d steps, want the command's", len(steps))
	}
	if text := steps[0].Plain(); !utf8.ValidString(text) || !strings.Contains(text, "…") {
		t.Errorf("step text %q: want it cut, and valid UTF-8", text)
	}
}

// The same task done two ways, each under a label saying where it runs,
// is two tasks: each is checked on its own.
func TestLabelledCommandsAreAlternatives(t *testing.T) {
	in := "# FAQ\n\n### How can I reset the administrator password?\n\nDocker install:\n```\n$ docker exec -ti app reset-password\n```\n\nKubernetes install (Helm):\n```\n$ kubectl exec deploy/app -- reset-password\n```\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ph := range d.Phases {
		for _, s := range ph.Steps {
			got = append(got, fmt.Sprintf("%s %d:%s", ph.Title, s.Loc.Line, s.Kind))
		}
	}
	want := []string{"how can i reset the administrator password 5:access", "reset the administrator password (Kubernetes install (Helm)) 10:access"}
	if !slices.Equal(got, want) {
		t.Errorf("phases = %q, want %q", got, want)
	}
}

// Exceptions written as a paragraph are read sentence by sentence, as the
// items of a list are.
func TestExceptionsWrittenAsProse(t *testing.T) {
	in := "# Reset\n\n## Procedure\n\n1. Reset the password.\n\n## Exceptions\n\nIf the caller cannot verify their identity, do not reset the password; escalate to the team lead. If the account is a service account, stop.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Exceptions) != 2 || !d.Exceptions[0].FailedVerification || d.Exceptions[0].Line != 9 {
		t.Fatalf("exceptions = %+v", d.Exceptions)
	}
	if got := d.Exceptions[1].Trigger; !strings.Contains(got, "service account") {
		t.Errorf("second trigger = %q", got)
	}
}

// What a person is asked to do, coordinated ("and change their password"),
// is more of what they are asked: no change the procedure makes.
func TestWhatSomeoneIsAskedToDoStaysTheirs(t *testing.T) {
	in := "# Reset\n\n## Procedure\n\n1. Reset the password.\n2. Ask the user to sign in and change their password.\n"
	if got, want := readKinds(t, in), []string{"5:access", "6:confirm"}; !slices.Equal(got, want) {
		t.Errorf("steps = %v, want %v", got, want)
	}
}

// A step whose subject names a role under Roles is that role's; one that
// names none gets the first role, marked as assumed.
func TestAStepsSubjectNamesItsRole(t *testing.T) {
	in := "# Access\n\n## Roles\n\n- Manager: approves.\n- IT Operations engineer: makes the change.\n\n## Procedure\n\n1. The manager approves the request in the ticket.\n2. The engineer adds the requester to the group.\n3. Record the change on the ticket.\n"
	d, err := ParseMarkdown("x.md", []byte(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range d.Steps() {
		got = append(got, fmt.Sprintf("%s %v", s.Role, s.RoleAssumed))
	}
	want := []string{"Manager false", "IT Operations engineer false", "Manager true"}
	if !slices.Equal(got, want) {
		t.Errorf("roles = %q, want %q", got, want)
	}
}
