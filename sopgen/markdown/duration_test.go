package markdown

import (
	"math"
	"testing"
)

func TestDurationFormatsEveryMillisecondCount(t *testing.T) {
	cases := []struct {
		ms   int64
		want string
	}{
		{300, "300 ms"},
		{4200, "4.2 s"},
		{65000, "1 min 05 s"},
		{7*24*3600*1000 + 90*60*1000, "169 h 30 min"},
		// Past what time.Duration holds (292 years): no overflow into a
		// negative figure.
		{math.MaxInt64, "2562047788015 h 12 min"},
	}
	for _, tc := range cases {
		if got := Duration(tc.ms); got != tc.want {
			t.Errorf("Duration(%d) = %q, want %q", tc.ms, got, tc.want)
		}
	}
}
