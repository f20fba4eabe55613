package html

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr the first time it is used rather than at
// start-up: every command of the one binary links this package, and most
// of them never match these patterns (issue 15).
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
