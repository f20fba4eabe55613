package sopgen

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestJSONSchemaMatchesTheDecoder keeps recorder-ingest/schema in step with
// the Go types: the same properties, required fields and enums, and no
// extra properties allowed anywhere.
func TestJSONSchemaMatchesTheDecoder(t *testing.T) {
	data, err := os.ReadFile("../recorder-ingest/schema/recording.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Required   []string                   `json:"required"`
		Coverage   struct {
			Properties struct {
				Uncaptured struct {
					MaxItems int `json:"maxItems"`
					Items    struct {
						Properties struct {
							Count struct {
								Maximum int64 `json:"maximum"`
							} `json:"count"`
						} `json:"properties"`
					} `json:"items"`
				} `json:"uncaptured"`
			} `json:"properties"`
		} `json:"-"`
		Defs struct {
			Step struct {
				Properties map[string]struct {
					Enum    []string `json:"enum"`
					Maximum *int64   `json:"maximum"`
				} `json:"properties"`
				Required []string `json:"required"`
			} `json:"step"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(s.Properties["coverage"], &s.Coverage); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(s.Properties), jsonFields(reflect.TypeOf(Recording{})); !reflect.DeepEqual(got, want) {
		t.Errorf("top-level properties = %v, want %v", got, want)
	}
	stepProps := map[string]json.RawMessage{}
	for k := range s.Defs.Step.Properties {
		stepProps[k] = nil
	}
	if got, want := keys(stepProps), jsonFields(reflect.TypeOf(Step{})); !reflect.DeepEqual(got, want) {
		t.Errorf("step properties = %v, want %v", got, want)
	}
	for field, want := range map[string][]string{"action": Actions, "field_kind": FieldKinds, "mark": Marks} {
		if got := s.Defs.Step.Properties[field].Enum; !reflect.DeepEqual(got, want) {
			t.Errorf("%s enum = %v, want %v", field, got, want)
		}
	}
	for _, field := range []string{"t", "duration"} {
		if got := s.Defs.Step.Properties[field].Maximum; got == nil || *got != MaxMillis {
			t.Errorf("%s maximum = %v, want %d", field, got, MaxMillis)
		}
	}
	uc := s.Coverage.Properties.Uncaptured
	if got, want := uc.MaxItems, MaxUncaptured; got != want {
		t.Errorf("uncaptured maxItems = %d, want %d", got, want)
	}
	if got, want := uc.Items.Properties.Count.Maximum, int64(MaxCount); got != want {
		t.Errorf("uncaptured count maximum = %d, want %d", got, want)
	}
	if got, want := strings.Join(s.Required, ","), "schema,id,workflow,recorded_at,recorder,steps"; got != want {
		t.Errorf("required = %s, want %s", got, want)
	}
	if n := strings.Count(string(data), `"additionalProperties": false`); n < 7 {
		t.Errorf("only %d objects forbid extra properties, want every one (7)", n)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
