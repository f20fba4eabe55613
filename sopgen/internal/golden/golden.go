// Package golden compares test output with golden files, for the packages
// whose tests declare an -update flag.
package golden

import (
	"bytes"
	"os"
	"testing"
)

// Check fails tb when got differs from the file at path. With update it
// first writes got to path. pkg names the package in the hint, as
// "./sopgen/lint".
func Check(tb testing.TB, path string, got []byte, update bool, pkg string) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test %s -update)", err, pkg)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("%s is out of date; run go test %s -update and review the diff", path, pkg)
	}
}
