package extension_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
)

// Debian's dokuwiki package: the code under /usr/share/dokuwiki, the
// default configuration under /etc/dokuwiki, the wiki's data and accounts
// under /var/lib/dokuwiki (readable by www-data only). The test reads the
// first two and writes nothing outside its temporary folder.
const (
	dokuwikiCode = "/usr/share/dokuwiki"
	dokuwikiConf = "/etc/dokuwiki"
)

// wiki is a throwaway DokuWiki instance run by PHP's built-in web server.
type wiki struct {
	base  string // http://127.0.0.1:port
	users string // the plain-auth user file
	mail  string // where the wiki's mail goes
}

// wikiAccount is a line of DokuWiki's users.auth.php.
type wikiAccount struct {
	login, password, name, mail, groups string
}

// startDokuWiki sets up Debian's DokuWiki with its own configuration and
// data in a temporary folder and serves it on a free loopback port until
// the test ends. The system's configuration, accounts and pages are not
// touched: a PHP file prepended to every request points DokuWiki's
// configuration constants at the copy before Debian's preload reads them.
func startDokuWiki(t *testing.T, accounts ...wikiAccount) wiki {
	t.Helper()
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php is not installed (Debian package php-cli; .ci/run installs it)")
	}
	if _, err := os.Stat(filepath.Join(dokuwikiCode, "doku.php")); err != nil {
		t.Skipf("DokuWiki is not installed at %s (Debian package dokuwiki; .ci/run installs it)", dokuwikiCode)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "conf")
	data := filepath.Join(dir, "data")
	for _, d := range []string{conf, filepath.Join(dir, "sessions"),
		filepath.Join(data, "pages"), filepath.Join(data, "attic"), filepath.Join(data, "meta"),
		filepath.Join(data, "media"), filepath.Join(data, "media_attic"), filepath.Join(data, "media_meta"),
		filepath.Join(data, "cache"), filepath.Join(data, "index"), filepath.Join(data, "locks"),
		filepath.Join(data, "tmp"), filepath.Join(data, "log")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The package's defaults (dokuwiki.php, plugins.*.php, mime.conf, ...):
	// regular files only. The symlinks lead to the system's accounts and ACL.
	entries, err := os.ReadDir(dokuwikiConf)
	if err != nil {
		t.Fatalf("read DokuWiki's default configuration: %v", err)
	}
	for _, e := range entries {
		if e.Type()&fs.ModeType != 0 || e.Name() == "local.php" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dokuwikiConf, e.Name()))
		if err != nil {
			t.Fatalf("copy DokuWiki's default configuration: %v", err)
		}
		mustWrite(t, filepath.Join(conf, e.Name()), string(b))
	}
	mustWrite(t, filepath.Join(conf, "local.php"), fmt.Sprintf(`<?php
$conf['title'] = 'Help desk wiki';
$conf['savedir'] = %s;
$conf['useacl'] = 1;
$conf['authtype'] = 'authplain';
$conf['superuser'] = '@admin';
$conf['disableactions'] = 'register';
$conf['updatecheck'] = 0;
$conf['mailfrom'] = 'wiki@example.test';
`, phpString(data)))
	mustWrite(t, filepath.Join(conf, "acl.auth.php"), "# <?php exit()?>\n*\t@ALL\t1\n*\t@user\t8\n")
	var users strings.Builder
	users.WriteString("# <?php exit()?>\n")
	for _, a := range accounts {
		fmt.Fprintf(&users, "%s:%s:%s:%s:%s\n", a.login, bcrypt(t, php, a.password), a.name, a.mail, a.groups)
	}
	w := wiki{users: filepath.Join(conf, "users.auth.php"), mail: filepath.Join(dir, "mail.txt")}
	mustWrite(t, w.users, users.String())
	prepend := filepath.Join(dir, "prepend.php")
	mustWrite(t, prepend, fmt.Sprintf("<?php\ndefine('DOKU_MAIN_CONF', %[1]s);\ndefine('DOKU_CONF', %[1]s);\n", phpString(conf+"/")))

	// A free loopback port: closed here, taken by PHP a moment later.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	log, err := os.Create(filepath.Join(dir, "php.log"))
	if err != nil {
		t.Fatal(err)
	}
	// One process (no PHP_CLI_SERVER_WORKERS): forked workers outlive a
	// killed server.
	cmd := exec.Command(php,
		"-d", "auto_prepend_file="+prepend,
		"-d", "session.save_path="+filepath.Join(dir, "sessions"),
		// The "notify user" mail is written to a file: no mail leaves.
		"-d", "sendmail_path=cat >> "+w.mail,
		"-S", addr, "-t", dokuwikiCode)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start php -S: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		log.Close()
	})
	w.base = "http://" + addr
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(w.base + "/doku.php?id=start")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && bytes.Contains(body, []byte("Help desk wiki")) {
				break
			}
			err = fmt.Errorf("status %d: %.300s", resp.StatusCode, body)
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(log.Name())
			t.Fatalf("DokuWiki did not answer on %s: %v\n%s", addr, err, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return w
}

func mustWrite(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// phpString quotes s as a PHP single-quoted string literal.
func phpString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// bcrypt hashes a password as DokuWiki's plain auth stores it.
func bcrypt(tb testing.TB, php, password string) string {
	tb.Helper()
	cmd := exec.Command(php, "-r", `echo password_hash(stream_get_contents(STDIN), PASSWORD_BCRYPT);`)
	cmd.Stdin = strings.NewReader(password)
	out, err := cmd.Output()
	if err != nil || !strings.HasPrefix(string(out), "$2y$") {
		tb.Fatalf("hash a password with PHP: %v %s", err, out)
	}
	return string(out)
}

// passwordIs reports whether login's hash in DokuWiki's user file is that
// of password.
func (w wiki) passwordIs(tb testing.TB, login, password string) bool {
	tb.Helper()
	data, err := os.ReadFile(w.users)
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) < 2 || f[0] != login {
			continue
		}
		cmd := exec.Command("php", "-r", `echo password_verify(stream_get_contents(STDIN), $argv[1]) ? "yes" : "no";`, f[1])
		cmd.Stdin = strings.NewReader(password)
		out, err := cmd.Output()
		if err != nil {
			tb.Fatalf("verify a password with PHP: %v", err)
		}
		return string(out) == "yes"
	}
	tb.Fatalf("%s has no line in %s", login, w.users)
	return false
}

// recordedStep is what the assertions read of a stored step.
type recordedStep struct {
	Action    string `json:"action"`
	App       string `json:"app"`
	Page      string `json:"page"`
	URL       string `json:"url"`
	FieldKind string `json:"field_kind"`
	Target    struct {
		Role     string `json:"role"`
		Name     string `json:"name"`
		Selector string `json:"selector"`
	} `json:"target"`
}

func (s recordedStep) String() string {
	return strings.Join(strings.Fields(fmt.Sprintf("%s [%s] %q %s", s.Action, s.Target.Role, s.Target.Name, s.FieldKind)), " ")
}

// where is the page a step happened on, for the test's log.
func (s recordedStep) where() string {
	return fmt.Sprintf("%s %q", s.URL, s.Page)
}

// Secrets and the end user's identifiers typed or shown during the reset.
const (
	wikiAgentPassword = "Agent-PW-SECRET-5150"
	wikiOldPassword   = "Old-PW-SECRET-0417"
	wikiNewPassword   = "SECRET-PW-xyz-8842"
	wikiNoteSecret    = "NOTE-SECRET-3371"
	wikiSummarySecret = "SUMMARY-SECRET-6620"
	wikiUserLogin     = "mkowalska"
	wikiUserName      = "Marta Kowalska"
	wikiUserMail      = "marta.kowalska@example.test"
)

// TestRecorderOnDokuWiki records a password reset in a real third-party
// admin console: Debian's DokuWiki, its User Manager. The agent, signed in
// as a wiki admin, finds the user by login and e-mail, looks at the row,
// opens the account, types a new password twice, asks for the user to be
// notified and saves; then writes a note about it on a wiki page. The test
// checks that the wiki really reset the password, that the recording has
// each of those steps named as a person would say them and once, and that
// no password, note, login, name or e-mail of the user reached the server,
// the documents or the extension's storage.
func TestRecorderOnDokuWiki(t *testing.T) {
	w := startDokuWiki(t,
		wikiAccount{"agent", wikiAgentPassword, "Help Desk Agent", "agent@example.test", "admin,user"},
		wikiAccount{wikiUserLogin, wikiOldPassword, wikiUserName, wikiUserMail, "user"},
	)
	srv := startServer(t, "realapp.db")
	server, token := srv.url, srv.token

	bctx, page := startWithExtension(t)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		browsertest.Do(t, bctx, steps...)
	}
	waitFor := func(cond string) {
		t.Helper()
		browsertest.WaitFor(t, bctx, cond)
	}
	// A page loaded: the content script starts once the page is idle and
	// leaves no trace to wait for, hence the pause.
	loaded := func(cond string) {
		t.Helper()
		waitFor(`document.readyState === "complete" && (` + cond + `)`)
		time.Sleep(800 * time.Millisecond)
	}
	bodyHas := func(s string) string {
		b, _ := json.Marshal(s)
		return `document.body.innerText.includes(` + string(b) + `)`
	}

	// The agent signs in before recording.
	run(chromedp.Navigate(w.base + "/doku.php?id=start&do=login"))
	waitFor(`document.getElementById("focus__this") !== null`)
	run(
		chromedp.SendKeys(chromedp.ID("focus__this"), "agent"),
		chromedp.SendKeys(chromedp.CSS(`#dw__login input[name="p"]`), wikiAgentPassword),
		chromedp.Click(chromedp.CSS(`#dw__login button[type="submit"]`)),
	)
	waitFor(`document.readyState === "complete" && document.querySelector('a[href*="do=admin"]') !== null`)

	setExtension(t, bctx, page, server, token, "127.0.0.1 = DokuWiki")
	startRecording(t, bctx, page, "Reset a wiki user's password", "wiki-reset", "service desk agent")

	// The reset, in the User Manager.
	run(chromedp.Navigate(w.base + "/doku.php?id=start"))
	loaded(`document.querySelector('a[href*="do=admin"]') !== null`)
	run(chromedp.Click(chromedp.CSS(`a[href*="do=admin"]`)))
	loaded(`document.querySelector('a[href*="page=usermanager"]') !== null`)
	run(chromedp.Click(chromedp.CSS(`a[href*="page=usermanager"]`)))
	loaded(`document.querySelector('input[name="userid"]') !== null`)
	run(
		chromedp.SendKeys(chromedp.CSS(`input[name="userid"]`), wikiUserLogin),
		// Enter, as agents search: the browser submits the form through
		// its first submit control, the search icon, with a click of its
		// own making.
		chromedp.SendKeys(chromedp.CSS(`input[name="usermail"]`), wikiUserMail+kb.Enter),
	)
	loaded(`document.querySelectorAll("tr.user_info").length === 1`)
	// The agent checks the row's name before opening the account.
	run(chromedp.Click(chromedp.CSS(`tr.user_info td:nth-child(3)`)))
	run(chromedp.Click(chromedp.CSS(`tr.user_info a`)))
	loaded(`document.getElementById("modify_userpass") !== null`)
	run(
		chromedp.SendKeys(chromedp.ID("modify_userpass"), wikiNewPassword),
		chromedp.SendKeys(chromedp.ID("modify_userpass2"), wikiNewPassword),
		chromedp.Click(chromedp.ID("modify_usernotify")),
		chromedp.Click(chromedp.CSS(`button[name="fn[modify]"]`)),
	)
	loaded(bodyHas("User updated successfully"))

	// A note on the help desk's log page, with a reference that must stay
	// in the wiki.
	run(chromedp.Navigate(w.base + "/doku.php?id=helpdesk:resets"))
	loaded(`document.querySelector('#dokuwiki__pagetools a[href*="do=edit"]') !== null`)
	// Through the pencil icon, where a pointer lands on this page tool.
	run(chromedp.Click(chromedp.CSS(`#dokuwiki__pagetools a[href*="do=edit"]`)))
	loaded(`document.getElementById("wiki__text") !== null`)
	run(
		chromedp.SendKeys(chromedp.ID("wiki__text"), "Password reset for "+wikiUserLogin+" ("+wikiUserMail+"), reference "+wikiNoteSecret),
		chromedp.SendKeys(chromedp.ID("edit__summary"), "reset "+wikiSummarySecret),
		chromedp.Click(chromedp.ID("edbtn__save")),
	)
	loaded(`document.getElementById("wiki__text") === null && ` + bodyHas(wikiNoteSecret))
	// Clicking around the saved note, as people do.
	run(chromedp.Click(chromedp.CSS(`.page p`)))
	time.Sleep(300 * time.Millisecond)

	// The wiki did reset the password and notified the user.
	if !w.passwordIs(t, wikiUserLogin, wikiNewPassword) {
		t.Error("the wiki does not hold the new password: the reset did not happen")
	}
	if mail, _ := os.ReadFile(w.mail); !bytes.Contains(mail, []byte(wikiUserMail)) {
		t.Errorf("the wiki sent no notification to the user: %q", mail)
	}

	// Stop; what the extension holds before the upload.
	run(chromedp.Navigate(page + "popup.html"))
	waitFor(`document.getElementById("stop") !== null && !document.getElementById("stop").disabled`)
	run(chromedp.Click(chromedp.ID("stop")))
	waitFor(`!document.getElementById("upload").disabled`)
	held, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get(null).then(s => JSON.stringify(s))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	run(chromedp.Click(chromedp.ID("upload")))
	waitFor(`document.getElementById("result").textContent.startsWith("Stored as wiki-reset version 1")`)
	after, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get(null).then(s => JSON.stringify(s))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}

	places, recJSON := collectOutputs(t, srv, "wiki-reset")
	places["the extension's storage while recording"] = []byte(held)
	places["the popup's step list"] = []byte(shown)
	places["the extension's storage after upload"] = []byte(after)
	var rec struct {
		Recording struct {
			Steps []recordedStep `json:"steps"`
		} `json:"recording"`
	}
	if err := json.Unmarshal(recJSON, &rec); err != nil {
		t.Fatal(err)
	}

	t.Run("the recording has each step of the reset", func(t *testing.T) {
		checkWikiResetSteps(t, rec.Recording.Steps)
	})
	t.Run("the SOP names what the agent used", func(t *testing.T) {
		// In bold, as the SOP names controls: the pages' titles name the
		// User Manager too, and do not count.
		for _, want := range []string{"**User Manager**", "**Notify user**", "**Save Changes**"} {
			if !bytes.Contains(places["sop.md"], []byte(want)) {
				t.Errorf("the SOP does not name %s", want)
			}
		}
	})
	t.Run("nothing typed or shown of the user leaves the browser", func(t *testing.T) {
		checkWikiSecretsAbsent(t, places)
	})
}

// stepMatch finds a step by what it does, not by its exact words: the
// names may be worded differently as long as they say the right thing.
type stepMatch struct {
	what    string
	matches func(recordedStep) bool
}

// named matches a step of one of the actions whose target's name matches
// pattern, in any case.
func named(pattern string, actions ...string) func(recordedStep) bool {
	re := regexp.MustCompile(`(?i)` + pattern)
	return func(s recordedStep) bool {
		return slices.Contains(actions, s.Action) && re.MatchString(s.Target.Name)
	}
}

// typed matches an input step into a field of one of the kinds.
func typed(kinds ...string) func(recordedStep) bool {
	return func(s recordedStep) bool {
		return s.Action == "input" && slices.Contains(kinds, s.FieldKind)
	}
}

func checkWikiResetSteps(t *testing.T, steps []recordedStep) {
	t.Helper()
	var lines []string
	var log strings.Builder
	for _, s := range steps {
		lines = append(lines, s.String())
		fmt.Fprintf(&log, "%s\t(on %s)\n", s, s.where())
	}
	t.Logf("recorded steps:\n%s", log.String())

	// The reset in order: each expected step after the previous one.
	order := []stepMatch{
		{"opens the admin area", named(`\badmin`, "click")},
		{"opens the User Manager", named(`user manager`, "click")},
		{"fills the login filter", typed("text")},
		{"fills the e-mail filter", typed("text", "email")},
		{"searches", named(`search`, "click", "submit")},
		{"picks the user from the list", func(s recordedStep) bool { return s.Action == "click" && s.Target.Role == "link" }},
		{"types the new password", typed("password")},
		{"types the password again", typed("password")},
		{"asks for the user to be notified", named(`notify user`, "check")},
		{"saves the account", named(`save changes`, "click", "submit")},
		{"creates the log page", named(`create this page`, "click")},
		{"writes the note", typed("text")},
		{"saves the page", named(`^save$`, "click", "submit")},
	}
	at := 0
	var passwords []recordedStep
	for _, m := range order {
		found := -1
		for i := at; i < len(steps); i++ {
			if m.matches(steps[i]) {
				found = i
				break
			}
		}
		if found < 0 {
			t.Errorf("no step %s after step %d", m.what, at)
			continue
		}
		if steps[found].FieldKind == "password" {
			passwords = append(passwords, steps[found])
		}
		at = found + 1
	}

	// The typed address of the log page is a navigation of its own, though
	// DokuWiki serves every page from the same path: it comes before the
	// note is written on the page's editor (whose title has a pencil).
	wentToLog := false
	for _, s := range steps {
		if s.Action == "navigate" && strings.HasPrefix(s.Page, "helpdesk:resets") {
			wentToLog = true
		}
		if s.Action == "input" && strings.Contains(s.Page, "✎") {
			break
		}
	}
	if !wentToLog {
		t.Error("no navigation to the help desk's log page before the note was written")
	}

	// A password field's step says which field, never what was typed.
	for _, s := range steps {
		if s.FieldKind == "password" && s.Target.Selector != "" && !strings.Contains(s.Target.Selector, "userpass") {
			t.Errorf("password step %s has selector %q, want one anchored on the field's name or none", s, s.Target.Selector)
		}
	}
	if len(passwords) == 2 && (passwords[0].Target.Name == "" || passwords[0].Target.Name == passwords[1].Target.Name) {
		t.Errorf("the new password and its confirmation are named %q and %q: a reader cannot tell them apart", passwords[0].Target.Name, passwords[1].Target.Name)
	}

	// One step per action: a button that submits its form is one step, a
	// page already shown is not a new one.
	for _, p := range []struct{ what, pattern string }{
		{"Save Changes", `save changes`},
		{"the search button", `search`},
		{"the page's Save", `^save$`},
	} {
		re := regexp.MustCompile(`(?i)` + p.pattern)
		var n []string
		for _, s := range steps {
			if (s.Action == "click" || s.Action == "submit") && re.MatchString(s.Target.Name) {
				n = append(n, s.String())
			}
		}
		if len(n) != 1 {
			t.Errorf("pressing %s once made %d steps, want 1: %q", p.what, len(n), n)
		}
	}
	for i := 1; i < len(steps); i++ {
		if lines[i] == lines[i-1] {
			t.Errorf("steps %d and %d both read %q: one action recorded twice, or two fields a reader cannot tell apart", i-1, i, lines[i])
		}
	}

	// Names as a person would say them, and only of what the agent did.
	for i, s := range steps {
		if strings.Contains(strings.ToLower(s.Target.Name), "delete") {
			t.Errorf("step %d %s: the agent deleted nothing", i, s)
		}
		if strings.HasSuffix(strings.TrimSpace(s.Target.Name), ":") {
			t.Errorf("step %d %s: the name ends with a colon", i, s)
		}
		if s.App != "DokuWiki" {
			t.Errorf("step %d %s has app %q, want DokuWiki", i, s, s.App)
		}
	}
}

func checkWikiSecretsAbsent(t *testing.T, places map[string][]byte) {
	t.Helper()
	for _, secret := range []struct{ what, s string }{
		{"the agent's password", wikiAgentPassword},
		{"the user's old password", wikiOldPassword},
		{"the new password", wikiNewPassword},
		{"the note's reference", wikiNoteSecret},
		{"the edit summary", wikiSummarySecret},
		{"the user's login", wikiUserLogin},
		{"the user's name", wikiUserName},
		{"the user's first name", strings.Fields(wikiUserName)[0]},
		{"the user's e-mail", wikiUserMail},
		{"the user's e-mail, URL-encoded", strings.ReplaceAll(wikiUserMail, "@", "%40")},
	} {
		for _, where := range slices.Sorted(maps.Keys(places)) {
			if data := places[where]; bytes.Contains(bytes.ToLower(data), bytes.ToLower([]byte(secret.s))) {
				t.Errorf("%s is in %s", secret.what, where)
			}
		}
	}
}
