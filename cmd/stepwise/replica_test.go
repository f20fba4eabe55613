package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// stepwiseBinary builds the stepwise command once per test run, for tests
// that run it as operators do.
func stepwiseBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stepwise-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "stepwise")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// replica is one `stepwise serve` process.
type replica struct {
	cmd  *exec.Cmd
	base string
}

func startReplica(t *testing.T, bin, db string) *replica {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db, "--examples=false", "--rate", "-1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base, _ := waitForURL(t, out)
	return &replica{cmd: cmd, base: base}
}

// ack is an upload a replica acknowledged (201 or 200).
type ack struct {
	body              []byte
	workflow          string
	version, attempts int
}

// TestReplicasOnOnePostgreSQLLoseNothing runs two stepwise serve processes
// on one PostgreSQL database. Clients upload through both, as behind a
// load balancer that sends a request to the other replica when one does
// not answer. One replica is SIGKILLed in the middle and restarted. Every
// acknowledged recording is there afterwards, whole, exactly once, with
// the version it was acknowledged with, and each workflow's versions are
// 1..n without gaps. A web session made on one replica is good on the
// other, and signing out on one ends it on both.
func TestReplicasOnOnePostgreSQLLoseNothing(t *testing.T) {
	db := pgtest.Database(t)
	bin := stepwiseBinary(t)
	_, tokOut, _ := runCLI("token", "create", "--db", db, "--team", "replicas")
	token := strings.TrimSpace(tokOut)

	var mu sync.Mutex
	reps := []*replica{startReplica(t, bin, db), startReplica(t, bin, db)}
	acked := map[string]ack{}
	ackCount := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 10 * time.Second}
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := fmt.Sprintf("rep-%02d-%05d", w, i)
				body := ingesttest.Recording(id, fmt.Sprintf("wf-%d", i%3), "Replica test", fmt.Sprintf("Note %d of %d.", i, w))
				a, ok := uploadToAny(t, client, &mu, reps, (w+i)%2, token, body)
				if !ok {
					return
				}
				mu.Lock()
				acked[id] = a
				mu.Unlock()
			}
		})
	}
	waitFor(t, func() bool { return ackCount() >= 150 }, "150 uploads acknowledged")
	mu.Lock()
	killed := reps[0]
	mu.Unlock()
	if err := killed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed.cmd.Wait()
	atKill := ackCount()
	waitFor(t, func() bool { return ackCount() >= atKill+100 }, "100 more uploads through the replica left")
	restarted := startReplica(t, bin, db)
	mu.Lock()
	reps[0] = restarted
	mu.Unlock()
	atRestart := ackCount()
	waitFor(t, func() bool { return ackCount() >= atRestart+100 }, "100 more uploads through both")
	close(stop)
	wg.Wait()

	retried := 0
	byVersion := map[string]string{}
	for id, a := range acked {
		if a.attempts > 1 {
			retried++
		}
		key := fmt.Sprintf("%s/%d", a.workflow, a.version)
		if other, ok := byVersion[key]; ok {
			t.Errorf("%s was acknowledged for both %s and %s", key, other, id)
		}
		byVersion[key] = id
	}
	checkWorkflows(t, reps, token, acked)
	checkRecordings(t, reps, token, acked)
	checkSessionAcrossReplicas(t, reps, db)
	t.Logf("%d acknowledged uploads (%d at the kill, %d when restarted; %d sent to the other replica after a failure) checked", len(acked), atKill, atRestart, retried)
}

// uploadToAny sends body to replica first, and to the other when that
// one does not answer or answers 5xx, as a load balancer would; it gives
// up after 30 s.
func uploadToAny(t *testing.T, client *http.Client, mu *sync.Mutex, reps []*replica, first int, token string, body []byte) (ack, bool) {
	deadline := time.Now().Add(30 * time.Second)
	for attempt := 1; time.Now().Before(deadline); attempt++ {
		mu.Lock()
		base := reps[(first+attempt-1)%2].base
		mu.Unlock()
		req, _ := http.NewRequest("POST", base+"/api/v1/recordings", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK:
			var r struct {
				Workflow string
				Version  int
			}
			if err := json.Unmarshal(data, &r); err != nil {
				t.Errorf("a %d answered %q", resp.StatusCode, data)
				return ack{}, false
			}
			return ack{body: body, workflow: r.Workflow, version: r.Version, attempts: attempt}, true
		case resp.StatusCode >= 500:
			time.Sleep(10 * time.Millisecond)
		default:
			t.Errorf("upload answered %d: %s", resp.StatusCode, data)
			return ack{}, false
		}
	}
	t.Error("an upload found no replica for 30 s")
	return ack{}, false
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkWorkflows reads each workflow's versions from both replicas: 1..n
// without gaps, each acknowledged id once, at its acknowledged version.
func checkWorkflows(t *testing.T, reps []*replica, token string, acked map[string]ack) {
	t.Helper()
	want := map[string]map[int]string{}
	for id, a := range acked {
		if want[a.workflow] == nil {
			want[a.workflow] = map[int]string{}
		}
		want[a.workflow][a.version] = id
	}
	for _, r := range reps {
		for wf, versions := range want {
			code, body := request(t, "GET", r.base+"/api/v1/workflows/"+wf, token, nil)
			if code != http.StatusOK {
				t.Fatalf("GET %s on %s: %d %s", wf, r.base, code, body)
			}
			var got struct {
				Versions []struct {
					Version int
					ID      string
				}
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for i, v := range got.Versions {
				if v.Version != i+1 {
					t.Errorf("%s: version %d follows %d", wf, v.Version, i)
				}
				if seen[v.ID] {
					t.Errorf("%s: %s is stored twice", wf, v.ID)
				}
				seen[v.ID] = true
				if id, ok := versions[v.Version]; ok && id != v.ID {
					t.Errorf("%s version %d is %s, but was acknowledged for %s", wf, v.Version, v.ID, id)
				}
			}
			for _, id := range versions {
				if !seen[id] {
					t.Errorf("acknowledged %s is not among the versions of %s", id, wf)
				}
			}
		}
	}
}

// checkRecordings reads every acknowledged recording back, alternating
// replicas, and sends some again: whole, and recognised.
func checkRecordings(t *testing.T, reps []*replica, token string, acked map[string]ack) {
	t.Helper()
	i := 0
	for id, a := range acked {
		base := reps[i%2].base
		i++
		code, got := request(t, "GET", base+"/api/v1/recordings/"+id, token, nil)
		if code != http.StatusOK {
			t.Errorf("acknowledged %s is missing: %d", id, code)
			continue
		}
		var stored struct {
			Version   int
			Recording struct {
				ID    string            `json:"id"`
				Steps []json.RawMessage `json:"steps"`
			}
		}
		var sent struct {
			Steps []json.RawMessage `json:"steps"`
		}
		json.Unmarshal(got, &stored)
		json.Unmarshal(a.body, &sent)
		if stored.Recording.ID != id || len(stored.Recording.Steps) != len(sent.Steps) || stored.Version != a.version {
			t.Errorf("%s is not whole, or not at version %d: %.200s", id, a.version, got)
		}
		if i%10 == 0 {
			if code, _ := request(t, "POST", base+"/api/v1/recordings", token, a.body); code != http.StatusOK {
				t.Errorf("re-sending %s answered %d, want 200", id, code)
			}
		}
	}
}

// checkSessionAcrossReplicas signs in on one replica, reads a page on the
// other, and signs out there: the session ends on both.
func checkSessionAcrossReplicas(t *testing.T, reps []*replica, db string) {
	t.Helper()
	_, tokOut, _ := runCLI("token", "create", "--db", db, "--team", "replicas")
	jar, _ := cookiejar.New(nil) // cookies are not per port: one for both
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(u string) (int, string) {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	post := func(u string, form url.Values) *http.Response {
		resp, err := c.PostForm(u, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	_, signin := page(reps[0].base + "/signin")
	resp := post(reps[0].base+"/signin", url.Values{"csrf": {formValue(signin, "csrf")}, "token": {strings.TrimSpace(tokOut)}, "next": {"/workflows"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in on one replica: %d", resp.StatusCode)
	}
	old := jar.Cookies(&url.URL{Scheme: "http", Host: "127.0.0.1"})
	code, workflows := page(reps[1].base + "/workflows")
	if code != http.StatusOK {
		t.Fatalf("the other replica with that session: %d, want 200", code)
	}
	if resp := post(reps[1].base+"/signout", url.Values{"csrf": {formValue(workflows, "csrf")}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out on the other replica: %d", resp.StatusCode)
	}
	// The cookie kept from before, replayed to the first replica.
	req, _ := http.NewRequest("GET", reps[0].base+"/workflows", nil)
	for _, ck := range old {
		req.AddCookie(ck)
	}
	replay, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	replay.Body.Close()
	if len(old) == 0 || replay.StatusCode != http.StatusSeeOther {
		t.Errorf("the first replica, with the cookie from before signing out on the other: %d, want 303 to sign in", replay.StatusCode)
	}
}

// formValue reads the value of a form field from a page.
func formValue(page, name string) string {
	sc := bufio.NewScanner(strings.NewReader(page))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, `name="`+name+`" value="`); i >= 0 {
			rest := line[i+len(`name="`+name+`" value="`):]
			return rest[:strings.Index(rest, `"`)]
		}
	}
	return ""
}
