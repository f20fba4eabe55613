// Package graphviz lays out and renders process maps with go-graphviz
// (Graphviz compiled to WebAssembly). It is the only package that imports
// go-graphviz: that module compiles its WebAssembly at init, is not safe for
// concurrent use and leaks a little per render, so every call here goes
// through one mutex, results are cached by DOT hash, and the instance is
// replaced after a number of renders.
package graphviz

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"sync"

	gv "github.com/goccy/go-graphviz"

	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

const (
	// cacheEntries bounds the render cache.
	cacheEntries = 64
	// recycleAfter replaces the Graphviz instance after this many renders,
	// releasing what it leaked.
	recycleAfter = 200
)

var (
	mu      sync.Mutex
	inst    *gv.Graphviz
	renders int
	cache   = map[[32]byte][]byte{}
	order   [][32]byte
)

// SVG renders DOT as SVG.
func SVG(ctx context.Context, dot []byte) ([]byte, error) {
	return render(ctx, dot, gv.SVG)
}

// Layout lays out DOT and returns its drawing operations.
func Layout(ctx context.Context, dot []byte) (*processmap.Layout, error) {
	js, err := render(ctx, dot, gv.Format("json"))
	if err != nil {
		return nil, err
	}
	return processmap.ParseLayout(js)
}

func render(ctx context.Context, dot []byte, format gv.Format) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	key := sha256.Sum256(append([]byte(string(format)+"\x00"), dot...))
	mu.Lock()
	defer mu.Unlock()
	if out, ok := cache[key]; ok {
		return out, nil
	}
	if inst == nil || renders >= recycleAfter {
		if inst != nil {
			inst.Close()
		}
		g, err := gv.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("start graphviz: %w", err)
		}
		inst, renders = g, 0
	}
	renders++
	graph, err := gv.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("parse DOT: %w", err)
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := inst.Render(ctx, graph, format, &buf); err != nil {
		return nil, fmt.Errorf("render %s: %w", format, err)
	}
	out := buf.Bytes()
	if len(order) >= cacheEntries {
		delete(cache, order[0])
		order = order[1:]
	}
	cache[key] = out
	order = append(order, key)
	return out, nil
}
