package processmap

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// svgTexts parses an SVG strictly and returns its title and the character
// data of its text elements.
func svgTexts(tb testing.TB, svg []byte) (title string, texts []string) {
	tb.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	var in string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return title, texts
		}
		if err != nil {
			tb.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			in = v.Name.Local
			for _, a := range v.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					tb.Errorf("element %s has an event attribute %s", v.Name.Local, a.Name.Local)
				}
			}
		case xml.CharData:
			switch in {
			case "title":
				title += string(v)
			case "text":
				texts = append(texts, string(v))
			}
		case xml.EndElement:
			in = ""
		}
	}
}

func TestSVGKeepsHostileTextAsText(t *testing.T) {
	hostile := []string{`<script>alert(1)</script>`, `"]; evil [`, `a & b <!-- c --> ]]>`, `' onload='x`}
	l := &Layout{Width: 100, Height: 100}
	for i, s := range hostile {
		l.Ops = append(l.Ops, Op{Kind: OpText, Points: []Point{{10, float64(20 * (i + 1))}}, Text: s, Size: 10, Align: "l", Stroke: `#000000" onload="x`})
	}
	l.Ops = append(l.Ops, Op{Kind: OpPolygon, Points: []Point{{0, 0}, {10, 0}, {10, 10}}, Stroke: "#475569", Fill: "#fde68a", Dashed: true})
	var b bytes.Buffer
	if err := l.WriteSVG(&b, `Title </title><script>x</script>`); err != nil {
		t.Fatal(err)
	}
	title, texts := svgTexts(t, b.Bytes())
	if title != `Title </title><script>x</script>` {
		t.Errorf("title = %q, want the text as given", title)
	}
	if strings.Join(texts, "\n") != strings.Join(hostile, "\n") {
		t.Errorf("texts = %q, want %q", texts, hostile)
	}
	if bytes.Contains(b.Bytes(), []byte("<script")) {
		t.Error("SVG holds a raw <script")
	}
}
