// Package lazyre compiles regular expressions on first use rather than at
// start-up: every command of the one binary links the packages that hold
// patterns, and most commands never match most of them (issue 15).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr the first time it is called,
// once, safely under concurrency, and returns the same *regexp.Regexp after
// that. An invalid expr panics on that first call, as regexp.MustCompile.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
