package processmap

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMermaid writes the graph as a Mermaid flowchart, for the code block
// inside sop.md. Labels are quoted and every character Mermaid or Markdown
// could read as syntax is written as a Mermaid entity code.
func (g *Graph) WriteMermaid(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("flowchart TD\n")
	byCluster := map[string][]Node{}
	for _, n := range g.Nodes {
		byCluster[n.Cluster] = append(byCluster[n.Cluster], n)
	}
	node := func(n Node, indent string) {
		l := mermaidText(n.Label)
		switch n.Shape {
		case ShapeDecision:
			p("%s%s{\"%s\"}\n", indent, n.ID, l)
		case ShapeTerminal:
			p("%s%s([\"%s\"])\n", indent, n.ID, l)
		case ShapeEscape:
			p("%s%s{{\"%s\"}}\n", indent, n.ID, l)
		default:
			p("%s%s[\"%s\"]\n", indent, n.ID, l)
		}
	}
	for _, n := range byCluster[""] {
		node(n, "  ")
	}
	for _, c := range g.Clusters {
		p("  subgraph %s[\"%s\"]\n", c.ID, mermaidText(c.Label))
		for _, n := range byCluster[c.ID] {
			node(n, "    ")
		}
		p("  end\n")
	}
	for _, e := range g.Edges {
		arrow := "-->"
		if e.Dashed {
			arrow = "-.->"
		}
		if e.Label != "" {
			p("  %s %s|\"%s\"| %s\n", e.From, arrow, mermaidText(e.Label), e.To)
		} else {
			p("  %s %s %s\n", e.From, arrow, e.To)
		}
	}
	return bw.Flush()
}

var mermaidEscaper = strings.NewReplacer(
	"#", "#35;",
	`"`, "#quot;",
	"&", "#amp;",
	"<", "#lt;",
	">", "#gt;",
	"`", "#96;",
	"%", "#37;",
	"|", "#124;",
	"\n", " ",
	"\r", " ",
)

// mermaidText escapes text for a quoted Mermaid label.
func mermaidText(s string) string { return mermaidEscaper.Replace(s) }
