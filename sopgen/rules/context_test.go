package rules_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

func TestCheckContextStopsOnceItsContextIsDone(t *testing.T) {
	d, err := templates.ParseMarkdown("sop.md", []byte("# T\n\n## Procedure\n\n1. Reset the password as appropriate.\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := rules.Check(d, rules.Config{})
	if len(want) == 0 {
		t.Fatal("no findings to compare")
	}
	got, err := rules.CheckContext(context.Background(), d, rules.Config{})
	if err != nil || len(got) != len(want) {
		t.Errorf("CheckContext = %d findings, %v; want the %d of Check", len(got), err, len(want))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got, err := rules.CheckContext(ctx, d, rules.Config{}); !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("CheckContext = %d findings, %v; want none and context.Canceled", len(got), err)
	}
}
