package ingest

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
)

// ContentTypes gives each artifact its media type.
var ContentTypes = map[string]string{
	"sop.md":          "text/markdown; charset=utf-8",
	"sop.html":        "text/html; charset=utf-8",
	"sop.pdf":         "application/pdf",
	"process-map.dot": "text/vnd.graphviz; charset=utf-8",
	"process-map.svg": "image/svg+xml",
	"process-map.png": "image/png",
	"report.md":       "text/markdown; charset=utf-8",
	"report.json":     "application/json",
}

// cacheBytes bounds the rendered artifacts kept in memory.
const cacheBytes = 64 << 20

// Download is an artifact of one version, with the key that names its
// bytes: the recording, the generator, the document control and the
// reviewed text it was made from. An approval, an acceptance or an edit
// of the reviewed text changes the key, so nothing stale is served.
type Download struct {
	Data   []byte
	Stored *Stored
	Key    string
}

// Artifact renders one artifact of a workflow version (0 = latest). Each
// is rendered once per key (see Rendered) and then served from memory.
//
// Rendering stops, with an error matching ctx's, once ctx is done (the
// client went, or the server's budget ran out): ctx is checked after
// waiting for another render of the same artifact, after the document is
// composed and checked, and before the artifact is laid out and written.
// The stages between are not interrupted and need not be: composing,
// checking and building the map are pure and bounded by the recording
// format's limits (10,000 steps, the body size), the map collapses to one
// node per distinct phase above processmap.MaxDetailedSteps and is laid out
// in time linear in its nodes, and the HTML renderer bounds its Markdown
// (html.Limits).
func (s *Service) Artifact(ctx context.Context, team int64, workflow string, version int, name string) (*Download, error) {
	if !slices.Contains(generate.Artifacts, name) {
		return nil, fmt.Errorf("%w: no artifact %q", ErrNotFound, name)
	}
	st, in, err := s.inputs(ctx, team, workflow, version)
	if err != nil {
		return nil, err
	}
	key := in.key(team, st) + "/" + name
	out := &Download{Stored: st, Key: key}
	c := s.artifacts()
	if b, ok := c.get(key); ok {
		out.Data = b
		return out, nil
	}
	// One render per key at a time: concurrent downloads of a new version
	// wait for the first instead of laying the map out again.
	unlock := c.lock(key)
	defer unlock()
	if b, ok := c.get(key); ok {
		out.Data = b
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("render %s of %s: %w", name, st.ID, err)
	}
	start := time.Now()
	res, err := s.result(ctx, team, st, in)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("render %s of %s: %w", name, st.ID, err)
	}
	s.renders.Add(1)
	var buf bytes.Buffer
	if err := res.Write(name, &buf); err != nil {
		return nil, fmt.Errorf("render %s of %s: %w", name, st.ID, err)
	}
	c.put(key, buf.Bytes())
	s.Rendered(name, time.Since(start))
	out.Data = buf.Bytes()
	return out, nil
}

// Key names what a stored recording's documents are made from: its id,
// version and content, and the generator's version. Caches (each
// replica's, a browser's through the ETag) are keyed by it, so they can
// never answer with another version's bytes, even when a store is
// restored from a backup and an id comes to hold another recording.
func (st *Stored) Key() string {
	sum := sha256.Sum256(st.Recording)
	return fmt.Sprintf("%s-%d-%x-%s", st.ID, st.Version, sum[:8], sopgen.GeneratorVersion)
}

// Renders counts the artifacts rendered rather than served from memory.
func (s *Service) Renders() int64 { return s.renders.Load() }

// Rendered tells OnRender of a render: Artifact's, and those a caller does
// itself (the UI's workflow page renders the SOP into the page).
func (s *Service) Rendered(artifact string, d time.Duration) {
	if s.OnRender != nil {
		s.OnRender(artifact, d)
	}
}

// Document finds version n of a workflow (0 = latest) and returns it with
// its composed and checked document: its reviewed text applied, its
// document control and control review set.
func (s *Service) Document(ctx context.Context, team int64, workflow string, n int) (*Stored, *generate.Result, error) {
	st, in, err := s.inputs(ctx, team, workflow, n)
	if err != nil {
		return nil, nil, err
	}
	res, err := s.result(ctx, team, st, in)
	if err != nil {
		return nil, nil, err
	}
	return st, res, nil
}

// plain is version n's document with its reviewed text but without its
// document control: its steps and findings, which the control does not
// change, for diffs (the control of a draft holds a diff, so a diff cannot
// need a control).
func (s *Service) plain(ctx context.Context, team int64, workflow string, n int) (*generate.Result, error) {
	st, err := s.Store.Version(ctx, team, workflow, n)
	if err != nil {
		return nil, err
	}
	rv, err := s.reviewedFor(ctx, team, st)
	if err != nil {
		return nil, err
	}
	return s.result(ctx, team, st, docInputs{reviewed: rv})
}

// docInputs is what a version's documents are made from besides its
// recording.
type docInputs struct {
	reviewed *sopgen.Reviewed
	control  *sopgen.Control
}

// key names a version's documents: the recording (Stored.Key), the
// reviewed text and the document control.
func (in docInputs) key(team int64, st *Stored) string {
	return strconv.FormatInt(team, 10) + "/" + st.Key() + "/" + in.reviewed.Key() + "/" + in.control.Key()
}

// inputs finds version n (0 = latest) with its reviewed text and control.
func (s *Service) inputs(ctx context.Context, team int64, workflow string, n int) (*Stored, docInputs, error) {
	var in docInputs
	st, err := s.Store.Version(ctx, team, workflow, n)
	if err != nil {
		return nil, in, err
	}
	if in.reviewed, err = s.reviewedFor(ctx, team, st); err != nil {
		return nil, in, err
	}
	if in.control, err = s.control(ctx, team, st, in.reviewed); err != nil {
		return nil, in, err
	}
	return st, in, nil
}

func (s *Service) result(ctx context.Context, team int64, st *Stored, in docInputs) (*generate.Result, error) {
	key := in.key(team, st)
	c := s.artifacts()
	c.mu.Lock()
	if r, ok := c.results[key]; ok {
		c.mu.Unlock()
		return r, nil
	}
	c.mu.Unlock()
	rec, err := decode(st)
	if err != nil {
		return nil, err
	}
	// The result outlives this request in the cache: it must not carry the
	// request's cancellation.
	res, err := generate.Run(context.WithoutCancel(ctx), rec, generate.Options{Compose: sopgen.Options{
		Version:         st.Version,
		Source:          st.ID,
		PriorRedactions: st.Redactions,
		Scrubber:        s.Scrubber,
		Reviewed:        in.reviewed,
	}, Control: in.control})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.results) >= 32 { // a handful of recent documents, for their other artifacts
		for k := range c.results {
			delete(c.results, k)
			break
		}
	}
	c.results[key] = res
	c.mu.Unlock()
	return res, nil
}

func (s *Service) artifacts() *artifactCache {
	s.cacheInit.Do(func() { s.cache = newArtifactCache(cacheBytes) })
	return s.cache
}

// artifactCache keeps rendered artifacts, least recently used out first,
// within a byte budget.
type artifactCache struct {
	mu      sync.Mutex
	max     int
	size    int
	order   *list.List // of *entry, most recent first
	byKey   map[string]*list.Element
	results map[string]*generate.Result
	locks   map[string]*keyLock
}

type entry struct {
	key  string
	data []byte
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

func newArtifactCache(max int) *artifactCache {
	return &artifactCache{max: max, order: list.New(), byKey: map[string]*list.Element{}, results: map[string]*generate.Result{}, locks: map[string]*keyLock{}}
}

func (c *artifactCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*entry).data, true
	}
	return nil, false
}

func (c *artifactCache) put(key string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[key]; ok || len(data) > c.max {
		return
	}
	c.byKey[key] = c.order.PushFront(&entry{key, data})
	c.size += len(data)
	for c.size > c.max {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.byKey, e.key)
		c.size -= len(e.data)
	}
}

// lock holds key's render lock until the returned func is called.
func (c *artifactCache) lock(key string) func() {
	c.mu.Lock()
	l, ok := c.locks[key]
	if !ok {
		l = &keyLock{}
		c.locks[key] = l
	}
	l.refs++
	c.mu.Unlock()
	l.mu.Lock()
	return func() {
		l.mu.Unlock()
		c.mu.Lock()
		if l.refs--; l.refs == 0 {
			delete(c.locks, key)
		}
		c.mu.Unlock()
	}
}
