package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/examples"
	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// TestMain lets the test binary run the command in a child process, for
// the crash test: STEPWISE_TEST_RUN holds the arguments as JSON.
func TestMain(m *testing.M) {
	if args := os.Getenv("STEPWISE_TEST_RUN"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(run(context.Background(), a, os.Stdin, os.Stdout, os.Stderr))
	}
	code := pgtest.Main(m)
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// stores are the two kinds of --db, each making a new database for a test.
var stores = []struct {
	name string
	db   func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "stepwise.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.Database(t) }},
}

var (
	listening    = regexp.MustCompile(`listening on (http://\S+)`)
	examplesLine = regexp.MustCompile(`^\s+(sw_\S+)$`)
)

// waitForURL reads a server's stdout until it says where it listens; it
// returns the base URL and everything printed before.
func waitForURL(tb testing.TB, r io.Reader) (string, string) {
	tb.Helper()
	sc := bufio.NewScanner(r)
	m, before := waitForLine(tb, sc, listening)
	go drain(sc)
	return m[1], before
}

// waitForLine reads lines until one matches re; it returns the match and
// the lines read before it.
func waitForLine(tb testing.TB, sc *bufio.Scanner, re *regexp.Regexp) ([]string, string) {
	tb.Helper()
	var before strings.Builder
	for sc.Scan() {
		line := sc.Text()
		if m := re.FindStringSubmatch(line); m != nil {
			return m, before.String()
		}
		before.WriteString(line + "\n")
	}
	tb.Fatalf("the server never printed a line matching %s: %s", re, before.String())
	return nil, ""
}

// drain reads the rest of a server's output so that it never blocks on
// writing it.
func drain(sc *bufio.Scanner) {
	for sc.Scan() {
	}
}

func request(tb testing.TB, method, url, token string, body []byte) (int, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// TestServeEndToEnd boots the real server on a loopback port with a new
// database of each store: examples loaded, an upload with the CLI, a
// download, and a graceful shutdown that finishes the upload in flight.
func TestServeEndToEnd(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) { testServeEndToEnd(t, st.db(t)) })
	}
}

func testServeEndToEnd(t *testing.T, db string) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--scrub", `\bEMP-\d{6}\b`}, nil, pw, &stderr)
	}()
	sc := bufio.NewScanner(pr)
	m, _ := waitForLine(t, sc, listening)
	base := m[1]
	m, _ = waitForLine(t, sc, examplesLine)
	token := m[1]
	go drain(sc)

	code, body := request(t, "GET", base+"/api/v1/workflows", token, nil)
	demo, err := examples.Recordings()
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || strings.Count(string(body), `"slug"`) != len(demo) {
		t.Fatalf("workflows: %d %s", code, body)
	}
	file := filepath.Join(dir, "rec.json")
	if err := os.WriteFile(file, ingesttest.Recording("rec-e2e00001", "e2e", "End to end", "Done for EMP-123456."), 0o644); err != nil {
		t.Fatal(err)
	}
	ucode, out, uerr := runCLI("upload", "--server", base, "--token", token, file)
	if ucode != exitOK || !strings.Contains(out, "stored as workflow e2e version 1 (id rec-e2e00001)") {
		t.Fatalf("upload: exit %d, %q %q", ucode, out, uerr)
	}
	_, out, _ = runCLI("upload", "--server", base, "--token", token, file)
	if !strings.Contains(out, "already stored as workflow e2e version 1") {
		t.Errorf("second upload: %q", out)
	}
	// --scrub adds patterns to the personal data replaced before storage.
	code, body = request(t, "GET", base+"/api/v1/recordings/rec-e2e00001", token, nil)
	if code != 200 || bytes.Contains(body, []byte("EMP-123456")) || !bytes.Contains(body, []byte(`"other":1`)) {
		t.Errorf("recording: %d %s", code, body)
	}
	code, body = request(t, "GET", base+"/api/v1/workflows/e2e/sop.pdf", token, nil)
	if code != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Errorf("sop.pdf: %d, %.20q", code, body)
	}

	// An upload whose body is still arriving when shutdown begins is
	// finished and answered before the server stops.
	slowR, slowW := io.Pipe()
	req, _ := http.NewRequest("POST", base+"/api/v1/recordings", slowR)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	result := make(chan int, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			result <- -1
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	rec := ingesttest.Recording("rec-e2e00002", "e2e", "End to end", "In flight.")
	slowW.Write(rec[:20])
	time.Sleep(100 * time.Millisecond)
	cancel() // what SIGTERM does in main
	time.Sleep(100 * time.Millisecond)
	slowW.Write(rec[20:])
	slowW.Close()
	if got := <-result; got != http.StatusCreated {
		t.Errorf("the upload in flight at shutdown got %d, want 201", got)
	}
	select {
	case c := <-done:
		if c != exitOK {
			t.Errorf("serve exited %d: %s", c, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestTokenCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	code, out, stderr := runCLI("token", "create", "--db", db, "--team", "help-desk")
	if code != exitOK || !regexp.MustCompile(`^sw_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Fatalf("exit %d, %q, %q", code, out, stderr)
	}
	data, _ := os.ReadFile(db)
	wal, _ := os.ReadFile(db + "-wal")
	if bytes.Contains(append(data, wal...), []byte(strings.TrimSpace(out))) {
		t.Error("the token is stored in clear")
	}
	if code, _, _ := runCLI("token", "create", "--db", db); code != exitError {
		t.Errorf("no team: exit %d", code)
	}
	if !strings.Contains(stderr, db+" did not exist and was created") {
		t.Errorf("a new database made without a word: stderr %q", stderr)
	}
	if _, _, stderr := runCLI("token", "create", "--db", db, "--team", "help-desk"); stderr != "" {
		t.Errorf("a token in an existing database: stderr %q, want nothing", stderr)
	}
}

func TestTokenCreateNamesThePersonAndTheRole(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "s.db")
	code, out, stderr := runCLI("token", "create", "--db", db, "--team", "help-desk", "--name", "Rita Recorder", "--role", "recorder")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rita := strings.TrimSpace(out)
	_, out, _ = runCLI("token", "create", "--db", db, "--team", "help-desk")
	anon := strings.TrimSpace(out)
	_, out, stderr = runCLI("token", "create", "--db", db, "--team", "help-desk", "--name", "Rita Recorder", "--role", "approver")
	if !strings.Contains(stderr, "Rita Recorder's role in help-desk is now approver (it was recorder)") {
		t.Errorf("a role changed without a word: stderr %q", stderr)
	}
	again := strings.TrimSpace(out)
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, c := range []struct {
		token, name string
		role        ingest.Role
	}{{rita, "Rita Recorder", ingest.RoleApprover}, {again, "Rita Recorder", ingest.RoleApprover}, {anon, ingest.TokenName(ingest.HashToken(anon)), ingest.RoleAdmin}} {
		p, err := store.PersonByToken(ctx, ingest.HashToken(c.token))
		if err != nil || p.Name != c.name || p.Role != c.role || p.Team.Name != "help-desk" {
			t.Errorf("the token's person = %+v, %v; want %s, %s", p, err, c.name, c.role)
		}
	}
	for _, args := range [][]string{
		{"--role", "owner"},
		{"--name", "  "},
		{"--name", "Rita\tRecorder"},
	} {
		code, _, stderr := runCLI(append([]string{"token", "create", "--db", db, "--team", "help-desk"}, args...)...)
		if code != exitError || !strings.Contains(stderr, args[0]+":") {
			t.Errorf("token create %q: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// child runs the command in a new process of this test binary.
func child(tb testing.TB, args ...string) (*exec.Cmd, io.Reader) {
	tb.Helper()
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STEPWISE_TEST_RUN="+string(a))
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	return cmd, out
}

// TestCrashLosesNothingAcknowledged kills the server with SIGKILL while
// clients upload, restarts it on the same database, and checks that every
// recording it acknowledged is there, whole.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "stepwise.db")
	_, tokOut, _ := runCLI("token", "create", "--db", db, "--team", "crash")
	token := strings.TrimSpace(tokOut)

	srv, out := child(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--examples=false", "--rate", "-1")
	base, _ := waitForURL(t, out)

	var mu sync.Mutex
	acked := map[string][]byte{}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	client := &http.Client{Timeout: 5 * time.Second}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("crash-%02d-%05d", w, i)
				body := ingesttest.Recording(id, fmt.Sprintf("wf-%d", w%3), "Crash test", fmt.Sprintf("Note %d.", i))
				req, _ := http.NewRequest("POST", base+"/api/v1/recordings", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
					mu.Lock()
					acked[id] = body
					mu.Unlock()
				}
			}
		}(w)
	}
	// Kill once a good number of uploads are acknowledged, mid-stream.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	close(stop)
	wg.Wait()
	if len(acked) < 50 {
		t.Fatalf("only %d uploads acknowledged before the kill", len(acked))
	}

	srv2, out2 := child(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--examples=false", "--rate", "-1")
	defer func() { srv2.Process.Kill(); srv2.Wait() }()
	base2, _ := waitForURL(t, out2)
	for id, body := range acked {
		code, got := request(t, "GET", base2+"/api/v1/recordings/"+id, token, nil)
		if code != 200 {
			t.Errorf("acknowledged %s is missing after the crash: %d", id, code)
			continue
		}
		var stored struct {
			Recording struct {
				ID    string            `json:"id"`
				Steps []json.RawMessage `json:"steps"`
			} `json:"recording"`
		}
		var sent struct {
			Steps []json.RawMessage `json:"steps"`
		}
		json.Unmarshal(got, &stored)
		json.Unmarshal(body, &sent)
		if stored.Recording.ID != id || len(stored.Recording.Steps) != len(sent.Steps) {
			t.Errorf("%s is not intact after the crash: %.200s", id, got)
		}
		// The same upload again is recognised, not stored twice.
		if code, _ := request(t, "POST", base2+"/api/v1/recordings", token, body); code != 200 {
			t.Errorf("re-sending %s after the crash answered %d, want 200", id, code)
		}
	}
	t.Logf("%d acknowledged uploads checked after SIGKILL", len(acked))
}

// serveOnce runs serve with args until it exits or ctx ends, and returns
// its exit code and output; it fails the test after a generous 30 s.
func serveOnce(tb testing.TB, ctx context.Context, args ...string) (int, string, string) {
	tb.Helper()
	var stdout, stderr ingesttest.SyncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), nil, &stdout, &stderr) }()
	select {
	case code := <-done:
		return code, stdout.String(), stderr.String()
	case <-time.After(30 * time.Second):
		tb.Fatalf("serve %v did not exit: %s %s", args, stdout.String(), stderr.String())
		return 0, "", ""
	}
}

func TestServeOnATakenPortPrintsNoTokenAndCreatesNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "stepwise.db")

	code, stdout, stderr := serveOnce(t, context.Background(), "--addr", taken.Addr().String(), "--db", db)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if want := "cannot listen on " + taken.Addr().String() + ": the address is already in use"; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to say %q", stderr, want)
	}
	if strings.Contains(stdout+stderr, "sw_") || strings.Contains(stdout, "token") {
		t.Errorf("a token was printed by a server that never listened: %q", stdout)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the failed start left files behind, first %s", entries[0].Name())
	}
}

// startServe runs serve in the background; the test reads its stdout
// from the scanner, and stop shuts it down as SIGTERM would and returns
// its exit code (failing the test after a generous 30 s).
func startServe(tb testing.TB, args ...string) (sc *bufio.Scanner, stop func() int) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr ingesttest.SyncBuffer
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), nil, pw, &stderr)
		pw.Close()
	}()
	stop = func() int {
		tb.Helper()
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(30 * time.Second):
			tb.Fatalf("serve did not stop: %s", stderr.String())
			return 0
		}
	}
	tb.Cleanup(func() { cancel() })
	return bufio.NewScanner(pr), stop
}

func TestServePrintsTheTokenAfterTheListenAddressAndHowToMakeAnother(t *testing.T) {
	db := filepath.Join(t.TempDir(), "my db.sqlite") // a path that needs quoting
	wantCmd := "stepwise token create --team examples --db '" + db + "'"

	sc, stop := startServe(t, "--addr", "127.0.0.1:0", "--db", db)
	m, before := waitForLine(t, sc, listening)
	base := m[1]
	if strings.Contains(before, "sw_") {
		t.Errorf("the token came before the listen address: %q", before)
	}
	m, _ = waitForLine(t, sc, examplesLine)
	token := m[1]
	waitForLine(t, sc, regexp.MustCompile(regexp.QuoteMeta(wantCmd)))
	go drain(sc)
	code, body := request(t, "GET", base+"/api/v1/workflows", token, nil)
	if code != 200 {
		t.Fatalf("workflows with the printed token: %d %s", code, body)
	}
	if bytes.Contains(body, []byte("hostile")) || bytes.Contains(body, []byte("script")) {
		t.Errorf("the demo lists the hostile test fixture: %s", body)
	}
	if got := stop(); got != exitOK {
		t.Fatalf("serve exited %d", got)
	}

	// The next start shows no token, and says how to make one.
	sc, stop = startServe(t, "--addr", "127.0.0.1:0", "--db", db)
	_, _ = waitForLine(t, sc, listening)
	_, between := waitForLine(t, sc, regexp.MustCompile(regexp.QuoteMeta(wantCmd)))
	go drain(sc)
	if strings.Contains(between, "sw_") {
		t.Errorf("the second start printed a token: %q", between)
	}
	if got := stop(); got != exitOK {
		t.Fatalf("second start exited %d", got)
	}
}
