// Command longrecording prints a valid stepwise/recording@1 of N steps (a
// realistic reset repeated, as the server's benchmarks use) for timing
// whole commands on recordings longer than the examples.
//
//	go run ./scripts/longrecording -n 50 > long.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

func main() {
	n := flag.Int("n", 50, "steps")
	flag.Parse()
	if *n < 1 || *n > 10000 {
		fmt.Fprintln(os.Stderr, "longrecording: -n must be 1 to 10000")
		os.Exit(2)
	}
	os.Stdout.Write(ingesttest.LongRecording(fmt.Sprintf("rec-long-%06d", *n), "long-reset", fmt.Sprintf("Long reset, %d steps", *n), *n))
}
