package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
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
			fmt.Fprintf(w, "%s: … and %d more problems\n", path, len(ve.Errors)-maxReported)
			break
		}
		fmt.Fprintf(w, "%s:%s\n", path, fe.String())
	}
}
