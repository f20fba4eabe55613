package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/chromerecorder"
	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/html"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
	"github.com/stepwise-sop/stepwise/templates"
)

var funcs = template.FuncMap{
	"duration": func(ms int64) string { return markdown.Duration(ms) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
	"join": strings.Join,
	// plural writes a count with its noun: {{plural .N "error" "errors"}}.
	"plural": sopgen.Plural,
	// label writes a version's status as a reader does ("In review").
	"label": func(s sopgen.Status) string { return s.Label() },
	// may says whether a person's role allows a permission.
	"may":      func(p ingest.Person, perm string) bool { return p.Role.May(ingest.Permission(perm)) },
	"stepname": ingest.StepName,
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	},
}

// row is one workflow in the list.
type row struct {
	ingest.WorkflowSummary
	Recorded string
	Duration int64
	Systems  []string
	Errors   int
	Warnings int
}

func (u *ui) workflows(c *gin.Context) {
	ctx := c.Request.Context()
	ws, err := u.svc.Store.Workflows(ctx, team(c).ID)
	if err != nil {
		u.fail(c, err)
		return
	}
	q := strings.ToLower(strings.TrimSpace(c.Query("q")))
	filter := c.Query("filter")
	var rows []row
	for _, w := range ws {
		if q != "" && !strings.Contains(strings.ToLower(w.Title+" "+w.Slug), q) {
			continue
		}
		_, res, err := u.svc.Document(ctx, team(c).ID, w.Slug, 0)
		if err != nil {
			u.fail(c, err)
			return
		}
		r := row{WorkflowSummary: w, Recorded: recordedDate(res.Report.RecordedAt), Duration: res.Report.Timing.TotalMS, Systems: res.Doc.Systems(), Errors: res.Report.Summary.Errors, Warnings: res.Report.Summary.Warnings}
		if filter == "errors" && r.Errors == 0 || filter == "warnings" && r.Warnings == 0 {
			continue
		}
		rows = append(rows, r)
	}
	u.render(c, http.StatusOK, "workflows", map[string]any{"Title": "Workflows", "Rows": rows, "Query": c.Query("q"), "Filter": filter, "Total": len(ws)})
}

// version reads ?version=N (0 when absent).
func version(c *gin.Context) (int, error) { return ingest.ParseVersion(c.Query("version")) }

// downloads are the files offered on a workflow page, in this order.
var downloads = []struct{ Name, Label string }{
	{"sop.pdf", "SOP (PDF)"}, {"sop.md", "SOP (Markdown)"}, {"sop.html", "SOP (HTML)"},
	{"process-map.svg", "Map (SVG)"}, {"process-map.png", "Map (PNG)"}, {"process-map.dot", "Map (DOT)"},
	{"report.json", "Report (JSON)"}, {"report.md", "Report (Markdown)"},
}

func (u *ui) workflow(c *gin.Context) {
	n, err := version(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	u.workflowPage(c, http.StatusOK, n, doneMessages[c.Query("done")], "")
}

// doneMessages say what a form on the workflow page did, after it sent
// the browser back there (?done=…).
var doneMessages = map[string]string{
	"in_review": "Sent for review.",
	"draft":     "Returned to draft.",
	"approved":  "Approved.",
	"accepted":  "The control error is accepted; the documents now show it with your reason.",
}

// workflowPage shows version n of the route's workflow (0 = latest) with
// its control review and what may be done with it; done says what a form
// just did, problem why a form was refused.
func (u *ui) workflowPage(c *gin.Context, status, n int, done, problem string) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	view, err := u.svc.View(ctx, team(c).ID, slug, n)
	if err != nil {
		u.fail(c, err)
		return
	}
	st, res, versions, review := view.Stored, view.Result, view.Versions, view.Review
	// The map is a picture the browser loads after the page: a large map
	// takes a moment to lay out, and the page shows that it is coming.
	start := time.Now()
	body, err := html.Body(res.Doc, html.Options{MapURL: "/workflows/" + slug + "/files/process-map.svg?version=" + strconv.Itoa(st.Version)})
	if err != nil {
		u.fail(c, err)
		return
	}
	// The page renders the SOP itself, as sop.html: a render like any other.
	u.svc.Rendered("sop.html", time.Since(start))
	latest := versions[len(versions)-1].Version
	from := st.Version - 1
	if from < 1 {
		from = 1
	}
	var redline *ingest.Diff
	if review.RedlineFrom > 0 {
		if redline, err = u.svc.Diff(ctx, team(c).ID, slug, review.RedlineFrom, st.Version); err != nil {
			u.fail(c, err)
			return
		}
	}
	u.render(c, status, "workflow", map[string]any{
		"Review":    review,
		"Open":      review.Status == sopgen.StatusDraft || review.Status == sopgen.StatusInReview,
		"Redline":   redline,
		"Done":      done,
		"Problem":   problem,
		"Title":     res.Doc.Meta.Title,
		"Slug":      slug,
		"Version":   st.Version,
		"Latest":    latest,
		"Query":     versionQuery(n),
		"Report":    res.Report,
		"Body":      body,
		"Versions":  versions,
		"Downloads": downloads,
		"From":      from,
		"Red":       res.Report.Redactions,
		"Recorded":  recordedDate(res.Report.RecordedAt),
	})
}

func versionQuery(n int) string {
	if n == 0 {
		return ""
	}
	return "?version=" + strconv.Itoa(n)
}

func (u *ui) file(c *gin.Context) {
	n, err := version(c)
	if err != nil {
		u.fail(c, err)
		return
	}
	name := c.Param("artifact")
	ctx, cancel := ingest.WithBudget(c.Request.Context(), u.renderBudget)
	defer cancel()
	out, err := u.svc.Artifact(ctx, team(c).ID, c.Param("slug"), n, name)
	if err != nil {
		u.fail(c, err)
		return
	}
	st := out.Stored
	if c.Query("download") != "" {
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d-%s"`, st.Workflow, st.Version, name))
	}
	ctype := ingest.ContentTypes[name]
	if name == "sop.html" || name == "process-map.svg" {
		// Served as files, never as pages of this site: no script may run.
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
	}
	c.Data(http.StatusOK, ctype, out.Data)
}

func (u *ui) compare(c *gin.Context) {
	slug := c.Param("slug")
	from, err1 := strconv.Atoi(c.Query("from"))
	to, err2 := strconv.Atoi(c.Query("to"))
	if err1 != nil || err2 != nil {
		u.fail(c, fmt.Errorf("%w: choose two versions to compare", ingest.ErrBadRequest))
		return
	}
	d, err := u.svc.Diff(c.Request.Context(), team(c).ID, slug, from, to)
	if err != nil {
		u.fail(c, err)
		return
	}
	versions, err := u.svc.Store.Versions(c.Request.Context(), team(c).ID, slug)
	if err != nil {
		u.fail(c, err)
		return
	}
	u.render(c, http.StatusOK, "compare", map[string]any{"Title": "Changes in " + slug, "Slug": slug, "Diff": d, "Versions": versions})
}

func (u *ui) uploadPage(c *gin.Context) {
	u.render(c, http.StatusOK, "upload", map[string]any{"Title": "Upload a recording"})
}

func (u *ui) upload(c *gin.Context) {
	fail := func(status int, msg string, errs []sopgen.FieldError) {
		u.obs.RecordingRejected(rejectReason[status])
		u.render(c, status, "upload", map[string]any{"Title": "Upload a recording", "Error": msg, "Errors": errs, "Workflow": c.PostForm("workflow")})
	}
	fh, err := c.FormFile("recording")
	if err != nil {
		fail(http.StatusBadRequest, "Choose a recording file to upload.", nil)
		return
	}
	if fh.Size > u.maxBody {
		fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d bytes.", u.maxBody), nil)
		return
	}
	f, err := fh.Open()
	if err != nil {
		fail(http.StatusBadRequest, "The file could not be read.", nil)
		return
	}
	data, ok, err := readLimited(f, u.maxBody)
	f.Close()
	if err != nil || !ok {
		fail(http.StatusRequestEntityTooLarge, "The file could not be read or is too large.", nil)
		return
	}
	up := ingest.Upload{Team: team(c).ID, By: person(c), Body: data}
	if chromerecorder.Detect(data) {
		up.Format, up.Workflow = "chrome-recorder", strings.TrimSpace(c.PostForm("workflow"))
	}
	rec, err := u.svc.Ingest(c.Request.Context(), up)
	var ve *sopgen.ValidationError
	switch {
	case errors.As(err, &ve):
		fail(http.StatusUnprocessableEntity, "The recording was not stored: it is not valid.", ve.Errors)
		return
	case errors.Is(err, ingest.ErrConflict):
		fail(http.StatusConflict, "A different recording with the same id is already stored.", nil)
		return
	case errors.Is(err, ingest.ErrBadRequest):
		fail(http.StatusBadRequest, "A Chrome Recorder export needs a workflow name: lower-case letters, digits and hyphens.", nil)
		return
	case errors.Is(err, ingest.ErrStorageFull):
		c.Header("Retry-After", "60")
		fail(http.StatusInsufficientStorage, "The server's storage is full, so nothing was stored. Try again later; the server's operator has to free space.", nil)
		return
	case err != nil:
		u.fail(c, err)
		return
	}
	if rec.Created {
		u.obs.RecordingStored()
	}
	c.Redirect(http.StatusSeeOther, "/workflows/"+rec.Workflow+"?version="+strconv.Itoa(rec.Version))
}

// rejectReason names, for the metrics, why the upload form stored nothing,
// by the status it answers (as the API's reasons are).
var rejectReason = map[int]string{
	http.StatusUnprocessableEntity:   "invalid",
	http.StatusConflict:              "conflict",
	http.StatusBadRequest:            "bad_request",
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusInsufficientStorage:   "storage_full",
}

func (u *ui) lintPage(c *gin.Context) {
	u.render(c, http.StatusOK, "lint", map[string]any{"Title": "Lint an SOP", "Kind": "md"})
}

func (u *ui) lint(c *gin.Context) {
	source := c.PostForm("source")
	kind := c.PostForm("kind")
	tooLarge := func() {
		u.render(c, http.StatusRequestEntityTooLarge, "lint", map[string]any{"Title": "Lint an SOP", "Kind": kind, "Error": fmt.Sprintf("The SOP is larger than %d bytes.", u.maxBody)})
	}
	if int64(len(source)) > u.maxBody {
		tooLarge()
		return
	}
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > u.maxBody {
			tooLarge()
			return
		}
		f, err := fh.Open()
		if err != nil {
			u.fail(c, fmt.Errorf("lint form: open file: %w", err))
			return
		}
		data, ok, err := readLimited(f, u.maxBody)
		f.Close()
		if err != nil {
			u.fail(c, fmt.Errorf("lint form: read file: %w", err))
			return
		}
		if !ok {
			tooLarge()
			return
		}
		source = string(data)
		if lint.KindOf(fh.Filename) == lint.KindYAML {
			kind = "yaml"
		} else if lint.KindOf(fh.Filename) == lint.KindMarkdown {
			kind = "md"
		}
	}
	name := "sop.md"
	if kind == "yaml" {
		name = "sop.yaml"
	}
	data := map[string]any{"Title": "Lint an SOP", "Source": source, "Kind": kind}
	if strings.TrimSpace(source) == "" {
		data["Error"] = "Paste an SOP or choose a file."
		u.render(c, http.StatusBadRequest, "lint", data)
		return
	}
	ctx, cancel := ingest.WithBudget(c.Request.Context(), u.lintBudget)
	defer cancel()
	fs, err := lint.SourceContext(ctx, name, []byte(source), nil, lint.Options{Today: time.Now().UTC()})
	var ie *templates.InputError
	if errors.As(err, &ie) {
		data["Error"] = "The SOP could not be read."
		data["Problems"] = ie.Problems
		u.render(c, http.StatusUnprocessableEntity, "lint", data)
		return
	}
	if err != nil {
		u.fail(c, err)
		return
	}
	res := &lint.Result{Findings: fs, Files: 1}
	if c.PostForm("format") == "sarif" {
		var b bytes.Buffer
		if err := lint.WriteSARIF(&b, res, lint.SARIFOptions{Version: sopgen.GeneratorVersion, DocsURL: "https://github.com/stepwise-sop/stepwise/blob/main/docs/rules.md"}); err != nil {
			u.fail(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="stepwise.sarif"`)
		c.Data(http.StatusOK, "application/sarif+json", b.Bytes())
		return
	}
	data["Findings"] = fs
	data["Summary"] = res.Summary()
	u.render(c, http.StatusOK, "lint", data)
}

type templateInfo struct {
	Name, Title, Purpose string
	Steps                int
}

func (u *ui) templates(c *gin.Context) {
	var out []templateInfo
	for _, n := range templates.Names() {
		src, _ := templates.Builtin(n)
		d, err := templates.ParseYAML(n+".yaml", src, nil)
		if err != nil {
			u.fail(c, err)
			return
		}
		out = append(out, templateInfo{Name: n, Title: d.Meta.Title, Purpose: d.Purpose.Text, Steps: len(d.Steps())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	u.render(c, http.StatusOK, "templates", map[string]any{"Title": "Templates", "Templates": out})
}

func (u *ui) template(c *gin.Context) {
	name := strings.TrimSuffix(c.Param("name"), ".yaml")
	src, ok := templates.Builtin(name)
	if !ok || !slices.Contains(templates.Names(), name) {
		u.notFound(c)
		return
	}
	if c.Query("download") != "" {
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.yaml"`, name))
		c.Data(http.StatusOK, "application/yaml", src)
		return
	}
	u.render(c, http.StatusOK, "template", map[string]any{"Title": name, "Name": name, "Source": string(src)})
}

// recordedDate shows an RFC 3339 time as a date and minute in UTC.
func recordedDate(s string) string {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}
