package api_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

const metricsToken = "metrics-secret-for-tests"

var uiKey = []byte("0123456789abcdef0123456789abcdef")

func TestEveryGETRouteAnswersHEAD(t *testing.T) {
	e := newEnv(t, api.Config{UIKey: uiKey, MetricsToken: metricsToken})
	routes := map[string]bool{}
	for _, rt := range e.h.(*gin.Engine).Routes() {
		routes[rt.Method+" "+rt.Path] = true
	}
	for _, rt := range e.h.(*gin.Engine).Routes() {
		if rt.Method == http.MethodGet && !routes["HEAD "+rt.Path] {
			t.Errorf("GET %s has no HEAD", rt.Path)
		}
	}

	mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), 201)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	for _, tc := range []struct {
		name, path, token string
		want              int
	}{
		{"the health check", "/healthz", "", 200},
		{"the readiness check", "/readyz", "", 200},
		{"the OpenAPI document", "/api/openapi.yaml", "", 200},
		{"the metrics", "/metrics", metricsToken, 200},
		{"a workflow list", "/api/v1/workflows", e.teamA, 200},
		{"an artifact", "/api/v1/workflows/reset/sop.md", e.teamA, 200},
		{"an artifact without a token", "/api/v1/workflows/reset/sop.md", "", 401},
		{"the sign-in page", "/signin", "", 200},
		{"a page without a session", "/workflows", "", 303},
		{"a static asset", "/static/style.css", "", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			get := httpDo(t, srv, "GET", tc.path, tc.token)
			head := httpDo(t, srv, "HEAD", tc.path, tc.token)
			if got, want := head.status, tc.want; got != want {
				t.Errorf("HEAD status = %d, want %d", got, want)
			}
			if got, want := head.status, get.status; got != want {
				t.Errorf("HEAD status = %d, GET status %d", got, want)
			}
			if head.body != "" {
				t.Errorf("HEAD answered with a body of %d bytes", len(head.body))
			}
			if got, want := head.header.Get("Content-Type"), get.header.Get("Content-Type"); got != want {
				t.Errorf("HEAD Content-Type = %q, GET's %q", got, want)
			}
		})
	}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func httpDo(tb testing.TB, srv *httptest.Server, method, path, token string, hdr ...string) answer {
	tb.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(body)}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, tc := range []struct {
		name, header string
		want         int
	}{
		{"Bearer is accepted", "Bearer " + e.teamA, 200},
		{"bearer in lower case is accepted", "bearer " + e.teamA, 200},
		{"BEARER in upper case is accepted", "BEARER " + e.teamA, 200},
		{"mixed case is accepted", "bEaReR " + e.teamA, 200},
		{"extra spaces around the token are accepted", "Bearer   " + e.teamA + " ", 200},
		{"another scheme is refused", "Basic " + e.teamA, 401},
		{"no space after the scheme is refused", "Bearer" + e.teamA, 401},
		{"a scheme without a token is refused", "Bearer ", 401},
		{"a token without a scheme is refused", e.teamA, 401},
		{"a wrong token is refused", "bearer sw_wrong", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "GET", "/api/v1/workflows", "", "", nil, "Authorization", tc.header)
			if got, want := r.Code, tc.want; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
		})
	}
}

func TestMetricsAreOptIn(t *testing.T) {
	off := newEnv(t, api.Config{})
	if got, want := off.do(t, "GET", "/metrics", "", "", nil).Code, http.StatusNotFound; got != want {
		t.Errorf("/metrics without a metrics token: status = %d, want %d", got, want)
	}
	on := newEnv(t, api.Config{MetricsToken: metricsToken})
	for _, tc := range []struct {
		name, token string
		want        int
	}{
		{"no token is refused", "", 401},
		{"a team's API token is refused", on.teamA, 401},
		{"a wrong token is refused", metricsToken + "x", 401},
		{"the metrics token is served", metricsToken, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := on.do(t, "GET", "/metrics", tc.token, "", nil).Code, tc.want; got != want {
				t.Errorf("status = %d, want %d", got, want)
			}
		})
	}
	// On a listener of its own, the handler serves the same registry.
	reg := api.NewRegistry()
	e := newEnv(t, api.Config{Registry: reg})
	mustStatus(t, e.do(t, "GET", "/healthz", "", "", nil), 200)
	rec := httptest.NewRecorder()
	api.MetricsHandler(reg).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if want := `stepwise_http_requests_total{method="GET",route="/healthz",status="200"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("the metrics handler lacks %s", want)
	}
}

func TestEveryAnswerCarriesSecurityHeaders(t *testing.T) {
	e := newEnv(t, api.Config{UIKey: uiKey})
	for _, tc := range []struct {
		name, method, path, accept string
	}{
		{"the root redirect", "GET", "/", ""},
		{"a page redirect to sign in", "GET", "/workflows", ""},
		{"the sign-in page", "GET", "/signin", "text/html"},
		{"an unknown page", "GET", "/nowhere", "text/html"},
		{"an unknown API route", "GET", "/api/v1/nowhere", ""},
		{"a wrong method", "PUT", "/workflows", ""},
		{"an API refusal", "GET", "/api/v1/workflows", ""},
		{"the health check", "GET", "/healthz", ""},
		{"a static asset", "GET", "/static/app.js", ""},
		{"a static directory", "GET", "/static/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, tc.method, tc.path, "", "", nil, "Accept", tc.accept)
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
				if r.Header().Get(h) == "" {
					t.Errorf("%s %s (%d) has no %s", tc.method, tc.path, r.Code, h)
				}
			}
		})
	}
}

// idleConn opens a connection, makes one request on it and leaves it open
// (keep-alive) without another.
func idleConn(tb testing.TB, addr string) net.Conn {
	tb.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		tb.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		tb.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		tb.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	c.SetDeadline(time.Time{})
	return c
}

// serveLimited serves h on a loopback port with the limits, and returns
// its address.
func serveLimited(t *testing.T, h http.Handler, lim api.Limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv, ln := api.NewServer(h, ln, lim)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// fresh makes one request on a new connection, within a generous time.
func fresh(t *testing.T, addr string) (int, error) {
	t.Helper()
	c := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr + "/healthz")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func TestConnectionCapMakesRoomForNewClients(t *testing.T) {
	e := newEnv(t, api.Config{})
	const max = 16
	addr := serveLimited(t, e.h, api.Limits{MaxConns: max, IdleTimeout: time.Minute})
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// Four times the cap of idle keep-alive connections: each new one
	// takes the place of the longest idle.
	for range 4 * max {
		conns = append(conns, idleConn(t, addr))
	}
	status, err := fresh(t, addr)
	if err != nil || status != 200 {
		t.Fatalf("a new client with %d idle connections open: %d, %v; want 200", 4*max, status, err)
	}
	// The server closed the others: at most the cap are still open. (The
	// reads run together; one still open waits for its deadline.)
	closed := make(chan bool, len(conns))
	for _, c := range conns {
		go func() {
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, err := c.Read(make([]byte, 1))
			closed <- err != nil && !isTimeout(err)
		}()
	}
	n := 0
	for range conns {
		if <-closed {
			n++
		}
	}
	if got, want := n, len(conns)-max; got < want {
		t.Errorf("connections closed by the server = %d, want at least %d", got, want)
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

func TestSilentConnectionsGiveWayAfterAGrace(t *testing.T) {
	e := newEnv(t, api.Config{})
	const max = 8
	addr := serveLimited(t, e.h, api.Limits{MaxConns: max})
	for range 3 * max {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	time.Sleep(1500 * time.Millisecond) // past the grace of a new connection
	status, err := fresh(t, addr)
	if err != nil || status != 200 {
		t.Fatalf("a new client with silent connections open: %d, %v; want 200", status, err)
	}
}

func TestABusyServerRefusesWith503(t *testing.T) {
	e := newEnv(t, api.Config{})
	const max = 4
	addr := serveLimited(t, e.h, api.Limits{MaxConns: max})
	// Connections in the middle of a request are busy: none gives way.
	for range max {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n")
	}
	time.Sleep(200 * time.Millisecond)
	status, err := fresh(t, addr)
	if err != nil || status != http.StatusServiceUnavailable {
		t.Errorf("a new client of a busy server: status = %d (%v), want 503", status, err)
	}
}

func TestIdleConnectionsAreClosedAfterTheIdleTimeout(t *testing.T) {
	e := newEnv(t, api.Config{})
	addr := serveLimited(t, e.h, api.Limits{MaxConns: 8, IdleTimeout: 200 * time.Millisecond})
	c := idleConn(t, addr)
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	n, err := c.Read(make([]byte, 1))
	if err == nil || isTimeout(err) {
		t.Errorf("an idle connection is still open after 20 s (read %d bytes, %v)", n, err)
	}
}

// BenchmarkNewClientAtTheCap measures a request on a new connection when
// the cap is full of idle keep-alive connections (one gives way each time).
func BenchmarkNewClientAtTheCap(b *testing.B) {
	e := newEnv(b, api.Config{})
	const max = 64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv, ln := api.NewServer(e.h, ln, api.Limits{MaxConns: max})
	go srv.Serve(ln)
	defer srv.Close()
	addr := ln.Addr().String()
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for range max {
		conns = append(conns, idleConn(b, addr))
	}
	for b.Loop() {
		// Fill the cap again (the request before took one place), and
		// drop the client side of the oldest, which the server closed.
		b.StopTimer()
		conns = append(conns, idleConn(b, addr))
		if len(conns) > 2*max {
			conns[0].Close()
			conns = conns[1:]
		}
		b.StartTimer()
		resp, err := client.Get("http://" + addr + "/healthz")
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

func TestA405NamesTheMethodsTheResourceHas(t *testing.T) {
	e := newEnv(t, api.Config{})
	for _, tc := range []struct{ method, path, allow string }{
		{"POST", "/healthz", "GET, HEAD"},
		{"DELETE", "/api/v1/recordings", "POST"},
		{"PUT", "/api/v1/workflows/reset/sop.md", "GET, HEAD"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := e.do(t, tc.method, tc.path, e.teamA, "", nil)
			if r.Code != http.StatusMethodNotAllowed {
				t.Fatalf("status = %d, want 405", r.Code)
			}
			if got := r.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}
}
