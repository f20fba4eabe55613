package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/templates"
)

// problem is an RFC 9457 problem detail. Errors lists the bad fields of a
// rejected recording by JSON pointer; it never repeats their values. It is
// an extension member: only the problem types that document it carry it,
// never about:blank.
type problem struct {
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail,omitempty"`
	Errors []sopgen.FieldError `json:"errors,omitempty"`

	// Instance names one occurrence of a server error; the log line of
	// that error carries the same id.
	Instance string `json:"instance,omitempty"`
}

// ProblemTypeBase prefixes the type URI of each problem kind: the section
// of docs/server.md that documents it.
const ProblemTypeBase = "https://github.com/stepwise-sop/stepwise/blob/main/docs/server.md#"

// Kind is a kind of problem with its own type URI, so that clients can
// branch on it rather than on a title or a status.
type Kind struct {
	Name   string // the type URI's fragment: invalid-recording
	Status int
	Title  string
}

// Type is k's type URI.
func (k Kind) Type() string { return ProblemTypeBase + k.Name }

func (k Kind) problem(detail string) problem {
	return problem{Type: k.Type(), Title: k.Title, Status: k.Status, Detail: detail}
}

// The problem kinds. Statuses that need nothing more than their code (404,
// 405, 500) are about:blank instead, titled by the status phrase.
var (
	InvalidRecording     = Kind{"invalid-recording", http.StatusUnprocessableEntity, "The recording is not valid"}
	InvalidSOP           = Kind{"invalid-sop", http.StatusUnprocessableEntity, "The SOP cannot be read"}
	RecordingConflict    = Kind{"recording-conflict", http.StatusConflict, "The recording id is already used for a different recording"}
	Unauthorized         = Kind{"unauthorized", http.StatusUnauthorized, "A valid token is required"}
	RateLimited          = Kind{"rate-limited", http.StatusTooManyRequests, "Too many requests"}
	BodyTooLarge         = Kind{"body-too-large", http.StatusRequestEntityTooLarge, "The request body is too large"}
	UnsupportedMediaType = Kind{"unsupported-media-type", http.StatusUnsupportedMediaType, "The request body's media type is not accepted here"}
	BadRequest           = Kind{"bad-request", http.StatusBadRequest, "The request is not valid"}
	StorageFull          = Kind{"storage-full", http.StatusInsufficientStorage, "The server's storage is full"}
	OverBudget           = Kind{"over-budget", http.StatusServiceUnavailable, "The server stopped the work"}
	NotReady             = Kind{"not-ready", http.StatusServiceUnavailable, "The store is not available"}
	Forbidden            = Kind{"forbidden", http.StatusForbidden, "Not allowed for this person"}
	NotAllowedNow        = Kind{"not-allowed-now", http.StatusConflict, "Not allowed in the version's current state"}
	StaleReviewedText    = Kind{"stale-reviewed-text", http.StatusPreconditionFailed, "The reviewed text changed since it was read"}
	InvalidRequestBody   = Kind{"invalid-request-body", http.StatusUnprocessableEntity, "The request body is not valid"}
)

// Kinds lists every problem kind, for the documentation's tests.
var Kinds = []Kind{InvalidRecording, InvalidSOP, RecordingConflict, Unauthorized, RateLimited, BodyTooLarge, UnsupportedMediaType, BadRequest, StorageFull, OverBudget, NotReady,
	Forbidden, NotAllowedNow, StaleReviewedText, InvalidRequestBody}

// blank is the problem of a status that needs no type of its own:
// about:blank, whose title is the status phrase (RFC 9457 §4.2.1), with no
// extension member.
func blank(status int, detail string) problem {
	return problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail}
}

// statuses is the one table from contract errors to problems; an error
// that matches none is a 500.
var statuses = []struct {
	err  error
	kind *Kind // nil: about:blank
	code int
}{
	{sopgen.ErrInvalid, &InvalidRecording, 0},
	{templates.ErrInvalid, &InvalidSOP, 0},
	{ingest.ErrNotFound, nil, http.StatusNotFound},
	{ingest.ErrConflict, &RecordingConflict, 0},
	{ingest.ErrUnauthorized, &Unauthorized, 0},
	{ingest.ErrBadRequest, &BadRequest, 0},
	{ingest.ErrStorageFull, &StorageFull, 0},
	{context.DeadlineExceeded, &OverBudget, 0},
	{ingest.ErrForbidden, &Forbidden, 0},
	{ingest.ErrNotAllowed, &NotAllowedNow, 0},
	{ingest.ErrStale, &StaleReviewedText, 0},
	{ingest.ErrInvalidInput, &InvalidRequestBody, 0},
}

// fail answers with the problem for err; unknown errors are 500s whose
// detail stays in the log.
func (s *server) fail(c *gin.Context, err error) {
	p := blank(http.StatusInternalServerError, "")
	for _, e := range statuses {
		if errors.Is(err, e.err) {
			if e.kind != nil {
				p = e.kind.problem("")
			} else {
				p = blank(e.code, "")
			}
			break
		}
	}
	var ve *sopgen.ValidationError
	if errors.As(err, &ve) {
		p.Errors = ve.Errors
		p.Detail = ve.Error()
	}
	var in *ingest.InputError
	if errors.As(err, &in) {
		p.Errors = in.Errors
	}
	var ie *templates.InputError
	if errors.As(err, &ie) {
		for _, pr := range ie.Problems {
			p.Errors = append(p.Errors, sopgen.FieldError{Reason: pr.Reason, Line: pr.Line})
		}
	}
	switch p.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusForbidden, http.StatusPreconditionFailed:
		p.Detail = err.Error()
	case http.StatusConflict, http.StatusUnprocessableEntity:
		// The approval's refusals say why; their messages hold numbers,
		// rule ids and names of people, never a recorded value.
		if errors.Is(err, ingest.ErrNotAllowed) || errors.Is(err, ingest.ErrInvalidInput) {
			p.Detail = err.Error()
		}
	}
	switch p.Status {
	case http.StatusInternalServerError:
		id := errorID()
		p.Instance = "urn:stepwise:error:" + id
		p.Detail = "error " + id + " is in the server's log"
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "error_id", id, "err", err)
	case http.StatusInsufficientStorage:
		c.Header("Retry-After", retryFull)
		p.Detail = "nothing was stored; send it again later"
		s.log.ErrorContext(c.Request.Context(), "storage full", "route", c.FullPath(), "err", err)
	}
	s.problem(c, p)
}

// retryFull is the Retry-After of a 507, in seconds: room on a disk is
// made by an operator, not in a moment.
const retryFull = "60"

// errorID names one server error, for the answer and the log.
func errorID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *server) problem(c *gin.Context, p problem) {
	if p.Type == "" || p.Type == "about:blank" {
		// about:blank says nothing but the status: its title is the
		// status phrase and it has no extension member.
		p.Type, p.Title, p.Errors = "about:blank", http.StatusText(p.Status), nil
	}
	var b bytes.Buffer
	if err := jsonEncode(&b, p); err != nil { // a problem is plain strings and numbers
		s.log.ErrorContext(c.Request.Context(), "encode problem", "err", err)
	}
	c.Data(p.Status, "application/problem+json", b.Bytes())
	c.Abort()
}
