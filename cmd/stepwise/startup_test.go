package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// initBudget is what one package of this repository, or of goldmark (a fork
// made for this), may allocate in its initialisation. Every command pays
// for the initialisation of every package the binary links, `stepwise
// version` as much as `stepwise serve`: patterns, word lists and parsers are
// built on first use. Before issue 15 sopgen/rules allocated 0.9 MB at
// start-up, sopgen 0.7 MB, goldmark's extension 0.26 MB (its linkify
// patterns), templates 0.1 MB.
const initBudget = 24 << 10

// TestStartingBuildsNothingBigInThisRepository runs `stepwise version` with
// Go's init trace and fails for a package of this module or of goldmark
// that allocates more than initBudget before main.
func TestStartingBuildsNothingBigInThisRepository(t *testing.T) {
	cmd := exec.Command(stepwiseBinary(t), "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("stepwise version: %v\n%s", err, stderr.String())
	}
	ours := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" {
			continue
		}
		if !strings.HasPrefix(f[1], "github.com/stepwise-sop/stepwise") && !strings.HasPrefix(f[1], "github.com/yuin/goldmark") {
			continue
		}
		ours++
		var n int
		if _, err := fmt.Sscan(f[7], &n); err != nil {
			t.Fatalf("unreadable init trace line %q", line)
		}
		if n > initBudget {
			t.Errorf("%s allocates %d bytes at start-up, more than %d: build its patterns and tables on first use (sync.OnceValue)", f[1], n, initBudget)
		}
	}
	if ours == 0 {
		t.Fatalf("no init trace of this repository's packages in the output:\n%s", stderr.String())
	}
}
