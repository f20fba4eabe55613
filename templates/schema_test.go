package templates

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestJSONSchemaMatchesTheDecoder keeps schema/template.schema.json, which
// editors use to complete templates, in step with the strict decoder:
// the same keys at every level, extra keys forbidden, the same step kinds.
func TestJSONSchemaMatchesTheDecoder(t *testing.T) {
	data, err := os.ReadFile("schema/template.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	var walk func(path string, s map[string]any, typ reflect.Type)
	walk = func(path string, s map[string]any, typ reflect.Type) {
		if ref, ok := s["$ref"].(string); ok {
			s, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		switch typ.Kind() {
		case reflect.Slice:
			items, _ := s["items"].(map[string]any)
			if typ.Elem().Kind() == reflect.Struct && items == nil {
				t.Errorf("%s: no items schema", path)
				return
			}
			if items != nil {
				walk(path+"[]", items, typ.Elem())
			}
		case reflect.Struct:
			if s["additionalProperties"] != false {
				t.Errorf("%s: the schema allows unknown keys", path)
			}
			props, _ := s["properties"].(map[string]any)
			var got, want []string
			for k := range props {
				got = append(got, k)
			}
			for i := 0; i < typ.NumField(); i++ {
				f := typ.Field(i)
				name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
				if opts == "inline" {
					continue
				}
				want = append(want, name)
				sub, _ := props[name].(map[string]any)
				if sub == nil {
					continue
				}
				walk(path+"."+name, sub, f.Type)
			}
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: schema keys %v, decoder keys %v", path, got, want)
			}
		}
	}
	walk("template", schema, reflect.TypeOf(File{}))

	step, _ := defs["step"].(map[string]any)
	kind, _ := step["properties"].(map[string]any)["kind"].(map[string]any)
	var enum []string
	for _, v := range kind["enum"].([]any) {
		enum = append(enum, v.(string))
	}
	if !reflect.DeepEqual(enum, stepKinds) {
		t.Errorf("kind enum = %v, want %v", enum, stepKinds)
	}
}
