package raster

import (
	"bytes"
	"encoding/binary"
	"github.com/klauspost/compress/flate"
	"hash/adler32"
	"hash/crc32"
	"image"
	"io"
	"sync"
)

// writers holds deflate writers at BestSpeed, reset for each piece
// rather than made anew (each holds hundreds of kilobytes of state).
var writers = sync.Pool{New: func() any {
	zw, _ := flate.NewWriter(nil, flate.BestSpeed) // the level is valid
	return zw
}}

// encodePieces is how many pieces of rows encode compresses at once.
const encodePieces = 2

// encode writes img as an 8-bit paletted PNG, compressing its rows in
// pieces at once.
//
// image/png compresses the whole image in one deflate stream, on one core:
// for a 50-step map that was as long as drawing it. Here each piece of
// rows is deflated on its own (no match reaches back into the piece
// before it) and ends on a byte boundary (a sync flush), so the pieces
// joined are one valid zlib stream, as pigz makes them. The chunks around
// it are the PNG specification's: IHDR, PLTE, IDAT, IEND, each with its
// CRC-32. Every row has filter type 0 (none): a paletted image is not
// helped by filters, and image/png chooses none for it too.
func encode(w io.Writer, img *image.Paletted, pieces int) error {
	W, H := img.Rect.Dx(), img.Rect.Dy()
	pieces = max(1, min(pieces, H))
	out := make([][]byte, pieces)
	sums := make([]uint32, pieces)
	lens := make([]int, pieces)
	errs := make([]error, pieces)
	var wg sync.WaitGroup
	for k := range pieces {
		wg.Go(func() {
			y0, y1 := H*k/pieces, H*(k+1)/pieces
			var b bytes.Buffer
			zw := writers.Get().(*flate.Writer)
			defer writers.Put(zw)
			zw.Reset(&b)
			sum := adler32.New()
			filter := []byte{0}
			for y := y0; y < y1; y++ {
				i := img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y)
				row := img.Pix[i : i+W]
				zw.Write(filter) // writes to a bytes.Buffer do not fail
				zw.Write(row)
				sum.Write(filter)
				sum.Write(row)
			}
			if k == pieces-1 {
				errs[k] = zw.Close() // the final block
			} else {
				errs[k] = zw.Flush() // a sync flush: byte-aligned, not final
			}
			out[k], sums[k], lens[k] = b.Bytes(), sum.Sum32(), (y1-y0)*(W+1)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}

	var hdr [13]byte
	binary.BigEndian.PutUint32(hdr[0:], uint32(W))
	binary.BigEndian.PutUint32(hdr[4:], uint32(H))
	hdr[8], hdr[9] = 8, 3 // bit depth 8, colour type 3 (paletted)
	pal := make([]byte, 0, 3*len(img.Palette))
	for _, c := range img.Palette {
		r, g, b, _ := c.RGBA()
		pal = append(pal, byte(r>>8), byte(g>>8), byte(b>>8))
	}
	sum := sums[0]
	for k := 1; k < pieces; k++ {
		sum = adler32Combine(sum, sums[k], lens[k])
	}
	idat := make([][]byte, 0, pieces+2)
	idat = append(idat, []byte{0x78, 0x01}) // zlib: deflate, 32 KiB window, fastest
	idat = append(idat, out...)
	idat = append(idat, binary.BigEndian.AppendUint32(nil, sum))

	cw := &chunkWriter{w: w}
	cw.raw([]byte("\x89PNG\r\n\x1a\n"))
	cw.chunk("IHDR", hdr[:])
	cw.chunk("PLTE", pal)
	cw.chunk("IDAT", idat...)
	cw.chunk("IEND")
	return cw.err
}

// chunkWriter writes PNG chunks, keeping the first error.
type chunkWriter struct {
	w   io.Writer
	err error
}

func (c *chunkWriter) raw(b []byte) {
	if c.err == nil {
		_, c.err = c.w.Write(b)
	}
}

// chunk writes one chunk of the given type whose data is parts joined.
func (c *chunkWriter) chunk(typ string, parts ...[]byte) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(n))
	copy(head[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	c.raw(head[:])
	for _, p := range parts {
		crc.Write(p)
		c.raw(p)
	}
	c.raw(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
}

// adler32Combine is the Adler-32 of two byte strings joined, from the sum
// of each and the length of the second (as zlib's adler32_combine).
func adler32Combine(a1, a2 uint32, len2 int) uint32 {
	const mod = 65521
	rem := uint32(len2 % mod)
	s1, s2 := a1&0xffff, a1>>16
	t1, t2 := a2&0xffff, a2>>16
	sum1 := (s1 + t1 + mod - 1) % mod
	sum2 := (rem*s1%mod + s2 + t2 + mod - rem) % mod
	return sum2<<16 | sum1
}
