package interact

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr the first time it is used rather than at
// start-up: every command of the one binary links this package, and most
// of them never match these patterns (issue 15). The domain and its parts
// import the standard library only (borders_test.go), so they keep this
// copy of internal/lazyre.New, which every other package uses.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
