package sopgen

import "testing"

func TestPluralAgreesWithTheCount(t *testing.T) {
	cases := []struct {
		n    int
		want string
	}{
		{0, "0 email addresses"},
		{1, "1 email address"},
		{2, "2 email addresses"},
		{-1, "-1 email addresses"},
		{1000, "1000 email addresses"},
	}
	for _, c := range cases {
		if got := Plural(c.n, "email address", "email addresses"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
