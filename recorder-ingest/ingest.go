package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// Errors of the ingest contract; the API maps each to one status.
var (
	// ErrNotFound: no such object for this team (another team's objects
	// are not found either).
	ErrNotFound = errors.New("not found")
	// ErrConflict: the recording id is taken by a different body.
	ErrConflict = errors.New("recording id already used for a different recording")
	// ErrUnauthorized: no token, or one the server does not know.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrBadRequest: a request that is malformed apart from the recording
	// (a bad query parameter).
	ErrBadRequest = errors.New("bad request")
	// ErrStorageFull: the store has no room left to write (a full disk);
	// reads still work, and the same upload may be sent again later.
	ErrStorageFull = errors.New("storage full")
)

// Team owns recordings; every query is scoped by it.
type Team struct {
	ID   int64
	Name string
}

// Stored is a recording as kept: scrubbed, with what the scrubbing
// replaced, and its place among the versions of its workflow.
type Stored struct {
	ID         string
	Workflow   string
	Version    int
	Recording  []byte // canonical JSON of the scrubbed recording
	Redactions sopgen.Redactions
	ReceivedAt time.Time
}

// Put is what the store is asked to keep.
type Put struct {
	Team       int64
	ID         string
	Workflow   string
	Title      string
	BodyHash   []byte // of the request body: the idempotency check
	Recording  []byte
	Redactions sopgen.Redactions
	ReceivedAt time.Time
}

// Receipt is the answer to an upload.
type Receipt struct {
	ID       string `json:"id"`
	Workflow string `json:"workflow"`
	Version  int    `json:"version"`
	// Created is false when the same recording was already stored.
	Created bool `json:"-"`
}

// WorkflowSummary lists a workflow with its latest version.
type WorkflowSummary struct {
	Slug          string    `json:"slug"`
	Title         string    `json:"title"`
	LatestVersion int       `json:"latest_version"`
	Versions      int       `json:"versions"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Version is one version of a workflow.
type Version struct {
	Version    int       `json:"version"`
	ID         string    `json:"id"`
	ReceivedAt time.Time `json:"received_at"`
}

// Store keeps teams, tokens, recordings and web sessions. Implementations:
// sqlite (one process) and postgres (several replicas on one database); the
// suite of storetest runs against both.
type Store interface {
	// TeamByToken finds the team of a token by the token's SHA-256.
	TeamByToken(ctx context.Context, tokenHash []byte) (Team, error)
	// PutRecording stores p once it is durable, or finds the recording
	// already stored under p.ID: the same body gives its receipt with
	// Created false, a different one ErrConflict.
	PutRecording(ctx context.Context, p Put) (Receipt, error)
	Recording(ctx context.Context, team int64, id string) (*Stored, error)
	// Version returns a workflow's version n, or its latest when n is 0.
	Version(ctx context.Context, team int64, workflow string, n int) (*Stored, error)
	Workflows(ctx context.Context, team int64) ([]WorkflowSummary, error)
	Versions(ctx context.Context, team int64, workflow string) ([]Version, error)
	// CreateSession keeps a web UI session of team, known by the SHA-256
	// of its id, until expires.
	CreateSession(ctx context.Context, idHash []byte, team int64, expires time.Time) error
	// SessionTeam finds the team of a session that has not ended, or
	// ErrUnauthorized.
	SessionTeam(ctx context.Context, idHash []byte) (Team, error)
	// DeleteSession ends a session; ending one that does not exist is no
	// error.
	DeleteSession(ctx context.Context, idHash []byte) error
}

// Service is the ingest side of the server: the privacy guard, the
// importers and the store, and the documents generated from what is kept.
type Service struct {
	Store Store
	// Scrubber replaces personal data in free text before storage; nil
	// means the default patterns.
	Scrubber *sopgen.Scrubber
	// Now dates Chrome Recorder imports; nil means time.Now.
	Now func() time.Time
	// OnRender, when set, is told of every render of an artifact (not of
	// one served from memory) and how long it took, whoever asked for it:
	// the API, a page of the UI. The API's metrics set it.
	OnRender func(artifact string, d time.Duration)

	cacheInit sync.Once
	cache     *artifactCache
	renders   atomic.Int64
}

// Upload is one recording as received.
type Upload struct {
	Team int64
	Body []byte
	// Format is "" for stepwise/recording@1 or "chrome-recorder".
	Format string
	// Workflow is the slug for a Chrome Recorder export.
	Workflow string
}

var slug = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// Ingest validates, scrubs and stores an upload. Invalid recordings give a
// *sopgen.ValidationError (matching sopgen.ErrInvalid) that never repeats
// the rejected values.
func (s *Service) Ingest(ctx context.Context, up Upload) (Receipt, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var rec *sopgen.Recording
	var err error
	var dropped sopgen.Redactions // by the Chrome Recorder import
	switch up.Format {
	case "":
		rec, err = sopgen.ParseRecording(up.Body)
	case "chrome-recorder":
		if !slug.MatchString(up.Workflow) {
			return Receipt{}, fmt.Errorf("%w: workflow must be a slug of a-z, 0-9 and -, 1 to 64 characters", ErrBadRequest)
		}
		rec, err = chromerecorder.Convert(up.Body, chromerecorder.Options{Workflow: up.Workflow, RecordedAt: now().UTC().Format(time.RFC3339), Dropped: &dropped})
	default:
		return Receipt{}, fmt.Errorf("%w: format must be chrome-recorder or absent", ErrBadRequest)
	}
	if err != nil {
		return Receipt{}, err
	}
	sc := s.Scrubber
	if sc == nil {
		sc = &sopgen.Scrubber{}
	}
	red := sc.Scrub(rec).Add(dropped)
	changed := red != (sopgen.Redactions{})
	// What the recorder generalised before upload counts as well; it
	// changes nothing here.
	red.Identifier += sopgen.RecorderPlaceholders(rec)
	var canonical []byte
	if !changed && up.Format == "" {
		// Nothing was replaced or dropped (Scrub counts every change it
		// makes, URL parts included): the body the decoder accepted is
		// the recording, without its white space.
		var b bytes.Buffer
		if err := json.Compact(&b, up.Body); err == nil {
			canonical = b.Bytes()
		}
	}
	if canonical == nil {
		if canonical, err = json.Marshal(rec); err != nil {
			return Receipt{}, fmt.Errorf("encode recording: %w", err)
		}
	}
	sum := sha256.Sum256(up.Body)
	return s.Store.PutRecording(ctx, Put{
		Team:       up.Team,
		ID:         rec.ID,
		Workflow:   rec.Workflow,
		Title:      sopgen.CleanText(rec.Title),
		BodyHash:   sum[:],
		Recording:  canonical,
		Redactions: red,
		// Microseconds are what PostgreSQL keeps: the same time whichever
		// store holds it, and through an export between them.
		ReceivedAt: now().UTC().Truncate(time.Microsecond),
	})
}

// HashToken is how tokens are kept: their SHA-256, never the token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// decode reads a stored recording back.
func decode(st *Stored) (*sopgen.Recording, error) {
	var rec sopgen.Recording
	if err := json.Unmarshal(st.Recording, &rec); err != nil {
		return nil, fmt.Errorf("stored recording %s: %w", st.ID, err)
	}
	return &rec, nil
}

// ParseVersion reads a ?version=N query value: "" is the latest (0),
// otherwise a whole number of 1 or more.
func ParseVersion(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: version must be a whole number of 1 or more", ErrBadRequest)
	}
	return n, nil
}

// WithBudget bounds ctx by d, a request's time budget, when d is positive;
// otherwise the work is bounded only by ctx (the client going away).
func WithBudget(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
