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
// rejected recording by JSON pointer; it never repeats their values.
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

// statuses is the one table from contract errors to HTTP statuses.
var statuses = []struct {
	err    error
	status int
	title  string
}{
	{sopgen.ErrInvalid, http.StatusUnprocessableEntity, "The recording is not valid"},
	{templates.ErrInvalid, http.StatusUnprocessableEntity, "The SOP is not valid"},
	{ingest.ErrNotFound, http.StatusNotFound, "Not found"},
	{ingest.ErrConflict, http.StatusConflict, "The recording id is already used for a different recording"},
	{ingest.ErrUnauthorized, http.StatusUnauthorized, "A valid API token is required"},
	{ingest.ErrBadRequest, http.StatusBadRequest, "Bad request"},
	{ingest.ErrStorageFull, http.StatusInsufficientStorage, "The server's storage is full"},
	{context.DeadlineExceeded, http.StatusServiceUnavailable, "The server took too long"},
}

// fail answers with the problem for err; unknown errors are 500s whose
// detail stays in the log.
func (s *server) fail(c *gin.Context, err error) {
	p := problem{Type: "about:blank", Status: http.StatusInternalServerError, Title: "Internal server error"}
	for _, e := range statuses {
		if errors.Is(err, e.err) {
			p.Status, p.Title = e.status, e.title
			break
		}
	}
	var ve *sopgen.ValidationError
	if errors.As(err, &ve) {
		p.Errors = ve.Errors
		p.Detail = ve.Error()
	}
	var ie *templates.InputError
	if errors.As(err, &ie) {
		for _, pr := range ie.Problems {
			p.Errors = append(p.Errors, sopgen.FieldError{Reason: pr.Reason, Line: pr.Line})
		}
	}
	if p.Status == http.StatusBadRequest || p.Status == http.StatusNotFound {
		p.Detail = err.Error()
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
	if p.Type == "" {
		p.Type = "about:blank"
	}
	var b bytes.Buffer
	if err := jsonEncode(&b, p); err != nil { // a problem is plain strings and numbers
		s.log.ErrorContext(c.Request.Context(), "encode problem", "err", err)
	}
	c.Data(p.Status, "application/problem+json", b.Bytes())
	c.Abort()
}
