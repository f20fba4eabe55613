package main

import (
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
)

func runVersion(stdout io.Writer) int {
	fmt.Fprintf(stdout, "stepwise %s\n", sopgen.GeneratorVersion)
	return exitOK
}
