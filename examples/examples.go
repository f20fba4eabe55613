// Package examples holds the example recordings, embedded so that a new
// server can load them on first start.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// recordings are the demo: the workflows a new server loads. The folder
// hostile is left out on purpose: it is the test fixture that the privacy
// guard and every renderer are tested against (markup in the title, bidi
// marks, personal data), not a workflow to show a newcomer.
//
//go:embed account-unlock/recording.json password-reset-portal/recording.json password-reset-sms/recording.json reset-before-verify/recording.json
var recordings embed.FS

// Recording is one example: its folder name and its stepwise/recording@1
// source.
type Recording struct {
	Name string
	Data []byte
}

// Recordings returns every demo recording, by folder name.
func Recordings() ([]Recording, error) {
	matches, err := fs.Glob(recordings, "*/recording.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(matches)
	var out []Recording
	for _, m := range matches {
		data, err := recordings.ReadFile(m)
		if err != nil {
			return nil, err
		}
		out = append(out, Recording{Name: path.Dir(m), Data: data})
	}
	return out, nil
}
