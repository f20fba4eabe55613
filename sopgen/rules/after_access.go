package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/interact"
)

// afterLastAccess reports whether a step of kind k follows the last access
// step, and returns that access step (nil when there is none).
func afterLastAccess(steps []*sopgen.ProcStep, k sopgen.Kind, counts func(*sopgen.ProcStep) bool) (*sopgen.ProcStep, bool) {
	// From the end: the last access step that counts, and whether a step
	// of kind k came after it. counts runs on as few steps as it can.
	seen := false
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.Kind == sopgen.KindAccess && counts(s) {
			return s, seen
		}
		seen = seen || s.Kind == k
	}
	return nil, true
}

// removal matches a document about taking access away from a leaver:
// nobody calls to be verified, and nobody is to sign in afterwards.
var removal = lazyRegexp(`\b(off-?boarding|leavers?|leaving|departures?|departing|terminat\w*|deprovision\w*|revok\w* (user )?access|remove (user )?access|exit(ing)? (process|checklist)|dormant)\b`)

// removesAccess reports whether the document is a procedure for removing
// access (offboarding, leavers, revocation), by its title or its phases.
func removesAccess(p *Pass) bool {
	c := p.cache
	if !c.haveRemoves {
		c.removes, c.haveRemoves = removalDoc(p.Doc), true
	}
	return c.removes
}

func removalDoc(d *sopgen.Document) bool {
	if removal().MatchString(strings.ToLower(d.Meta.Title)) {
		return true
	}
	for _, ph := range d.Phases {
		if removal().MatchString(strings.ToLower(ph.Title)) {
			return true
		}
	}
	return false
}

// tasks returns the phases of a document of several tasks, each changing
// access on its own: "Use the UI" and "Use a Rails console", "Reset a
// user's password" and "Reset 2SV", "Deactivate a user" and "Reactivate a
// user". Two phases or more that each change access are alternatives or
// separate pieces of work, each checked on its own: its verification before
// its change, its record after it. nil when fewer than two phases change
// access.
func tasks(p *Pass) []sopgen.Phase {
	c := p.cache
	if !c.haveTasks {
		c.tasks, c.haveTasks = tasksOf(p.Doc), true
	}
	return c.tasks
}

func tasksOf(d *sopgen.Document) []sopgen.Phase {
	var out []sopgen.Phase
	for _, ph := range d.Phases {
		if (ph.Names == sopgen.KindAccess || recovery().MatchString(strings.ToLower(ph.Title))) && changesAccess(ph) {
			out = append(out, ph)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func changesAccess(ph sopgen.Phase) bool {
	return slices.ContainsFunc(ph.Steps, func(s *sopgen.ProcStep) bool { return s.Kind == sopgen.KindAccess })
}

// missingAfterAccess is the access step of each task (or of the document)
// that no later step of kind k follows.
func missingAfterAccess(p *Pass, k sopgen.Kind) []*sopgen.ProcStep {
	return missingAfter(p, k, func(*sopgen.ProcStep) bool { return true })
}

// missingAfter is missingAfterAccess over the access steps counts keeps.
//
// In a document of several tasks, what follows a task's change is the rest
// of its own phase and the phases after it that change no access (a shared
// "Record and close"), never another task's steps.
func missingAfter(p *Pass, k sopgen.Kind, counts func(*sopgen.ProcStep) bool) []*sopgen.ProcStep {
	d := p.Doc
	if ts := tasks(p); ts != nil {
		type at struct {
			line  int
			title string
		}
		task := map[at]bool{}
		for _, ph := range ts {
			task[at{ph.Line, ph.Title}] = true
		}
		// later[i]: a phase from i on that changes no access has a step
		// of kind k. One pass from the end, however many tasks there are.
		later := make([]bool, len(d.Phases)+1)
		for i := len(d.Phases) - 1; i >= 0; i-- {
			ph := d.Phases[i]
			later[i] = later[i+1] || !changesAccess(ph) && slices.ContainsFunc(ph.Steps, func(s *sopgen.ProcStep) bool { return s.Kind == k })
		}
		var out []*sopgen.ProcStep
		for i, ph := range d.Phases {
			if !task[at{ph.Line, ph.Title}] {
				continue
			}
			if s, ok := afterLastAccess(ph.Steps, k, counts); !ok && !later[i+1] {
				out = append(out, s)
			}
		}
		return out
	}
	if s, ok := afterLastAccess(d.Steps(), k, counts); !ok {
		return []*sopgen.ProcStep{s}
	}
	return nil
}

// LoggingMissing reports an access change that no later step records.
var LoggingMissing = &Rule{
	ID:       "logging-missing",
	Severity: sopgen.SeverityError,
	Doc:      "After an access change, a step must record it (work notes on the ticket, the IAM log): who did what, to which account, when and on what verification. Without it the change cannot be audited or investigated.",
	Refs:     []string{"NIST SP 800-53 AU-2", "NIST SP 800-53 AU-12", "NIST SP 800-53 AC-2(4)", "CIS Controls 8.2", "SOC 2 CC7.2"},
	Run: func(p *Pass) {
		savedAfter := savedOnTicketAfter(p.Doc.Steps())
		for _, s := range missingAfterAccess(p, sopgen.KindLog) {
			if !savedAfter(s) {
				p.Report(s, s.Loc.Line, "%s changes access, but no later step records the action on the ticket or in a log", quote(s))
			}
		}
	},
}

// ConfirmationMissing reports an access change with no check that the user
// can sign in afterwards.
var ConfirmationMissing = &Rule{
	ID:       "confirmation-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      "After restoring access (a reset, an unlock, a factor re-enrolled: not a grant), confirm that the user can sign in before closing the request; otherwise failures come back as new tickets. A procedure that removes access (offboarding, leavers, revocation: by its title or a phase) is not checked: nobody is meant to sign in again. The finding is on the change, or, when a later step of the same task gives the user the new credential (reads it out, sends it), on that step: the user can only sign in once they hold it, so the check goes after the hand-over.",
	Refs:     []string{"ISO 9001 8.5.1(a)"},
	Run: func(p *Pass) {
		if removesAccess(p) {
			return // a leaver is not meant to sign in again
		}
		// Only giving an account back to its owner (a reset, an unlock, a
		// factor re-enrolled) is confirmed by signing in; a grant is not.
		for _, s := range missingAfter(p, sopgen.KindConfirm, p.restores) {
			// A user can sign in only once they hold the new credential:
			// when the task hands it over after the change, the check
			// belongs after the hand-over.
			if h := handOver(p, s); h != nil {
				p.Report(h, h.Loc.Line, "%s gives the user the credential from %s, but no later step confirms the user can sign in with it", quote(h), quote(s))
				continue
			}
			p.Report(s, s.Loc.Line, "%s changes access, but no later step confirms the user can sign in", quote(s))
		}
	},
}

// handOver is the last step of s's phase after s that delivers a
// credential to the user, or nil.
func handOver(p *Pass, s *sopgen.ProcStep) *sopgen.ProcStep {
	ph := p.phaseOf(s)
	i := slices.Index(ph.Steps, s)
	if i < 0 {
		return nil
	}
	for j := len(ph.Steps) - 1; j > i; j-- {
		if ph.Steps[j].Kind == sopgen.KindDeliver {
			return ph.Steps[j]
		}
	}
	return nil
}

// savedOnTicketAfter returns whether a form on the ticket is saved after
// an access step: whatever it says (a reply, a status), the ticket's
// history now records the work. One pass over steps, then a lookup.
func savedOnTicketAfter(steps []*sopgen.ProcStep) func(access *sopgen.ProcStep) bool {
	last := -1 // the last recorded save on the ticket
	at := make(map[*sopgen.ProcStep]int, len(steps))
	for i, s := range steps {
		at[s] = i
		if s.OnTicket && s.Effect == interact.Commits && len(s.Evidence) > 0 {
			last = i
		}
	}
	return func(access *sopgen.ProcStep) bool {
		i, ok := at[access]
		return ok && last > i
	}
}
