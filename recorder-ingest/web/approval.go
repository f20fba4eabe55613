package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// versionParam reads the :version of a form's route.
func versionParam(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: the version must be a whole number of 1 or more", ingest.ErrBadRequest)
	}
	return n, nil
}

// refusal is the status and the sentence a page shows for a request the
// approval's rules refuse; ok is false for any other error.
func refusal(err error) (status int, msg string, ok bool) {
	var r *ingest.Refused
	var in *ingest.InputError
	switch {
	case errors.As(err, &in):
		var parts []string
		for _, e := range in.Errors {
			parts = append(parts, e.Reason+" ("+strings.TrimPrefix(e.Pointer, "/")+")")
		}
		return http.StatusUnprocessableEntity, "Not done: " + strings.Join(parts, "; ") + ".", true
	case errors.As(err, &r) && errors.Is(err, ingest.ErrNotFound):
		return 0, "", false
	case errors.As(err, &r):
		status := http.StatusConflict
		switch {
		case errors.Is(err, ingest.ErrForbidden):
			status = http.StatusForbidden
		case errors.Is(err, ingest.ErrStale):
			status = http.StatusPreconditionFailed
		}
		return status, "Not done: " + r.Reason + ".", true
	}
	return 0, "", false
}

// afterForm sends the browser back to the version's page, saying what was
// done, or shows the page again with the refusal.
func (u *ui) afterForm(c *gin.Context, n int, done string, err error) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/workflows/"+c.Param("slug")+"?version="+strconv.Itoa(n)+"&done="+done)
		return
	}
	status, msg, ok := refusal(err)
	if !ok {
		u.fail(c, err)
		return
	}
	u.log.InfoContext(c.Request.Context(), "form refused", "route", c.FullPath(), "status", status)
	u.workflowPage(c, status, n, "", msg)
}

func (u *ui) postStatus(c *gin.Context) {
	n, err := versionParam(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	to := sopgen.Status(c.PostForm("status"))
	err = u.svc.SetStatus(c.Request.Context(), person(c), c.Param("slug"), n, to, c.PostForm("comment"))
	u.afterForm(c, n, string(to), err)
}

func (u *ui) postAcceptance(c *gin.Context) {
	n, err := versionParam(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	_, err = u.svc.Accept(c.Request.Context(), person(c), c.Param("slug"), n, c.PostForm("fingerprint"), c.PostForm("reason"))
	u.afterForm(c, n, "accepted", err)
}

// auditAction says what an audit entry's action did, for the page.
var auditAction = map[ingest.AuditAction]string{
	ingest.ActionRecorded:       "recorded a new draft",
	ingest.ActionSubmitted:      "sent for review",
	ingest.ActionReturned:       "returned to draft",
	ingest.ActionApproved:       "approved",
	ingest.ActionSuperseded:     "superseded",
	ingest.ActionAccepted:       "accepted a control error",
	ingest.ActionReviewedEdited: "edited the reviewed text",
}

// auditPage is the largest log the page shows at once; the JSON export
// pages through all of it like the API.
const auditPage = ingest.MaxAuditPage

func (u *ui) audit(c *gin.Context) {
	slug := c.Param("slug")
	after, err := ingest.ParseAfter(c.Query("after"))
	if err != nil {
		u.fail(c, err)
		return
	}
	entries, err := u.svc.Audit(c.Request.Context(), team(c).ID, slug, after, auditPage)
	if err != nil {
		u.fail(c, err)
		return
	}
	var next int64
	if len(entries) == auditPage {
		next = entries[len(entries)-1].ID
	}
	if c.Query("format") == "json" {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(true)
		if err := enc.Encode(struct {
			Workflow string              `json:"workflow"`
			Entries  []ingest.AuditEntry `json:"entries"`
		}{slug, entries}); err != nil {
			u.fail(c, err)
			return
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-audit.json"`, slug))
		c.Data(http.StatusOK, "application/json", b.Bytes())
		return
	}
	type row struct {
		ingest.AuditEntry
		What string
	}
	rows := make([]row, len(entries))
	for i, e := range entries {
		rows[i] = row{e, auditAction[e.Action]}
	}
	u.render(c, http.StatusOK, "audit", map[string]any{"Title": "Audit log of " + slug, "Slug": slug, "Rows": rows, "Next": next, "After": after})
}

// reviewedField is one role's duties or one exception's action on the
// reviewed-text form: its key, what the current document says, and the
// reviewed text if any.
type reviewedField struct {
	Key, Label, Derived, Text string
}

func (u *ui) reviewedPage(c *gin.Context) {
	done := ""
	if c.Query("done") != "" {
		done = "Saved. Every version not yet approved, and every later one, now uses this text."
	}
	u.reviewedForm(c, http.StatusOK, nil, -1, done, "")
}

// reviewedForm shows the form to edit the reviewed text: with r (the text
// a refused form sent) or the workflow's text, its revision (base, or the
// stored one when negative), and what a save did or why it was refused.
func (u *ui) reviewedForm(c *gin.Context, status int, r *sopgen.Reviewed, base int, done, problem string) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	_, res, err := u.svc.Document(ctx, team(c).ID, slug, 0)
	if err != nil {
		u.fail(c, err)
		return
	}
	kept, rev, err := u.svc.Store.Reviewed(ctx, team(c).ID, slug)
	if err != nil {
		u.fail(c, err)
		return
	}
	if r == nil {
		r = &kept
	}
	if base < 0 {
		base = rev
	}
	doc := res.Doc
	var roles, exceptions []reviewedField
	for _, role := range doc.Roles {
		roles = append(roles, reviewedField{Key: role.Name, Label: role.Name, Derived: role.Duties, Text: r.Roles[role.Name]})
	}
	for name, duties := range r.Roles {
		if !slices.ContainsFunc(roles, func(f reviewedField) bool { return strings.EqualFold(f.Key, name) }) {
			roles = append(roles, reviewedField{Key: name, Label: name, Text: duties})
		}
	}
	for _, e := range doc.Exceptions {
		exceptions = append(exceptions, reviewedField{Key: exceptionKey(e), Label: e.Trigger, Derived: e.Action, Text: r.Exceptions[exceptionKey(e)]})
	}
	u.render(c, status, "reviewed", map[string]any{
		"Title": "Reviewed text of " + slug, "Slug": slug, "R": r, "Revision": base, "Roles": roles, "Exceptions": exceptions,
		"Derived": doc, "Done": done, "Problem": problem,
	})
}

// exceptionKey is how the form keeps an exception's reviewed wording: by
// its id when Stepwise names it (failed-verification, privileged-account),
// by its trigger when the recording gave it (those ids are numbered in
// order, which a later recording may change).
func exceptionKey(e sopgen.Exception) string {
	if strings.HasPrefix(e.ID, "recorded-") || e.ID == "" {
		return e.Trigger
	}
	return e.ID
}

// maxFormEntries bounds the indexed fields a reviewed-text form may send,
// beyond which nothing more is read: the store's limits refuse less.
const maxFormEntries = 100

func (u *ui) postReviewed(c *gin.Context) {
	base, err := strconv.Atoi(c.PostForm("revision"))
	if err != nil || base < 0 {
		u.fail(c, fmt.Errorf("%w: the form lacks the revision it was read at", ingest.ErrBadRequest))
		return
	}
	r := sopgen.Reviewed{
		Purpose: c.PostForm("purpose"), Scope: c.PostForm("scope"),
		Owner: c.PostForm("owner"), ReviewInterval: c.PostForm("review_interval"),
		Roles: entries(c, "role"), Exceptions: entries(c, "exception"),
		LinkLifetime: c.PostForm("link_lifetime"), Retention: c.PostForm("retention"),
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"max_attempts", &r.MaxAttempts}, {"resets_per_day", &r.ResetsPerDay}} {
		if v := strings.TrimSpace(c.PostForm(f.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // refused, with the field named, by the service
			}
			*f.dst = n
		}
	}
	if name := strings.TrimSpace(c.PostForm("new_role")); name != "" {
		if r.Roles == nil {
			r.Roles = map[string]string{}
		}
		r.Roles[name] = c.PostForm("new_role_duties")
	}
	_, err = u.svc.EditReviewed(c.Request.Context(), person(c), c.Param("slug"), r, base)
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/workflows/"+c.Param("slug")+"/reviewed?done=1")
		return
	}
	status, msg, ok := refusal(err)
	if !ok {
		u.fail(c, err)
		return
	}
	if errors.Is(err, ingest.ErrStale) {
		msg += " Someone saved the text after you opened this page: read theirs below (your edit is in the form again), then save."
		u.reviewedForm(c, status, &r, -1, "", msg)
		return
	}
	u.reviewedForm(c, status, &r, base, "", msg)
}

// entries reads the indexed pairs NAME_key_I and NAME_text_I of a form
// into a map, I from 0 until a key is missing.
func entries(c *gin.Context, name string) map[string]string {
	var m map[string]string
	for i := 0; i < maxFormEntries; i++ {
		key, ok := c.GetPostForm(name + "_key_" + strconv.Itoa(i))
		if !ok {
			break
		}
		if m == nil {
			m = map[string]string{}
		}
		m[key] = c.PostForm(name + "_text_" + strconv.Itoa(i))
	}
	return m
}
