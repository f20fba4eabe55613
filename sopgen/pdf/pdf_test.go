package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/sfnt"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// Text for documents that differ only in their purpose, each purpose using
// glyphs of DejaVu Sans that the rest of the document does not: the fonts
// are parsed once per process, but each document must embed a subset of
// its own.
var purposes = []string{
	"Reset the password of a Greek account: Ωμέγα ψυχή.",
	"Unlock the account of a Russian desk: Жук щука.",
	"Confirm the reset with a tick ✓ and an arrow →.",
	"Reset the account of Łódź and Øresund.",
	"Plain Latin text only.",
	"Greek and Cyrillic together: Ψ Ж.",
}

// special are the runes of purposes that no other part of the documents
// uses.
const special = "ΩμέγαψυχήЖукщ✓→ŁóźØΨ"

// mustDocument composes the document of an example recording with purpose
// as its purpose.
func mustDocument(tb testing.TB, purpose string) *sopgen.Document {
	tb.Helper()
	data, err := os.ReadFile("../../examples/password-reset-sms/recording.json")
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := sopgen.ParseRecording(data)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := sopgen.Compose(rec, sopgen.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	d.Purpose = sopgen.Section{Text: purpose}
	return d
}

func mustRender(tb testing.TB, d *sopgen.Document) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := WriteSOP(&b, d, Options{}); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// mustText is the text pdftotext reads from pdf.
func mustText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Fatal("pdftotext is required (Debian package poppler-utils; .ci/run installs it)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// fontFile matches the dictionary of an embedded TrueType font file: only
// font files have /Length1.
var fontFile = regexp.MustCompile(`<</Length (\d+)\n/Filter /FlateDecode\n/Length1 \d+\n>>\nstream\n`)

// mustEmbeddedFonts parses the TrueType fonts embedded in pdf.
func mustEmbeddedFonts(tb testing.TB, pdf []byte) []*sfnt.Font {
	tb.Helper()
	var fonts []*sfnt.Font
	for _, m := range fontFile.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		if m[1]+n > len(pdf) {
			tb.Fatalf("font stream at %d: length %d runs past the end", m[0], n)
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			tb.Fatalf("font stream at %d: %v", m[0], err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatalf("font stream at %d: %v", m[0], err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			tb.Fatalf("font stream at %d: %v", m[0], err)
		}
		fonts = append(fonts, f)
	}
	if len(fonts) != 2 {
		tb.Fatalf("found %d embedded fonts, want 2 (DejaVu Sans regular and bold)", len(fonts))
	}
	return fonts
}

// hasGlyph reports whether one of fonts maps r to a glyph.
func hasGlyph(tb testing.TB, fonts []*sfnt.Font, r rune) bool {
	tb.Helper()
	var buf sfnt.Buffer
	for _, f := range fonts {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil {
			tb.Fatalf("glyph of %q: %v", r, err)
		}
		if g != 0 {
			return true
		}
	}
	return false
}

// TestConcurrentDocumentsMatchSequentialOnes renders documents from several
// goroutines at once (run it with -race) and compares each with the same
// document rendered alone: the fonts the documents share are parsed,
// named and prepared for subsetting once, and each subset is made apart.
// It runs first in the package, so the goroutines also race to parse the
// fonts the first time.
func TestConcurrentDocumentsMatchSequentialOnes(t *testing.T) {
	docs := make([]*sopgen.Document, len(purposes))
	for i, p := range purposes {
		docs[i] = mustDocument(t, p)
	}
	const rounds = 2
	got := make([][rounds][]byte, len(docs))
	errs := make([]error, len(docs))
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Go(func() {
			for r := range rounds {
				var b bytes.Buffer
				if err := WriteSOP(&b, d, Options{}); err != nil {
					errs[i] = err
					return
				}
				got[i][r] = b.Bytes()
			}
		})
	}
	wg.Wait()
	for i, d := range docs {
		if errs[i] != nil {
			t.Fatalf("document %d: %v", i, errs[i])
		}
		want := mustRender(t, d)
		for r := range rounds {
			if !bytes.Equal(got[i][r], want) {
				t.Errorf("document %d, concurrent round %d: %d bytes differ from the %d rendered alone", i, r, len(got[i][r]), len(want))
			}
		}
	}
}

// TestEachDocumentEmbedsTheGlyphsOfItsOwnText renders documents one after
// the other in one process and checks that each embeds the glyphs of its
// own text and none of the others' special ones: the parsed font is
// shared, its subsets are not.
func TestEachDocumentEmbedsTheGlyphsOfItsOwnText(t *testing.T) {
	plain := mustRender(t, mustDocument(t, purposes[4]))
	if strings.ContainsAny(mustText(t, plain), special) {
		t.Fatalf("the plain document already holds some of %q: the test proves nothing", special)
	}
	for i, p := range append(purposes, purposes[4]) {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			pdf := mustRender(t, mustDocument(t, p))
			text := strings.Join(strings.Fields(mustText(t, pdf)), " ")
			if !strings.Contains(text, p) {
				t.Errorf("pdftotext does not read %q in the document", p)
			}
			fonts := mustEmbeddedFonts(t, pdf)
			for _, r := range special {
				if want := strings.ContainsRune(p, r); hasGlyph(t, fonts, r) != want {
					t.Errorf("embedded subset has a glyph for %q = %v, want %v", r, !want, want)
				}
			}
			for _, r := range "Purpose" {
				if !hasGlyph(t, fonts, r) {
					t.Errorf("embedded subset lacks the glyph of %q", r)
				}
			}
		})
	}
}

// TestFooterCountsThePages checks the footer's "Page N of M" on every page:
// M is written in each page's content once the document is complete
// (fpdf's alias {nb}, found and replaced in UTF-16 there).
func TestFooterCountsThePages(t *testing.T) {
	d := mustDocument(t, purposes[0])
	for range 3 { // long enough for several pages
		d.Phases = append(d.Phases, d.Phases...)
	}
	pages := strings.Split(strings.TrimSuffix(mustText(t, mustRender(t, d)), "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("%d pages, want 3 or more", len(pages))
	}
	for i, page := range pages {
		if want := fmt.Sprintf("Page %d of %d", i+1, len(pages)); !strings.Contains(page, want) {
			t.Errorf("page %d does not read %q", i+1, want)
		}
		if strings.Contains(page, "{nb}") {
			t.Errorf("page %d still reads {nb}", i+1)
		}
	}
}
