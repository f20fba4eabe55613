package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/lint/config"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

// Options tune a lint run. The zero value discovers .stepwise.yaml per
// file and skips the review-date comparison.
type Options struct {
	// Config, when set, applies to every file (--config); otherwise each
	// file uses the nearest .stepwise.yaml above it.
	Config *config.Config
	// Baseline holds fingerprints of findings to leave out: the ones a team
	// has accepted when adopting the linter.
	Baseline map[string]bool
	// Today is the date review-overdue compares against.
	Today time.Time
	// Vocabulary classifies written steps; nil means the built-in one.
	Vocabulary *sopgen.Vocabulary
	// DecodeRecording reads a .json file; nil means sopgen.ParseRecording.
	// The command sets one that also takes Chrome DevTools Recorder
	// exports.
	DecodeRecording func(name string, data []byte) (*sopgen.Recording, error)
	// Root is the folder whose relative paths name files in fingerprints.
	// Empty means, for each file, the repository above it (the nearest
	// folder holding .git), or the working directory outside one.
	Root string
}

// FileError is a file that could not be linted: unreadable, not UTF-8,
// invalid YAML or front matter, or an invalid recording.
type FileError struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}

func (e FileError) String() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Result is what a lint run found.
type Result struct {
	Findings []sopgen.Finding
	Errors   []FileError
	// Files counts the files linted; Skipped the files passed over because
	// they are not SOPs (a README, a package.json), each in PassedOver
	// with its reason.
	Files, Skipped int
	PassedOver     []FileError
	// NotWalked are the folders a walk left out (testdata, node_modules,
	// hidden ones), so that "nothing to lint" can say where to look.
	NotWalked []string
	// Baselined counts findings left out because the baseline holds them.
	Baselined int
}

// Summary counts findings by severity.
type Summary struct {
	Files       int `json:"files"`
	Skipped     int `json:"skipped"`
	Errors      int `json:"errors"`
	Warnings    int `json:"warnings"`
	Info        int `json:"info"`
	InputErrors int `json:"input_errors"`
	Baselined   int `json:"baselined"`
}

// Summary counts r's findings.
func (r *Result) Summary() Summary {
	s := Summary{Files: r.Files, Skipped: r.Skipped, InputErrors: len(r.Errors), Baselined: r.Baselined}
	for _, f := range r.Findings {
		switch f.Severity {
		case sopgen.SeverityError:
			s.Errors++
		case sopgen.SeverityWarning:
			s.Warnings++
		default:
			s.Info++
		}
	}
	return s
}

// Fails reports whether a finding reaches level.
func (r *Result) Fails(level sopgen.Severity) bool {
	for _, f := range r.Findings {
		if f.Severity.Rank() >= level.Rank() {
			return true
		}
	}
	return false
}

// Kind is what a file holds.
type Kind int

// The kinds of file the linter reads.
const (
	KindUnknown Kind = iota
	KindYAML
	KindMarkdown
	KindRecording
)

// KindOf tells the kind of a file from its name.
func KindOf(name string) Kind {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return KindYAML
	case ".md", ".markdown":
		return KindMarkdown
	case ".json":
		return KindRecording
	}
	return KindUnknown
}

// input is one file to lint; explicit files are linted whatever they
// look like, walked ones only when they look like SOPs.
type input struct {
	path     string
	explicit bool
	key      string // the path as fingerprints name it
}

// Paths lints files and directories (walked recursively, hidden folders
// and node_modules left out). One bad file does not stop the others: its
// problem goes to Result.Errors.
func Paths(ctx context.Context, paths []string, opts Options) *Result {
	res := &Result{}
	var inputs []input
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			res.Errors = append(res.Errors, FileError{File: p, Reason: reason(err)})
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, input{path: p, explicit: true})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				res.Errors = append(res.Errors, FileError{File: path, Reason: reason(err)})
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata") {
					res.NotWalked = append(res.NotWalked, path)
					return filepath.SkipDir
				}
				return nil
			}
			if KindOf(name) != KindUnknown && !isConfigName(name) {
				inputs = append(inputs, input{path: path})
			}
			return nil
		})
		if err != nil {
			res.Errors = append(res.Errors, FileError{File: p, Reason: reason(err)})
		}
	}

	type outcome struct {
		findings    []sopgen.Finding
		err         *FileError
		skipped     bool
		why         string // why it was passed over
		interrupted bool
	}
	outs := make([]outcome, len(inputs))
	cfgs := &configCache{byDir: map[string]string{}, byPath: map[string]*cfgEntry{}}
	roots := &rootCache{byDir: map[string]string{}}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				in := inputs[i]
				if ctx.Err() != nil {
					outs[i].interrupted = true // reported once below
					continue
				}
				cfg := opts.Config
				if cfg == nil {
					var ferr *FileError
					if cfg, ferr = cfgs.lookup(filepath.Dir(in.path)); ferr != nil {
						outs[i].err = ferr
						continue
					}
				}
				if pat := cfg.Excluded(in.path); pat != "" {
					outs[i].skipped, outs[i].why = true, fmt.Sprintf("excluded by %s (%q)", cfg.Path, pat)
					continue
				}
				data, err := readBounded(in.path, MaxFileBytes)
				if err != nil {
					outs[i].err = &FileError{File: in.path, Reason: reason(err)}
					continue
				}
				in.key = roots.key(in.path, opts.Root)
				found, why, err := lintOne(ctx, in, data, cfg, opts)
				switch {
				case why != "":
					outs[i].skipped, outs[i].why = true, why
				case ctx.Err() != nil:
					outs[i].interrupted = true
				case err != nil:
					outs[i].err = fileError(in.path, err)
				default:
					outs[i].findings = found
				}
			}
		}()
	}
	for i := range inputs {
		if ctx.Err() != nil {
			outs[i].interrupted = true
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		res.Errors = append(res.Errors, FileError{File: "-", Reason: "interrupted: " + err.Error()})
	}

	for i, o := range outs {
		switch {
		case o.err != nil:
			res.Errors = append(res.Errors, *o.err)
		case o.skipped:
			res.Skipped++
			res.PassedOver = append(res.PassedOver, FileError{File: inputs[i].path, Reason: o.why})
		case o.interrupted:
		default:
			res.Files++
			for _, f := range o.findings {
				if opts.Baseline[f.Fingerprint] {
					res.Baselined++
					continue
				}
				res.Findings = append(res.Findings, f)
			}
		}
	}
	sopgen.SortFindings(res.Findings)
	sort.SliceStable(res.Errors, func(i, j int) bool {
		if res.Errors[i].File != res.Errors[j].File {
			return res.Errors[i].File < res.Errors[j].File
		}
		return res.Errors[i].Line < res.Errors[j].Line
	})
	return res
}

func isConfigName(name string) bool {
	for _, n := range config.Names {
		if n == name {
			return true
		}
	}
	return false
}

var recordingSchema = lazyRegexp(`"schema"\s*:\s*"stepwise/recording@1"`)

// lintOne lints one file, or says why it is no SOP. A Markdown file is
// read once: the reading that decides it is an SOP is the one linted. One
// rule for a walk and for a file named on the command line decides what
// is an SOP (a YAML or JSON file named is always read).
func lintOne(ctx context.Context, in input, data []byte, cfg *config.Config, opts Options) ([]sopgen.Finding, string, error) {
	if KindOf(in.path) != KindMarkdown {
		if why := notSOP(in.path, data); why != "" && !in.explicit {
			return nil, why, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, "", fmt.Errorf("lint %s: %w", in.path, err)
		}
		d, err := document(in.path, data, opts)
		if err != nil {
			return nil, "", err
		}
		found, err := checkDocument(ctx, in.path, in.key, d, cfg, opts)
		return found, "", err
	}
	d, err := document(in.path, data, opts)
	if err != nil {
		return nil, "", err
	}
	if why := templates.NotSOPDocument(d); why != "" {
		return nil, why, nil
	}
	found, err := checkDocument(ctx, in.path, in.key, d, cfg, opts)
	return found, "", err
}

// notSOP says why a file that is not Markdown is no template or recording,
// or "" when it is one (Markdown is decided on its reading: lintOne).
func notSOP(path string, data []byte) string {
	switch KindOf(path) {
	case KindRecording:
		if recordingSchema().Match(data) || chromeRecorder().Match(data) {
			return ""
		}
		return "a JSON file that is no stepwise/recording@1 recording or Chrome Recorder export"
	case KindYAML:
		if bytes.Contains(data, []byte("\nprocedure:")) || bytes.HasPrefix(data, []byte("procedure:")) ||
			bytes.Contains(data, []byte("$schema=")) && bytes.Contains(data, []byte("template.schema.json")) {
			return ""
		}
		return "a YAML file with no procedure: key"
	}
	return "not Markdown, YAML or JSON"
}

// chromeRecorder recognises a Chrome DevTools Recorder export.
var chromeRecorder = lazyRegexp(`"steps"\s*:\s*\[[\s\S]*"type"\s*:\s*"(navigate|click|change|setViewport)"`)

// Source lints one file's content. cfg may be nil. The error is about the
// input (matching templates.ErrInvalid or sopgen.ErrInvalid). It runs to
// the end: its time is bounded by the readers' limits on size and
// structure, not by a deadline.
func Source(name string, data []byte, cfg *config.Config, opts Options) ([]sopgen.Finding, error) {
	return SourceContext(context.Background(), name, data, cfg, opts)
}

// SourceContext is Source that stops once ctx is done (the client went or
// the server's budget ran out), with an error matching ctx's. ctx is
// checked before the file is read, once it is read and between rules;
// reading itself is not interrupted, and needs not be: the readers bound
// what reaches their parsers (templates.MarkdownLimits,
// templates.DefaultYAMLLimits and the recording format's limits).
func SourceContext(ctx context.Context, name string, data []byte, cfg *config.Config, opts Options) ([]sopgen.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lint %s: %w", name, err)
	}
	d, err := document(name, data, opts)
	if err != nil {
		return nil, err
	}
	return checkDocument(ctx, name, nameKey(name, opts.Root), d, cfg, opts)
}

// checkDocument runs the rules over a document already read; key names
// its file in fingerprints.
func checkDocument(ctx context.Context, name, key string, d *sopgen.Document, cfg *config.Config, opts Options) ([]sopgen.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("lint %s: %w", name, err)
	}
	rc := rules.Config{Today: opts.Today, FingerprintFile: key}
	if cfg != nil {
		rc.Severity = cfg.Rules
		if len(cfg.Policy.VerificationMethods) > 0 {
			d.Policy.VerificationMethods = cfg.Policy.VerificationMethods
		}
		if len(cfg.Policy.DeliveryChannels) > 0 {
			d.Policy.DeliveryChannels = cfg.Policy.DeliveryChannels
		}
	}
	return rules.CheckContext(ctx, d, rc)
}

// document reads a file as a Document by its kind: YAML template,
// Markdown SOP or recording.
func document(name string, data []byte, opts Options) (*sopgen.Document, error) {
	voc := opts.Vocabulary
	switch KindOf(name) {
	case KindYAML:
		return templates.ParseYAML(name, data, voc)
	case KindMarkdown:
		return templates.ParseMarkdown(name, data, voc)
	case KindRecording:
		decode := opts.DecodeRecording
		if decode == nil {
			decode = func(_ string, data []byte) (*sopgen.Recording, error) { return sopgen.ParseRecording(data) }
		}
		rec, err := decode(name, data)
		if err != nil {
			if !bytes.Contains(data, []byte(`"stepwise/recording@1"`)) {
				return nil, &templates.InputError{File: name, Problems: []templates.Problem{{Line: 1, Reason: "not a stepwise/recording@1 recording (lint reads recordings, YAML templates and Markdown SOPs)"}}}
			}
			return nil, err
		}
		return sopgen.Compose(rec, sopgen.Options{Source: name, Vocabulary: voc})
	}
	return nil, &templates.InputError{File: name, Problems: []templates.Problem{{Reason: "not an SOP: lint reads .md, .yaml, .yml and .json recordings"}}}
}

// fileError turns a parse error into the file's problem; the first
// problem is reported with its line, the others follow.
func fileError(name string, err error) *FileError {
	var ie *templates.InputError
	if errors.As(err, &ie) && len(ie.Problems) > 0 {
		var more []string
		for _, p := range ie.Problems[1:] {
			if p.Line > 0 {
				more = append(more, fmt.Sprintf("line %d: %s", p.Line, p.Reason))
			} else {
				more = append(more, p.Reason)
			}
		}
		r := ie.Problems[0].Reason
		if len(more) > 0 {
			r += " (also " + strings.Join(more, "; ") + ")"
		}
		return &FileError{File: name, Line: ie.Problems[0].Line, Reason: r}
	}
	var ve *sopgen.ValidationError
	if errors.As(err, &ve) && len(ve.Errors) > 0 {
		fe := ve.Errors[0]
		r := fe.Pointer + ": " + fe.Reason
		if n := len(ve.Errors) - 1; n > 0 {
			r += fmt.Sprintf(" (and %d more)", n)
		}
		return &FileError{File: name, Line: fe.Line, Reason: r}
	}
	return &FileError{File: name, Reason: err.Error()}
}

func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type cfgEntry struct {
	once sync.Once
	cfg  *config.Config
	err  *FileError
}

// configCache finds each directory's configuration file, and loads each
// file, once.
type configCache struct {
	mu     sync.Mutex
	byDir  map[string]string // directory → configuration path
	byPath map[string]*cfgEntry
}

func (c *configCache) lookup(dir string) (*config.Config, *FileError) {
	c.mu.Lock()
	path, ok := c.byDir[dir]
	c.mu.Unlock()
	if !ok {
		path = config.Find(dir)
		c.mu.Lock()
		c.byDir[dir] = path
		c.mu.Unlock()
	}
	if path == "" {
		return nil, nil
	}
	c.mu.Lock()
	e, ok := c.byPath[path]
	if !ok {
		e = &cfgEntry{}
		c.byPath[path] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		cfg, err := config.Load(path)
		if err != nil {
			var ce *config.Error
			if errors.As(err, &ce) {
				e.err = &FileError{File: ce.File, Line: ce.Line, Reason: ce.Reason}
			} else {
				e.err = &FileError{File: path, Reason: reason(err)}
			}
			return
		}
		e.cfg = cfg
	})
	return e.cfg, e.err
}

// LoadBaseline reads a baseline: the JSON output of a previous lint run
// (stepwise lint --format json > .stepwise-baseline.json).
func LoadBaseline(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var b struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("baseline %s: not the JSON output of stepwise lint: %w", path, err)
	}
	out := map[string]bool{}
	for _, f := range b.Findings {
		if f.Fingerprint != "" {
			out[f.Fingerprint] = true
		}
	}
	return out, nil
}

func workingDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}

// MaxFileBytes bounds what lint reads of one file, before any reader's own
// limits (1 MiB for Markdown and YAML): a file larger than this is an
// input error, read no further than the limit.
const MaxFileBytes = 64 << 20

// errTooLarge is a file over MaxFileBytes.
var errTooLarge = fmt.Errorf("larger than %d MiB", MaxFileBytes>>20)

// readBounded reads the file at path, or fails with errTooLarge without
// reading more than max+1 bytes of it.
func readBounded(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > max {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, nil
}
