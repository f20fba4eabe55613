package sopgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

const validStep = `{"t": 0, "action": "click", "target": {"role": "button", "name": "Save"}}`

// doc builds a recording around the given steps, with optional top-level
// fields replaced.
func doc(steps string, top ...string) string {
	fields := map[string]string{
		"schema":      `"stepwise/recording@1"`,
		"id":          `"rec-test-0001"`,
		"workflow":    `"test-flow"`,
		"recorded_at": `"2026-11-01T10:00:00Z"`,
		"recorder":    `{"name": "test", "version": "1"}`,
	}
	order := []string{"schema", "id", "workflow", "recorded_at", "recorder"}
	for i := 0; i+1 < len(top); i += 2 {
		if _, ok := fields[top[i]]; !ok {
			order = append(order, top[i])
		}
		fields[top[i]] = top[i+1]
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, k := range order {
		if fields[k] == "" {
			continue
		}
		fmt.Fprintf(&b, "  %q: %s,\n", k, fields[k])
	}
	fmt.Fprintf(&b, "  \"steps\": [\n    %s\n  ]\n}\n", steps)
	return b.String()
}

func TestParseRecordingRejectsBadInputNamingThePointer(t *testing.T) {
	secret := "hunter2-SECRET"
	many := strings.TrimSuffix(strings.Repeat(validStep+",", MaxSteps+1), ",")
	cases := []struct {
		name, input, pointer, reason string
	}{
		{"a screenshot field", doc(`{"t": 0, "action": "click", "screenshot": "` + secret + `"}`), "/steps/0/screenshot", "screenshots"},
		{"an image at the top level", doc(validStep, "image", `"`+secret+`"`), "/image", "screenshots"},
		{"a typed value", doc(`{"t": 0, "action": "input", "value": "` + secret + `"}`), "/steps/0/value", "typed values"},
		{"a keystrokes list", doc(`{"t": 0, "action": "input", "keystrokes": ["` + secret + `"]}`), "/steps/0/keystrokes", "keystrokes"},
		{"a keyDown action", doc(`{"t": 0, "action": "keyDown"}`), "/steps/0/action", "keystroke"},
		{"an unknown action", doc(`{"t": 0, "action": "` + secret + `"}`), "/steps/0/action", "must be one of"},
		{"a data URI", doc(`{"t": 0, "action": "note", "text": "data:image/png;base64,` + secret + `"}`), "/steps/0/text", "data: URI"},
		{"a data URI in a title", doc(validStep, "title", `"see DATA:text/html,`+secret+`"`), "/title", "data: URI"},
		{"an unknown field", doc(validStep, "extra", `1`), "/extra", "unknown field"},
		{"a wrong type", doc(`{"t": "soon", "action": "click"}`), "/steps/0/t", "must be a number"},
		{"a fractional time", doc(`{"t": 1.5, "action": "click"}`), "/steps/0/t", "whole number"},
		{"a negative duration", doc(`{"t": 0, "duration": -1, "action": "click"}`), "/steps/0/duration", "negative"},
		{"time going backwards", doc(`{"t": 500, "action": "click"}, {"t": 100, "action": "click"}`), "/steps/1/t", "earlier"},
		{"a huge string", doc(`{"t": 0, "action": "note", "text": "` + strings.Repeat("x", MaxStringChars+1) + `"}`), "/steps/0/text", "longer than"},
		{"no steps", doc(``), "/steps", "at least one"},
		{"too many steps", doc(many), "/steps", "at most 10000"},
		{"a wrong schema", doc(validStep, "schema", `"stepwise/recording@2"`), "/schema", "must be"},
		{"a bad id", doc(validStep, "id", `"short"`), "/id", "8 to 64"},
		{"a bad slug", doc(validStep, "workflow", `"Has Spaces"`), "/workflow", "slug"},
		{"a bad date", doc(validStep, "recorded_at", `"yesterday"`), "/recorded_at", "RFC 3339"},
		{"a missing recorder", doc(validStep, "recorder", ""), "/recorder", "required"},
		{"text on an input step", doc(`{"t": 0, "action": "input", "text": "` + secret + `"}`), "/steps/0/text", "only on note"},
		{"field_kind on a click", doc(`{"t": 0, "action": "click", "field_kind": "password"}`), "/steps/0/field_kind", "only on input"},
		{"a bad field kind", doc(`{"t": 0, "action": "input", "field_kind": "creditcard"}`), "/steps/0/field_kind", "must be one of"},
		{"a bad mark", doc(`{"t": 0, "action": "click", "mark": "urgent"}`), "/steps/0/mark", "must be one of"},
		{"a mark step without mark", doc(`{"t": 0, "action": "mark"}`), "/steps/0/mark", "required"},
		{"a bad coverage kind", doc(validStep, "coverage", `{"uncaptured": [{"kind": "iframe"}]}`), "/coverage/uncaptured/0/kind", "must be one of"},
		{"a duplicate key", doc(`{"t": 0, "action": "click", "action": "note"}`), "/steps/0/action", "duplicate"},
		{"a NUL character", doc(`{"t": 0, "action": "note", "text": "a\u0000b"}`), "/steps/0/text", "NUL"},
		{"a steps object", strings.Replace(doc(validStep), `"steps": [`, `"steps": {"x": [`, 1) + "}", "/steps", "must be an array"},
		{"truncated JSON", doc(validStep)[:60], "", "unexpected end"},
		{"trailing data", doc(validStep) + "{}", "", "after the top-level value"},
		{"deep nesting", doc(`{"t": 0, "action": "click", "target": ` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`), "/steps/0/target", "nested deeper"},
		{"a top-level array", `[1, 2]`, "", "must be an object"},
		{"t past 7 days", doc(`{"t": 604800001, "action": "click"}`), "/steps/0/t", "at most 604800000"},
		{"t near the int64 maximum", doc(`{"t": 9223372036854775807, "action": "click"}`), "/steps/0/t", "at most 604800000"},
		{"t past the int64 maximum", doc(`{"t": 99999999999999999999, "action": "click"}`), "/steps/0/t", "at most 604800000"},
		{"t far below zero", doc(`{"t": -99999999999999999999, "action": "click"}`), "/steps/0/t", "negative"},
		{"a duration near the int64 maximum", doc(`{"t": 0, "duration": 9223372036854775000, "action": "click"}`), "/steps/0/duration", "at most 604800000"},
		{"a huge coverage count", doc(validStep, "coverage", `{"uncaptured": [{"kind": "frame", "count": 9223372036854775807}]}`), "/coverage/uncaptured/0/count", "at most 1000000"},
		{"too many coverage entries", doc(validStep, "coverage", `{"uncaptured": [`+strings.TrimSuffix(strings.Repeat(`{"kind": "frame"},`, MaxUncaptured+1), ",")+`]}`), "/coverage/uncaptured", "at most 1000"},
		{"an object with too many members", doc(`{"t": 0, "action": "click", "target": {` + manyMembers(maxMembers+1) + `}}`), "/steps/0/target", "more than 64 members"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRecording([]byte(tc.input))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			found := false
			for _, fe := range ve.Errors {
				if strings.HasPrefix(fe.Pointer, tc.pointer) && strings.Contains(fe.Reason, tc.reason) {
					found = true
				}
				if strings.Contains(fe.Reason, secret) || strings.Contains(fe.Pointer, secret) {
					t.Errorf("error echoes the rejected value: %v", fe)
				}
				if fe.Line == 0 && tc.pointer != "" {
					t.Errorf("error %v has no line", fe)
				}
			}
			if !found {
				t.Errorf("errors = %v, want pointer %q with reason containing %q", ve.Errors, tc.pointer, tc.reason)
			}
		})
	}
}

func TestParseRecordingRejectsInvalidUTF8(t *testing.T) {
	in := []byte(doc(`{"t": 0, "action": "note", "text": "caf` + "\xe9" + `"}`))
	_, err := ParseRecording(in)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Errors[0].Reason, "invalid UTF-8") {
		t.Fatalf("err = %v, want an invalid UTF-8 error", err)
	}
	if got, want := ve.Errors[0].Line, 8; got != want {
		t.Errorf("line = %d, want %d", got, want)
	}
}

func TestParseRecordingReportsEveryProblemAtOnce(t *testing.T) {
	in := doc(`{"t": 0, "action": "keyup"}, {"t": 0, "action": "click", "value": "x"}`, "id", `"bad"`)
	_, err := ParseRecording([]byte(in))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatal(err)
	}
	if got, want := len(ve.Errors), 3; got != want {
		t.Errorf("got %d errors, want %d: %v", got, want, ve.Errors)
	}
}

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

// mustDecodeWithin parses data in a goroutine and fails the test if that
// takes longer than limit: a generous bound that only a quadratic or
// unbounded decoder could miss.
func mustDecodeWithin(tb testing.TB, data []byte, limit time.Duration) error {
	tb.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := ParseRecording(data)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		tb.Fatalf("decoding %d bytes took more than %s", len(data), limit)
		return nil
	}
}

func TestParseRecordingBoundsHostileShapes(t *testing.T) {
	steps := strings.TrimSuffix(strings.Repeat(`{"t":0,"action":"click","x":1},`, MaxSteps), ",")
	nested := strings.Repeat(`[`, maxValues/2) // json.Valid refuses it: the token walk runs
	cases := []struct {
		name    string
		input   string
		pointer string
		reason  string
	}{
		// The input of issue 10: one object of 150,000 keys (about 2 MB).
		{"150,000 keys in one object", "{" + manyMembers(150000) + "}", "", "more than 64 members"},
		{"150,000 keys in a step", doc(`{` + manyMembers(150000) + `}`), "/steps/0", "more than 64 members"},
		{"150,000 keys in invalid JSON", "{" + manyMembers(150000) + ",}", "", "more than 64 members"},
		{"300,000 values in one array", doc(validStep, "title", "["+strings.TrimSuffix(strings.Repeat("1,", 300000), ",")+"]"), "/title/", "more than 262144 values"},
		{"300,000 values in invalid JSON", doc(validStep, "title", "["+strings.Repeat("1,", 300000)+"]"), "/title/", "more than 262144 values"},
		{"deep brackets in invalid JSON", nested, "/0/0/0", "nested deeper"},
		{"an unknown field on every one of 10,000 steps", doc(steps), "/steps/0/x", "unknown field"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := mustDecodeWithin(t, []byte(tc.input), 30*time.Second)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if got := len(ve.Errors); got > MaxErrors+1 {
				t.Errorf("%d errors listed, want at most %d", got, MaxErrors+1)
			}
			if first := ve.Errors[0]; !strings.HasPrefix(first.Pointer, tc.pointer) || !strings.Contains(first.Reason, tc.reason) {
				t.Errorf("first error = %v, want pointer %q and a reason with %q", first, tc.pointer, tc.reason)
			}
		})
	}
}

func TestParseRecordingCapsTheErrorList(t *testing.T) {
	steps := strings.TrimSuffix(strings.Repeat(`{"t":0,"action":"click","x":1},`, 250), ",")
	_, err := ParseRecording([]byte(doc(steps)))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if got, want := len(ve.Errors), MaxErrors+1; got != want {
		t.Fatalf("%d errors listed, want %d", got, want)
	}
	if got, want := ve.Errors[MaxErrors-1].Pointer, fmt.Sprintf("/steps/%d/x", MaxErrors-1); got != want {
		t.Errorf("last listed pointer = %q, want %q", got, want)
	}
	if got, want := ve.Errors[MaxErrors], (FieldError{Reason: "150 more problems not listed"}); got != want {
		t.Errorf("last entry = %+v, want %+v", got, want)
	}
	if got, want := ve.Error(), "(and 249 more)"; !strings.HasSuffix(got, want) {
		t.Errorf("Error() = %q, want it to end in %q", got, want)
	}
}

func TestParseRecordingAcceptsTheLargestTimings(t *testing.T) {
	rec, err := ParseRecording([]byte(doc(fmt.Sprintf(`{"t": 0, "duration": %d, "action": "click"}, {"t": %d, "duration": %d, "action": "click"}`, MaxMillis, MaxMillis, MaxMillis))))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rec.Steps[1].T, int64(MaxMillis); got != want {
		t.Errorf("t = %d, want %d", got, want)
	}
}

// BenchmarkParseHostileKeys decodes the 150,000-key object of issue 10
// (about 2 MB), refused at its 65th member.
func BenchmarkParseHostileKeys(b *testing.B) {
	data := []byte("{" + manyMembers(150000) + "}")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseRecording(data); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkParseManyErrors decodes 10,000 steps that each carry an unknown
// field: 10,000 problems found, 100 listed.
func BenchmarkParseManyErrors(b *testing.B) {
	data := []byte(doc(strings.TrimSuffix(strings.Repeat(`{"t":0,"action":"click","x":1},`, MaxSteps), ",")))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseRecording(data); err == nil {
			b.Fatal("accepted")
		}
	}
}

func TestParseRecordingKeepsStepLines(t *testing.T) {
	data, err := os.ReadFile("../examples/password-reset-sms/recording.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ParseRecording(data)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range rec.StepLines {
		if !bytes.Contains(lines[l-1], []byte(fmt.Sprintf(`"t": %d`, rec.Steps[i].T))) {
			t.Errorf("step %d: line %d is %q", i, l, lines[l-1])
		}
	}
}

func TestRecordingRoundTrips(t *testing.T) {
	data, err := os.ReadFile("../examples/password-reset-portal/recording.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ParseRecording(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseRecording(out)
	if err != nil {
		t.Fatalf("re-encoded recording is rejected: %v", err)
	}
	if len(again.Steps) != len(rec.Steps) || again.Coverage == nil {
		t.Errorf("round trip lost data")
	}
}

func FuzzParseRecording(f *testing.F) {
	f.Add([]byte(doc(validStep)))
	f.Add([]byte(doc(`{"t": 0, "action": "note", "text": "<script>\u202e"}`, "title", `"x"`)))
	if data, err := os.ReadFile("../examples/hostile/recording.json"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := ParseRecording(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		// Whatever is accepted composes, and re-encodes to something the
		// decoder accepts again.
		if _, err := Compose(rec, Options{}); err != nil {
			t.Fatalf("Compose: %v", err)
		}
		out, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseRecording(out); err != nil {
			t.Fatalf("re-encoded recording rejected: %v", err)
		}
	})
}

func TestParseRecordingCountsCharactersNotBytes(t *testing.T) {
	ok := doc(`{"t": 0, "action": "note", "text": "` + strings.Repeat("ж", MaxStringChars) + `"}`)
	if _, err := ParseRecording([]byte(ok)); err != nil {
		t.Errorf("%d two-byte characters rejected: %v", MaxStringChars, err)
	}
	long := doc(`{"t": 0, "action": "note", "text": "` + strings.Repeat("ж", MaxStringChars+1) + `"}`)
	if _, err := ParseRecording([]byte(long)); err == nil {
		t.Errorf("%d characters accepted", MaxStringChars+1)
	}
}

// BenchmarkParseRecording decodes and validates the SMS reset example
// (19 steps, 3.9 KB): the cost of the guard per upload.
func BenchmarkParseRecording(b *testing.B) {
	data, err := os.ReadFile("../examples/password-reset-sms/recording.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseRecording(data); err != nil {
			b.Fatal(err)
		}
	}
}
