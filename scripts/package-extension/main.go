// Command package-extension zips the recorder extension for the Chrome Web
// Store: the manifest and its scripts, pages, styles and icons, without
// tests. It refuses a manifest the store would refuse: a name over 45
// characters, a description over 132, no 128-pixel icon, an icon that is
// not a PNG of its declared size.
//
//	go run ./scripts/package-extension -out stepwise-recorder.zip
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"strconv"
	"time"
	"unicode/utf8"

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

// Limits of the Chrome Web Store on a manifest.
const (
	maxName        = 45
	maxDescription = 132
)

// storeReady checks what the store checks of a manifest before it takes
// the package, and names each problem.
func storeReady(manifest []byte, files fs.FS) error {
	var m struct {
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Icons       map[string]string `json:"icons"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return fmt.Errorf("manifest.json: %w", err)
	}
	var errs []error
	if n := utf8.RuneCountInString(m.Name); n == 0 || n > maxName {
		errs = append(errs, fmt.Errorf("manifest.json: the name has %d characters; the store takes 1 to %d", n, maxName))
	}
	if n := utf8.RuneCountInString(m.Description); n == 0 || n > maxDescription {
		errs = append(errs, fmt.Errorf("manifest.json: the description has %d characters; the store takes 1 to %d", n, maxDescription))
	}
	if m.Icons["128"] == "" {
		errs = append(errs, errors.New(`manifest.json: no "icons" entry for 128 pixels, the size the store shows`))
	}
	for size, name := range m.Icons {
		if err := checkIcon(files, size, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkIcon checks that the icon file exists and is a square PNG of its
// declared size.
func checkIcon(files fs.FS, size, name string) error {
	want, err := strconv.Atoi(size)
	if err != nil {
		return fmt.Errorf("manifest.json: icon size %q is not a number", size)
	}
	data, err := fs.ReadFile(files, name)
	if err != nil {
		return fmt.Errorf("manifest.json: icon %s: %w", name, err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("icon %s is not a PNG: %w", name, err)
	}
	if cfg.Width != want || cfg.Height != want {
		return fmt.Errorf("icon %s is %dx%d, declared as %d", name, cfg.Width, cfg.Height, want)
	}
	return nil
}

func write(path string) error {
	manifest, err := fs.ReadFile(extension.Files, "manifest.json")
	if err != nil {
		return err
	}
	if err := storeReady(manifest, extension.Files); err != nil {
		return err
	}
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
