// Package html renders the SOP as a standalone HTML page with goldmark: the
// Markdown of sopgen/markdown, GFM tables, raw HTML never passed through,
// and the process map figure in place of the Mermaid block.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
)

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// Options tune the page.
type Options struct {
	// MapSVG is the process map as SVG, drawn where the Mermaid block
	// stands. Without it the Mermaid source is shown as code.
	MapSVG []byte
}

// WriteSOP writes the SOP of d as a complete HTML page.
func WriteSOP(w io.Writer, d *sopgen.Document, opts Options) error {
	var md bytes.Buffer
	if err := markdown.WriteSOP(&md, d, markdown.Options{}); err != nil {
		return err
	}
	body, err := Convert(md.Bytes(), opts.MapSVG)
	if err != nil {
		return err
	}
	return page.Execute(w, struct {
		Title string
		Body  template.HTML
	}{d.Meta.Title, body})
}

// Convert renders Markdown to an HTML fragment. A mermaid code block
// becomes a figure holding mapSVG (when given) with its source folded
// below it.
func Convert(md []byte, mapSVG []byte) (template.HTML, error) {
	gm := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithRendererOptions(
			gmhtml.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(&figureRenderer{svg: stripProlog(mapSVG)}, 100)),
		),
	)
	var out bytes.Buffer
	if err := gm.Convert(md, &out); err != nil {
		return "", fmt.Errorf("render HTML: %w", err)
	}
	// goldmark escapes all text and, without WithUnsafe, omits raw HTML.
	return template.HTML(out.String()), nil
}

// stripProlog drops the XML declaration and DOCTYPE Graphviz puts before
// <svg>, which have no place inside an HTML document.
func stripProlog(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		return svg[i:]
	}
	return svg
}

type figureRenderer struct{ svg []byte }

func (r *figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *figureRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	cb := n.(*ast.FencedCodeBlock)
	lang := string(cb.Language(src))
	var code bytes.Buffer
	lines := cb.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	esc := template.HTMLEscapeString(code.String())
	if lang == "mermaid" && len(r.svg) > 0 {
		fmt.Fprintf(w, "<figure class=\"process-map\">\n%s\n<figcaption>Process map</figcaption>\n</figure>\n", r.svg)
		fmt.Fprintf(w, "<details class=\"no-print\"><summary>Mermaid source</summary><pre><code class=\"language-mermaid\">%s</code></pre></details>\n", esc)
		return ast.WalkSkipChildren, nil
	}
	class := ""
	if lang != "" {
		class = fmt.Sprintf(" class=\"language-%s\"", template.HTMLEscapeString(lang))
	}
	fmt.Fprintf(w, "<pre><code%s>%s</code></pre>\n", class, esc)
	return ast.WalkSkipChildren, nil
}
