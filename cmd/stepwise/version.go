package main

import (
	"context"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
)

func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("version", "stepwise version", "Prints the version of Stepwise, which the generated documents also name.")
	pos, code, ok := c.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return c.usageError(stderr, "unexpected argument %q", pos[0])
	}
	fmt.Fprintf(stdout, "stepwise %s\n", sopgen.GeneratorVersion)
	return exitOK
}
