package graphviz

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// TestStartingDoesNotCompileTheLayoutEngine re-runs this test binary with
// Go's init trace and no test to run: a program that imports the layout
// engine and draws nothing must not pay for its WebAssembly at start-up.
// Upstream go-graphviz allocates about 4 MB in its init doing that.
func TestStartingDoesNotCompileTheLayoutEngine(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("re-run test binary: %v\n%s", err, stderr.String())
	}
	seen := 0
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PKG @T ms, C ms clock, B bytes, A allocs
		f := strings.Fields(line)
		if len(f) < 9 || f[0] != "init" {
			continue
		}
		seen++
		var bytes int
		if _, err := fmt.Sscan(f[7], &bytes); err != nil {
			t.Fatalf("unreadable init trace line %q", line)
		}
		if strings.HasPrefix(f[1], "github.com/goccy/go-graphviz") || strings.HasPrefix(f[1], "github.com/tetratelabs/wazero") {
			if bytes > 64<<10 {
				t.Errorf("%s allocates %d bytes at start-up: the layout engine is initialised before it is used", f[1], bytes)
			}
		}
	}
	if seen == 0 {
		t.Fatalf("no init trace in the output:\n%s", stderr.String())
	}
}

// TestConcurrentFirstLayouts lays out several maps at once as the first
// use of the engine in this process: it is initialised once, safely, and
// every caller gets its own map.
func TestConcurrentFirstLayouts(t *testing.T) {
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	heights := make([]float64, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// a chain of i+1 nodes: each map is taller than the last.
			var b strings.Builder
			b.WriteString("digraph g { n0;")
			for j := 1; j <= i; j++ {
				fmt.Fprintf(&b, " n%d -> n%d;", j-1, j)
			}
			b.WriteString(" }")
			l, err := Layout(context.Background(), []byte(b.String()))
			if err != nil {
				errs[i] = err
				return
			}
			heights[i] = l.Height
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("layout %d: %v", i, err)
		}
		if i > 0 && heights[i] <= heights[i-1] {
			t.Errorf("map of %d nodes is %.0f pt tall, map of %d nodes %.0f pt: layouts were mixed up", i+1, heights[i], i, heights[i-1])
		}
	}
}
