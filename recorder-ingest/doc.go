// Package ingest is the server side of Stepwise: the privacy guard, the
// importers, storage and the HTTP API. Its subpackages adapt one technology
// each; chromerecorder imports Chrome DevTools Recorder exports.
package ingest
