// Command stepwise turns recordings of browser work into SOPs, process maps
// and workflow reports. See "stepwise help".
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `Usage: stepwise <command> [flags] [files]

Commands:
  serve [--addr 127.0.0.1:8080] [--db FILE|URL]  run the API and web UI (SQLite, or a postgres:// URL)
  token create --team NAME [--db FILE|URL]       print a new API token for a team
  migrate [--db FILE|URL]                        bring the store's schema up to this version
  export --team NAME [--db FILE|URL]             write a team's recordings and tokens (JSON Lines)
  restore [--db FILE|URL] FILE                   load a team written by export into a store
  upload --server URL FILE...                    upload recordings (token in --token or STEPWISE_TOKEN)
  generate RECORDING.json --out DIR              write the SOP, process map and report
  lint PATH...                                   check SOPs, templates and recordings against the rules
  import chrome-recorder FILE                    convert a Chrome DevTools Recorder export
  version                                        print the version

--db defaults to stepwise.db in the current folder.

Run "stepwise help <command>" (or "stepwise <command> -h") for a command's flags.
`

// commands runs each subcommand with the arguments after its name.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"generate": runGenerate,
	"serve":    runServe,
	"token":    runToken,
	"upload":   runUpload,
	"lint":     runLint,
	"import":   runImport,
	"migrate":  runMigrate,
	"export":   runExport,
	"restore":  runRestore,
	"version":  runVersion,
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "stepwise: missing command\n\n%s", usage)
		return exitError
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(ctx, args[1:], stdout, stderr)
	}
	switch args[0] {
	case "--version", "-version":
		return runVersion(ctx, nil, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(args) < 2 || args[0] != "help" {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		// "stepwise help lint" is "stepwise lint -h".
		if cmd, ok := commands[args[1]]; ok && len(args) == 2 {
			return cmd(ctx, []string{"-h"}, stdout, stderr)
		}
		fmt.Fprintf(stderr, "stepwise help: unknown command %q\n\n%s", strings.Join(args[1:], " "), usage)
		return exitError
	}
	fmt.Fprintf(stderr, "stepwise: unknown command %q\n\n%s", args[0], usage)
	return exitError
}

// parseArgs parses flags that may stand before or after the positional
// arguments, and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
