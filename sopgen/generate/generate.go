// Package generate wires the pipeline to the renderers: from a recording
// to every artifact (SOP in Markdown, HTML and PDF; process map in DOT, SVG
// and PNG; report in Markdown and JSON). The CLI and the server both use it.
package generate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/html"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
	"github.com/stepwise-sop/stepwise/sopgen/pdf"
	"github.com/stepwise-sop/stepwise/sopgen/processmap"
	"github.com/stepwise-sop/stepwise/sopgen/processmap/raster"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

// Artifacts names every file Run can produce, in the order they are written.
var Artifacts = []string{
	"sop.md", "sop.html", "sop.pdf",
	"process-map.dot", "process-map.svg", "process-map.png",
	"report.md", "report.json",
}

// ErrUnknownArtifact is returned for a name not in Artifacts.
var ErrUnknownArtifact = errors.New("unknown artifact")

// Options tune Run.
type Options struct {
	Compose sopgen.Options
	Rules   rules.Config
	// Control is the document control of the version (status, approval,
	// history, accepted errors); nil for an unkept draft.
	Control *sopgen.Control
}

// Result is a composed and checked document, ready to render. Artifacts
// that need a layout compute it once, on first use.
type Result struct {
	Doc      *sopgen.Document
	Findings []sopgen.Finding
	Report   *sopgen.Report
	Graph    *processmap.Graph

	mapOnce sync.Once
	dotOnce sync.Once
	svgOnce sync.Once
	dot     []byte
	svg     []byte
	layout  *processmap.Layout
}

// Run composes the document of rec and checks it.
func Run(ctx context.Context, rec *sopgen.Recording, opts Options) (*Result, error) {
	doc, err := sopgen.Compose(rec, opts.Compose)
	if err != nil {
		return nil, err
	}
	doc.Control = opts.Control
	sopgen.ApplyControl(doc)
	return FromDocument(ctx, doc, opts.Rules), nil
}

// FromDocument checks an already composed document.
func FromDocument(ctx context.Context, doc *sopgen.Document, cfg rules.Config) *Result {
	findings := rules.Check(doc, cfg)
	doc.Review = sopgen.NewControlReview(doc, findings)
	return &Result{
		Doc:      doc,
		Findings: findings,
		Report:   sopgen.NewReport(doc, findings),
		Graph:    processmap.FromDocument(doc),
	}
}

// DOT returns the process map in DOT.
// A Result may be shared by goroutines (the server caches them), so it is
// computed once under dotOnce.
func (r *Result) DOT() []byte {
	r.dotOnce.Do(func() {
		var b bytes.Buffer
		r.Graph.WriteDOT(&b) // writing to a bytes.Buffer cannot fail
		r.dot = b.Bytes()
	})
	return r.dot
}

// Layout returns the laid-out process map: one layout per document, which
// the SVG, the PNG and the PDF all draw. It is computed on first use, from
// the graph (processmap.Graph.Layout), not from the DOT, in time linear in
// the map's size. The layout is shared: do not modify it.
func (r *Result) Layout() *processmap.Layout {
	r.mapOnce.Do(func() { r.layout = r.Graph.Layout() })
	return r.layout
}

// SVG returns the process map as SVG, drawn from Layout. The bytes are
// shared: do not modify.
func (r *Result) SVG() []byte {
	r.svgOnce.Do(func() {
		var b bytes.Buffer
		r.Layout().WriteSVG(&b, r.Graph.Title) // writing to a bytes.Buffer cannot fail
		r.svg = b.Bytes()
	})
	return r.svg
}

// Write renders the named artifact to w.
func (r *Result) Write(name string, w io.Writer) error {
	switch name {
	case "sop.md":
		return markdown.WriteSOP(w, r.Doc, markdown.Options{})
	case "sop.html":
		return html.WriteSOP(w, r.Doc, html.Options{MapSVG: r.SVG()})
	case "sop.pdf":
		return pdf.WriteSOP(w, r.Doc, pdf.Options{Map: r.Layout()})
	case "process-map.dot":
		_, err := w.Write(r.DOT())
		return err
	case "process-map.svg":
		_, err := w.Write(r.SVG())
		return err
	case "process-map.png":
		return raster.WritePNG(w, r.Layout())
	case "report.md":
		return markdown.WriteReport(w, r.Report)
	case "report.json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r.Report)
	}
	return fmt.Errorf("%w: %q", ErrUnknownArtifact, name)
}

// WriteDir writes every artifact into dir. Files are first written to a
// temporary folder beside dir and moved into place only when all of them
// rendered, so a failure leaves no half-written output behind.
func (r *Result) WriteDir(dir string) (err error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, ".stepwise-out-")
	if err != nil {
		return fmt.Errorf("create temporary folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := r.each(func(name string) error {
		return writeFile(filepath.Join(tmp, name), func(w io.Writer) error { return r.Write(name, w) })
	}); err != nil {
		return err
	}
	if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
		if err := os.Chmod(tmp, 0o755); err != nil {
			return err
		}
		return os.Rename(tmp, dir)
	}
	for _, name := range Artifacts {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("move %s into %s: %w", name, dir, err)
		}
	}
	return os.Remove(tmp)
}

// each runs write for every artifact at once, sharing the cores: the
// first to need the map lays it out and the others wait for it (renderers
// only read the Result). It returns the first artifact's error, in the
// order of Artifacts.
func (r *Result) each(write func(name string) error) error {
	errs := make([]error, len(Artifacts))
	var wg sync.WaitGroup
	for i, name := range Artifacts {
		wg.Go(func() { errs[i] = write(name) })
	}
	wg.Wait()
	for i, name := range Artifacts {
		if errs[i] != nil {
			return fmt.Errorf("write %s: %w", name, errs[i])
		}
	}
	return nil
}

func writeFile(path string, render func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := render(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
