package mdguard

import (
	"bytes"
	"errors"
	"fmt"
)

// Limits bound a Markdown source. A zero field means no bound.
type Limits struct {
	// MaxBytes bounds the size of the whole source.
	MaxBytes int
	// MaxQuoteDepth bounds block quotes inside block quotes.
	MaxQuoteDepth int
	// MaxListDepth bounds lists inside list items.
	MaxListDepth int
	// MaxBrackets bounds the "[" left open at once in one paragraph.
	MaxBrackets int
	// MaxClosers bounds the "]" in one paragraph: for each, goldmark
	// looks back over the lines of the paragraph before it.
	MaxClosers int
	// MaxOpenLinks bounds the link destinations, "](", left open at once
	// in one paragraph.
	MaxOpenLinks int
	// MaxRefDefs bounds the link reference definitions, "[x]: url", in
	// one paragraph (goldmark reparses the rest of a paragraph for each).
	MaxRefDefs int
	// MaxDelimiters bounds the runs of *, _ and ~ in one paragraph:
	// goldmark matches each closing run against every run before it.
	MaxDelimiters int
	// MaxTableColumns bounds the columns of a table.
	MaxTableColumns int
	// MaxTableCells bounds the cells of all tables together: every row
	// is padded to the header's width, so a wide header over many short
	// rows costs columns × rows.
	MaxTableCells int
}

// Default bounds a hand-written SOP. They are far above what a procedure
// needs (a real one nests lists three or four deep and has tables of tens
// of rows) and keep goldmark's parse of the largest accepted source under
// a second on one core.
var Default = Limits{
	MaxBytes:        1 << 20,
	MaxQuoteDepth:   16,
	MaxListDepth:    16,
	MaxBrackets:     32,
	MaxClosers:      200,
	MaxOpenLinks:    32,
	MaxRefDefs:      100,
	MaxDelimiters:   500,
	MaxTableColumns: 64,
	MaxTableCells:   100_000,
}

// ErrLimit is matched by every error of Check.
var ErrLimit = errors.New("Markdown beyond the parser's limits")

// Error is a source beyond a limit, at a line (0 for the size).
type Error struct {
	Line   int
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// Is makes errors.Is(err, ErrLimit) true.
func (e *Error) Is(target error) bool { return target == ErrLimit }

// over reports whether n is beyond limit (0 = no limit).
func over(n, limit int) bool { return limit > 0 && n > limit }

// Check measures src against l in one pass and returns an *Error for the
// first limit crossed, or nil.
func Check(src []byte, l Limits) error {
	if over(len(src), l.MaxBytes) {
		return &Error{Reason: fmt.Sprintf("the Markdown is %d bytes; at most %d", len(src), l.MaxBytes)}
	}
	var (
		lists     []int // the columns of the list markers that may still be open
		prevBlank = true
		// per paragraph: reset where a new block surely starts
		brackets, closers, openLinks, refDefs, delims int
		// the top-level fenced code block being skipped, if any
		fence    byte
		fenceLen int
		// an HTML block that may hold blank lines (<pre>, <!-- ...) may
		// be open until a line holds htmlEnd
		htmlEnd string
		// the table being read, if any
		tableCols, cells int
	)
	for lineNo, start := 1, 0; start < len(src); lineNo++ {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		line := src[start:end]
		start = end + 1
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if fence != 0 {
			// Code is not parsed for structure. Closed leniently (any
			// indentation): closing before goldmark does only measures
			// more.
			if closesFence(line, fence, fenceLen) {
				fence = 0
			}
			continue
		}
		if htmlEnd != "" && bytes.Contains(bytes.ToLower(line), []byte(htmlEnd)) {
			htmlEnd = ""
		}
		if isBlank(line) {
			prevBlank = true
			brackets, closers, openLinks, refDefs, delims, tableCols = 0, 0, 0, 0, 0, 0
			continue
		}

		// The container prefix: block quote markers and list markers, in
		// any order, with the columns they stand at.
		i, col, quotes, marker := 0, 0, 0, false
		brk := breakStart(line)
		for {
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				if line[i] == '\t' {
					col += 4 - col%4
				} else {
					col++
				}
				i++
			}
			if i < len(line) && line[i] == '>' {
				quotes++
				i++
				col++
				continue
			}
			if n := listMarker(line[i:], i >= brk); n > 0 {
				// An item nested in another stands right of its marker: pop
				// the markers at or right of this one, which it closes.
				for len(lists) > 0 && lists[len(lists)-1] >= col {
					lists = lists[:len(lists)-1]
				}
				lists = append(lists, col)
				marker = true
				i += n
				col += n
				continue
			}
			break
		}
		if !marker && prevBlank {
			// After a blank line, text left of an item's marker closes it
			// (before one, it may be a lazy continuation: keep the item).
			for len(lists) > 0 && lists[len(lists)-1] >= col {
				lists = lists[:len(lists)-1]
			}
		}
		prevBlank = false
		if over(quotes, l.MaxQuoteDepth) {
			return &Error{Line: lineNo, Reason: fmt.Sprintf("block quotes nested %d deep; at most %d", quotes, l.MaxQuoteDepth)}
		}
		if over(len(lists), l.MaxListDepth) {
			return &Error{Line: lineNo, Reason: fmt.Sprintf("lists nested %d deep; at most %d", len(lists), l.MaxListDepth)}
		}
		rest := line[i:]
		if quotes == 0 && !marker && col <= 3 && len(lists) == 0 && htmlEnd == "" {
			// A top-level fenced code block is skipped: only a closing
			// fence ends it. Skipped only where goldmark surely opens one:
			// no list open, and no HTML block that could hold it.
			if c, n := opensFence(rest); n > 0 {
				fence, fenceLen = c, n
				brackets, closers, openLinks, refDefs, delims, tableCols = 0, 0, 0, 0, 0, 0
				continue
			}
		}
		if end := htmlBlockEnd(rest); end != "" && htmlEnd == "" && !bytes.Contains(bytes.ToLower(rest[1:]), []byte(end)) {
			htmlEnd = end
		}
		if quotes == 0 && marker && startsList(line) && !isBlank(rest) || i == 0 && isHeading(line) {
			// A bullet with text, "1." with text or a heading at the left
			// margin starts a block wherever it stands: a new paragraph.
			brackets, closers, openLinks, refDefs, delims = 0, 0, 0, 0, 0
		}

		if tableCols > 0 {
			// goldmark parses each cell of a table row on its own, so
			// brackets and emphasis are bounded per row, not per table.
			brackets, closers, openLinks, delims = 0, 0, 0, 0
			cells += tableCols
		} else if n := delimiterRow(rest); n > 0 {
			if over(n, l.MaxTableColumns) {
				return &Error{Line: lineNo, Reason: fmt.Sprintf("a table of %d columns; at most %d", n, l.MaxTableColumns)}
			}
			tableCols = n
			cells += 2 * n // the header and this row
		}
		if over(cells, l.MaxTableCells) {
			return &Error{Line: lineNo, Reason: fmt.Sprintf("tables of more than %d cells in all", l.MaxTableCells)}
		}

		if bytes.Contains(rest, []byte("]:")) { // a label may span lines: count its end
			if refDefs++; over(refDefs, l.MaxRefDefs) {
				return &Error{Line: lineNo, Reason: fmt.Sprintf("more than %d link reference definitions in one paragraph", l.MaxRefDefs)}
			}
		}
		for j := 0; j < len(rest); j++ {
			switch rest[j] {
			case '\\':
				// An escaped bracket is text. A backslash is literal only
				// in code and raw HTML, where the next character is text
				// too (or the span's closing ` or >, not a bracket).
				if j+1 < len(rest) && isPunct(rest[j+1]) {
					j++
				}
			case '*', '_', '~':
				for j+1 < len(rest) && rest[j+1] == rest[j] {
					j++
				}
				if delims++; over(delims, l.MaxDelimiters) {
					return &Error{Line: lineNo, Reason: fmt.Sprintf("more than %d runs of *, _ or ~ in one paragraph", l.MaxDelimiters)}
				}
			case '[':
				if brackets++; over(brackets, l.MaxBrackets) {
					return &Error{Line: lineNo, Reason: fmt.Sprintf("more than %d brackets [ open at once in one paragraph", l.MaxBrackets)}
				}
			case ']':
				if closers++; over(closers, l.MaxClosers) {
					return &Error{Line: lineNo, Reason: fmt.Sprintf("more than %d brackets ] in one paragraph", l.MaxClosers)}
				}
				if brackets > 0 {
					brackets--
				}
				if j+1 < len(rest) && rest[j+1] == '(' {
					j++
					if openLinks++; over(openLinks, l.MaxOpenLinks) {
						return &Error{Line: lineNo, Reason: fmt.Sprintf("more than %d link destinations ]( open at once in one paragraph", l.MaxOpenLinks)}
					}
				}
			case ')':
				if openLinks > 0 {
					openLinks--
				}
			}
		}
	}
	return nil
}

func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// listMarker returns the length of the list marker s starts with ("-",
// "+", "*", or up to nine digits and "." or ")"), followed by a space, a
// tab or the end of the line, or 0. A thematic break ("- - -", "***") is
// not a marker; s may be one only when mayBreak.
func listMarker(s []byte, mayBreak bool) int {
	if len(s) == 0 {
		return 0
	}
	n := 0
	switch c := s[0]; {
	case c == '-' || c == '+' || c == '*':
		if mayBreak && isBreak(s) {
			return 0
		}
		n = 1
	case c >= '0' && c <= '9':
		for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n > 9 || n >= len(s) || (s[n] != '.' && s[n] != ')') {
			return 0
		}
		n++
	default:
		return 0
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// breakStart returns the index from which line holds only one character
// and blanks: a thematic break can start no earlier. It keeps the test for
// one linear on a line of thousands of list markers.
func breakStart(line []byte) int {
	i := len(line)
	for i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	if i == 0 {
		return 0
	}
	c := line[i-1]
	for i > 0 && (line[i-1] == c || line[i-1] == ' ' || line[i-1] == '\t') {
		i--
	}
	return i
}

// isBreak reports whether s is a thematic break: three or more of one of
// - * _ and nothing else but spaces and tabs.
func isBreak(s []byte) bool {
	c, count := s[0], 0
	for _, b := range s {
		switch {
		case b == c:
			count++
		case b == ' ' || b == '\t':
		default:
			return false
		}
	}
	return count >= 3
}

// delimiterRow returns the number of columns when s is a table's
// delimiter row ("|---|:--:|"), or 0.
func delimiterRow(s []byte) int {
	pipes, dashes, cols, cell := 0, 0, 0, false
	for _, c := range s {
		switch c {
		case '|':
			pipes++
			if cell {
				cols++
				cell = false
			}
		case '-':
			dashes++
			cell = true
		case ':', ' ', '\t':
		default:
			return 0
		}
	}
	if cell {
		cols++
	}
	if pipes == 0 || dashes == 0 {
		return 0
	}
	return cols
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// opensFence returns the character and length of the fence s opens (three
// or more ` or ~; a ` fence's info string holds no `), or 0, 0.
func opensFence(s []byte) (byte, int) {
	if len(s) == 0 || (s[0] != '`' && s[0] != '~') {
		return 0, 0
	}
	c, n := s[0], 0
	for n < len(s) && s[n] == c {
		n++
	}
	if n < 3 || c == '`' && bytes.IndexByte(s[n:], '`') >= 0 {
		return 0, 0
	}
	return c, n
}

// closesFence reports whether line closes a fence of n c's.
func closesFence(line []byte, c byte, n int) bool {
	s := bytes.TrimLeft(line, " \t")
	k := 0
	for k < len(s) && s[k] == c {
		k++
	}
	return k >= n && isBlank(s[k:])
}

// htmlBlockEnd returns what ends the HTML block s starts when that block
// may hold blank lines (CommonMark's kinds 1 to 5), or "".
func htmlBlockEnd(s []byte) string {
	if len(s) < 2 || s[0] != '<' {
		return ""
	}
	low := bytes.ToLower(s[:min(len(s), 12)])
	for _, tag := range []string{"script", "pre", "style", "textarea"} {
		if bytes.HasPrefix(low[1:], []byte(tag)) {
			return "</" + tag + ">"
		}
	}
	switch {
	case bytes.HasPrefix(s, []byte("<!--")):
		return "-->"
	case s[1] == '?':
		return "?>"
	case bytes.HasPrefix(s, []byte("<![CDATA[")):
		return "]]>"
	case s[1] == '!':
		return ">"
	}
	return ""
}

// startsList reports whether line, at the left margin, is a bullet or an
// ordered item numbered 1: the items that may interrupt a paragraph.
func startsList(line []byte) bool {
	switch line[0] {
	case '-', '+', '*':
		return true
	}
	return bytes.HasPrefix(line, []byte("1.")) || bytes.HasPrefix(line, []byte("1)"))
}

// isHeading reports whether s is an ATX heading: one to six # and a space
// or the end of the line.
func isHeading(s []byte) bool {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(s) || s[n] == ' ' || s[n] == '\t')
}
