package html

import (
	"errors"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
)

func TestConvertRejectsWhatGoldmarkIsSlowOn(t *testing.T) {
	for name, md := range map[string]string{
		"block quotes nested 100,000 deep": strings.Repeat(">", 100_000),
		"lists nested 50,000 deep":         strings.Repeat("- ", 50_000) + "x",
		"nested brackets":                  strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Convert([]byte(md), nil); !errors.Is(err, mdguard.ErrLimit) {
				t.Errorf("err = %v, want mdguard.ErrLimit", err)
			}
		})
	}
}

func TestConvertRendersTheMarkdownOfALongProcedure(t *testing.T) {
	var md strings.Builder
	md.WriteString("# Reset\n\n### 1. Steps\n\n")
	for range 10_000 {
		md.WriteString("- **1.1** Open the **My Work** page in **Service Desk**\\[1\\]\\_x. *(Service Desk)*\n")
	}
	out, err := Convert([]byte(md.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Count(string(out), "<li"), 10_000; got != want {
		t.Errorf("list items = %d, want %d", got, want)
	}
}
