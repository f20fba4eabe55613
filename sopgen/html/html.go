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
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
)

//go:embed page.html
var pageHTML string

var page = template.Must(template.New("page").Parse(pageHTML))

// Options tune the page.
type Options struct {
	// MapSVG is the process map as SVG, drawn where the Mermaid block
	// stands. Without it the Mermaid source is shown as code.
	MapSVG []byte
	// MapURL, when set instead, shows the map as a picture loaded from
	// this address, so a page can appear before the map is drawn.
	MapURL string
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

// Body renders the SOP of d as an HTML fragment: what WriteSOP puts in
// its page, for a page of the web UI. Its headings are one level down
// (the SOP's title an h2): the page has its own h1, and one h1 a page is
// what assistive technology and HTML checkers expect.
func Body(d *sopgen.Document, opts Options) (template.HTML, error) {
	var md bytes.Buffer
	if err := markdown.WriteSOP(&md, d, markdown.Options{}); err != nil {
		return "", err
	}
	return convert(md.Bytes(), opts.MapSVG, opts.MapURL, 1)
}

// Convert renders Markdown to an HTML fragment. A mermaid code block
// becomes a figure holding mapSVG (when given) with its source folded
// below it.
func Convert(md []byte, mapSVG []byte) (template.HTML, error) {
	return convert(md, mapSVG, "", 0)
}

// Limits bound the Markdown Convert renders. The SOP's Markdown is ours,
// but it carries recorded strings (escaped, so they cannot nest) and may
// come from a recording of 10,000 steps: the structure is bounded as for a
// hand-written SOP, the size generously.
var Limits = func() mdguard.Limits {
	l := mdguard.Default
	l.MaxBytes = 32 << 20
	return l
}()

// convert renders md; a mapURL wins over mapSVG, and shift moves every
// heading that many levels down.
func convert(md []byte, mapSVG []byte, mapURL string, shift int) (template.HTML, error) {
	if mapURL != "" {
		mapSVG = nil
	}
	// goldmark is superlinear on some shapes of input: it sees nothing
	// the guard has not measured.
	if err := mdguard.Check(md, Limits); err != nil {
		return "", fmt.Errorf("render HTML: %w", err)
	}
	gm := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(stepAnchors{}, 100), util.Prioritized(headingShift(shift), 101), util.Prioritized(reviewBox{}, 102))),
		goldmark.WithRendererOptions(
			gmhtml.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(&figureRenderer{svg: stripProlog(mapSVG), url: mapURL}, 100)),
		),
	)
	var out bytes.Buffer
	if err := gm.Convert(md, &out); err != nil {
		return "", fmt.Errorf("render HTML: %w", err)
	}
	// goldmark escapes all text and, without WithUnsafe, omits raw HTML.
	return template.HTML(out.String()), nil
}

// stripProlog drops the XML declaration WriteSVG puts before <svg>, which
// has no place inside an HTML document.
func stripProlog(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		return svg[i:]
	}
	return svg
}

// reviewBox marks the control review, the block quote under the title,
// with the class "review open" while the version cannot be approved and
// "review ready" once it can (or is approved), so a page colours it by
// what it says.
type reviewBox struct{}

func (reviewBox) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		bq, ok := n.(*ast.Blockquote)
		if !ok {
			continue
		}
		p, ok := bq.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			return
		}
		seg := p.Lines().At(0)
		first := seg.Value(reader.Source())
		if !bytes.Contains(first, []byte("Control review")) {
			return
		}
		class := "review ready"
		if bytes.Contains(first, []byte("Not approvable")) {
			class = "review open"
		}
		bq.SetAttributeString("class", []byte(class))
		return
	}
}

// stepNumber is how a procedure step starts in the Markdown: **2.3**.
var stepNumber = lazyRegexp(`^\d+\.\d+$`)

// stepAnchors gives each procedure step's list item the id "step-2.3", so
// that a finding can link to the step it is about (and :target can mark
// it).
type stepAnchors struct{}

func (stepAnchors) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		li, ok := n.(*ast.ListItem)
		if !entering || !ok || li.FirstChild() == nil {
			return ast.WalkContinue, nil
		}
		em, ok := li.FirstChild().FirstChild().(*ast.Emphasis)
		if !ok || em.Level != 2 {
			return ast.WalkContinue, nil
		}
		var num bytes.Buffer
		for c := em.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				num.Write(t.Segment.Value(src))
			}
		}
		if stepNumber().Match(num.Bytes()) {
			li.SetAttributeString("id", []byte("step-"+num.String()))
		}
		return ast.WalkContinue, nil
	})
}

// headingShift moves every heading down by its value, to h6 at most.
type headingShift int

func (s headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	if s == 0 {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(h.Level+int(s), 6)
		}
		return ast.WalkContinue, nil
	})
}

type figureRenderer struct {
	svg []byte
	url string
}

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
	if lang == "mermaid" && r.url != "" {
		fmt.Fprintf(w, "<figure class=\"process-map\">\n<img class=\"map\" id=\"map\" src=\"%s\" alt=\"Process map\">\n<figcaption>Process map</figcaption>\n</figure>\n", template.HTMLEscapeString(r.url))
		fmt.Fprintf(w, "<details class=\"no-print\"><summary>Mermaid source</summary><pre><code class=\"language-mermaid\">%s</code></pre></details>\n", esc)
		return ast.WalkSkipChildren, nil
	}
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
