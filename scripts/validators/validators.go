// Package validators finds, for the tests, the third-party validators that
// users of each format already run over Stepwise's outputs: npm packages
// pinned in this folder's package.json (axe-core, html-validate, Redocly
// CLI), installed by `npm ci --prefix scripts/validators`, and Debian
// programs (qpdf, promtool). Once installed they run offline.
//
// A validator that is missing fails the test under CI (CI=true), where
// .ci/run installs every one of them, and skips it elsewhere with the
// command that installs it.
package validators

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// NPMInstall is the command that installs the npm validators.
const NPMInstall = "npm ci --prefix scripts/validators"

// Tool is a validator found on this machine, or why it was not.
type Tool struct {
	Path string
	err  error
}

// Missing is nil when the tool was found, or says what is missing and
// how to install it.
func (v Tool) Missing() error { return v.err }

// Require returns the tool's path. A missing tool fails tb under CI and
// skips it elsewhere.
func (v Tool) Require(tb testing.TB) string {
	tb.Helper()
	if v.err != nil {
		Absent(tb, v.err)
	}
	return v.Path
}

// Absent fails tb under CI, where every validator must be installed, and
// skips it elsewhere, with err naming the install command.
func Absent(tb testing.TB, err error) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("%v (CI must install it: see .ci/run)", err)
	}
	tb.Skipf("%v", err)
}

// InCI reports whether the tests run in CI, where a missing validator is
// a failure rather than a reason to skip.
func InCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// Root returns the repository's root: the nearest folder above the
// working directory that holds go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// File returns a file of this folder (a validator's configuration).
func File(tb testing.TB, name string) string {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(root, "scripts", "validators", name)
}

// Module finds a file of an npm validator, as "axe-core/axe.min.js".
func Module(rel string) Tool {
	root, err := Root()
	if err != nil {
		return Tool{err: err}
	}
	p := filepath.Join(root, "scripts", "validators", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return Tool{err: fmt.Errorf("%s is not installed: run %s", rel, NPMInstall)}
	}
	return Tool{Path: p}
}

// Program finds a program on PATH that Debian's package pkg installs.
func Program(name, pkg string) Tool {
	p, err := exec.LookPath(name)
	if err != nil {
		return Tool{err: fmt.Errorf("%s is not installed: run apt-get install %s", name, pkg)}
	}
	return Tool{Path: p}
}

// Node runs the npm validator whose script is at rel (under node_modules)
// with args, from the repository's root, and returns what it printed and
// its error (an *exec.ExitError when it found problems). Telemetry and
// update checks are off: the validators run offline.
func Node(tb testing.TB, rel string, args ...string) ([]byte, error) {
	tb.Helper()
	node := Program("node", "nodejs").Require(tb)
	script := Module(rel).Require(tb)
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{script}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true",
		"NO_UPDATE_NOTIFIER=1", "NO_COLOR=1", "FORCE_COLOR=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		tb.Fatalf("run %s: %v", rel, err)
	}
	return out.Bytes(), err
}

// HTML checks HTML documents with html-validate and the rules of
// htmlvalidate.json (the HTML standard, accessibility and whole-document
// presets) and fails tb with its report when it finds a problem.
func HTML(tb testing.TB, files ...string) {
	tb.Helper()
	args := append([]string{"--config", File(tb, "htmlvalidate.json"), "--formatter", "text"}, files...)
	out, err := Node(tb, "html-validate/bin/html-validate.mjs", args...)
	if err != nil {
		tb.Errorf("html-validate found problems in %s:\n%s", strings.Join(files, ", "), out)
	}
}

// Schema compiles the JSON schema in the file at path (a schema committed
// with its licence under a testdata folder). Formats (uri, date-time…)
// are asserted when assertFormat is set; a format the compiler does not
// know is ignored.
func Schema(tb testing.TB, path string, assertFormat bool) *jsonschema.Schema {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	if assertFormat {
		c.AssertFormat()
	}
	name := filepath.Base(path)
	if err := c.AddResource(name, doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		tb.Fatalf("compile %s: %v", path, err)
	}
	return s
}

// Validate checks the JSON document data against s.
func Validate(s *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(inst)
}
