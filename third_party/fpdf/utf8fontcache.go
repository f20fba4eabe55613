// Copyright ©2023 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

// This file is not in upstream fpdf: see README.md.

import (
	"bytes"
	"hash/maphash"
	"sync"
)

// maxCachedUTF8Fonts bounds the parsed fonts a process keeps. A program
// that adds more distinct fonts than this parses the others per document,
// as upstream does, rather than holding every font it ever saw.
const maxCachedUTF8Fonts = 16

// utf8Fonts holds the UTF-8 TrueType fonts parsed in this process, so that
// a program making many documents with the same font parses it once.
// Upstream parses it for every document (several milliseconds for a
// font such as DejaVu Sans, and as much again to name it).
var utf8Fonts = utf8FontCache{
	seed:   maphash.MakeSeed(),
	byHash: make(map[uint64][]*parsedUTF8Font),
}

type utf8FontCache struct {
	seed   maphash.Seed
	mu     sync.Mutex
	byHash map[uint64][]*parsedUTF8Font // by the hash of the font file
	n      int
}

// parsedUTF8Font is a font file parsed once and shared by the documents
// that use it. Its utf8FontFile is read-only once parsed: the widths (Cw)
// are never written, and the subsetter works on copies (cutFont).
type parsedUTF8Font struct {
	data []byte // the font file; the cache's own copy
	file *utf8FontFile

	mu  sync.Mutex
	ids map[string]string // font id by font key
}

// load returns the parsed font of data: the cached one when this process
// parsed the same bytes before.
func (c *utf8FontCache) load(data []byte) (*parsedUTF8Font, error) {
	h := maphash.Bytes(c.seed, data)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.byHash[h] {
		if bytes.Equal(p.data, data) {
			return p, nil
		}
	}
	if c.n >= maxCachedUTF8Fonts {
		return parseUTF8Font(data)
	}
	// A copy: the caller may change its slice once the document is done,
	// and the cached font reads the file again for each subset.
	p, err := parseUTF8Font(bytes.Clone(data))
	if err != nil {
		return nil, err
	}
	c.byHash[h] = append(c.byHash[h], p)
	c.n++
	return p, nil
}

func parseUTF8Font(data []byte) (*parsedUTF8Font, error) {
	file := newUTF8Font(&fileReader{readerPosition: 0, array: data})
	if err := file.parseFile(); err != nil {
		return nil, err
	}
	return &parsedUTF8Font{data: data, file: file, ids: make(map[string]string)}, nil
}

// id returns generateFontID(def) for a definition made from p, computed
// once per font key: such a definition is a function of its key (Name)
// and of p's metrics, and hashing the metrics as JSON costs as much as
// parsing the font.
func (p *parsedUTF8Font) id(def fontDefType) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.ids[def.Name]; ok {
		return id
	}
	id, _ := generateFontID(def)
	p.ids[def.Name] = id
	return id
}
