package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// approvalServer starts the API and UI on a loopback port with a new
// database and people of the team help-desk: Rita records, Rex reviews,
// Ann approves, Ada administers. It returns the address and their tokens.
func approvalServer(t *testing.T) (string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	tokens := map[string]string{}
	for name, role := range map[string]ingest.Role{"Rita": ingest.RoleRecorder, "Rex": ingest.RoleReviewer, "Ann": ingest.RoleApprover, "Ada": ingest.RoleAdmin} {
		is, err := store.CreatePersonToken(ctx, "help-desk", name+map[string]string{"Rita": " Recorder", "Rex": " Reviewer", "Ann": " Approver", "Ada": " Admin"}[name], role)
		if err != nil {
			t.Fatal(err)
		}
		tokens[name] = is.Token
	}
	key, err := store.Secret(ctx, "ui-session")
	if err != nil {
		t.Fatal(err)
	}
	return browsertest.Serve(t, api.New(api.Config{Service: &ingest.Service{Store: store}, Ready: store.Ping, UIKey: key, Rate: -1})), tokens
}

// reRecording is the SMS example recorded again with the fix a reviewer
// asked for: a path for a failed verification, and one click fewer.
func reRecording(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../examples/password-reset-sms/recording.json")
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	rec["id"] = "rec-pwreset-sms-0002"
	steps := rec["steps"].([]any)
	note := map[string]any{"t": 42000, "action": "note", "mark": "exception", "text": "If the code does not match after three attempts, stop and escalate the ticket to the security team."}
	rec["steps"] = append(append(append([]any{}, steps[:8]...), note), steps[9:]...) // the "More actions" click goes
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "re-recording.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func signOut(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS(".signout button")))
	waitFor(t, ctx, `location.pathname === "/signin" && document.getElementById("token") !== null`)
}

// openWorkflow opens the page of the password-reset-sms workflow, version n.
func openWorkflow(t *testing.T, ctx context.Context, base string, n string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(base+"/workflows/password-reset-sms?version="+n), chromedp.WaitVisible(chromedp.ID("control")))
}

// press submits a form by the keyboard — focus its button, press Enter —
// and waits for the page it leads to: a done message or a refusal.
func press(t *testing.T, ctx context.Context, button string) {
	t.Helper()
	markPage(t, ctx)
	do(t, ctx, chromedp.Focus(chromedp.ID(button)), chromedp.KeyEvent("\r"))
	afterForm(t, ctx)
}

// markPage marks the page shown, so that afterForm waits for the next one
// rather than read this one's message.
func markPage(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `document.documentElement.dataset.left = "1"; true`)
}

func afterForm(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, `document.readyState === "complete" && !document.documentElement.dataset.left && (document.getElementById("done") !== null || document.getElementById("problem") !== null)`)
}

// wantStatus stops the test unless the page shows the version's status.
func wantStatus(t *testing.T, ctx context.Context, when, want string) {
	t.Helper()
	if got := text(t, ctx, "#status"); got != want {
		t.Fatalf("%s the status is %q, want %q", when, got, want)
	}
}

// TestApprovalLoopInTheBrowser drives the whole loop in Chromium as the
// people of a team would, by keyboard: a recorder uploads and sends for
// review and may not approve; a reviewer accepts the control error with a
// reason and writes the reviewed text; an approver approves; a new
// recording is a draft with a redline against the approved version, which
// its uploader may not approve; an admin approves it; the audit log lists
// every step.
func TestApprovalLoopInTheBrowser(t *testing.T) {
	base, tok := approvalServer(t)
	ctx := browsertest.Start(t)

	// Rita records version 1 and sends it for review.
	signIn(t, ctx, base, tok["Rita"])
	upload(t, ctx, base, "../../examples/password-reset-sms/recording.json")
	wantStatus(t, ctx, "after the upload", "Draft")
	if got := text(t, ctx, "#headline"); got != "Not approvable: 1 control error" {
		t.Errorf("headline = %q", got)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("submit-comment"), "First recording of the SMS reset."))
	press(t, ctx, "submit")
	wantStatus(t, ctx, "after sending for review", "In review")
	// She uploaded it and is a recorder: her approval is refused.
	press(t, ctx, "approve")
	if msg := text(t, ctx, "#problem"); !strings.Contains(msg, "the role recorder may not approve") {
		t.Errorf("the uploader's approval was not refused: %q", msg)
	}
	wantStatus(t, ctx, "after a refused approval", "In review")
	signOut(t, ctx)

	// Rex accepts the control error with a reason, and writes the reviewed
	// text.
	signIn(t, ctx, base, tok["Rex"])
	openWorkflow(t, ctx, base, "1")
	do(t, ctx, chromedp.SendKeys(chromedp.CSS(".accept textarea"), "Failed verification goes to the security team under runbook SD-12; the recording did not show it."))
	markPage(t, ctx)
	do(t, ctx, chromedp.Focus(chromedp.CSS(".accept textarea")), chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"))
	afterForm(t, ctx)
	if got := text(t, ctx, "#headline"); got != "Ready for approval" {
		t.Errorf("after the acceptance the headline is %q", got)
	}
	if got := text(t, ctx, "#review .accepted"); !strings.Contains(got, "Accepted by Rex Reviewer") || !strings.Contains(got, "runbook SD-12") {
		t.Errorf("the acceptance shows %q", got)
	}
	do(t, ctx, chromedp.Click(chromedp.ID("reviewed-link")), chromedp.WaitVisible(chromedp.ID("reviewed-form")))
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("purpose"), "Restore a caller's access to their account only after their identity is verified, without the agent ever learning the new password."),
		chromedp.SendKeys(chromedp.ID("owner"), "Service desk lead"),
		chromedp.SendKeys(chromedp.ID("review_interval"), "12 months"),
	)
	screenshot(t, ctx, "reviewed")
	press(t, ctx, "save")
	if got := text(t, ctx, "#done"); !strings.HasPrefix(got, "Saved.") {
		t.Errorf("saving the reviewed text said %q", got)
	}
	signOut(t, ctx)

	// Ann approves version 1.
	signIn(t, ctx, base, tok["Ann"])
	openWorkflow(t, ctx, base, "1")
	if !strings.Contains(text(t, ctx, "#sop"), "without the agent ever learning the new password") {
		t.Error("the SOP does not carry the reviewed purpose")
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("approve-comment"), "Checked against runbook SD-12."))
	screenshot(t, ctx, "approval")
	press(t, ctx, "approve")
	wantStatus(t, ctx, "after Ann's approval", "Approved")
	if got := text(t, ctx, "#provenance"); !strings.Contains(got, "Approved by Ann Approver (approver)") {
		t.Errorf("the approval shows %q", got)
	}

	// Ann records the procedure again: a new draft, with a redline against
	// version 1, which she may not approve herself.
	upload(t, ctx, base, reRecording(t))
	wantStatus(t, ctx, "after the re-recording", "Draft")
	if got := text(t, ctx, "#redline-h"); got != "Changes since approved version 1" {
		t.Errorf("redline heading = %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#changes #redline ins, #changes #redline del").length`); n == 0 {
		t.Error("the redline marks no change")
	}
	if got := text(t, ctx, "#changes"); !strings.Contains(got, "escalate the ticket to the security team") {
		t.Errorf("the redline lacks the added step: %q", got)
	}
	screenshot(t, ctx, "redline")
	press(t, ctx, "submit")
	press(t, ctx, "approve")
	if msg := text(t, ctx, "#problem"); !strings.Contains(msg, "separation of duties") {
		t.Errorf("the uploader's approval of version 2 was not refused: %q", msg)
	}
	screenshotTop(t, ctx, "approval-refused")
	signOut(t, ctx)

	// Ada approves version 2; version 1 is superseded.
	signIn(t, ctx, base, tok["Ada"])
	openWorkflow(t, ctx, base, "2")
	press(t, ctx, "approve")
	wantStatus(t, ctx, "after Ada's approval", "Approved")
	if got := text(t, ctx, ".versions"); !strings.Contains(got, "version 1 Superseded") {
		t.Errorf("the versions list shows %q", got)
	}

	// The audit log lists every step, in order.
	do(t, ctx, chromedp.Click(chromedp.ID("audit-link")), chromedp.WaitVisible(chromedp.ID("audit")))
	rows := eval[[]string](t, ctx, `[...document.querySelectorAll("#audit tbody tr")].map(r => [...r.cells].slice(1, 5).map(c => c.textContent.trim()).join(" | "))`)
	want := []string{
		"Rita Recorder | recorder | recorded a new draft | 1",
		"Rita Recorder | recorder | sent for review | 1",
		"Rex Reviewer | reviewer | accepted a control error | 1",
		"Rex Reviewer | reviewer | edited the reviewed text | all",
		"Ann Approver | approver | approved | 1",
		"Ann Approver | approver | recorded a new draft | 2",
		"Ann Approver | approver | sent for review | 2",
		"Ada Admin | admin | superseded | 1",
		"Ada Admin | admin | approved | 2",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log rows:\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	screenshot(t, ctx, "audit")
}
