package pdf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// Lang is the document language written in the catalog and the XMP
// metadata: Stepwise writes its SOPs in English (recorded labels keep
// whatever language the application had).
const Lang = "en"

// metadata is what a PDF says about itself: in the document information
// dictionary and, the same, in an XMP packet, where screen readers, search
// indexes and PDF/A or PDF/UA checkers read it.
type metadata struct {
	Title, Author, Subject, Keywords, Creator, Producer string
	Date                                                time.Time
}

func docMetadata(d *sopgen.Document, stamp time.Time) metadata {
	m := metadata{
		Title:    sopgen.CleanText(d.Meta.Title),
		Author:   sopgen.CleanText(d.Meta.Owner),
		Subject:  "Standard operating procedure",
		Creator:  "Stepwise " + sopgen.GeneratorVersion,
		Producer: "Stepwise",
		Date:     stamp,
	}
	// A generated draft has no owner yet: it is Stepwise's until a person
	// takes it over.
	if m.Author == "" {
		m.Author = "Stepwise"
	}
	if d.Meta.Workflow != "" {
		m.Subject += ": " + sopgen.CleanText(d.Meta.Workflow)
		m.Keywords = "SOP, " + sopgen.CleanText(d.Meta.Workflow)
	}
	return m
}

// apply sets m on pdf: the information dictionary, /Lang and the XMP
// packet.
func (m metadata) apply(pdf *fpdf.Fpdf) {
	pdf.SetCreationDate(m.Date)
	pdf.SetModificationDate(m.Date)
	pdf.SetTitle(m.Title, true)
	pdf.SetAuthor(m.Author, true)
	pdf.SetSubject(m.Subject, true)
	pdf.SetKeywords(m.Keywords, true)
	pdf.SetCreator(m.Creator, true)
	pdf.SetProducer(m.Producer, true)
	pdf.SetLang(Lang)
	pdf.SetXmpMetadata(m.xmp())
}

// xmp is the XMP packet (ISO 16684-1) of m: Dublin Core title, creator,
// description, language and format, the XMP dates and tool, and the PDF
// producer and keywords. Every value is XML-escaped: titles are recorded
// strings.
func (m metadata) xmp() []byte {
	var b bytes.Buffer
	text := func(s string) {
		xml.EscapeText(&b, []byte(s))
	}
	el := func(name, value string) {
		b.WriteString("   <" + name + ">")
		text(value)
		b.WriteString("</" + name + ">\n")
	}
	date := m.Date.UTC().Format(time.RFC3339)
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
	b.WriteString(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	b.WriteString("  <rdf:Description rdf:about=\"\"\n" +
		"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n" +
		"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n" +
		"    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
	el("dc:format", "application/pdf")
	b.WriteString("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">")
	text(m.Title)
	b.WriteString("</rdf:li></rdf:Alt></dc:title>\n")
	b.WriteString("   <dc:creator><rdf:Seq><rdf:li>")
	text(m.Author)
	b.WriteString("</rdf:li></rdf:Seq></dc:creator>\n")
	b.WriteString("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">")
	text(m.Subject)
	b.WriteString("</rdf:li></rdf:Alt></dc:description>\n")
	b.WriteString("   <dc:language><rdf:Bag><rdf:li>" + Lang + "</rdf:li></rdf:Bag></dc:language>\n")
	el("xmp:CreateDate", date)
	el("xmp:ModifyDate", date)
	el("xmp:MetadataDate", date)
	el("xmp:CreatorTool", m.Creator)
	el("pdf:Producer", m.Producer)
	if m.Keywords != "" {
		el("pdf:Keywords", m.Keywords)
	}
	b.WriteString("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return b.Bytes()
}

// output writes the document. The document language and the metadata
// stream are PDF 1.4 features, which fpdf uses without raising the header
// from 1.3: the header is set to 1.4, a change of one byte that moves no
// offset.
func output(pdf *fpdf.Fpdf, w io.Writer) error {
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	out := b.Bytes()
	if bytes.HasPrefix(out, []byte("%PDF-1.3")) {
		out[7] = '4'
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}
