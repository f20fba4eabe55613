package sopgen

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (errors.Is) by every error that reports a recording
// that does not meet the format.
var ErrInvalid = errors.New("invalid recording")

// FieldError is one problem found in a recording, located by the RFC 6901
// JSON pointer of the offending value and, where known, its line. Reason
// never repeats the rejected value.
type FieldError struct {
	Pointer string `json:"pointer"`
	Reason  string `json:"reason"`
	Line    int    `json:"line,omitempty"`
}

func (e FieldError) String() string {
	p := e.Pointer
	if p == "" {
		p = "(document)"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%d: %s: %s", e.Line, p, e.Reason)
	}
	return p + ": " + e.Reason
}

// MaxErrors bounds the problems a ValidationError lists: past it, one last
// entry says how many more were found.
const MaxErrors = 100

// ValidationError lists the problems found in a recording, in document
// order, at most MaxErrors of them and then one entry that counts the
// rest. It matches ErrInvalid.
type ValidationError struct {
	Errors []FieldError
	// Omitted counts the problems found past MaxErrors; the last entry of
	// Errors says so.
	Omitted int
}

func (e *ValidationError) Error() string {
	if len(e.Errors) == 0 {
		return "invalid recording"
	}
	msg := e.Errors[0].String()
	n := len(e.Errors) - 1
	if e.Omitted > 0 {
		n += e.Omitted - 1 // the last entry only counts the omitted
	}
	if n > 0 {
		msg += fmt.Sprintf(" (and %d more)", n)
	}
	return msg
}

// Problems collects FieldErrors up to MaxErrors and counts the rest, so
// that a hostile input costs a bounded answer. The zero value is ready.
type Problems struct {
	list    []FieldError
	omitted int
}

// Add records fe, or only counts it once MaxErrors are listed.
func (p *Problems) Add(fe FieldError) {
	if len(p.list) >= MaxErrors {
		p.omitted++
		return
	}
	p.list = append(p.list, fe)
}

// Err returns the collected problems as a *ValidationError, or nil when
// there are none.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	errs := p.list
	if p.omitted > 0 {
		errs = append(errs[:len(errs):len(errs)], FieldError{Reason: fmt.Sprintf("%d more problems not listed", p.omitted)})
	}
	return &ValidationError{Errors: errs, Omitted: p.omitted}
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
