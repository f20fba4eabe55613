package main

import (
	"context"
	"flag"
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
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write the artifacts to (required)")
	tmpl := fs.String("template", "", "built-in template `NAME` ("+strings.Join(templates.Names(), ", ")+") or YAML template FILE supplying metadata, purpose, scope, exceptions, records and policy")
	vocab := fs.String("vocabulary", "", "JSON `FILE` of extra classification terms, tried before the built-in ones")
	version := fs.Int("version", 1, "workflow version number to print on the documents")
	workflow := fs.String("workflow", "", "workflow slug for a Chrome Recorder export (default: from its title)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: stepwise generate RECORDING.json --out DIR [--template NAME|FILE] [--vocabulary FILE]\n\nWrites %v.\nAccepts a stepwise/recording@1 file or a Chrome DevTools Recorder export.\n\n", generate.Artifacts)
		fs.PrintDefaults()
	}
	files, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 1 || *out == "" {
		fs.Usage()
		return exitError
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
	fmt.Fprintf(stdout, "%s: %d steps (%d recorded) → %s: %d error(s), %d warning(s), %d info\n",
		path, s.Steps, s.RecordedSteps, *out, s.Errors, s.Warnings, s.Info)
	return exitOK
}
