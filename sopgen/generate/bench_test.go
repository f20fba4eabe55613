package generate

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/pdf"
	"github.com/stepwise-sop/stepwise/sopgen/processmap/raster"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

// synth builds an n-step recording by repeating a realistic reset: intake,
// SMS verification, reset, delivery, confirmation and logging, with names
// that vary so nothing folds away across repetitions.
func synth(n int) *sopgen.Recording {
	rec := &sopgen.Recording{
		Schema: sopgen.Schema, ID: fmt.Sprintf("rec-bench-%06d", n), Workflow: "bench",
		Title: "Benchmark reset", RecordedAt: "2026-11-01T09:00:00Z",
		Recorder: sopgen.Recorder{Name: "bench", Version: "1"}, Actor: &sopgen.Actor{Role: "service desk agent"},
	}
	app := []string{"Service Desk", "Identity Admin"}
	for i := 0; len(rec.Steps) < n; i++ {
		k := i % 10
		var s sopgen.Step
		page := fmt.Sprintf("Page %d | %s", i/10, app[i/10%2])
		switch k {
		case 0:
			s = sopgen.Step{Action: "navigate", URL: fmt.Sprintf("https://desk.example.com/q/%d?x=1", i), Page: page}
		case 1:
			s = sopgen.Step{Action: "click", Target: &sopgen.Target{Role: "link", Name: fmt.Sprintf("INC%07d", i)}}
		case 2:
			s = sopgen.Step{Action: "select", Target: &sopgen.Target{Role: "combobox", Name: "Verification method"}, Choice: "SMS code to registered mobile"}
		case 3:
			s = sopgen.Step{Action: "input", Target: &sopgen.Target{Role: "textbox", Name: fmt.Sprintf("Verification code %d", i)}, FieldKind: "number"}
		case 4:
			s = sopgen.Step{Action: "select", Target: &sopgen.Target{Role: "combobox", Name: "Verification result"}, Choice: "Passed"}
		case 5:
			s = sopgen.Step{Action: "click", Target: &sopgen.Target{Role: "button", Name: "Reset password"}}
		case 6:
			s = sopgen.Step{Action: "select", Target: &sopgen.Target{Role: "combobox", Name: "Send temporary password via"}, Choice: "SMS to registered mobile"}
		case 7:
			s = sopgen.Step{Action: "note", Mark: "confirmation", Text: fmt.Sprintf("User %d confirmed sign-in; call back on 020 7946 0958 if not.", i)}
		case 8:
			s = sopgen.Step{Action: "input", Target: &sopgen.Target{Role: "textbox", Name: fmt.Sprintf("Work notes %d", i)}, FieldKind: "text"}
		case 9:
			s = sopgen.Step{Action: "click", Target: &sopgen.Target{Role: "button", Name: fmt.Sprintf("Post %d", i)}}
		}
		s.T = int64(i) * 1500
		if k != 0 && k != 7 {
			s.App, s.Page = app[i/10%2], page
		}
		rec.Steps = append(rec.Steps, s)
	}
	return rec
}

// reportCPU reports the CPU time the process used per iteration since cpu
// (all threads, the garbage collector's included): on a machine that other
// work keeps busy it moves less than the wall time per iteration.
func reportCPU(b *testing.B, cpu time.Duration) {
	if now := cpuTime(); now > 0 {
		b.ReportMetric(float64(now-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// titles numbers the documents of a benchmark run.
var titles atomic.Int64

// fresh gives each iteration a new Result with a title never used before
// in this process, so no layout or drawing of an earlier iteration is
// reused: the figures include a real layout every time.
func fresh(doc *sopgen.Document) *Result {
	d := *doc
	d.Meta.Title = fmt.Sprintf("%s #%d", doc.Meta.Title, titles.Add(1))
	return FromDocument(context.Background(), &d, rules.Config{})
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{50, 500, 5000} {
		rec := synth(n)
		doc, err := sopgen.Compose(rec, sopgen.Options{})
		if err != nil {
			b.Fatal(err)
		}
		perStep := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/step")
		}
		b.Run(fmt.Sprintf("steps=%d/compose+check", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Run(context.Background(), rec, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			perStep(b)
		})
		for _, name := range Artifacts {
			b.Run(fmt.Sprintf("steps=%d/%s", n, name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if err := fresh(doc).Write(name, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				perStep(b)
			})
		}
		// Composed, checked and rendered from the recording each time:
		// one artifact after another (as the server renders them, each
		// on first request), and all at once, sharing the cores, as
		// stepwise generate writes them (WriteDir).
		sequential := func(res *Result) error {
			for _, name := range Artifacts {
				if err := res.Write(name, io.Discard); err != nil {
					return err
				}
			}
			return nil
		}
		atOnce := func(res *Result) error {
			return res.each(func(name string) error { return res.Write(name, io.Discard) })
		}
		for _, c := range []struct {
			name  string
			write func(*Result) error
		}{{"all", sequential}, {"all-at-once", atOnce}} {
			b.Run(fmt.Sprintf("steps=%d/%s", n, c.name), func(b *testing.B) {
				cpu := cpuTime()
				for i := 0; i < b.N; i++ {
					r := synth(n)
					r.Title = fmt.Sprintf("Benchmark reset #%d", titles.Add(1))
					res, err := Run(context.Background(), r, Options{})
					if err != nil {
						b.Fatal(err)
					}
					if err := c.write(res); err != nil {
						b.Fatal(err)
					}
				}
				perStep(b)
				reportCPU(b, cpu)
			})
		}
	}
}

// BenchmarkMap splits the process map of a 50-step recording into its
// stages: the layout, then each drawing of that one layout.
func BenchmarkMap(b *testing.B) {
	doc, err := sopgen.Compose(synth(50), sopgen.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("layout", func(b *testing.B) {
		for b.Loop() {
			fresh(doc).Layout()
		}
	})
	res := fresh(doc)
	l := res.Layout()
	b.Run("svg", func(b *testing.B) {
		for b.Loop() {
			if err := l.WriteSVG(io.Discard, doc.Meta.Title); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			if err := raster.WritePNG(io.Discard, l); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPDF times the PDF alone: the map is laid out once before the
// loop, so the figures are fpdf's and sopgen/pdf's (fonts, text layout,
// drawing the map, compression), not the layout's.
func BenchmarkPDF(b *testing.B) {
	for _, n := range []int{50, 500, 5000} {
		doc, err := sopgen.Compose(synth(n), sopgen.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res := fresh(doc)
		l := res.Layout()
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				if err := pdf.WriteSOP(io.Discard, res.Doc, pdf.Options{Map: l}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}
