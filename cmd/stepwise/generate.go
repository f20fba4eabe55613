package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
	"github.com/stepwise-sop/stepwise/templates"
)

func runGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("generate", "stepwise generate RECORDING.json --out DIR [--template NAME|FILE] [--control FILE] [--vocabulary FILE] [flags]",
		fmt.Sprintf("Writes %v.\nAccepts a stepwise/recording@1 file or a Chrome DevTools Recorder export.\nTo check a Markdown SOP or a YAML template, use stepwise lint.", generate.Artifacts))
	out := fs.String("out", "", "folder to write the artifacts to (required)")
	tmpl := fs.String("template", "", "built-in template `NAME` ("+strings.Join(templates.Names(), ", ")+") or YAML template FILE supplying metadata, purpose, scope, exceptions, records and policy")
	vocab := fs.String("vocabulary", "", "JSON `FILE` of extra classification terms, tried before the built-in ones")
	version := fs.Int("version", 1, "workflow version number to print on the documents")
	workflow := fs.String("workflow", "", "workflow slug for a Chrome Recorder export (default: from its title)")
	control := fs.String("control", "", "JSON `FILE` of document control (status, approval, history, accepted errors) and reviewed text to print on the documents; see docs/documents.md")
	files, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(files) == 0:
		return fs.usageError(stderr, "missing RECORDING.json")
	case len(files) > 1:
		return fs.usageError(stderr, "takes one recording, not %d (%s)", len(files), strings.Join(files, " "))
	case *out == "":
		return fs.usageError(stderr, "missing --out DIR, the folder to write the documents to")
	}
	path := files[0]
	opts := generate.Options{Compose: sopgen.Options{Source: path, Version: *version}}
	if *tmpl != "" {
		t, err := templates.Lookup(*tmpl)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise generate: %v\n", err)
			return exitError
		}
		opts.Compose.Template = t
	}
	if *control != "" {
		c, err := readControl(*control)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise generate: %v\n", err)
			return exitError
		}
		opts.Control, opts.Compose.Reviewed = &c.Control, c.Reviewed
	}
	if *vocab != "" {
		f, err := os.Open(*vocab)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise generate: %v\n", err)
			return exitError
		}
		v, err := sopgen.LoadVocabulary(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "stepwise generate: %s: %v\n", *vocab, err)
			return exitError
		}
		opts.Compose.Vocabulary = v
	}
	rec, err := loadRecording(path, chromerecorder.Options{Workflow: *workflow})
	if err != nil {
		if hint := notARecording(path, "generate"); hint != "" {
			fmt.Fprintf(stderr, "stepwise generate: %s\n", hint)
			return exitError
		}
		reportLoadError(stderr, path, err)
		return exitError
	}
	res, err := generate.Run(ctx, rec, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise generate: %s: %v\n", path, err)
		return exitError
	}
	if err := res.WriteDir(*out); err != nil {
		fmt.Fprintf(stderr, "stepwise generate: %v\n", err)
		return exitError
	}
	s := res.Report.Summary
	fmt.Fprintf(stdout, "%s: %s (%d recorded) → %s: %s, %s, %d info\n",
		path, sopgen.Plural(s.Steps, "step", "steps"), s.RecordedSteps, *out,
		sopgen.Plural(s.Errors, "error", "errors"), sopgen.Plural(s.Warnings, "warning", "warnings"), s.Info)
	return exitOK
}

// readControl reads and checks a control file, bounded before it is read
// whole.
func readControl(path string) (*sopgen.ControlFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, sopgen.MaxControlBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := sopgen.ParseControl(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}
