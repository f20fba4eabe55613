package processmap

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// MaxDetailedSteps is the largest procedure drawn step by step; above it
// each phase becomes one node, which keeps layout time bounded and the map
// readable.
const MaxDetailedSteps = 60

// The terminal node ids. Mermaid reserves "end", so neither is a bare word.
const (
	startID = "n_start"
	endID   = "n_end"
)

// Graph is a process map.
type Graph struct {
	Title    string
	Clusters []Cluster
	Nodes    []Node
	Edges    []Edge
}

// Cluster groups the nodes of one phase.
type Cluster struct {
	ID    string
	Label string
}

// Node shapes.
const (
	ShapeStep     = "box"
	ShapeDecision = "diamond"
	ShapeTerminal = "oval"
	ShapeEscape   = "octagon"
)

// Node is one box of the map.
type Node struct {
	ID      string
	Label   string
	Shape   string
	Kind    sopgen.Kind
	Cluster string
}

// Edge is one arrow.
type Edge struct {
	From, To string
	Label    string
	Dashed   bool
}

// FromDocument builds the map of d: start, each phase as a cluster of its
// steps, a decision after each verification with its failure branch to the
// exception, and the end.
func FromDocument(d *sopgen.Document) *Graph {
	g := &Graph{Title: d.Meta.Title}
	g.Nodes = append(g.Nodes, Node{ID: startID, Label: "Start", Shape: ShapeTerminal})
	prev := startID
	detailed := len(d.Steps()) <= MaxDetailedSteps
	exNodes := map[string]bool{}
	// link continues the main path to a node; leaving a decision, the
	// main path is its "yes" branch.
	link := func(to string) {
		label := ""
		if strings.HasPrefix(prev, "d_") {
			label = "yes"
		}
		g.Edges = append(g.Edges, Edge{From: prev, To: to, Label: label})
		prev = to
	}
	// branch adds the decision after node from, in from's phase (cluster),
	// with its "no" edge to the exception br leads to.
	branch := func(from, cluster string, br sopgen.Branch) string {
		e := d.Exception(br.Goto)
		if e == nil {
			return ""
		}
		id := "x_" + sanitizeID(e.ID)
		if !exNodes[id] {
			exNodes[id] = true
			g.Nodes = append(g.Nodes, Node{ID: id, Label: e.Action, Shape: ShapeEscape, Kind: sopgen.KindEscalate})
		}
		d := "d_" + from
		g.Nodes = append(g.Nodes, Node{ID: d, Label: "Identity verified?", Shape: ShapeDecision, Kind: sopgen.KindVerify, Cluster: cluster})
		g.Edges = append(g.Edges, Edge{From: d, To: id, Label: "no", Dashed: true})
		return d
	}
	if detailed {
		for pi, ph := range d.Phases {
			cid := fmt.Sprintf("p%d", pi+1)
			g.Clusters = append(g.Clusters, Cluster{ID: cid, Label: fmt.Sprintf("%d. %s", pi+1, ph.Title)})
			for _, s := range ph.Steps {
				g.Nodes = append(g.Nodes, Node{ID: s.ID, Label: s.Number + " " + strings.TrimSuffix(s.Plain(), "."), Shape: ShapeStep, Kind: s.Kind, Cluster: cid})
				link(s.ID)
				for _, br := range s.Branches {
					if dn := branch(s.ID, cid, br); dn != "" {
						link(dn)
					}
				}
			}
		}
	} else {
		g.summary(d, link, branch)
	}
	g.Nodes = append(g.Nodes, Node{ID: endID, Label: "End", Shape: ShapeTerminal})
	link(endID)
	for _, e := range d.Exceptions {
		id := "x_" + sanitizeID(e.ID)
		if exNodes[id] {
			g.Edges = append(g.Edges, Edge{From: id, To: endID, Dashed: true})
		}
	}
	return g
}

// summary draws a long procedure as one node per distinct phase, in order
// of first appearance, with how many steps and passes it took: a recording
// that repeats its cycle a hundred times still gives a map of a handful of
// nodes, whose layout time is bounded.
func (g *Graph) summary(d *sopgen.Document, link func(to string), branch func(string, string, sopgen.Branch) string) {
	type group struct {
		title         string
		steps, passes int
		kind          sopgen.Kind
		branches      []sopgen.Branch
	}
	var groups []*group
	byTitle := map[string]*group{}
	for _, ph := range d.Phases {
		gr := byTitle[ph.Title]
		if gr == nil {
			gr = &group{title: ph.Title, kind: phaseKind(ph)}
			byTitle[ph.Title] = gr
			groups = append(groups, gr)
		}
		gr.steps += len(ph.Steps)
		gr.passes++
		for _, s := range ph.Steps {
			if len(gr.branches) == 0 && len(s.Branches) > 0 {
				gr.branches = s.Branches[:1]
			}
		}
	}
	for i, gr := range groups {
		id := fmt.Sprintf("g%d", i+1)
		label := fmt.Sprintf("%s (%d steps", gr.title, gr.steps)
		if gr.passes > 1 {
			label += fmt.Sprintf(" in %d passes", gr.passes)
		}
		g.Nodes = append(g.Nodes, Node{ID: id, Label: label + ")", Shape: ShapeStep, Kind: gr.kind})
		link(id)
		for _, br := range gr.branches {
			if dn := branch(id, "", br); dn != "" {
				link(dn)
			}
		}
	}
}

// phaseKind is the kind that gives a collapsed phase its colour: the first
// classified step's.
func phaseKind(ph sopgen.Phase) sopgen.Kind {
	for _, s := range ph.Steps {
		if s.Kind != sopgen.KindOther {
			return s.Kind
		}
	}
	return sopgen.KindOther
}

// sanitizeID keeps ids to [A-Za-z0-9_], which DOT and Mermaid both take bare.
func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width runes at spaces.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		for utf8.RuneCountInString(w) > width {
			r := []rune(w)
			if cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
			}
			lines = append(lines, string(r[:width]))
			w = string(r[width:])
		}
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// Fill colours by step kind, shared by every output.
var kindFill = map[sopgen.Kind]string{
	sopgen.KindIntake:   "#eef2f7",
	sopgen.KindVerify:   "#dbeafe",
	sopgen.KindApprove:  "#ede9fe",
	sopgen.KindAccess:   "#fde68a",
	sopgen.KindDeliver:  "#fed7aa",
	sopgen.KindConfirm:  "#d1fae5",
	sopgen.KindNotify:   "#e0f2fe",
	sopgen.KindLog:      "#dcfce7",
	sopgen.KindEscalate: "#fecaca",
	sopgen.KindOther:    "#ffffff",
}

func fill(k sopgen.Kind) string {
	if c, ok := kindFill[k]; ok {
		return c
	}
	return "#ffffff"
}

// LegendEntry explains one colour of the map.
type LegendEntry struct {
	Fill  string // #rrggbb
	Label string
}

// kindLegend names what each fill colour stands for.
var kindLegend = []struct {
	kind  sopgen.Kind
	label string
}{
	{sopgen.KindIntake, "Request taken"},
	{sopgen.KindVerify, "Identity verification"},
	{sopgen.KindApprove, "Approval"},
	{sopgen.KindAccess, "Access change"},
	{sopgen.KindDeliver, "Credential delivered"},
	{sopgen.KindConfirm, "Sign-in confirmed"},
	{sopgen.KindNotify, "Owner notified"},
	{sopgen.KindLog, "Record kept"},
	{sopgen.KindEscalate, "Escalation or exception"},
	{sopgen.KindOther, "Other step"},
}

// Legend lists the colours the map of d uses, in the order of the
// procedure's control objectives, with what each stands for.
func Legend(d *sopgen.Document) []LegendEntry {
	used := map[sopgen.Kind]bool{}
	for _, s := range d.Steps() {
		used[s.Kind] = true
	}
	if len(d.Exceptions) > 0 {
		used[sopgen.KindEscalate] = true
	}
	var out []LegendEntry
	for _, k := range kindLegend {
		if used[k.kind] {
			out = append(out, LegendEntry{Fill: fill(k.kind), Label: k.label})
		}
	}
	return out
}
