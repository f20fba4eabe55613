package prose

import (
	"strings"
	"sync"
)

// baseVerbs are the verbs procedure language uses, in their base form. A
// word not listed is still read as a verb when its form says so ("-ed").
var baseVerbs = set(`accept add alert allow answer apply approve ask assign attach authenticate authorise authorize
bind block call cancel change check choose clear click close collect compare complete confirm connect contact continue copy create
delete deliver dictate disable do document download email enable end enrol enroll enter escalate expire explain
fill find finish follow forward generate get give go grant hand hang help inform inspect issue keep leave let link list
lock log look make match message mention note notify obtain open paste pick prompt provide provision put read reactivate receive
recover record re-enrol re-enroll reenrol reenroll refer refuse register reject remain remove reopen reply report request require reset resolve
restore return revoke ring rotate route say search see seek select send set share sign start state stay stop submit switch take
talk tell test text tick time transfer trigger try type unlock untick update upload use validate verify vouch wait want warn watch write
indicate specify navigate browse visit launch expand press tap hit toggle input display show scroll locate identify retrieve generate
run rename name save store install uninstall configure deploy restart reboot execute invoke ensure review remind suspend unsuspend
disable deactivate activate archive delete transfer download upload sync synchronise synchronize clone fork merge push pull assign
revoke add invite join leave wipe erase reissue rotate regenerate print scan sign upload have determine move promote demote elevate`)

// sameForm verbs have one form for base, past and participle.
var sameForm = set(`reset set read put cut hit let shut quit`)

// irregular maps a past or participle form to its base.
var irregular = map[string]string{
	"sent": "send", "gave": "give", "given": "give", "told": "tell", "said": "say", "rang": "ring", "rung": "ring",
	"made": "make", "got": "get", "gotten": "get", "had": "have", "found": "find", "kept": "keep", "held": "hold",
	"chose": "choose", "chosen": "choose", "took": "take", "taken": "take", "spoke": "speak", "spoken": "speak",
	"wrote": "write", "written": "write", "came": "come", "went": "go", "gone": "go", "left": "leave", "did": "do",
	"done": "do", "saw": "see", "seen": "see", "knew": "know", "known": "know", "brought": "bring", "paid": "pay",
	"heard": "hear", "met": "meet", "began": "begin", "begun": "begin", "withdrew": "withdraw", "shown": "show",
	"forgot": "forget", "forgotten": "forget", "lost": "lose", "became": "become", "won": "win", "sold": "sell",
	"built": "build", "felt": "feel", "stood": "stand", "understood": "understand", "drew": "draw", "drawn": "draw",
}

// phrasal verbs keep their particle: "sign in", "call back".
var phrasal = set(`call_back ring_back sign_in sign_on sign_out log_in log_on log_out read_out read_back hand_over set_up look_up
pick_up follow_up hang_up phone_back get_in get_back go_ahead come_back turn_on turn_off`)

// set is the words of s as a set, built on first use rather than at
// start-up: every command of the binary links this package (issue 15).
func set(s string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[strings.ReplaceAll(w, "_", " ")] = true
		}
		return m
	})
}

func isBase(w string) bool {
	if r, ok := strings.CutPrefix(w, "re-"); ok && r != "" {
		w = r // "re-enter", "re-send": the verb again
	}
	return baseVerbs()[w] || sameForm()[w]
}

// isPast reports a past form: "-ed" or irregular.
func isPast(w string) bool {
	if _, ok := irregular[w]; ok {
		return true
	}
	return sameForm()[w] || strings.HasSuffix(w, "ed") && len(w) > 3 && w != "need" && w != "feed" && w != "speed"
}

func isParticiple(w string) bool { return isPast(w) }

func isSameForm(w string) bool { return sameForm()[w] }

// isVerb reports a word that can lead an instruction or a terse report.
func isVerb(w string) bool { return isBase(w) || isPast(w) }

// isFinite reports a verb form that can follow a subject: a past form or a
// third person ("says", "replies").
func isFinite(w string) bool {
	if isPast(w) {
		return true
	}
	if strings.HasSuffix(w, "ies") && baseVerbs()[strings.TrimSuffix(w, "ies")+"y"] {
		return true
	}
	if strings.HasSuffix(w, "es") && baseVerbs()[strings.TrimSuffix(w, "es")] {
		return true
	}
	return strings.HasSuffix(w, "s") && baseVerbs()[strings.TrimSuffix(w, "s")]
}

// Stem is the base form of a verb form: "sent" → "send", "verified" →
// "verify", "confirmed" → "confirm", "used" → "use", "says" → "say".
func Stem(w string) string {
	if b, ok := irregular[w]; ok {
		return b
	}
	if isBase(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return strings.TrimSuffix(w, "ied") + "y"
	case strings.HasSuffix(w, "ed") && len(w) > 3:
		cands := []string{w[:len(w)-2], w[:len(w)-1]}
		if n := len(w) - 2; n >= 2 && w[n-1] == w[n-2] {
			cands = append(cands, w[:n-1]) // "stopped" → "stop"
		}
		for _, c := range cands {
			if isBase(c) {
				return c
			}
		}
		s := w[:len(w)-2]
		// Verbs whose base ends in a silent e: "generated", "used", "issued".
		// "placed", "forced", "merged", "solved", "sized": a base never
		// ends in c, g (after a vowel or n, r), v or z.
		if strings.HasSuffix(s, "at") || strings.HasSuffix(s, "us") || strings.HasSuffix(s, "iz") || strings.HasSuffix(s, "is") || strings.HasSuffix(s, "iv") || strings.HasSuffix(s, "su") || strings.HasSuffix(s, "bl") ||
			strings.HasSuffix(s, "c") || strings.HasSuffix(s, "v") || strings.HasSuffix(s, "z") || strings.HasSuffix(s, "ng") || strings.HasSuffix(s, "rg") {
			return s + "e"
		}
		return s
	case strings.HasSuffix(w, "ies") && baseVerbs()[strings.TrimSuffix(w, "ies")+"y"]:
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "es") && baseVerbs()[strings.TrimSuffix(w, "es")]:
		return strings.TrimSuffix(w, "es")
	case strings.HasSuffix(w, "s") && baseVerbs()[strings.TrimSuffix(w, "s")]:
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// Task reads a title led by a verb's -ing form as the instruction it
// names: "Resetting a lost administrator password" → "reset a lost
// administrator password". Other titles are returned as they are.
//
// A question asks for its task: "How can I reset the administrator
// password?" and "How to unlock a user" name "reset the administrator
// password" and "unlock a user".
func Task(title string) string {
	title = strings.TrimSpace(title)
	if q := askedTask(title); q != "" {
		return q
	}
	first, rest, _ := strings.Cut(title, " ")
	if base, ok := Gerund(first); ok {
		return strings.TrimSpace(base + " " + rest)
	}
	return title
}

// askedTask is the instruction a "how" question asks for, or "".
func askedTask(title string) string {
	ws := strings.Fields(strings.TrimRight(title, "?"))
	if len(ws) < 3 || !strings.EqualFold(ws[0], "how") {
		return ""
	}
	rest := ws[1:]
	if strings.EqualFold(rest[0], "to") {
		rest = rest[1:] // "How to unlock a user"
	} else {
		switch strings.ToLower(rest[0]) {
		case "do", "can", "should", "could", "would":
		default:
			return ""
		}
		switch strings.ToLower(rest[1]) {
		case "i", "you", "we", "one":
		default:
			return "" // "How do the settings apply": not the reader's task
		}
		rest = rest[2:] // "How can I", "How do you"
	}
	if len(rest) == 0 || !baseVerbs()[strings.ToLower(rest[0])] {
		return ""
	}
	return strings.Join(rest, " ")
}

// Gerund is the base form of the -ing form of a verb ("resetting" →
// "reset", "enabling" → "enable", "adding" → "add"), and whether w is one.
func Gerund(w string) (string, bool) {
	stem, ok := strings.CutSuffix(strings.ToLower(w), "ing")
	if !ok || len(stem) < 2 {
		return "", false
	}
	var cands []string
	if n := len(stem); stem[n-1] == stem[n-2] {
		cands = append(cands, stem[:n-1]) // "resetting" → "reset"
	}
	cands = append(cands, stem, stem+"e")
	for _, c := range cands {
		if isBase(c) {
			return c, true
		}
	}
	return "", false
}

// IsInstruction reports whether a short phrase reads as an instruction, a
// base verb then its object ("Reset the password", "Verify the user's
// identity"), rather than a name ("Help desk agent").
func IsInstruction(phrase string) bool {
	w := strings.Fields(strings.ToLower(phrase))
	if len(w) == 0 || !baseVerbs()[w[0]] {
		return false
	}
	if len(w) == 1 {
		return true
	}
	det := func(x string) bool {
		switch x {
		case "the", "a", "an", "that", "this", "their", "his", "her", "its", "all", "any", "each", "every":
			return true
		}
		return false
	}
	switch w[1] {
	case "up", "out", "in", "on", "off", "down", "back", "over":
		// A phrasal verb: "Look up the account", "Sign out the user".
		return len(w) > 2 && det(w[2])
	}
	return det(w[1])
}
