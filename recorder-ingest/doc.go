// Package ingest is the server side of Stepwise: the service that turns an
// upload into a stored, scrubbed recording (the privacy guard is the strict
// sopgen decoder), serves the documents generated from it, and compares
// versions. Its subpackages adapt one technology each: sqlite and
// postgres store (one contract, Backend, tested by storetest against both),
// api serves HTTP (gin), web is the browser UI, chromerecorder imports
// Chrome DevTools Recorder exports, and extension is the recorder itself.
package ingest
