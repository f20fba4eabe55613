package examples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// testFixtures are the folders whose recording is for tests only.
var testFixtures = map[string]bool{"hostile": true}

func TestTheDemoLeavesOutTheHostileFixture(t *testing.T) {
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("the demo holds no recording")
	}
	for _, r := range recs {
		if testFixtures[r.Name] {
			t.Errorf("the demo loads the test fixture %s", r.Name)
		}
		if bytes.Contains(r.Data, []byte("<script")) {
			t.Errorf("the demo recording %s holds a <script> tag", r.Name)
		}
	}
}

func TestEveryExampleIsInTheDemoOrATestFixture(t *testing.T) {
	recs, err := Recordings()
	if err != nil {
		t.Fatal(err)
	}
	demo := map[string]bool{}
	for _, r := range recs {
		demo[r.Name] = true
	}
	files, err := filepath.Glob("*/recording.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := filepath.Dir(f)
		if demo[name] == testFixtures[name] {
			t.Errorf("%s: list it in the go:embed line of examples.go (a demo workflow) or in testFixtures (a test fixture), not both or neither", name)
		}
	}
	for name := range testFixtures {
		if _, err := os.Stat(filepath.Join(name, "recording.json")); err != nil {
			t.Errorf("the test fixture %s is gone: %v", name, err)
		}
	}
}
