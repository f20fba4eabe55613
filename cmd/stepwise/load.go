package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

// maxReported bounds how many validation problems are printed.
const maxReported = 20

// loadRecording reads a stepwise recording or a Chrome Recorder export.
func loadRecording(path string, chrome chromerecorder.Options) (*sopgen.Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if chromerecorder.Detect(data) {
		if chrome.RecordedAt == "" {
			if st, err := os.Stat(path); err == nil {
				chrome.RecordedAt = st.ModTime().UTC().Format(time.RFC3339)
			}
		}
		return chromerecorder.Convert(data, chrome)
	}
	return sopgen.ParseRecording(data)
}

// decodeRecording reads a recording for lint: a stepwise recording or a
// Chrome Recorder export, dated by the file's modification time.
func decodeRecording(name string, data []byte) (*sopgen.Recording, error) {
	if !chromerecorder.Detect(data) {
		return sopgen.ParseRecording(data)
	}
	opts := chromerecorder.Options{RecordedAt: "1970-01-01T00:00:00Z"}
	if st, err := os.Stat(name); err == nil {
		opts.RecordedAt = st.ModTime().UTC().Format(time.RFC3339)
	}
	return chromerecorder.Convert(data, opts)
}

// notARecording explains, when path is plainly not JSON, what it seems
// to be instead and which command takes it (cmd, which wanted a recording,
// does not); it returns "" otherwise.
func notARecording(path, cmd string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) == 0 || head[0] == '{' || head[0] == '[' {
		return ""
	}
	kind := lint.KindOf(path)
	if kind == lint.KindUnknown {
		switch {
		case head[0] == '#':
			kind = lint.KindMarkdown
		case bytes.HasPrefix(head, []byte("procedure:")) || bytes.Contains(head, []byte("\nprocedure:")):
			kind = lint.KindYAML
		case bytes.HasPrefix(head, []byte("---")):
			kind = lint.KindMarkdown
		}
	}
	switch kind {
	case lint.KindMarkdown:
		return fmt.Sprintf("%s looks like a Markdown SOP; %s takes a recording (JSON) — to check an SOP, run: stepwise lint %s", path, cmd, path)
	case lint.KindYAML:
		return fmt.Sprintf("%s looks like a YAML template; %s takes a recording (JSON) — to check a template, run: stepwise lint %s; to use it for a recording's documents: stepwise generate RECORDING.json --template %s --out DIR", path, cmd, path, path)
	}
	return ""
}

// reportLoadError prints one line per problem, each naming the file, the
// line and the JSON pointer.
func reportLoadError(w io.Writer, path string, err error) {
	var ve *sopgen.ValidationError
	if !errors.As(err, &ve) {
		fmt.Fprintf(w, "%s: %v\n", path, err)
		return
	}
	for i, fe := range ve.Errors {
		if i == maxReported {
			fmt.Fprintf(w, "%s: … and %s\n", path, sopgen.Plural(len(ve.Errors)-maxReported, "more problem", "more problems"))
			break
		}
		fmt.Fprintf(w, "%s:%s\n", path, fe.String())
	}
}
