package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/sopgen/lint/config"
)

// rulesDocsURL is where each rule's help lives for SARIF and Markdown.
const rulesDocsURL = "https://github.com/stepwise-sop/stepwise/blob/main/docs/rules.md"

func runLint(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("lint", "stepwise lint [flags] PATH...",
		"Checks YAML templates, Markdown SOPs and recordings (directories are walked).\nExit 0 clean, 1 when a finding reaches --fail-on, 2 on a usage or input error.")
	format := fs.String("format", "text", "output `format`: text, json, sarif or markdown")
	cfgPath := fs.String("config", "", "configuration `FILE` for every path (default: the nearest .stepwise.yaml above each file)")
	baseline := fs.String("baseline", "", "`FILE` of accepted findings (the JSON output of an earlier run) to leave out")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding reaches this `severity`: error, warning or info")
	today := fs.String("today", "", "the `date` (YYYY-MM-DD) review-overdue compares against (default: today)")
	root := fs.String("root", "", "the `folder` fingerprints name files relative to (default: the repository above each file, or the working directory)")
	paths, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		return fs.usageError(stderr, "missing PATH, a file or folder to lint")
	}
	level := sopgen.Severity(*failOn)
	if level.Rank() == 0 {
		fmt.Fprintf(stderr, "stepwise lint: --fail-on must be error, warning or info, not %q\n", *failOn)
		return exitError
	}
	switch *format {
	case "text", "json", "sarif", "markdown":
	default:
		fmt.Fprintf(stderr, "stepwise lint: --format must be text, json, sarif or markdown, not %q\n", *format)
		return exitError
	}
	opts := lint.Options{Today: time.Now().UTC(), DecodeRecording: decodeRecording, Root: *root}
	if *today != "" {
		t, err := time.Parse("2006-01-02", *today)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise lint: --today: %q is not a YYYY-MM-DD date\n", *today)
			return exitError
		}
		opts.Today = t
	}
	if *cfgPath != "" {
		c, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise lint: %v\n", err)
			return exitError
		}
		opts.Config = c
	}
	if *baseline != "" {
		b, err := lint.LoadBaseline(*baseline)
		if err != nil {
			fmt.Fprintf(stderr, "stepwise lint: %v\n", err)
			return exitError
		}
		opts.Baseline = b
	}

	// A lint run is short and allocates many small, short-lived objects:
	// collecting garbage less often makes it about a quarter faster on
	// 1,000 files for a few more megabytes (BENCHMARKS.md).
	debug.SetGCPercent(400)
	res := lint.Paths(ctx, paths, opts)
	var err error
	switch *format {
	case "json":
		err = lint.WriteJSON(stdout, res)
	case "sarif":
		err = lint.WriteSARIF(stdout, res, lint.SARIFOptions{Version: sopgen.GeneratorVersion, DocsURL: rulesDocsURL})
	case "markdown":
		err = lint.WriteMarkdown(stdout, res, rulesDocsURL)
	default:
		err = lint.WriteText(stdout, res)
	}
	if err != nil {
		fmt.Fprintf(stderr, "stepwise lint: %v\n", err)
		return exitError
	}
	// Input errors go to stderr whatever the format, so a CI log shows them.
	if len(res.Errors) > 0 {
		var b strings.Builder
		lint.WriteErrors(&b, res)
		fmt.Fprint(stderr, b.String())
	}
	if *format == "text" {
		lint.WritePassedOver(stderr, res)
		lint.WriteSummary(stderr, res)
	}
	if res.Files == 0 && len(res.Errors) == 0 {
		fmt.Fprintf(stderr, "stepwise lint: nothing to lint in %s: no SOP, template or recording found (%s passed over)\n", strings.Join(paths, ", "), sopgen.Plural(res.Skipped, "file", "files"))
		if n := len(res.NotWalked); n > 0 {
			// testdata, node_modules and hidden folders are not walked;
			// naming one lints it.
			shown := res.NotWalked[:min(n, 5)]
			more := ""
			if n > len(shown) {
				more = fmt.Sprintf(" and %d more", n-len(shown))
			}
			fmt.Fprintf(stderr, "stepwise lint: folders not walked: %s%s; name one to lint it\n", strings.Join(shown, ", "), more)
		}
		return exitError
	}
	switch {
	case len(res.Errors) > 0:
		return exitError
	case res.Fails(level):
		return exitFindings
	}
	return exitOK
}
