package processmap

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// labelWidth is how many characters a node label line holds.
const labelWidth = 34

// WriteDOT writes the graph in Graphviz DOT. Output is deterministic and
// node ids are stable across versions of a workflow, so two maps diff
// cleanly. Every label is escaped: recorded text cannot end a string or
// inject attributes.
func (g *Graph) WriteDOT(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("digraph process_map {\n")
	p("  graph [rankdir=TB, fontname=\"DejaVu Sans\", fontsize=11, nodesep=0.3, ranksep=0.3, labeljust=l, label=%s, labelloc=t];\n", dotString(g.Title, 60))
	p("  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=10, margin=\"0.12,0.06\", color=\"#475569\"];\n")
	p("  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#475569\"];\n")
	byCluster := map[string][]Node{}
	for _, n := range g.Nodes {
		byCluster[n.Cluster] = append(byCluster[n.Cluster], n)
	}
	for _, n := range byCluster[""] {
		writeNode(p, n, "  ")
	}
	for _, c := range g.Clusters {
		p("  subgraph cluster_%s {\n", c.ID)
		p("    label=%s; style=\"rounded\"; color=\"#cbd5e1\";\n", dotString(c.Label, 48))
		for _, n := range byCluster[c.ID] {
			writeNode(p, n, "    ")
		}
		p("  }\n")
	}
	for _, e := range g.Edges {
		attrs := []string{}
		if e.Label != "" {
			attrs = append(attrs, "label="+dotString(e.Label, labelWidth))
		}
		if e.Dashed {
			attrs = append(attrs, "style=dashed")
		}
		if len(attrs) > 0 {
			p("  %s -> %s [%s];\n", e.From, e.To, strings.Join(attrs, ", "))
		} else {
			p("  %s -> %s;\n", e.From, e.To)
		}
	}
	p("}\n")
	return bw.Flush()
}

func writeNode(p func(string, ...any), n Node, indent string) {
	attrs := []string{"label=" + dotString(n.Label, labelWidth)}
	switch n.Shape {
	case ShapeDecision:
		attrs = append(attrs, "shape=diamond", "style=filled")
	case ShapeTerminal:
		attrs = append(attrs, "shape=oval", "style=filled")
	case ShapeEscape:
		attrs = append(attrs, "shape=octagon", "style=filled")
	}
	attrs = append(attrs, fmt.Sprintf("fillcolor=%q", fill(n.Kind)))
	p("%s%s [%s];\n", indent, n.ID, strings.Join(attrs, ", "))
}

// dotString quotes s as a DOT string, wrapped at width runes with centred
// line breaks. Backslashes are doubled so recorded text cannot use DOT's
// escapes (\N, \G, \l) and quotes are escaped so it cannot close the string.
func dotString(s string, width int) string {
	lines := wrap(s, width)
	if len(lines) == 0 {
		return `" "` // Graphviz ignores an empty label
	}
	for i, l := range lines {
		l = strings.ReplaceAll(l, `\`, `\\`)
		l = strings.ReplaceAll(l, `"`, `\"`)
		lines[i] = l
	}
	return `"` + strings.Join(lines, `\n`) + `"`
}
