package sopgen

import "strconv"

// Plural writes a count and its noun in the number the count calls for:
// Plural(1, "error", "errors") is "1 error", Plural(0, ...) "0 errors".
// Every count in text meant for people goes through it, so none reads
// "1 error(s)".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
