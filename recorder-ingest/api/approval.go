package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// smallBody bounds the body of a change of status or an acceptance: a
// comment or a reason of at most ingest.MaxComment characters, escaped.
const smallBody = 64 << 10

// decodeJSON reads a JSON body of at most max bytes into v, strictly: an
// unknown field, a value of the wrong type, anything after the value, or
// no JSON at all is a 422 naming the pointer, never echoing the value.
func (s *server) decodeJSON(c *gin.Context, max int64, v any) bool {
	data, why := s.bodyWithin(c, max, "application/json")
	if why != "" {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("more than one JSON value")
		}
	}
	if err != nil {
		s.fail(c, &ingest.InputError{Errors: []sopgen.FieldError{jsonProblem(err)}})
		return false
	}
	return true
}

// jsonProblem names what encoding/json refused by JSON pointer.
func jsonProblem(err error) sopgen.FieldError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return sopgen.FieldError{Pointer: pointer(te.Field), Reason: "must be " + jsonType(te.Type.Kind().String())}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return sopgen.FieldError{Pointer: "/" + strings.Trim(name, `"`), Reason: "unknown field"}
	}
	return sopgen.FieldError{Reason: "not one JSON object"}
}

// pointer turns encoding/json's dotted field path into a JSON pointer.
func pointer(field string) string {
	if field == "" {
		return ""
	}
	return "/" + strings.ReplaceAll(field, ".", "/")
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "map", "struct":
		return "an object"
	case "slice", "array":
		return "an array"
	case "int", "int64":
		return "a whole number"
	}
	return "a " + kind
}

// versionParam reads the :version of a route: a whole number of 1 or more.
func versionParam(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: the version must be a whole number of 1 or more", ingest.ErrBadRequest)
	}
	return n, nil
}

func (s *server) me(c *gin.Context) {
	p := person(c)
	may := []ingest.Permission{}
	for _, perm := range []ingest.Permission{ingest.PermUpload, ingest.PermSubmit, ingest.PermReturn, ingest.PermAccept, ingest.PermEditReviewed, ingest.PermApprove} {
		if p.Role.May(perm) {
			may = append(may, perm)
		}
	}
	s.json(c, http.StatusOK, struct {
		Name string              `json:"name"`
		Role ingest.Role         `json:"role"`
		Team string              `json:"team"`
		May  []ingest.Permission `json:"may"`
	}{p.Name, p.Role, p.Team.Name, may})
}

// review answers the review of version n of the route's workflow.
func (s *server) review(c *gin.Context, status int, n int) {
	v, err := s.svc.View(c.Request.Context(), team(c).ID, c.Param("slug"), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.json(c, status, v.Review)
}

func (s *server) getVersion(c *gin.Context) {
	n, err := versionParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.review(c, http.StatusOK, n)
}

func (s *server) postStatus(c *gin.Context) {
	n, err := versionParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Status  sopgen.Status `json:"status"`
		Comment string        `json:"comment"`
	}
	if !s.decodeJSON(c, smallBody, &req) {
		return
	}
	if err := s.svc.SetStatus(c.Request.Context(), person(c), c.Param("slug"), n, req.Status, req.Comment); err != nil {
		s.fail(c, err)
		return
	}
	s.review(c, http.StatusOK, n)
}

func (s *server) postAcceptance(c *gin.Context) {
	n, err := versionParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Fingerprint string `json:"fingerprint"`
		Reason      string `json:"reason"`
	}
	if !s.decodeJSON(c, smallBody, &req) {
		return
	}
	a, err := s.svc.Accept(c.Request.Context(), person(c), c.Param("slug"), n, req.Fingerprint, req.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.json(c, http.StatusCreated, a)
}

// reviewedAnswer is the reviewed text of a workflow with its revision,
// which is also its ETag: an edit sends it back in If-Match.
type reviewedAnswer struct {
	Workflow string          `json:"workflow"`
	Revision int             `json:"revision"`
	Reviewed sopgen.Reviewed `json:"reviewed"`
}

func (s *server) answerReviewed(c *gin.Context, slug string, rev int, r sopgen.Reviewed) {
	c.Header("ETag", `"`+strconv.Itoa(rev)+`"`)
	s.json(c, http.StatusOK, reviewedAnswer{slug, rev, r})
}

func (s *server) getReviewed(c *gin.Context) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	if _, err := s.svc.Store.Versions(ctx, team(c).ID, slug); err != nil {
		s.fail(c, err)
		return
	}
	r, rev, err := s.svc.Store.Reviewed(ctx, team(c).ID, slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerReviewed(c, slug, rev, r)
}

// ifMatch reads the revision an edit is based on from If-Match ("3" or
// 3); -1 when the header is absent (replace whatever is there).
func ifMatch(c *gin.Context) (int, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: If-Match must be the revision of the reviewed text, as its ETag gives it", ingest.ErrBadRequest)
	}
	return n, nil
}

func (s *server) putReviewed(c *gin.Context) {
	base, err := ifMatch(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var r sopgen.Reviewed
	if !s.decodeJSON(c, s.maxBody, &r) {
		return
	}
	slug := c.Param("slug")
	rev, err := s.svc.EditReviewed(c.Request.Context(), person(c), slug, r, base)
	if err != nil {
		s.fail(c, err)
		return
	}
	kept, _, err := s.svc.Store.Reviewed(c.Request.Context(), team(c).ID, slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerReviewed(c, slug, rev, kept)
}

func (s *server) audit(c *gin.Context) {
	limit := ingest.MaxAuditPage
	after, err := ingest.ParseAfter(c.Query("after"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > ingest.MaxAuditPage {
			s.fail(c, fmt.Errorf("%w: limit must be a whole number from 1 to %d", ingest.ErrBadRequest, ingest.MaxAuditPage))
			return
		}
		limit = n
	}
	slug := c.Param("slug")
	entries, err := s.svc.Audit(c.Request.Context(), team(c).ID, slug, after, limit)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := struct {
		Workflow string              `json:"workflow"`
		Entries  []ingest.AuditEntry `json:"entries"`
		// Next is the query of the following page, when this one is full.
		Next string `json:"next,omitempty"`
	}{Workflow: slug, Entries: entries}
	if len(entries) == limit {
		out.Next = fmt.Sprintf("/api/v1/workflows/%s/audit?after=%d&limit=%d", slug, entries[len(entries)-1].ID, limit)
	}
	s.json(c, http.StatusOK, out)
}
