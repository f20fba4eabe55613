package prose

import "testing"

// An adverb between a modal and its verb is neither.
func TestAdverbsAfterAModalAreSkipped(t *testing.T) {
	for text, want := range map[string]struct {
		stem    string
		passive bool
		negated bool
	}{
		"Issues should only be approved after review.": {"approve", true, false},
		"The caller must then verify the information":  {"verify", false, false},
		"The admin should additionally add the labels": {"add", false, false},
		"The account must never be unlocked by phone":  {"unlock", true, true},
		"The form will reply to the user":              {"reply", false, false},
	} {
		c := Read(text).First()
		if c.Stem != want.stem || c.Passive != want.passive || c.Negated != want.negated {
			t.Errorf("%q: stem %q passive %v negated %v, want %+v", text, c.Stem, c.Passive, c.Negated, want)
		}
	}
}
