package html

import "github.com/stepwise-sop/stepwise/internal/lazyre"

// lazyRegexp compiles a pattern on first use (lazyre.New).
var lazyRegexp = lazyre.New
