package api

import (
	"context"
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
	if p.Status == http.StatusInternalServerError {
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "err", err)
	}
	s.problem(c, p)
}

func (s *server) problem(c *gin.Context, p problem) {
	if p.Type == "" {
		p.Type = "about:blank"
	}
	c.Header("Content-Type", "application/problem+json")
	c.Status(p.Status)
	_ = jsonEncode(c.Writer, p)
	c.Abort()
}
