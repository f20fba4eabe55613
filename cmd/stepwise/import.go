package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workflow := fs.String("workflow", "", "workflow slug (default: from the export's title)")
	id := fs.String("id", "", "recording id (default: derived from the file's bytes)")
	role := fs.String("role", "", "the role of the person who recorded it")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: stepwise import chrome-recorder FILE [--workflow SLUG] [--id ID] [--role ROLE]\n\nPrints the export as stepwise/recording@1 JSON. Keystrokes and typed values are dropped.\n\n")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 2 || pos[0] != "chrome-recorder" {
		fs.Usage()
		return exitError
	}
	path := pos[1]
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise import: %v\n", err)
		return exitError
	}
	if _, err := sopgen.ParseRecording(data); err == nil {
		fmt.Fprintf(stderr, "stepwise import: %s is already a stepwise recording\n", path)
		return exitError
	}
	opts := chromerecorder.Options{Workflow: *workflow, ID: *id, Role: *role}
	if st, err := os.Stat(path); err == nil {
		opts.RecordedAt = st.ModTime().UTC().Format(time.RFC3339)
	}
	// Whatever the file holds, it is read as an export, so that each
	// problem is reported at its place in the export.
	rec, err := chromerecorder.Convert(data, opts)
	if err != nil {
		reportLoadError(stderr, path, err)
		return exitError
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rec); err != nil {
		fmt.Fprintf(stderr, "stepwise import: %v\n", err)
		return exitError
	}
	return exitOK
}
