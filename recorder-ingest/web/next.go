package web

import (
	"net/url"
	"strings"
)

// defaultNext is where sign-in leads when no safe page was asked for.
const defaultNext = "/workflows"

// maxNext bounds the page to return to after sign-in.
const maxNext = 2048

// safeNext keeps the redirect after sign-in on this site: it returns next
// as an absolute path (and query) of this server, or defaultNext.
//
// Browsers are lenient where net/url is not: they drop tabs and newlines
// anywhere in a URL, trim control characters and spaces at its ends, read
// a backslash as a slash, and take "//host" or "/\host" as another host.
// A proxy or a second decoding may turn %2F, %5C or %09 into those. So
// next is refused unless, in its raw form and in every decoding of it,
// it starts with exactly one slash followed by neither a slash nor a
// backslash, and holds no control character, space, backslash, non-ASCII
// byte or dot segment; and net/url must read it as a path with no scheme
// and no host. The answer is rebuilt from the parsed path and query (the
// fragment is dropped).
func safeNext(next string) string {
	if len(next) > maxNext {
		return defaultNext
	}
	path, query, _ := strings.Cut(next, "?")
	path, _, _ = strings.Cut(path, "#")
	// Every decoding of the path: %252F%252F is //, once a proxy and then
	// the browser have each decoded it.
	for s, i := path, 0; ; i++ {
		if !plainPath(s) {
			return defaultNext
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			return defaultNext
		}
		if d == s {
			break
		}
		if i == 3 {
			return defaultNext
		}
		s = d
	}
	// The query cannot move the host, but it is returned as it came:
	// printable ASCII only.
	for i := 0; i < len(query); i++ {
		if b := query[i]; b <= ' ' || b >= 0x7f {
			return defaultNext
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !plainPath(u.Path) {
		return defaultNext
	}
	out := u.EscapedPath()
	if !plainPath(out) {
		return defaultNext
	}
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out
}

// plainPath reports whether the path s is an absolute path of this site
// in every browser's reading: see safeNext.
func plainPath(s string) bool {
	if s == "" || s[0] != '/' || len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return false
		}
	}
	for _, seg := range strings.Split(s, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
