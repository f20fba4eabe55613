// Package prose reads procedure language once, for every part of Stepwise
// that reads it: tokens, the leading condition of a step, its clauses, and
// for each clause its subject, leading verb and base form, object, negation,
// mood, tense and voice. It knows grammar, not the control vocabulary: which
// verb means which kind of work is the vocabulary's business.
package prose
