package jsontree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// The bounds of the two callers: the strict recording decoder of sopgen
// and the Chrome Recorder importer.
var (
	recordingOptions = Options{MaxDepth: 16, MaxMembers: 64, MaxValues: 1 << 18, UniqueKeys: true}
	importerOptions  = Options{MaxDepth: 32}
)

// manyMembers returns n distinct object members, without the braces.
func manyMembers(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":%d`, i, i)
	}
	return b.String()
}

// sameTree reports where two trees differ, or "".
func sameTree(a, b *Node, ptr string) string {
	if a.Kind != b.Kind || a.Off != b.Off || a.Str != b.Str || a.Num != b.Num ||
		len(a.Keys) != len(b.Keys) || len(a.Arr) != len(b.Arr) {
		return fmt.Sprintf("%s: %+v != %+v", ptr, *a, *b)
	}
	for i := range a.Keys {
		if a.Keys[i] != b.Keys[i] {
			return fmt.Sprintf("%s: key %q != %q", ptr, a.Keys[i], b.Keys[i])
		}
		if d := sameTree(a.Vals[i], b.Vals[i], ptr+"/"+a.Keys[i]); d != "" {
			return d
		}
	}
	for i := range a.Arr {
		if d := sameTree(a.Arr[i], b.Arr[i], fmt.Sprintf("%s/%d", ptr, i)); d != "" {
			return d
		}
	}
	return ""
}

// FuzzWalkerAgreesWithTheDecoder proves that the fast walk over valid JSON
// builds the same tree, offsets included, as encoding/json's token API, or
// refuses it with the same error, under the bounds of each caller.
func FuzzWalkerAgreesWithTheDecoder(f *testing.F) {
	for _, s := range []string{
		`{"a": [1, -2.5e3, "x\"y\\u00e9", true, false, null, {}, []], "b/~": {"c": ""}}`,
		" [ \n{ \"steps\" :[ ] } ]\t",
		`{"a":1,"a":2}`,
		"  [ {\"k\" : \"v\\n\" } , 3 ]  ",
		`"\ud83d\ude00"`,
		"{" + manyMembers(recordingOptions.MaxMembers+1) + "}",
		"[{" + manyMembers(recordingOptions.MaxMembers) + "}," + strings.Repeat("0,", recordingOptions.MaxValues) + "0]",
	} {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile("../../examples/hostile/recording.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || !utf8.Valid(data) {
			return
		}
		for _, opts := range []Options{recordingOptions, importerOptions} {
			fast, ferr := (&walker{data: data, opts: opts}).value(0)
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.UseNumber()
			slow, serr := (&parser{data: data, dec: dec, opts: opts}).value("", 0)
			if (ferr == nil) != (serr == nil) {
				t.Fatalf("%+v: walker: %v, decoder: %v", opts, ferr, serr)
			}
			if ferr != nil {
				if *ferr.(*Error) != *serr.(*Error) {
					t.Fatalf("%+v: walker: %v, decoder: %v", opts, ferr, serr)
				}
				continue
			}
			if d := sameTree(fast, slow, ""); d != "" {
				t.Fatalf("%+v: %s", opts, d)
			}
		}
	})
}

func TestParseNamesThePointerAndLineOfAProblem(t *testing.T) {
	cases := []struct {
		name, data string
		opts       Options
		want       Error
	}{
		{"invalid UTF-8", "{\n\"a\": \"\xff\"}", importerOptions, Error{"", 2, "invalid UTF-8 at byte 8"}},
		{"broken JSON", "{\n\"a\": [1,\n}", importerOptions, Error{"/a/1", 3, "invalid JSON: invalid character '}' looking for beginning of value"}},
		{"JSON cut short", "{\"a\": [1", importerOptions, Error{"/a", 1, "invalid JSON: unexpected end of input"}},
		{"trailing data", "{}\n{}", importerOptions, Error{"", 2, "unexpected data after the top-level value"}},
		{"deep nesting", `{"a/b": [[[1]]]}`, Options{MaxDepth: 3}, Error{"/a~1b/0/0", 1, "nested deeper than 3 levels"}},
		{"deep nesting in broken JSON", `{"a/b": [[[1]]],}`, Options{MaxDepth: 3}, Error{"/a~1b/0/0", 1, "nested deeper than 3 levels"}},
		{"too many members", "[\n{\"a\": 1, \"b\": 2}]", Options{MaxDepth: 4, MaxMembers: 1}, Error{"/0", 2, "object has more than 1 members"}},
		{"too many values", `{"a": [1, 2]}`, Options{MaxDepth: 4, MaxValues: 2}, Error{"/a/0", 1, "the document holds more than 2 values"}},
		{"a duplicate key", "{\"a\": 1,\n\"a\": 2}", Options{MaxDepth: 4, UniqueKeys: true}, Error{"/a", 2, "duplicate key"}},
		{"a duplicate key in broken JSON", "{\"a\": 1,\n\"a\": 2,}", Options{MaxDepth: 4, UniqueKeys: true}, Error{"/a", 2, "duplicate key"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data), tc.opts)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if *e != tc.want {
				t.Errorf("err = %+v, want %+v", *e, tc.want)
			}
		})
	}
}

func TestParseKeepsEveryMemberOfAKeyGivenTwiceWithoutUniqueKeys(t *testing.T) {
	root, err := Parse([]byte(`{"a": 1, "a": "two"}`), importerOptions)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(root.Keys), 2; got != want {
		t.Fatalf("%d members, want %d", got, want)
	}
	if got, want := root.Get("a").Str, "two"; got != want {
		t.Errorf(`Get("a") = %q, want %q, the value encoding/json reads`, got, want)
	}
}

func TestLinesCountsFromOne(t *testing.T) {
	ls := NewLines([]byte("a\nbc\n\nd"))
	for off, want := range []int{1, 1, 2, 2, 2, 3, 4} {
		if got := ls.Line(int64(off)); got != want {
			t.Errorf("Line(%d) = %d, want %d", off, got, want)
		}
	}
}

func TestEscapeCutsLongKeysAtARuneBoundary(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a/b~c", "a~1b~0c"},
		{strings.Repeat("x", 64), strings.Repeat("x", 64)},
		{strings.Repeat("x", 63) + "é/", strings.Repeat("x", 63) + "…"},
	}
	for _, tc := range cases {
		if got := Escape(tc.in); got != tc.want {
			t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
