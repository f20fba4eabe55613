package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// ExportFormat names the format of a team export: JSON Lines, a header,
// one line per kept object, and a trailer that counts them and holds the
// SHA-256 of every line before it, so that a file cut short or altered is
// refused whole. Version 2 adds the people of tokens, the status and
// uploader of recordings, approvals, acceptances, reviewed text and the
// audit log; files of version 1 are read too.
const ExportFormat = "stepwise/team-export@2"

// exportFormats are the formats ReadExport reads.
var exportFormats = []string{"stepwise/team-export@1", ExportFormat}

// ExportHeader is the first line of an export.
type ExportHeader struct {
	Format     string    `json:"format"`
	Team       string    `json:"team"`
	ExportedAt time.Time `json:"exported_at"`
}

// Item is one kept object of a team, one line of an export. Exactly one
// field is set. An export lists tokens, then each recording followed by
// its acceptances and its approval, then the reviewed texts, then the
// audit log in order.
type Item struct {
	Token      *TokenItem      `json:"token,omitempty"`
	Recording  *RecordingItem  `json:"recording,omitempty"`
	Acceptance *AcceptanceItem `json:"acceptance,omitempty"`
	Approval   *ApprovalItem   `json:"approval,omitempty"`
	Reviewed   *ReviewedItem   `json:"reviewed,omitempty"`
	Audit      *AuditItem      `json:"audit,omitempty"`
}

// AcceptanceItem is a control error accepted on a version.
type AcceptanceItem struct {
	Workflow string `json:"workflow"`
	Version  int    `json:"version"`
	sopgen.Acceptance
}

// ApprovalItem is the approval of a version, with the reviewed text it
// was approved with.
type ApprovalItem struct {
	Workflow string `json:"workflow"`
	Version  int    `json:"version"`
	sopgen.Approval
	Reviewed sopgen.Reviewed `json:"reviewed"`
	Summary  string          `json:"summary"`
}

// ReviewedItem is a workflow's reviewed text at its revision.
type ReviewedItem struct {
	Workflow  string          `json:"workflow"`
	Revision  int             `json:"revision"`
	UpdatedAt time.Time       `json:"updated_at"`
	Text      sopgen.Reviewed `json:"text"`
}

// AuditItem is one entry of a workflow's audit log (its id is the
// store's: the order of the lines keeps the order of the log).
type AuditItem struct {
	Workflow string      `json:"workflow"`
	At       time.Time   `json:"at"`
	Person   string      `json:"person"`
	Role     string      `json:"role"`
	Action   AuditAction `json:"action"`
	Version  int         `json:"version"`
	Comment  string      `json:"comment"`
}

// TokenItem is an API token as kept: its hash, never the token, and the
// person it belongs to (absent in exports made before people: such a
// token is an admin named after it, TokenName).
type TokenItem struct {
	Hash      []byte    `json:"hash"`
	CreatedAt time.Time `json:"created_at"`
	Person    string    `json:"person,omitempty"`
	Role      Role      `json:"role,omitempty"`
}

// Owner is the person a token of an export belongs to.
func (t *TokenItem) Owner() (name string, role Role) {
	name, role = t.Person, t.Role
	if name == "" {
		name = TokenName(t.Hash)
	}
	if role == "" {
		role = RoleAdmin
	}
	return name, role
}

// RecordingItem is a stored recording with everything kept with it: the
// body hash keeps re-sent uploads idempotent after a move, the version
// keeps the numbering.
type RecordingItem struct {
	ID         string            `json:"id"`
	Workflow   string            `json:"workflow"`
	Version    int               `json:"version"`
	Title      string            `json:"title"`
	BodyHash   []byte            `json:"body_hash"`
	ReceivedAt time.Time         `json:"received_at"`
	Redactions sopgen.Redactions `json:"redactions"`
	Recording  json.RawMessage   `json:"recording"`
	// Status is the version's ("" in exports made before approval: a
	// draft); UploadedBy names the person who uploaded it ("" when not
	// known), one whose token the export holds.
	Status     sopgen.Status `json:"status,omitempty"`
	UploadedBy string        `json:"uploaded_by,omitempty"`
}

// ImportStatus is the status a restored version is inserted with: a
// draft stays one, any other is in review, the status in which its
// acceptances and approval may be added; FinalMoves then takes it to its
// own.
func (r *RecordingItem) ImportStatus() sopgen.Status {
	if r.State() == sopgen.StatusDraft {
		return sopgen.StatusDraft
	}
	return sopgen.StatusInReview
}

// State is the status a restored version ends in: its own, or draft.
func (r *RecordingItem) State() sopgen.Status {
	if r.Status == "" {
		return sopgen.StatusDraft
	}
	return r.Status
}

// ExportCount counts what an export holds.
type ExportCount struct {
	Tokens      int `json:"tokens"`
	Recordings  int `json:"recordings"`
	Acceptances int `json:"acceptances,omitempty"`
	Approvals   int `json:"approvals,omitempty"`
	Reviewed    int `json:"reviewed,omitempty"`
	Audit       int `json:"audit,omitempty"`
}

// count adds an item to the counts.
func (n *ExportCount) count(it Item) {
	switch {
	case it.Token != nil:
		n.Tokens++
	case it.Recording != nil:
		n.Recordings++
	case it.Acceptance != nil:
		n.Acceptances++
	case it.Approval != nil:
		n.Approvals++
	case it.Reviewed != nil:
		n.Reviewed++
	case it.Audit != nil:
		n.Audit++
	}
}

type exportEnd struct {
	ExportCount
	SHA256 string `json:"sha256"`
}

// exportLine is any line after the header.
type exportLine struct {
	Item
	End *exportEnd `json:"end,omitempty"`
}

// Exporter is a store that lists a team's objects from one consistent
// snapshot: tokens first, then recordings by workflow and version.
type Exporter interface {
	ExportTeam(ctx context.Context, team string, each func(Item) error) error
}

// Importer is a store that adds a team's objects in one transaction: all
// of them or, on any error (of the store or of items), none. Objects
// already kept exactly so are skipped, so a restore may be run again.
type Importer interface {
	ImportTeam(ctx context.Context, team string, items iter.Seq2[Item, error]) (ImportCount, error)
}

// Backend is a store with what the commands need around a server: teams
// and tokens, the server's secrets, readiness, schema, export and
// restore. Both stores are one; the conformance suite (storetest) tests
// this whole contract.
type Backend interface {
	Store
	Exporter
	Importer
	CreateTeam(ctx context.Context, name string) (Team, error)
	// CreateToken makes an admin token of a new person named after it.
	CreateToken(ctx context.Context, team string) (string, error)
	// CreatePersonToken makes a token for the person called name (a new
	// person: role, or admin when role is ""; a person who exists keeps
	// their role unless role names another).
	CreatePersonToken(ctx context.Context, team, name string, role Role) (Issued, error)
	Secret(ctx context.Context, name string) ([]byte, error)
	Empty(ctx context.Context) (bool, error)
	Ping(ctx context.Context) error
	// Schema gives the schema version found at open and this binary's.
	Schema() (from, to int)
	Close() error
}

// SameToken decides about a token of a restore whose hash the target
// keeps already, for the team owner: skipped when it is the team's own.
func SameToken(owner, team int64) error {
	if owner != team {
		return fmt.Errorf("%w: a token of the export belongs to another team here", ErrConflict)
	}
	return nil
}

// SameRecording decides about a recording of a restore whose id the
// target keeps already (as workflow, version, with the body hash hash):
// skipped when it is the same, a conflict otherwise.
func SameRecording(r *RecordingItem, workflow string, version int, hash []byte) error {
	if workflow != r.Workflow || version != r.Version || !bytes.Equal(hash, r.BodyHash) {
		return fmt.Errorf("%w: recording %s is kept here as another recording (%s version %d)", ErrConflict, r.ID, workflow, version)
	}
	return nil
}

// FinalMove is a restored version's move from in review to its own
// status, once its acceptances and approval are in.
type FinalMove struct {
	Workflow string
	Version  int
	To       sopgen.Status
}

// FinalMoves orders the moves a restore ends with: superseded versions
// first, so that one approved version per workflow holds at every step.
type FinalMoves []FinalMove

// Add notes the move of a restored version that is not a draft nor in
// review.
func (m *FinalMoves) Add(r *RecordingItem) {
	if s := r.State(); s == sopgen.StatusApproved || s == sopgen.StatusSuperseded {
		*m = append(*m, FinalMove{r.Workflow, r.Version, s})
	}
}

// Ordered returns the moves, superseded first.
func (m FinalMoves) Ordered() []FinalMove {
	out := slices.Clone(m)
	slices.SortStableFunc(out, func(a, b FinalMove) int {
		return strings.Compare(string(b.To), string(a.To)) // superseded > approved
	})
	return out
}

// ErrUnknownPerson: an export names a person (an uploader, who accepted
// or approved) whose token it does not hold.
var ErrUnknownPerson = errors.New("names a person the export holds no token of")

// SameReviewed decides about a workflow's reviewed text of a restore when
// the target keeps one already (body at revision): skipped when it is
// the same, a conflict otherwise.
func SameReviewed(r *ReviewedItem, body []byte, revision int) error {
	var kept sopgen.Reviewed
	if err := json.Unmarshal(body, &kept); err != nil {
		return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
	}
	a, _ := json.Marshal(kept)
	b, _ := json.Marshal(r.Text)
	if revision != r.Revision || !bytes.Equal(a, b) {
		return fmt.Errorf("%w: the reviewed text of %s is kept here at another revision or with other words", ErrConflict, r.Workflow)
	}
	return nil
}

// ImportCount says what a restore added and what was there already.
type ImportCount struct {
	Tokens, Recordings int // added
	// Acceptances, Approvals, Reviewed and Audit added.
	Acceptances, Approvals, Reviewed, Audit int
	Present                                 int // already kept, the same
}

// Export writes the team's objects kept in src to w.
func Export(ctx context.Context, w io.Writer, src Exporter, team string, now time.Time) (ExportCount, error) {
	sum := sha256.New()
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(io.MultiWriter(bw, sum))
	// The stored recording is kept byte for byte: HTML escaping would
	// rewrite <, > and & inside it.
	enc.SetEscapeHTML(false)
	var n ExportCount
	if err := enc.Encode(ExportHeader{Format: ExportFormat, Team: team, ExportedAt: now.UTC()}); err != nil {
		return n, fmt.Errorf("export %s: %w", team, err)
	}
	err := src.ExportTeam(ctx, team, func(it Item) error {
		n.count(it)
		return enc.Encode(it)
	})
	if err != nil {
		return n, fmt.Errorf("export %s: %w", team, err)
	}
	end := exportLine{End: &exportEnd{ExportCount: n, SHA256: hex.EncodeToString(sum.Sum(nil))}}
	if err := json.NewEncoder(bw).Encode(end); err != nil {
		return n, fmt.Errorf("export %s: %w", team, err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export %s: %w", team, err)
	}
	return n, nil
}

// MaxExportLine bounds one line of an export: a recording of the largest
// body a server would take is far smaller.
const MaxExportLine = 64 << 20

var recordingID = lazyRegexp(`^[A-Za-z0-9_-]{8,64}$`)

// ReadExport reads an export's header and returns its items. The items
// end with an error when the file is not an export, holds an object this
// version does not know (so nothing is silently dropped), is cut short
// before its trailer, or does not match the trailer's counts and
// checksum; an Importer then keeps none of it.
func ReadExport(r io.Reader) (ExportHeader, iter.Seq2[Item, error], error) {
	br := bufio.NewReaderSize(r, 1<<16)
	sum := sha256.New()
	var h ExportHeader
	line, err := readLine(br, sum, 1)
	if err == nil {
		err = decodeStrict(line, &h)
	}
	if err == nil && !slices.Contains(exportFormats, h.Format) {
		err = fmt.Errorf("format %q, want %q", h.Format, ExportFormat)
	}
	if err == nil {
		_, err = TeamName(h.Team)
	}
	if err != nil {
		return h, nil, fmt.Errorf("not a team export: line 1: %w", err)
	}
	return h, func(yield func(Item, error) bool) {
		var n ExportCount
		for no := 2; ; no++ {
			line, err := readLine(br, nil, no)
			if errors.Is(err, io.EOF) {
				yield(Item{}, errors.New("the export is cut short: it has no end line (was it written in full?)"))
				return
			}
			if err != nil {
				yield(Item{}, err)
				return
			}
			var l exportLine
			if err := decodeStrict(line, &l); err != nil {
				yield(Item{}, fmt.Errorf("line %d: %w", no, err))
				return
			}
			if l.End != nil {
				yield(Item{}, checkEnd(br, l.End, n, sum, no))
				return
			}
			sum.Write(line)
			if err := checkItem(l.Item, &n); err != nil {
				yield(Item{}, fmt.Errorf("line %d: %w", no, err))
				return
			}
			if !yield(l.Item, nil) {
				return
			}
		}
	}, nil
}

// readLine reads one line (its newline included), within MaxExportLine;
// h, when given, takes its bytes.
func readLine(br *bufio.Reader, h hash.Hash, no int) ([]byte, error) {
	var line []byte
	for {
		part, err := br.ReadSlice('\n')
		line = append(line, part...)
		if len(line) > MaxExportLine {
			return nil, fmt.Errorf("line %d is longer than %d bytes", no, MaxExportLine)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(line) > 0 {
			return nil, fmt.Errorf("line %d is cut short", no)
		}
		if err != nil {
			return nil, err
		}
		if h != nil {
			h.Write(line)
		}
		return line, nil
	}
}

func decodeStrict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

// checkItem refuses an object no store would have kept, and counts it.
func checkItem(it Item, n *ExportCount) error {
	if set := countSet(it); set != 1 {
		return errors.New("a line holds no known object, or more than one")
	}
	var err error
	switch {
	case it.Token != nil:
		err = checkToken(it.Token)
	case it.Recording != nil:
		err = checkRecording(it.Recording)
	case it.Acceptance != nil:
		a := it.Acceptance
		err = checkVersion("acceptance", a.Workflow, a.Version)
		if err == nil && (a.Fingerprint == "" || a.Rule == "" || strings.TrimSpace(a.Reason) == "" || CheckName(a.By) != nil) {
			err = fmt.Errorf("acceptance of %s version %d: a fingerprint, rule, reason and who accepted it are needed", a.Workflow, a.Version)
		}
	case it.Approval != nil:
		a := it.Approval
		err = checkVersion("approval", a.Workflow, a.Version)
		if err == nil && (CheckName(a.By) != nil || !Role(a.Role).May(PermApprove)) {
			err = fmt.Errorf("approval of %s version %d: an approver or admin, by name, is needed", a.Workflow, a.Version)
		}
		if err == nil {
			_, err = CleanReviewed(a.Reviewed)
		}
	case it.Reviewed != nil:
		r := it.Reviewed
		err = checkVersion("reviewed text", r.Workflow, max(r.Revision, 1))
		if err == nil && r.Revision < 1 {
			err = fmt.Errorf("reviewed text of %s: revision %d", r.Workflow, r.Revision)
		}
		if err == nil {
			_, err = CleanReviewed(r.Text)
		}
	case it.Audit != nil:
		a := it.Audit
		if !slug().MatchString(a.Workflow) || a.Version < 0 || a.Action == "" {
			err = fmt.Errorf("audit entry of %q: workflow, version or action out of bounds", a.Workflow)
		}
	}
	if err != nil {
		return err
	}
	n.count(it)
	return nil
}

func countSet(it Item) int {
	set := 0
	for _, p := range []bool{it.Token != nil, it.Recording != nil, it.Acceptance != nil, it.Approval != nil, it.Reviewed != nil, it.Audit != nil} {
		if p {
			set++
		}
	}
	return set
}

func checkToken(t *TokenItem) error {
	if len(t.Hash) != sha256.Size {
		return errors.New("a token hash is not a SHA-256")
	}
	name, role := t.Owner()
	if err := CheckName(name); err != nil {
		return fmt.Errorf("a token's person: %w", err)
	}
	if _, err := ParseRole(string(role)); err != nil {
		return fmt.Errorf("a token's person: %w", err)
	}
	return nil
}

func checkRecording(r *RecordingItem) error {
	if !recordingID().MatchString(r.ID) || !slug().MatchString(r.Workflow) || r.Version < 1 || len(r.BodyHash) != sha256.Size {
		return fmt.Errorf("recording %q: id, workflow, version or body hash out of bounds", r.ID)
	}
	var head struct{ ID, Workflow string }
	if err := json.Unmarshal(r.Recording, &head); err != nil || head.ID != r.ID || head.Workflow != r.Workflow {
		return fmt.Errorf("recording %s: the recording is not a JSON object of that id and workflow", r.ID)
	}
	switch r.State() {
	case sopgen.StatusDraft, sopgen.StatusInReview, sopgen.StatusApproved, sopgen.StatusSuperseded:
	default:
		return fmt.Errorf("recording %s: status %q", r.ID, r.Status)
	}
	if r.UploadedBy != "" {
		if err := CheckName(r.UploadedBy); err != nil {
			return fmt.Errorf("recording %s: uploader: %w", r.ID, err)
		}
	}
	return nil
}

func checkVersion(what, workflow string, version int) error {
	if !slug().MatchString(workflow) || version < 1 {
		return fmt.Errorf("%s of %q version %d: workflow or version out of bounds", what, workflow, version)
	}
	return nil
}

func checkEnd(br *bufio.Reader, end *exportEnd, n ExportCount, sum hash.Hash, no int) error {
	if end.ExportCount != n {
		return fmt.Errorf("line %d: the end line counts %+v, the file holds %+v", no, end.ExportCount, n)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != end.SHA256 {
		return fmt.Errorf("line %d: the checksum of the lines before the end line is %s, the end line says %s: the file was altered", no, got, end.SHA256)
	}
	if _, err := br.Peek(1); !errors.Is(err, io.EOF) {
		return fmt.Errorf("line %d: there is more after the end line", no)
	}
	return nil
}
