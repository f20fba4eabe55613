package generate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/scripts/validators"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// TestExamplePDFsPassQPDFCheck runs qpdf --check, the structural check PDF
// tools rely on, over every example PDF as committed and as rendered now:
// no error and no warning.
func TestExamplePDFsPassQPDFCheck(t *testing.T) {
	qpdf := validators.Program("qpdf", "qpdf").Require(t)
	for _, dir := range examples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fresh := filepath.Join(t.TempDir(), "sop.pdf")
			if err := os.WriteFile(fresh, mustRender(t, mustRun(t, dir), "sop.pdf"), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{filepath.Join(dir, "sop.pdf"), fresh} {
				out, err := exec.Command(qpdf, "--check", f).CombinedOutput()
				if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
					t.Errorf("qpdf --check %s: %v\n%s", f, err, out)
				}
			}
		})
	}
}

// TestPDFCarriesItsMetadata checks what screen readers, search indexes and
// PDF checkers read before the text: the document language, title,
// author, the XMP packet that repeats them (well-formed, the title
// escaped), and fonts that are all embedded.
func TestPDFCarriesItsMetadata(t *testing.T) {
	for _, tool := range []string{"pdfinfo", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is required (Debian package poppler-utils; .ci/run installs it)", tool)
		}
	}
	for _, dir := range examples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := mustRun(t, dir)
			pdf := mustRender(t, res, "sop.pdf")
			path := filepath.Join(t.TempDir(), "sop.pdf")
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-1.4")) {
				t.Errorf("header %q: the language and XMP metadata need PDF 1.4", pdf[:8])
			}
			if !bytes.Contains(pdf, []byte("/Lang (en)")) {
				t.Error("the catalog has no /Lang")
			}
			info := pdfInfo(t, path)
			title := sopgen.CleanText(res.Doc.Meta.Title)
			if info["Title"] != title {
				t.Errorf("Title = %q, want %q", info["Title"], title)
			}
			if info["Author"] == "" || info["Subject"] == "" {
				t.Errorf("Author %q, Subject %q: want both", info["Author"], info["Subject"])
			}
			if info["Metadata Stream"] != "yes" {
				t.Error("no XMP metadata stream")
			}
			meta, err := exec.Command("pdfinfo", "-meta", path).Output()
			if err != nil {
				t.Fatalf("pdfinfo -meta: %v", err)
			}
			var x struct {
				Title    string `xml:"RDF>Description>title>Alt>li"`
				Creator  string `xml:"RDF>Description>creator>Seq>li"`
				Language string `xml:"RDF>Description>language>Bag>li"`
			}
			if err := xml.Unmarshal(meta, &x); err != nil {
				t.Fatalf("the XMP packet is not well-formed XML: %v\n%s", err, meta)
			}
			if x.Title != title || x.Creator != info["Author"] || x.Language != "en" {
				t.Errorf("XMP title %q, creator %q, language %q; want %q, %q, en", x.Title, x.Creator, x.Language, title, info["Author"])
			}
			fonts, err := exec.Command("pdffonts", path).Output()
			if err != nil {
				t.Fatalf("pdffonts: %v", err)
			}
			rows := strings.Split(strings.TrimSpace(string(fonts)), "\n")[2:]
			if len(rows) == 0 {
				t.Error("pdffonts lists no font")
			}
			for _, r := range rows {
				// name type... encoding emb sub uni object ID
				f := strings.Fields(r)
				if len(f) < 6 || f[len(f)-5] != "yes" {
					t.Errorf("a font is not embedded: %s", r)
				}
			}
		})
	}
}

// pdfInfo reads pdfinfo's "Key: value" lines.
func pdfInfo(tb testing.TB, path string) map[string]string {
	tb.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		tb.Fatalf("pdfinfo: %v", err)
	}
	info := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// TestExampleSOPHTMLValidates runs html-validate (the HTML standard,
// accessibility and whole-document rules) over every example sop.html, the
// hostile one included.
func TestExampleSOPHTMLValidates(t *testing.T) {
	files, err := filepath.Glob("../../examples/*/sop.html")
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v (found %d)", err, len(files))
	}
	for i, f := range files {
		if files[i], err = filepath.Abs(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`<th>\s*</th>`).Find(data); m != nil {
			t.Errorf("%s has an empty table header %q", f, m)
		}
	}
	validators.HTML(t, files...)
}

// TestHTMLValidatorFindsProblems keeps the check above honest: html-validate
// as configured refuses a page with a duplicate id and a picture without
// a text alternative.
func TestHTMLValidatorFindsProblems(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.html")
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main><p id="a">x</p><p id="a">y</p><img src="map.png"></main></body></html>`
	if err := os.WriteFile(bad, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := validators.Node(t, "html-validate/bin/html-validate.mjs", "--config", validators.File(t, "htmlvalidate.json"), bad)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !regexp.MustCompile(`no-dup-id`).Match(out) || !regexp.MustCompile(`wcag/h37`).Match(out) {
		t.Errorf("html-validate on a broken page: %v\n%s", err, out)
	}
}
