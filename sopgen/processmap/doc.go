// Package processmap turns a sopgen.Document into a process map: a graph of
// phases, steps, the decision after identity verification and the
// exception paths. It writes the graph as DOT (for people who render it
// with Graphviz themselves) and as a Mermaid flowchart, and lays it out
// itself (Graph.Layout: one column of the procedure, exceptions in a lane
// beside it, sized with the fonts' real metrics) as drawing operations that
// any Canvas paints, which is how the SVG, the PNG and the PDF get their
// map: one layout, three drawings.
package processmap
