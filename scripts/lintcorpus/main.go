// Command lintcorpus writes the synthetic Markdown SOP corpus of the lint
// benchmark into a folder, so other linters can be timed on the same files:
//
//	go run ./scripts/lintcorpus -n 1000 -out /tmp/corpus
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/stepwise-sop/stepwise/sopgen/lint/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of SOPs")
	out := flag.String("out", "", "folder to write them to (required)")
	flag.Parse()
	if *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "lintcorpus:", err)
		os.Exit(1)
	}
}
