package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNextKeepsRedirectsOnSite(t *testing.T) {
	for _, tc := range []struct {
		name, next, want string
	}{
		{"a page of the site is kept", "/workflows/reset", "/workflows/reset"},
		{"a query is kept", "/workflows?q=reset&filter=errors", "/workflows?q=reset&filter=errors"},
		{"an encoded space in the query is kept", "/workflows?q=password%20reset", "/workflows?q=password%20reset"},
		{"a fragment is dropped", "/workflows/reset#findings", "/workflows/reset"},
		{"the root is kept", "/", "/"},
		{"an empty value goes to the default", "", defaultNext},
		{"a relative path goes to the default", "workflows", defaultNext},
		{"a scheme-relative URL is refused", "//evil.example/x", defaultNext},
		{"an absolute URL is refused", "https://evil.example/x", defaultNext},
		{"a javascript URL is refused", "javascript:alert(1)", defaultNext},
		{"a data URL is refused", "data:text/html,<script>alert(1)</script>", defaultNext},
		{"a slash and a backslash are refused", "/\\evil.example/x", defaultNext},
		{"two backslashes are refused", "\\\\evil.example/x", defaultNext},
		{"a backslash later in the path is refused", "/a\\b", defaultNext},
		{"a tab after the slash is refused", "/\t/evil.example/x", defaultNext},
		{"an encoded tab after the slash is refused", "/%09/evil.example/x", defaultNext},
		{"a newline after the slash is refused", "/\n/evil.example", defaultNext},
		{"an encoded newline is refused", "/%0a/evil.example", defaultNext},
		{"an encoded carriage return is refused", "/%0D%0A/evil.example", defaultNext},
		{"a NUL is refused", "/%00/evil.example", defaultNext},
		{"a leading space is refused", " //evil.example", defaultNext},
		{"a leading control character is refused", "\x01//evil.example", defaultNext},
		{"an encoded slash after the slash is refused", "/%2Fevil.example", defaultNext},
		{"an encoded slash in lower case is refused", "/%2fevil.example", defaultNext},
		{"an encoded backslash is refused", "/%5Cevil.example", defaultNext},
		{"a double-encoded slash is refused", "/%252Fevil.example", defaultNext},
		{"a triple-encoded slash is refused", "/%25252Fevil.example", defaultNext},
		{"a dot segment that climbs to // is refused", "/..//evil.example", defaultNext},
		{"a dot segment is refused", "/./workflows", defaultNext},
		{"an encoded dot segment is refused", "/%2e%2e/%2e%2e//evil.example", defaultNext},
		{"user info is refused", "//user@evil.example", defaultNext},
		{"a fullwidth solidus is refused", "/\uff0fevil.example", defaultNext},
		{"an encoded fullwidth solidus is refused", "/%EF%BC%8Fevil.example", defaultNext},
		{"a right-to-left mark is refused", "/\u200fworkflows", defaultNext},
		{"a DEL is refused", "/\x7f/evil.example", defaultNext},
		{"a bad escape is refused", "/%zz", defaultNext},
		{"a control character in the query is refused", "/workflows?q=\r\nSet-Cookie:x", defaultNext},
		{"a very long path is refused", "/" + strings.Repeat("a", maxNext), defaultNext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.next); got != tc.want {
				t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
			}
		})
	}
}

// browserHost resolves loc as a browser does, against a page of
// site: it first drops tabs and newlines, trims control characters and
// spaces at the ends and reads backslashes as slashes (the WHATWG URL
// parser's leniencies for http and https), then resolves, and returns the
// host it would load.
func browserHost(tb testing.TB, site, loc string) string {
	tb.Helper()
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	base, err := url.Parse(site + "/signin")
	if err != nil {
		tb.Fatal(err)
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return "unparsable"
	}
	return base.ResolveReference(ref).Host
}

// FuzzSafeNext checks that whatever is asked for, the redirect stays on
// the site in a browser's reading, and carries no byte a browser would
// drop or reinterpret.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/workflows", "/%09/evil.example/x", "//evil.example", "/\\evil", "/%2F%2Fevil", "/..//evil", "https://evil.example", "/workflows?q=a%20b#x", "/%252F/x"} {
		f.Add(s)
	}
	const site = "https://stepwise.test"
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") {
			t.Fatalf("safeNext(%q) = %q, not an absolute path", next, got)
		}
		for i := 0; i < len(got); i++ {
			if b := got[i]; b <= ' ' || b >= 0x7f || b == '\\' {
				t.Fatalf("safeNext(%q) = %q holds byte %#x", next, got, b)
			}
		}
		// Also after one more decoding of the path, as a proxy might do.
		for _, loc := range []string{got, mustUnescape(got)} {
			if host := browserHost(t, site, loc); host != "stepwise.test" {
				t.Fatalf("safeNext(%q) = %q leads to host %q", next, got, host)
			}
		}
	})
}

// mustUnescape decodes the path of s once (the query cannot move the
// host, decoded or not).
func mustUnescape(s string) string {
	p, q, hasQuery := strings.Cut(s, "?")
	d, err := url.PathUnescape(p)
	if err != nil {
		return s
	}
	if hasQuery {
		d += "?" + q
	}
	return d
}

func BenchmarkSafeNext(b *testing.B) {
	for _, next := range []string{"/workflows/reset?version=2", "/%09/evil.example/x"} {
		b.Run(next, func(b *testing.B) {
			for b.Loop() {
				safeNext(next)
			}
		})
	}
}
