// Package processmap turns a sopgen.Document into a process map: a graph of
// phases, steps, the decision after identity verification and the
// exception paths. It writes the graph as DOT and as a Mermaid flowchart,
// and draws a laid-out graph (xdot drawing operations from Graphviz's JSON
// output) onto any Canvas, which is how the SVG, the PNG and the PDF get
// their map: one layout, three drawings.
//
// Layout itself happens in processmap/graphviz, the only package that
// imports go-graphviz.
package processmap
