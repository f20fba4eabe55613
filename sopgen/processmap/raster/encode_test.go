package raster

import (
	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodedPiecesDecodeToTheSameImage encodes an image with rows of
// runs and noise, in one piece and in several, and decodes each with
// image/png, which checks every chunk's CRC and the zlib stream's Adler-32.
func TestEncodedPiecesDecodeToTheSameImage(t *testing.T) {
	pal := color.Palette{}
	for i := range 256 {
		pal = append(pal, color.RGBA{uint8(i), uint8(255 - i), uint8(i * 7), 255})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []image.Point{{1, 1}, {3, 2}, {301, 97}, {755, 1200}} {
		img := image.NewPaletted(image.Rect(0, 0, size.X, size.Y), pal)
		for i := range img.Pix {
			if rng.IntN(10) == 0 || i%size.X < 5 {
				img.Pix[i] = uint8(rng.IntN(256))
			}
		}
		for _, pieces := range []int{1, 2, 3, 7, 5000} {
			var b bytes.Buffer
			if err := encode(&b, img, pieces); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("%v in %d pieces: %v", size, pieces, err)
			}
			p, ok := got.(*image.Paletted)
			if !ok {
				t.Fatalf("%v in %d pieces decodes as %T, want paletted", size, pieces, got)
			}
			if p.Rect != img.Rect || !bytes.Equal(p.Pix, img.Pix) {
				t.Errorf("%v in %d pieces: the pixels differ after decoding", size, pieces)
			}
			for i := range pal {
				if p.Palette[i] != pal[i] {
					t.Fatalf("%v in %d pieces: palette entry %d is %v, want %v", size, pieces, i, p.Palette[i], pal[i])
				}
			}
		}
	}
}

func TestAdler32CombineIsTheSumOfTheJoinedBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		a := make([]byte, rng.IntN(200000))
		b := make([]byte, rng.IntN(200000))
		for i := range a {
			a[i] = byte(rng.IntN(256))
		}
		for i := range b {
			b[i] = 0xff
		}
		got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b))
		if want := adler32.Checksum(append(a, b...)); got != want {
			t.Fatalf("combine of %d and %d bytes = %08x, want %08x", len(a), len(b), got, want)
		}
	}
}
