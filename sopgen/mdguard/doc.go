// Package mdguard bounds a Markdown source before goldmark parses it.
//
// goldmark, like Markdown parsers in every language, is superlinear on some
// shapes of input: block quotes or lists nested hundreds deep, long runs of
// nested brackets or of unclosed link destinations, thousands of link
// reference definitions in one paragraph, and a wide table header over many
// short rows. Check is one linear pass over the source that measures each of
// these and rejects a source beyond its Limits with the line where the
// limit was crossed, so that whatever reaches the parser parses in time
// proportional to its size. Its measures err on the high side: it may count
// a fenced code block's lines as structure, never the other way round.
package mdguard
