package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
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
	// ErrForbidden: the person may not do this — their role does not
	// allow it, or they uploaded the version they try to approve.
	ErrForbidden = errors.New("forbidden")
	// ErrNotAllowed: the version's status (or the workflow's state) does
	// not allow this now: a transition that is not in the lifecycle, an
	// approved version changed, a version with unaccepted control errors
	// approved, a finding accepted twice.
	ErrNotAllowed = errors.New("not allowed in the current state")
	// ErrStale: the reviewed text changed since the revision the edit was
	// based on.
	ErrStale = errors.New("changed since it was read")
	// ErrInvalidInput: a request body (other than a recording) that is
	// not what the route takes; see InputError.
	ErrInvalidInput = errors.New("invalid input")
)

// InputError lists what is wrong with a request body by JSON pointer. It
// never repeats the rejected values.
type InputError struct {
	Errors []sopgen.FieldError
}

func (e *InputError) Error() string {
	if len(e.Errors) == 0 {
		return "invalid input"
	}
	return fmt.Sprintf("invalid input: %s", e.Errors[0].String())
}

// Is makes an *InputError match ErrInvalidInput.
func (e *InputError) Is(target error) bool { return target == ErrInvalidInput }

// invalid is an *InputError of one field.
func invalid(pointer, reason string) error {
	return &InputError{Errors: []sopgen.FieldError{{Pointer: pointer, Reason: reason}}}
}

// Team owns recordings; every query is scoped by it.
type Team struct {
	ID   int64
	Name string
}

// Stored is a recording as kept: scrubbed, with what the scrubbing
// replaced, its place among the versions of its workflow and where that
// version stands in its approval.
type Stored struct {
	ID         string
	Workflow   string
	Version    int
	Recording  []byte // canonical JSON of the scrubbed recording
	Redactions sopgen.Redactions
	ReceivedAt time.Time
	Status     sopgen.Status
	// UploaderID and Uploader name the person who uploaded the version;
	// 0 and "" when it is not known (examples loaded at first start,
	// versions stored before people were recorded).
	UploaderID int64
	Uploader   string
	// Approval is set for a version that was approved (it may be
	// superseded since).
	Approval *Approval
}

// Approval is the approval of a version as kept: who, when and what they
// said, with the reviewed text the version was approved with (an approved
// version never changes, whatever is edited later) and what changed from
// the version approved before it.
type Approval struct {
	sopgen.Approval
	Reviewed sopgen.Reviewed
	Summary  string
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
	// By uploads it; a zero Person (ID 0) is Stepwise itself (examples
	// loaded at first start). A new version is a draft, and the audit log
	// says who recorded it.
	By Person
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
	// Status is the latest version's.
	Status sopgen.Status `json:"status"`
	// ApprovedVersion is the version in force, 0 when none is approved.
	ApprovedVersion int `json:"approved_version"`
}

// Version is one version of a workflow.
type Version struct {
	Version    int           `json:"version"`
	ID         string        `json:"id"`
	ReceivedAt time.Time     `json:"received_at"`
	Status     sopgen.Status `json:"status"`
	// UploadedBy is the name of the person who uploaded it, "" when not
	// known.
	UploadedBy string           `json:"uploaded_by"`
	Approval   *sopgen.Approval `json:"approval,omitempty"`
	// Summary says what changed from the version approved before, for an
	// approved (or since superseded) version.
	Summary string `json:"summary,omitempty"`
}

// Store keeps teams, the people of each team and their tokens, recordings
// with the status of each version, and web sessions; and per workflow the
// acceptances of control errors, the reviewed text and the audit log.
// Implementations: sqlite (one process) and postgres (several replicas on
// one database); the suite of storetest runs against both.
//
// The store enforces the invariants it can by itself, whoever calls it:
// a status changes in one transaction with a conditional update (never
// check-then-act), at most one version of a workflow is approved, an
// approved version and the audit log never change, and every change of
// status, acceptance and edit of reviewed text writes its audit entry in
// the same transaction.
type Store interface {
	// PersonByToken finds the person (and team) of a token by the
	// token's SHA-256, or ErrUnauthorized.
	PersonByToken(ctx context.Context, tokenHash []byte) (Person, error)
	// PutRecording stores p once it is durable, as a draft with its
	// "recorded" audit entry, or finds the recording already stored
	// under p.ID: the same body gives its receipt with Created false, a
	// different one ErrConflict.
	PutRecording(ctx context.Context, p Put) (Receipt, error)
	Recording(ctx context.Context, team int64, id string) (*Stored, error)
	// Version returns a workflow's version n, or its latest when n is 0.
	Version(ctx context.Context, team int64, workflow string, n int) (*Stored, error)
	Workflows(ctx context.Context, team int64) ([]WorkflowSummary, error)
	// Versions lists a workflow's versions, oldest first, or ErrNotFound.
	Versions(ctx context.Context, team int64, workflow string) ([]Version, error)
	// CreateSession keeps a web UI session of a person, known by the
	// SHA-256 of its id, until expires.
	CreateSession(ctx context.Context, idHash []byte, person int64, expires time.Time) error
	// SessionPerson finds the person of a session that has not ended, or
	// ErrUnauthorized.
	SessionPerson(ctx context.Context, idHash []byte) (Person, error)
	// DeleteSession ends a session; ending one that does not exist is no
	// error.
	DeleteSession(ctx context.Context, idHash []byte) error

	// ChangeStatus moves a version from c.From to c.To with its audit
	// entries, in one transaction whose update applies only if the version
	// is still in c.From. Approving supersedes every older version not
	// superseded yet (the approved one before it included) and is refused
	// with ErrForbidden for the version's uploader or a person who is not
	// an approver or admin, and with ErrNotAllowed for a version older than
	// one approved before. It returns the versions it superseded. A
	// version that is not in c.From is ErrNotAllowed; no such version,
	// ErrNotFound.
	ChangeStatus(ctx context.Context, c StatusChange) (superseded []int, err error)
	// Accept keeps a reviewer's acceptance of a control error of a draft
	// or in-review version, with its audit entry: ErrNotAllowed for a
	// version in another status or a finding already accepted.
	Accept(ctx context.Context, a Acceptance) error
	// Acceptances lists the acceptances of a version, oldest first.
	Acceptances(ctx context.Context, team int64, workflow string, version int) ([]sopgen.Acceptance, error)
	// Reviewed returns a workflow's reviewed text and its revision (0 and
	// empty text when none was written).
	Reviewed(ctx context.Context, team int64, workflow string) (sopgen.Reviewed, int, error)
	// PutReviewed replaces a workflow's reviewed text if its revision is
	// still e.Base, with its audit entry, and returns the new revision:
	// ErrStale when it changed since, ErrNotFound for a workflow with no
	// version.
	PutReviewed(ctx context.Context, e ReviewedEdit) (int, error)
	// Audit lists a workflow's audit log in order, from the entry after
	// the id after, at most limit entries.
	Audit(ctx context.Context, team int64, workflow string, after int64, limit int) ([]AuditEntry, error)
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
	// By uploads it: a person of Team, or the zero Person for Stepwise
	// itself (the examples loaded at first start).
	By   Person
	Body []byte
	// Format is "" for stepwise/recording@1 or "chrome-recorder".
	Format string
	// Workflow is the slug for a Chrome Recorder export.
	Workflow string
}

var slug = lazyRegexp(`^[a-z0-9-]{1,64}$`)

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
		if !slug().MatchString(up.Workflow) {
			return Receipt{}, fmt.Errorf("%w: workflow must be a slug of a-z, 0-9 and -, 1 to 64 characters", ErrBadRequest)
		}
		rec, err = chromerecorder.Convert(up.Body, chromerecorder.Options{Workflow: up.Workflow, RecordedAt: now().UTC().Format(time.RFC3339), Dropped: &dropped})
	default:
		return Receipt{}, fmt.Errorf("%w: format must be chrome-recorder or absent", ErrBadRequest)
	}
	if err != nil {
		return Receipt{}, err
	}
	red := s.scrubber().Scrub(rec).Add(dropped)
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
		By:         up.By,
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

// ParseAfter reads an ?after=ID query value of an audit log's page: ""
// is the start (0), otherwise the id of an entry.
func ParseAfter(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: after must be the id of an audit entry", ErrBadRequest)
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

// scrubber is the service's Scrubber, or the default patterns.
func (s *Service) scrubber() *sopgen.Scrubber {
	if s.Scrubber != nil {
		return s.Scrubber
	}
	return &sopgen.Scrubber{}
}

// scrubText replaces personal data in text people write to the server
// (comments, reasons, reviewed text) as it does in a recording's notes.
func (s *Service) scrubText(text string) string {
	var r sopgen.Redactions
	return s.scrubber().String(text, &r)
}
