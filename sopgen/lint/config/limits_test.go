package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseBoundsTheYAMLBeforeDecoding(t *testing.T) {
	var rules strings.Builder
	rules.WriteString("rules:\n")
	for i := range 150_000 {
		fmt.Fprintf(&rules, "  r%d: off\n", i)
	}
	var many strings.Builder
	many.WriteString("rules:\n")
	for i := range 5000 {
		fmt.Fprintf(&many, "  r%d: off\n", i)
	}
	cases := []struct{ name, in, want string }{
		{"150,000 rules", rules.String(), "c.yaml: the YAML is"},
		{"5,000 rules", many.String(), "c.yaml:2: a mapping of 5000 keys; at most 256"},
		{"a billion laughs", `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`, "c.yaml:"},
		{"lists nested 100 deep", "policy:\n  verification_methods: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", "c.yaml:2: mappings and lists nested more than 32 deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := Parse("c.yaml", []byte(c.in)); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("still parsing after 20s")
			}
			if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %v, want it to start %q", err, c.want)
			}
		})
	}
}
