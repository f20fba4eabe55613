// Package graphviz lays out process maps with go-graphviz (Graphviz
// compiled to WebAssembly). It is the only package that imports
// go-graphviz: that module is not safe for concurrent use and leaks a
// little per render, so every call here goes through one mutex, layouts
// are cached by DOT hash, and the instance is replaced after a number of
// renders. The module is the fork in ./gographviz, which compiles its
// WebAssembly on the first layout of the process instead of at start-up.
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
	// cacheEntries bounds the layout cache.
	cacheEntries = 64
	// recycleAfter replaces the Graphviz instance after this many renders,
	// releasing what it leaked.
	recycleAfter = 200
)

var (
	mu      sync.Mutex
	inst    *gv.Graphviz
	renders int
	cache   = map[[32]byte]*processmap.Layout{}
	order   [][32]byte
)

// Layout lays out DOT and returns its drawing operations: the one layout
// of a map, which the SVG, the PNG and the PDF all draw. The result is
// shared with other callers: do not modify it.
func Layout(ctx context.Context, dot []byte) (*processmap.Layout, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	key := sha256.Sum256(dot)
	mu.Lock()
	defer mu.Unlock()
	if l, ok := cache[key]; ok {
		return l, nil
	}
	js, err := render(ctx, dot)
	if err != nil {
		return nil, err
	}
	l, err := processmap.ParseLayout(js)
	if err != nil {
		return nil, err
	}
	if len(order) >= cacheEntries {
		delete(cache, order[0])
		order = order[1:]
	}
	cache[key] = l
	order = append(order, key)
	return l, nil
}

// render lays dot out and returns Graphviz's JSON output (the xdot drawing
// operations). mu must be held.
func render(ctx context.Context, dot []byte) ([]byte, error) {
	if inst == nil || renders >= recycleAfter {
		if inst != nil {
			inst.Close()
		}
		g, err := start(ctx)
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
	if err := inst.Render(ctx, graph, gv.Format("json"), &buf); err != nil {
		return nil, fmt.Errorf("render layout: %w", err)
	}
	return buf.Bytes(), nil
}

// Warm starts the layout engine in the background, so that a program that
// knows it will lay out a map (stepwise generate) overlaps the engine's
// start with its other work. A later Layout waits for it.
func Warm(ctx context.Context) {
	go func() {
		mu.Lock()
		defer mu.Unlock()
		if inst == nil {
			if g, err := start(ctx); err == nil {
				inst, renders = g, 0
			}
		}
	}()
}

// start makes a Graphviz instance. No plugins: layout and the JSON
// renderer are Graphviz's own; go-graphviz's default plugins draw PNG and
// JPEG, never used here.
func start(ctx context.Context) (*gv.Graphviz, error) { return gv.NewWithPlugins(ctx) }
