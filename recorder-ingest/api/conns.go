package api

import (
	"bytes"
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits are the connection limits of the HTTP server; a zero field takes
// its default.
type Limits struct {
	// MaxConns bounds the connections held at once (default 512, which
	// leaves room under the usual limit of 1024 open files). When it is
	// reached, a new connection takes the place of the one idle the
	// longest, or of one that has sent nothing for a second; when every
	// connection is busy it is refused with a 503.
	MaxConns int
	// ReadHeaderTimeout bounds the reading of a request's headers
	// (default 10 s).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the reading of a whole request, body included
	// (default 1 min: a 2 MiB upload at 300 kbit/s).
	ReadTimeout time.Duration
	// WriteTimeout bounds a request from the end of its headers to the
	// end of the answer (default 2 min: the render of a large artifact
	// and its download).
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that waits this long for
	// its next request (default 1 min).
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers (default 64 KiB).
	MaxHeaderBytes int
}

// withDefaults fills the zero fields.
func (l Limits) withDefaults() Limits {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if l.MaxConns <= 0 {
		l.MaxConns = 512
	}
	def(&l.ReadHeaderTimeout, 10*time.Second)
	def(&l.ReadTimeout, time.Minute)
	def(&l.WriteTimeout, 2*time.Minute)
	def(&l.IdleTimeout, time.Minute)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = 64 << 10
	}
	return l
}

// silentGrace is how long a new connection may send nothing before a
// newer one may take its place at the cap.
const silentGrace = time.Second

// maxRefusing bounds the refused connections being answered at once;
// beyond it a refused connection is closed without an answer, so that a
// flood of them holds no more descriptors than this.
const maxRefusing = 64

// NewServer returns an http.Server for h with the timeouts of lim, and ln
// wrapped so that the server holds at most lim.MaxConns connections:
// serve with srv.Serve on the listener returned.
func NewServer(h http.Handler, ln net.Listener, lim Limits) (*http.Server, net.Listener) {
	lim = lim.withDefaults()
	cl := &connLimit{Listener: ln, max: lim.MaxConns, conns: map[net.Conn]*connInfo{}, refusing: make(chan struct{}, maxRefusing)}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		ConnState:         cl.track,
	}
	return srv, cl
}

// connLimit is a listener that holds at most max connections, making
// room for a new one by closing the longest idle (then a silent one).
type connLimit struct {
	net.Listener
	max      int
	refusing chan struct{}

	mu    sync.Mutex
	conns map[net.Conn]*connInfo
}

type connInfo struct {
	state http.ConnState
	since time.Time // of the state
}

// Accept returns the next connection admitted.
func (l *connLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.admit(c) {
			return c, nil
		}
		l.refuse(c)
	}
}

// admit counts c in, closing another connection to make room when the
// cap is reached; it reports false when no connection can give way.
func (l *connLimit) admit(c net.Conn) bool {
	l.mu.Lock()
	var victim net.Conn
	if len(l.conns) >= l.max {
		if victim = l.victim(time.Now()); victim == nil {
			l.mu.Unlock()
			return false
		}
		delete(l.conns, victim)
	}
	l.conns[c] = &connInfo{state: http.StateNew, since: time.Now()}
	l.mu.Unlock()
	if victim != nil {
		victim.Close()
	}
	return true
}

// victim is the connection idle the longest between requests, or else
// the oldest that has sent nothing for silentGrace; nil when every
// connection is busy. l.mu is held.
func (l *connLimit) victim(now time.Time) net.Conn {
	var idle, silent net.Conn
	var idleSince, silentSince time.Time
	for c, i := range l.conns {
		switch {
		case i.state == http.StateIdle && (idle == nil || i.since.Before(idleSince)):
			idle, idleSince = c, i.since
		case i.state == http.StateNew && now.Sub(i.since) >= silentGrace && (silent == nil || i.since.Before(silentSince)):
			silent, silentSince = c, i.since
		}
	}
	if idle != nil {
		return idle
	}
	return silent
}

// track follows each connection's state (http.Server.ConnState).
func (l *connLimit) track(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch s {
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c)
	default:
		if i, ok := l.conns[c]; ok {
			i.state, i.since = s, time.Now()
		}
	}
}

// open is how many connections are held.
func (l *connLimit) open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}

const refusal = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 43\r\n\r\nThe server is busy: try again in a moment.\n"

// refuse answers 503 on c and closes it, within a second; a refused
// connection is not counted, but at most maxRefusing are answered at
// once and the rest are closed at once.
func (l *connLimit) refuse(c net.Conn) {
	select {
	case l.refusing <- struct{}{}:
	default:
		c.Close()
		return
	}
	go func() {
		defer func() { <-l.refusing }()
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Second))
		// Answer once the request's head has arrived (or the second is
		// up): an answer that comes before the request is, for an HTTP
		// client, an unsolicited response on an idle connection, which it
		// drops together with the connection.
		buf := make([]byte, 4<<10)
		var head []byte
		for !bytes.Contains(head, []byte("\r\n\r\n")) && len(head) < 16<<10 {
			n, err := c.Read(buf)
			head = append(head, buf[:n]...)
			if err != nil {
				break
			}
		}
		c.SetDeadline(time.Now().Add(time.Second))
		if _, err := c.Write([]byte(refusal)); err != nil {
			return
		}
		// Send the end of the answer, then read what the client sent
		// until it closes too: closing with unread data would reset the
		// connection and could lose the answer on the way.
		if cw, ok := c.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		for {
			if _, err := c.Read(buf); err != nil {
				return
			}
		}
	}()
}
