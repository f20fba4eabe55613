// Package interact says what a recorded UI action does to the system it
// acts on: it opens something (a page, a tab, a menu, a dialog), sets a
// parameter of the form being filled, or commits that form. It reads the
// action, the ARIA role, the grammar of the accessible name and the steps
// around it, never the vocabulary of a domain: what a committed form means
// for a control (verify, change access, deliver) is the caller's to decide
// from the unit of work the commit completes.
//
// The package imports the standard library only, so the domain package and
// every reader of procedures can share its one table.
package interact
