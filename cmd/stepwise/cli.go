package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
)

// command is a subcommand's flags and help. Help asked for with -h, -help
// or --help goes to stdout and exits 0; a usage mistake goes to stderr,
// says what is wrong and exits 2.
type command struct {
	*flag.FlagSet
	name     string
	synopsis string // the usage line, e.g. "stepwise lint [flags] PATH..."
	about    string // what the command does, a paragraph or two
	out      bytes.Buffer
}

func newCommand(name, synopsis, about string) *command {
	c := &command{name: name, synopsis: synopsis, about: about}
	c.FlagSet = flag.NewFlagSet(name, flag.ContinueOnError)
	// flag writes its own messages (an unknown flag, a bad value) and the
	// usage to the output; parse decides where they go.
	c.SetOutput(&c.out)
	c.Usage = func() { c.printHelp(c.Output()) }
	return c
}

func (c *command) printHelp(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", c.synopsis, c.about)
	if hasFlags(c.FlagSet) {
		fmt.Fprintf(w, "\nFlags:\n")
		c.SetOutput(w)
		c.PrintDefaults()
		c.SetOutput(&c.out)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse reads the flags, wherever they stand among the positional
// arguments, and returns the positional ones. When ok is false the
// command must return code: the help was printed to stdout (0), or a
// flag error and the usage line to stderr (2).
func (c *command) parse(args []string, stdout, stderr io.Writer) (pos []string, code int, ok bool) {
	c.out.Reset()
	pos, err := parseArgs(c.FlagSet, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		stdout.Write(c.out.Bytes())
		return nil, exitOK, false
	case err != nil:
		// flag has written the error and the whole help to c.out: say
		// the error in the usual short form instead.
		return nil, c.usageError(stderr, "%v", err), false
	}
	return pos, exitOK, true
}

// usageError says what is wrong with the command line, then how the
// command is used, on stderr; it returns the exit code for a usage error.
func (c *command) usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "stepwise %s: %s\nUsage: %s\nRun \"stepwise help %s\" for its flags.\n", c.name, fmt.Sprintf(format, args...), c.synopsis, c.name)
	return exitError
}
