// Package extension holds the Stepwise recorder, a Manifest V3 browser
// extension (the JavaScript, HTML and manifest in this folder), and the Go
// tests that run its unit tests under Node and drive it in Chromium.
// scripts/package-extension zips it for the Chrome Web Store.
package extension

import "embed"

// Files is the extension as shipped: everything but its tests and Go code.
//
//go:embed manifest.json *.js *.html *.css icons/*.png
var Files embed.FS
