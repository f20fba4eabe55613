package graphviz

import (
	"sync"

	"github.com/goccy/go-graphviz/cgraph"
	"github.com/goccy/go-graphviz/gvc"
	"github.com/goccy/go-graphviz/internal/wasm"
)

// This file is the stepwise fork's one addition to go-graphviz v0.2.10.
// Upstream compiles and instantiates its WebAssembly module in three
// package init functions (internal/wasm, cgraph, gvc), so every program that
// imports the package pays for it (about 0.1 s and 25 MiB) before main, even
// when it never draws a graph. Here those three functions are called once,
// in the same order, by the first entry point that needs the module.

var initOnce sync.Once

// initialize prepares the WebAssembly module once per process; concurrent
// callers wait for the first. Like upstream's init functions it panics if
// the module cannot be instantiated.
func initialize() {
	initOnce.Do(func() {
		wasm.Init()
		cgraph.Init()
		gvc.Init()
		// alias.go copied these at package initialisation, when they
		// were still nil.
		Directed = cgraph.Directed
		StrictDirected = cgraph.StrictDirected
		UnDirected = cgraph.UnDirected
		StrictUnDirected = cgraph.StrictUnDirected
	})
}

// lazy wraps a one-argument entry point so that it initialises the module
// before it runs.
func lazy[A, R any](f func(A) (R, error)) func(A) (R, error) {
	return func(a A) (R, error) {
		initialize()
		return f(a)
	}
}
