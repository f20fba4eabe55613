// Command package-extension zips the recorder extension for the Chrome Web
// Store: the manifest and its scripts, pages and styles, without tests.
//
//	go run ./scripts/package-extension -out stepwise-recorder.zip
package main

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/extension"
)

func main() {
	out := flag.String("out", "stepwise-recorder.zip", "zip `FILE` to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "package-extension:", err)
		os.Exit(1)
	}
}

func withoutKey(manifest []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	delete(m, "key")
	return json.MarshalIndent(m, "", "  ")
}

func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	n := 0
	err = fs.WalkDir(extension.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(extension.Files, p)
		if err != nil {
			return err
		}
		if p == "manifest.json" {
			// The "key" pins the id of the unpacked extension for tests;
			// the Web Store assigns its own and refuses a manifest with one.
			if data, err = withoutKey(data); err != nil {
				return err
			}
		}
		// A fixed time makes the same sources give the same zip.
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		n++
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		fmt.Printf("%s: %d files\n", path, n)
	}
	return err
}
