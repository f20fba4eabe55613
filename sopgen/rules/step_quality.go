package rules

import (
	"regexp"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// actionVerbs are verbs that open an instruction; "and reset", "; close"
// after one instruction start a second.
var actionVerbs = `add|ask|assign|call|check|choose|clear|click|close|confirm|copy|create|disable|email|enable|enter|escalate|fill|generate|give|grant|log|notify|open|paste|read|record|remove|reset|revoke|select|send|set|sign|submit|tell|tick|type|unlock|update|upload|verify|write`

var multipleActions = regexp.MustCompile(`(?i)(\band then\b|\band afterwards\b|\bafter that\b|[,;]\s*then\b|;\s*(` + actionVerbs + `)\b|\band\s+(` + actionVerbs + `)\s+(the|a|an|their|its|his|her|it|them|that|this|X)\b)`)

// StepMultipleActions reports steps that pack several actions together.
var StepMultipleActions = &Rule{
	ID:       "step-multiple-actions",
	Severity: sopgen.SeverityWarning,
	Doc:      `One step, one action: "reset the password and then email it" hides the second action from anyone ticking steps off, and a failure in the middle leaves the reader unsure where they are.`,
	Refs:     []string{"EPA QA/G-6"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if s.Raw {
				continue
			}
			if m := multipleActions.FindString(mainClause(prose(s))); m != "" {
				p.Report(s, s.Loc.Line, "%s has more than one action (%q): give each its own step", quote(s), strings.TrimSpace(m))
			}
		}
	},
}

var modal = regexp.MustCompile(`(?i)\b(should|must|shall|ought to|needs? to|has to|have to|is to|are to|will|would|can|may)\b|\b(is|are|be|been|being|gets|get)\s+(\w+ed|reset|sent|set|given|done|made|kept|held|shown|written|read|told|unlocked|issued)\b`)

// imperativeOpeners begin instructions even though they are not actions.
var imperativeOpeners = regexp.MustCompile(`(?i)^(do|don't|never|always|ensure|make|let|keep|wait|use|go|stop|continue|follow|leave|note|see|only|` + actionVerbs + `)$`)

// StepNotImperative reports steps written as statements about what should
// happen instead of instructions.
var StepNotImperative = &Rule{
	ID:       "step-not-imperative",
	Severity: sopgen.SeverityInfo,
	Doc:      `Write steps as instructions ("Reset the password"), not as passive or modal statements ("The password should be reset"): the imperative says who acts and leaves no doubt that the step is required.`,
	Refs:     []string{"EU GMP Chapter 4"},
	Run: func(p *Pass) {
		voc := sopgen.DefaultVocabulary()
		for _, s := range p.Doc.Steps() {
			if s.Raw || len(s.Evidence) > 0 {
				continue // generated steps are written by Stepwise in the imperative
			}
			clause := mainClause(prose(s))
			w := leadingWord(clause)
			if imperativeOpeners.MatchString(w) || isVerb(voc, w) {
				continue
			}
			if m := modal.FindString(clause); m != "" {
				p.Report(s, s.Loc.Line, "%s is not an instruction (%q): start it with the verb", quote(s), m)
			}
		}
	},
}

func isVerb(v *sopgen.Vocabulary, w string) bool {
	for _, e := range v.Verbs {
		for _, verb := range e.Verbs {
			if verb == w {
				return true
			}
		}
	}
	return false
}

var (
	condition      = regexp.MustCompile(`(?i)(^|\W)(if|when|once)\s`)
	vagueIf        = regexp.MustCompile(`(?i)\bif (needed|necessary|applicable|appropriate|required|any|possible)\b`)
	otherOutcome   = regexp.MustCompile(`(?i)\b(otherwise|else|if not|unless|in all other cases|in either case|whether or not|either)\b`)
	negativeCond   = regexp.MustCompile(`(?i)\b(not|no|fail|fails|failed|refuse|refuses|refused|cannot|can't|unable|wrong|incorrect|mismatch|expired|times out|timed out|does not|doesn't|isn't|aren't)\b`)
	leavesMainPath = regexp.MustCompile(`(?i)\b(exception|escalat\w*|stop)\b`)
	counterOpener  = regexp.MustCompile(`(?i)^\W*(otherwise|else|if not|if (it|they|the \w+|verification|the code) (does not|doesn't|is not|isn't|fails|failed))\b`)
)

// StepBranchIncomplete reports a condition with only one outcome written.
var StepBranchIncomplete = &Rule{
	ID:       "step-branch-incomplete",
	Severity: sopgen.SeverityWarning,
	Doc:      `"If the code matches, reset the password" leaves the reader to invent what to do when it does not. A condition that leads to the main path needs its other outcome written (otherwise…, or a step or exception for it); a condition naming a failure may lead off the main path, which then continues.`,
	Refs:     []string{"EPA QA/G-6"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		for i, s := range steps {
			t := prose(s)
			cond := leadingCondition(t)
			if cond == "" {
				if loc := condition.FindStringIndex(t); loc != nil && loc[0] > 0 {
					cond = t[loc[0]:]
				}
			}
			if cond == "" || vagueIf.MatchString(cond) || len(s.Branches) > 0 {
				continue
			}
			if negativeCond.MatchString(cond) || otherOutcome.MatchString(t) || leavesMainPath.MatchString(t) || len(condition.FindAllString(t, -1)) > 1 {
				continue
			}
			if i+1 < len(steps) && counterOpener.MatchString(steps[i+1].Plain()) {
				continue
			}
			p.Report(s, s.Loc.Line, "%s says what to do %s, but not otherwise", quote(s), conditionText(cond))
		}
	},
}

// mainClause and leadingCondition split "If X, do Y".
func mainClause(t string) string {
	c := leadingCondition(t)
	return strings.TrimSpace(t[len(c):])
}

func leadingCondition(t string) string {
	first := leadingWord(t)
	if first != "if" && first != "when" && first != "once" && first != "after" && first != "before" && first != "unless" {
		return ""
	}
	if i := strings.IndexAny(t, ",:;"); i > 0 {
		return t[:i+1]
	}
	return ""
}

// conditionText is a condition as a message quotes it: "when the code
// matches".
func conditionText(cond string) string {
	c := strings.TrimSpace(strings.SplitN(cond, ",", 2)[0])
	if c == "" {
		return "in that case"
	}
	c = strings.Trim(c, ",;:. ")
	return strings.ToLower(c[:1]) + c[1:]
}
