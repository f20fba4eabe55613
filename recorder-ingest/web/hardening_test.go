package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"
)

// sessionCookie returns the value of the session cookie c holds for s.
func (s *site) sessionCookie(t *testing.T, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(s.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "stepwise_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// withCookie returns a client without a jar that sends the session cookie
// v, as a stolen copy of it would be sent.
func withCookie(t *testing.T, s *site, path, v string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "stepwise_session", Value: v})
	resp, err := client(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	old := s.sessionCookie(t, c)
	if resp := withCookie(t, s, "/workflows", old); resp.StatusCode != http.StatusOK {
		t.Fatalf("the session before sign-out: status = %d, want 200", resp.StatusCode)
	}
	_, page := get(t, c, s.srv.URL+"/workflows")
	resp, err := c.PostForm(s.srv.URL+"/signout", url.Values{"csrf": {field(page, "csrf")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin" {
		t.Fatalf("sign-out: %d to %q, want 303 to /signin", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The old cookie, replayed, leads to the sign-in page.
	for _, p := range []string{"/workflows", "/workflows/reset/files/sop.md"} {
		resp := withCookie(t, s, p, old)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("%s with the signed-out cookie: %d to %q, want 303 to /signin", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	// A second session of the same team is not ended by the first's
	// sign-out.
	other := s.signIn(t)
	if resp, _ := get(t, other, s.srv.URL+"/workflows"); resp.StatusCode != http.StatusOK {
		t.Errorf("a new session after sign-out: status = %d, want 200", resp.StatusCode)
	}
}

func TestTeamNameComesFromTheStore(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	u, _ := url.Parse(s.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name != "stepwise_session" {
			t.Errorf("sign-in set the cookie %s; only the session cookie is wanted", ck.Name)
		}
	}
	c.Jar.SetCookies(u, []*http.Cookie{{Name: "stepwise_team", Value: "Forged-Team", Path: "/"}})
	_, page := get(t, c, s.srv.URL+"/workflows")
	if strings.Contains(page, "Forged-Team") || !strings.Contains(page, "(admin), help-desk</span>") {
		t.Errorf("the page does not show the person and team of the session:\n%s", page)
	}
}

func TestStaticServesFilesOnly(t *testing.T) {
	s := newSite(t)
	for _, tc := range []struct {
		name, path string
		want       int
	}{
		{"a file is served", "/static/style.css", 200},
		{"the directory is not listed", "/static/", 404},
		{"a missing file is not found", "/static/nope.js", 404},
		{"a climb out of the directory is not found", "/static/../web.go", 404},
		{"an encoded climb is not found", "/static/%2e%2e/web.go", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				req, _ := http.NewRequest(method, s.srv.URL+tc.path, nil)
				resp, err := client(t).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if got := resp.StatusCode; got != tc.want {
					t.Errorf("%s %s: status = %d, want %d", method, tc.path, got, tc.want)
				}
				if strings.Contains(string(body), "app.js") {
					t.Errorf("%s %s lists the directory", method, tc.path)
				}
			}
		})
	}
}

// endless is a body of n bytes of one letter, made as it is read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > e.n {
		p = p[:e.n]
	}
	for i := range p {
		p[i] = 'a'
	}
	e.n -= int64(len(p))
	return len(p), nil
}

// postStream sends a POST of size bytes on a new connection, with its
// length declared or chunked, streaming the body while it reads the
// answer, and returns the status within a generous time.
func postStream(t testing.TB, s *site, path, cookie, ctype string, size int64, chunked bool) int {
	t.Helper()
	addr := strings.TrimPrefix(s.srv.URL, "http://")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	prefix := "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n"
	if !strings.HasPrefix(ctype, "multipart/") {
		prefix = "token="
	}
	var hdr strings.Builder
	fmt.Fprintf(&hdr, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\n", path, addr, ctype)
	if cookie != "" {
		fmt.Fprintf(&hdr, "Cookie: stepwise_session=%s\r\n", cookie)
	}
	if chunked {
		hdr.WriteString("Transfer-Encoding: chunked\r\n\r\n")
	} else {
		fmt.Fprintf(&hdr, "Content-Length: %d\r\n\r\n", int64(len(prefix))+size)
	}
	if _, err := io.WriteString(conn, hdr.String()); err != nil {
		t.Fatal(err)
	}
	go func() {
		body := io.MultiReader(strings.NewReader(prefix), &endless{size})
		if chunked {
			w := httputil.NewChunkedWriter(conn)
			io.Copy(w, body)
			w.Close()
			io.WriteString(conn, "\r\n")
			return
		}
		io.Copy(conn, body) // ends with an error once the server closes
	}()
	start := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("POST %s of %d bytes: no answer after %s: %v", path, size, time.Since(start).Round(time.Millisecond), err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestFormBodiesAreBoundedBeforeParsing(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	cookie := s.sessionCookie(t, c)
	const huge = 400 << 20
	for _, tc := range []struct {
		name, path, cookie, ctype string
		size                      int64
		chunked                   bool
	}{
		{"a declared 400 MiB multipart sign-in", "/signin", "", "multipart/form-data; boundary=b", huge, false},
		{"a streamed 400 MiB multipart sign-in", "/signin", "", "multipart/form-data; boundary=b", huge, true},
		{"a streamed 400 MiB urlencoded sign-in", "/signin", "", "application/x-www-form-urlencoded", huge, true},
		{"a sign-in a little over its few KiB", "/signin", "", "application/x-www-form-urlencoded", 8 << 10, false},
		{"a declared 400 MiB upload", "/upload", cookie, "multipart/form-data; boundary=b", huge, false},
		{"a streamed 400 MiB upload", "/upload", cookie, "multipart/form-data; boundary=b", huge, true},
		{"a streamed 400 MiB lint form", "/lint", cookie, "multipart/form-data; boundary=b", huge, true},
		{"an 8 MiB lint form", "/lint", cookie, "application/x-www-form-urlencoded", 8 << 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := postStream(t, s, tc.path, tc.cookie, tc.ctype, tc.size, tc.chunked), http.StatusRequestEntityTooLarge; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
		})
	}
}

func TestLintFormHonoursTheBodyLimit(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	_, page := get(t, c, s.srv.URL+"/lint")
	csrf := field(page, "csrf")
	// Within the form's limit but over the server's body limit (2 MiB):
	// as a pasted text and as a file.
	big := "# SOP\n\n" + strings.Repeat("a", 2<<20)
	resp, _ := postMultipart(t, c, s.srv.URL+"/lint", map[string]string{"csrf": csrf, "kind": "md", "source": big}, "", "", nil)
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Errorf("a pasted SOP over the limit: status = %d, want %d", got, want)
	}
	resp, _ = postMultipart(t, c, s.srv.URL+"/lint", map[string]string{"csrf": csrf, "kind": "md", "source": "# small"}, "file", "sop.md", []byte(big))
	if got, want := resp.StatusCode, http.StatusRequestEntityTooLarge; got != want {
		t.Errorf("an SOP file over the limit: status = %d, want %d", got, want)
	}
}

// BenchmarkSignInRefusesA400MiBBody measures the time to the 413 of a
// sign-in form declaring 400 MiB.
func BenchmarkSignInRefusesA400MiBBody(b *testing.B) {
	s := newSite(b)
	for b.Loop() {
		if got := postStream(b, s, "/signin", "", "multipart/form-data; boundary=b", 400<<20, false); got != http.StatusRequestEntityTooLarge {
			b.Fatalf("status = %d, want 413", got)
		}
	}
}

// BenchmarkSessionPage measures a small page behind a server-side session
// (one store lookup per request).
func BenchmarkSessionPage(b *testing.B) {
	s := newSite(b)
	c := s.signIn(b)
	for b.Loop() {
		resp, err := c.Get(s.srv.URL + "/upload")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status = %d, want 200", resp.StatusCode)
		}
	}
}
