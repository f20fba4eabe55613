package raster

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen/internal/fonts"
	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

func TestPNGIsPalettedAtScaleWithExactColours(t *testing.T) {
	l := &processmap.Layout{Width: 300, Height: 200, Ops: []processmap.Op{
		{Kind: processmap.OpPolygon, Points: []processmap.Point{lp(0, 0), lp(300, 0), lp(300, 200), lp(0, 200)}, Fill: "#ffffff"},
		{Kind: processmap.OpPolygon, Points: []processmap.Point{lp(20, 20), lp(280, 20), lp(280, 180), lp(20, 180)}, Stroke: "#475569", Fill: "#fde68a"},
		{Kind: processmap.OpText, Points: []processmap.Point{lp(150, 100)}, Text: "1.1 Reset the password", Size: 10, Align: "c", Stroke: "#000000", Width: 120},
	}}
	img := mustDrawPNG(t, l)
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("PNG decodes as %T, want a paletted image", img)
	}
	const margin = 8
	wantW, wantH := int(math.Ceil((300+2*margin)*Scale)), int(math.Ceil((200+2*margin)*Scale))
	if got := p.Bounds().Size(); got.X != wantW || got.Y != wantH {
		t.Errorf("size = %v, want %dx%d (%.2f pixels per point)", got, wantW, wantH, Scale)
	}
	at := func(x, y float64) color.RGBA {
		return color.RGBAModel.Convert(p.At(int((x+margin)*Scale), int((y+margin)*Scale))).(color.RGBA)
	}
	if got, want := at(40, 40), (color.RGBA{0xfd, 0xe6, 0x8a, 0xff}); got != want {
		t.Errorf("inside the node = %v, want its fill %v exactly", got, want)
	}
	if got, want := at(5, 5), (color.RGBA{0xff, 0xff, 0xff, 0xff}); got != want {
		t.Errorf("background = %v, want white", got)
	}
	dark := 0
	for x := 100.0; x < 200; x += 0.5 {
		for y := 90.0; y < 102; y += 0.5 {
			if c := at(x, y); c.R < 0x80 && c.G < 0x80 && c.B < 0x80 {
				dark++
			}
		}
	}
	if dark < 20 {
		t.Errorf("%d dark pixels where the text is, want the text drawn", dark)
	}
}

func TestQuantizerMapsEdgesToNearbyColours(t *testing.T) {
	q := newQuantizer([]color.RGBA{{255, 255, 255, 255}, {0, 0, 0, 255}, {0xfd, 0xe6, 0x8a, 255}})
	for i, want := range []color.RGBA{{0xfd, 0xe6, 0x8a, 255}, {0x80, 0x80, 0x80, 255}, {0xbe, 0xa0, 0x50, 255}, {0, 0, 0, 255}} {
		got := q.rgb[q.nearest(want.R, want.G, want.B)]
		if d := max(diff(got.R, want.R), diff(got.G, want.G), diff(got.B, want.B)); d > 26 {
			t.Errorf("colour %d: %v became %v, %d off", i, want, got, d)
		}
		if i == 0 && got != want {
			t.Errorf("a layout colour became %v, want it exactly", got)
		}
	}
}

// mustDrawPNG draws l as a PNG and decodes it again.
func mustDrawPNG(tb testing.TB, l *processmap.Layout) image.Image {
	tb.Helper()
	var b bytes.Buffer
	if err := WritePNG(&b, l); err != nil {
		tb.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

func lp(x, y float64) processmap.Point { return processmap.Point{X: x, Y: y} }

func diff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestStrokesAreRingsAndDashesHaveGaps(t *testing.T) {
	l := &processmap.Layout{Width: 200, Height: 100, Ops: []processmap.Op{
		{Kind: processmap.OpPolygon, Points: []processmap.Point{lp(10, 10), lp(90, 10), lp(90, 90), lp(10, 90)}, Stroke: "#000000"},
		{Kind: processmap.OpPolyline, Points: []processmap.Point{lp(110, 50), lp(190, 50)}, Stroke: "#000000", Dashed: true},
	}}
	img := mustDrawPNG(t, l)
	const margin = 8
	dark := func(x, y float64) bool {
		r, g, bb, _ := img.At(int((x+margin)*Scale), int((y+margin)*Scale)).RGBA()
		return r < 0x8000 && g < 0x8000 && bb < 0x8000
	}
	if !dark(50, 10) || !dark(90, 50) {
		t.Error("the square's outline is not drawn")
	}
	if dark(50, 50) {
		t.Error("an unfilled square is painted inside")
	}
	on, off := 0, 0
	for x := 110.0; x < 190; x += 0.25 {
		if dark(x, 50) {
			on++
		} else {
			off++
		}
	}
	if on == 0 || off == 0 || on < off {
		t.Errorf("dashed line: %d dark and %d light samples along it, want dashes (4 on, 3 off)", on, off)
	}
}

// TestBandsDrawWhatOneImageDraws draws a tall map with shapes, lines and
// text across the bands' borders in one band and in three: the pictures
// agree but for rounding at the edges of shapes.
func TestBandsDrawWhatOneImageDraws(t *testing.T) {
	l := &processmap.Layout{Width: 300, Height: 1500}
	for y := 0.0; y < 1450; y += 97 {
		l.Ops = append(l.Ops,
			processmap.Op{Kind: processmap.OpPolygon, Points: []processmap.Point{lp(20, y), lp(200, y), lp(200, y+60), lp(20, y+60)}, Stroke: "#475569", Fill: "#fde68a"},
			processmap.Op{Kind: processmap.OpText, Points: []processmap.Point{lp(110, y+34)}, Text: "1.1 Reset the password", Size: 10, Align: "c", Stroke: "#000000", Width: 170},
			processmap.Op{Kind: processmap.OpPolyline, Points: []processmap.Point{lp(250, y), lp(250, y+97)}, Stroke: "#475569", Dashed: true},
			processmap.Op{Kind: processmap.OpEllipse, Points: []processmap.Point{lp(110, y+80), lp(30, 12)}, Stroke: "#475569", Fill: "#dbeafe"},
		)
	}
	regular, bold, err := fonts.Parsed()
	if err != nil {
		t.Fatal(err)
	}
	one, three := render(l, 1, regular, bold), render(l, 3, regular, bold)
	if one.Bounds() != three.Bounds() {
		t.Fatalf("bounds %v and %v", one.Bounds(), three.Bounds())
	}
	off := 0
	for y := one.Rect.Min.Y; y < one.Rect.Max.Y; y++ {
		for x := one.Rect.Min.X; x < one.Rect.Max.X; x++ {
			a := color.RGBAModel.Convert(one.At(x, y)).(color.RGBA)
			b := color.RGBAModel.Convert(three.At(x, y)).(color.RGBA)
			if d := max(diff(a.R, b.R), diff(a.G, b.G), diff(a.B, b.B)); d > 60 {
				off++
				if off < 5 {
					t.Errorf("pixel (%d, %d) is %v in one band, %v in three", x, y, a, b)
				}
			}
		}
	}
	if off > 0 {
		t.Errorf("%d pixels differ", off)
	}
}

// TestDrawingsAtOnceShareGlyphsAndAgree draws one map from several
// goroutines at once, sharing the process's glyph cache (glyphs.go) as the
// server's requests do, and from a cold cache: every picture is the same.
func TestDrawingsAtOnceShareGlyphsAndAgree(t *testing.T) {
	l := &processmap.Layout{Width: 400, Height: 300}
	for i, s := range []string{"Verify the caller's identity", "Reset the password", "Élan – naïve ½ ✓ 日本", "Record the work on the ticket"} {
		y := 20 + float64(i)*70
		l.Ops = append(l.Ops,
			processmap.Op{Kind: processmap.OpPolygon, Points: []processmap.Point{lp(20, y), lp(380, y), lp(380, y+50), lp(20, y+50)}, Stroke: "#475569", Fill: "#dbeafe"},
			processmap.Op{Kind: processmap.OpText, Points: []processmap.Point{lp(200, y+30)}, Text: s, Size: 10 + float64(i), Align: "c", Stroke: "#000000", Width: 150},
		)
	}
	sharedMu.Lock()
	clear(sharedGlyphs)
	clear(sharedKerns)
	sharedMu.Unlock()
	const n = 6
	out := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var b bytes.Buffer
			if err := WritePNG(&b, l); err != nil {
				t.Error(err)
			}
			out[i] = b.Bytes()
		})
	}
	wg.Wait()
	for i := 1; i < n; i++ {
		if !bytes.Equal(out[i], out[0]) {
			t.Errorf("drawing %d differs from drawing 0", i)
		}
	}
	if _, err := png.Decode(bytes.NewReader(out[0])); err != nil {
		t.Fatal(err)
	}
}
