package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("import", "stepwise import chrome-recorder FILE [--workflow SLUG] [--id ID] [--role ROLE]",
		"Prints the export as stepwise/recording@1 JSON. Keystrokes and typed values are dropped.")
	workflow := fs.String("workflow", "", "workflow slug (default: from the export's title)")
	id := fs.String("id", "", "recording id (default: derived from the file's bytes)")
	role := fs.String("role", "", "the role of the person who recorded it")
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return fs.usageError(stderr, "missing the format chrome-recorder and FILE")
	case pos[0] != "chrome-recorder":
		return fs.usageError(stderr, "unknown format %q (the one there is: chrome-recorder)", pos[0])
	case len(pos) == 1:
		return fs.usageError(stderr, "missing FILE, the Chrome Recorder export")
	case len(pos) > 2:
		return fs.usageError(stderr, "takes one file, not %d", len(pos)-1)
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
