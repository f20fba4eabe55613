// Package examples holds the example recordings, embedded so that a new
// server can load them on first start.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

//go:embed */recording.json
var recordings embed.FS

// Recording is one example: its folder name and its stepwise/recording@1
// source.
type Recording struct {
	Name string
	Data []byte
}

// Recordings returns every example recording, by folder name.
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
