// Package storetest is the conformance suite of the stores: every
// implementation of ingest.Store (sqlite, postgres) runs the same tests,
// so that they keep one contract.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// Store is what the suite tests: the whole contract of a store.
type Store = ingest.Backend

// Factory makes a new, empty database for t and returns how to open it:
// each call of open is another handle on the same database, as another
// process or replica would have, closed when t ends.
type Factory func(t *testing.T) (open func(t *testing.T) Store)

// Run runs the suite against the stores f makes.
func Run(t *testing.T, f Factory) {
	tests := []struct {
		name string
		run  func(*testing.T, Factory)
	}{
		{"a new database is migrated to this binary's schema", testSchema},
		{"tokens resolve to their team and unknown ones do not", testTokens},
		{"an upload is stored once, its retry answered, another body refused", testPut},
		{"workflows list their versions in order", testWorkflows},
		{"sessions end at expiry and on delete", testSessions},
		{"the secret is made once and read by every handle", testSecret},
		{"concurrent uploads through two handles number each version once", testConcurrentUploads},
		{"a team exported and restored is kept whole", testExportRestore},
		{"a restore that fails keeps nothing", testRestoreIsAllOrNothing},
	}
	for _, tc := range append(tests, approvalTests...) {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, f) })
	}
}

// put is an upload of a generated recording.
func put(team int64, id, workflow, note string) ingest.Put {
	body := ingesttest.Recording(id, workflow, "Reset "+workflow, note)
	sum := sha256.Sum256(body)
	return ingest.Put{
		Team: team, ID: id, Workflow: workflow, Title: "Reset " + workflow, BodyHash: sum[:], Recording: body,
		Redactions: sopgen.Redactions{Email: 1}, ReceivedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
}

func mustPut(t *testing.T, s Store, p ingest.Put) ingest.Receipt {
	t.Helper()
	r, err := s.PutRecording(context.Background(), p)
	if err != nil {
		t.Fatalf("PutRecording(%s): %v", p.ID, err)
	}
	return r
}

func mustTeam(t *testing.T, s Store, name string) ingest.Team {
	t.Helper()
	team, err := s.CreateTeam(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return team
}

func testSchema(t *testing.T, f Factory) {
	open := f(t)
	from, to := open(t).Schema()
	if from != 0 || to < 1 {
		t.Errorf("first open: schema from %d to %d, want from 0", from, to)
	}
	from2, to2 := open(t).Schema()
	if from2 != to || to2 != to {
		t.Errorf("second open: schema from %d to %d, want %d to %d", from2, to2, to, to)
	}
}

func testTokens(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s := open(t)
	token, err := s.CreateToken(ctx, "  help-desk ")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonByToken(ctx, ingest.HashToken(token))
	team := p.Team
	if err != nil || team.Name != "help-desk" || p.Role != ingest.RoleAdmin || p.Name != ingest.TokenName(ingest.HashToken(token)) {
		t.Fatalf("PersonByToken = %+v, %v; want an admin of the team help-desk named after the token", p, err)
	}
	if again := mustTeam(t, s, "help-desk"); again != team {
		t.Errorf("CreateTeam of an existing name = %+v, want %+v", again, team)
	}
	if other := mustTeam(t, s, "other"); other.ID == team.ID {
		t.Errorf("two teams share the id %d", other.ID)
	}
	if _, err := s.PersonByToken(ctx, ingest.HashToken("sw_unknown")); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("an unknown token: error = %v, want ErrUnauthorized", err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("x", 101)} {
		if _, err := s.CreateTeam(ctx, bad); !errors.Is(err, ingest.ErrBadRequest) {
			t.Errorf("CreateTeam(%q) error = %v, want ErrBadRequest", bad, err)
		}
	}
	// Another handle (another replica) knows the token too.
	if got, err := open(t).PersonByToken(ctx, ingest.HashToken(token)); err != nil || got != p {
		t.Errorf("PersonByToken on another handle = %+v, %v", got, err)
	}
}

func testPut(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s := open(t)
	a, b := mustTeam(t, s, "a"), mustTeam(t, s, "b")
	if empty, err := s.Empty(ctx); err != nil || !empty {
		t.Errorf("Empty before any upload = %v, %v", empty, err)
	}
	p := put(a.ID, "rec-0000001", "reset", "Done.")
	first := mustPut(t, s, p)
	if want := (ingest.Receipt{ID: p.ID, Workflow: "reset", Version: 1, Created: true}); first != want {
		t.Errorf("first upload = %+v, want %+v", first, want)
	}
	if empty, err := s.Empty(ctx); err != nil || empty {
		t.Errorf("Empty after an upload = %v, %v", empty, err)
	}
	again := p
	again.ReceivedAt = p.ReceivedAt.Add(time.Hour)
	if r := mustPut(t, s, again); r != (ingest.Receipt{ID: p.ID, Workflow: "reset", Version: 1}) {
		t.Errorf("the same upload again = %+v, want the first receipt, not created", r)
	}
	if _, err := s.PutRecording(ctx, put(a.ID, "rec-0000001", "reset", "Another body.")); !errors.Is(err, ingest.ErrConflict) {
		t.Errorf("the same id with another body: error = %v, want ErrConflict", err)
	}
	if r := mustPut(t, s, put(b.ID, "rec-0000001", "reset", "Done.")); !r.Created || r.Version != 1 {
		t.Errorf("another team's upload of the same id = %+v, want its own version 1", r)
	}
	if r := mustPut(t, s, put(a.ID, "rec-0000002", "reset", "Again.")); r.Version != 2 {
		t.Errorf("the next recording of the workflow = %+v, want version 2", r)
	}

	st, err := s.Recording(ctx, a.ID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(st.Recording, p.Recording) || st.Workflow != "reset" || st.Version != 1 || st.Redactions != p.Redactions || !st.ReceivedAt.Equal(p.ReceivedAt) {
		t.Errorf("Recording = %+v, want what was put (received %v)", st, p.ReceivedAt)
	}
	if _, err := s.Recording(ctx, a.ID, "rec-9999999"); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("an unknown id: error = %v, want ErrNotFound", err)
	}
	if _, err := s.Recording(ctx, mustTeam(t, s, "c").ID, p.ID); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("another team's id: error = %v, want ErrNotFound", err)
	}
	for n, want := range map[int]string{0: "rec-0000002", 1: "rec-0000001", 2: "rec-0000002"} {
		if v, err := s.Version(ctx, a.ID, "reset", n); err != nil || v.ID != want {
			t.Errorf("Version(%d) = %+v, %v; want %s", n, v, err, want)
		}
	}
	if _, err := s.Version(ctx, a.ID, "reset", 3); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("Version(3): error = %v, want ErrNotFound", err)
	}
}

func testWorkflows(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s := open(t)
	team := mustTeam(t, s, "a")
	got, err := s.Workflows(ctx, team.ID)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("Workflows of a team without recordings = %#v, %v; want an empty list", got, err)
	}
	// Slugs sort by their bytes, whatever a database's locale would say
	// of the hyphen.
	for i, wf := range []string{"ab", "a-c", "a-b", "ab", "b"} {
		mustPut(t, s, put(team.ID, fmt.Sprintf("rec-%07d", i), wf, "Done."))
	}
	got, err = s.Workflows(ctx, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, w := range got {
		slugs = append(slugs, w.Slug)
	}
	if strings.Join(slugs, " ") != "a-b a-c ab b" {
		t.Errorf("workflows = %v, want a-b a-c ab b", slugs)
	}
	if ab := got[2]; ab.LatestVersion != 2 || ab.Versions != 2 || ab.Title != "Reset ab" || ab.UpdatedAt.IsZero() {
		t.Errorf("ab = %+v, want 2 versions, the latest 2", ab)
	}
	vs, err := s.Versions(ctx, team.ID, "ab")
	if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[0].ID != "rec-0000000" || vs[1].ID != "rec-0000003" {
		t.Errorf("Versions(ab) = %+v, %v", vs, err)
	}
	if _, err := s.Versions(ctx, team.ID, "nope"); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("Versions of no workflow: error = %v, want ErrNotFound", err)
	}
}

func testSessions(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s := open(t)
	is, err := s.CreatePersonToken(ctx, "help-desk", "Rex Reviewer", ingest.RoleReviewer)
	if err != nil {
		t.Fatal(err)
	}
	person := is.Person
	live, ended := []byte("live-session-hash"), []byte("ended-session-hash")
	if err := s.CreateSession(ctx, ended, person.ID, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, live, person.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A session made on one replica is good on another.
	got, err := open(t).SessionPerson(ctx, live)
	if err != nil || got != person {
		t.Fatalf("SessionPerson(live) = %+v, %v; want %+v", got, err, person)
	}
	if _, err := s.SessionPerson(ctx, ended); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionPerson(ended) error = %v, want ErrUnauthorized", err)
	}
	if _, err := s.SessionPerson(ctx, []byte("never-made")); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionPerson(unknown) error = %v, want ErrUnauthorized", err)
	}
	if err := s.DeleteSession(ctx, live); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionPerson(ctx, live); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionPerson after DeleteSession error = %v, want ErrUnauthorized", err)
	}
	if err := s.DeleteSession(ctx, live); err != nil {
		t.Errorf("deleting a session twice: %v", err)
	}
}

func testSecret(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s1, s2 := open(t), open(t)
	var wg sync.WaitGroup
	got := make([][]byte, 8)
	for i := range got {
		wg.Go(func() {
			s := s1
			if i%2 == 1 {
				s = s2
			}
			v, err := s.Secret(ctx, "ui-session")
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	wg.Wait()
	for _, v := range got {
		if len(v) != 32 || !bytes.Equal(v, got[0]) {
			t.Fatalf("secrets asked for together differ or are not 32 bytes: %x", got)
		}
	}
	if other, err := s1.Secret(ctx, "another"); err != nil || bytes.Equal(other, got[0]) {
		t.Errorf("another secret = %x, %v; want its own", other, err)
	}
}

// testConcurrentUploads sends uploads of four workflows from many
// goroutines through two handles, each id twice (once through each):
// every id is stored once, and each workflow's versions are 1..n.
func testConcurrentUploads(t *testing.T, f Factory) {
	open := f(t)
	ctx := context.Background()
	s1, s2 := open(t), open(t)
	team := mustTeam(t, s1, "a")
	const workers, each = 8, 25
	var mu sync.Mutex
	created := map[string]int{}
	versions := map[ingest.Receipt]string{}
	var wg sync.WaitGroup
	for w := range workers {
		for _, s := range []Store{s1, s2} {
			wg.Go(func() {
				for i := range each {
					id := fmt.Sprintf("rec-%02d-%04d", w, i)
					r, err := s.PutRecording(ctx, put(team.ID, id, fmt.Sprintf("wf-%d", (w+i)%4), "Done."))
					if err != nil {
						t.Errorf("%s: %v", id, err)
						return
					}
					mu.Lock()
					if r.Created {
						created[id]++
					}
					key := ingest.Receipt{Workflow: r.Workflow, Version: r.Version}
					if prev, ok := versions[key]; ok && prev != id {
						t.Errorf("%s version %d answered for both %s and %s", r.Workflow, r.Version, prev, id)
					}
					versions[key] = id
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	for w := range workers {
		for i := range each {
			if id := fmt.Sprintf("rec-%02d-%04d", w, i); created[id] != 1 {
				t.Errorf("%s was created %d times, want once", id, created[id])
			}
		}
	}
	total := 0
	ws, err := s2.Workflows(ctx, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		vs, err := s1.Versions(ctx, team.ID, w.Slug)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vs {
			if v.Version != i+1 {
				t.Errorf("%s: version %d follows %d: the %d versions are not 1..%[4]d without gaps", w.Slug, v.Version, i, len(vs))
				break
			}
		}
		total += len(vs)
	}
	if total != workers*each {
		t.Errorf("%d recordings stored, want %d", total, workers*each)
	}
}

// fill stores tokens and recordings of two workflows for team, and takes
// reset through approval: an acceptance, reviewed text, versions 1 and
// 3 approved (so 1 and 2 superseded), unlock's version 2 in review.
func fill(t *testing.T, s Store, team string) []string {
	ctx := context.Background()
	var tokens []string
	for range 2 {
		tok, err := s.CreateToken(ctx, team)
		if err != nil {
			t.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	rita := newPerson(t, s, team, "Rita Recorder", ingest.RoleRecorder)
	ann := newPerson(t, s, team, "Ann Approver", ingest.RoleApprover)
	id := rita.Team.ID
	for i := range 5 {
		// A note with characters JSON may escape: kept byte for byte.
		p := put(id, fmt.Sprintf("rec-exp%04d", i), []string{"reset", "unlock"}[i%2], fmt.Sprintf("Note %d: <b>&</b> \u2028 ünïcödé.", i))
		if i%2 == 0 {
			p.By = rita
		}
		mustPut(t, s, p)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(move(s, rita, "reset", 1, sopgen.StatusDraft, sopgen.StatusInReview))
	must(s.Accept(ctx, ingest.Acceptance{Team: id, Workflow: "reset", Version: 1, By: ann,
		Finding: sopgen.Acceptance{Rule: "logging-missing", Step: "3.1", Fingerprint: "fp1", Reason: "Logged by the tool <b>&</b>.", By: ann.Name, At: at}}))
	must(move(s, ann, "reset", 1, sopgen.StatusInReview, sopgen.StatusApproved))
	_, err := s.PutReviewed(ctx, ingest.ReviewedEdit{Team: id, Workflow: "reset", Reviewed: sopgen.Reviewed{Purpose: "Reset safely.", Roles: map[string]string{"Agent": "Verifies first."}}, Base: 0, By: ann, At: at, Comment: "changed purpose"})
	must(err)
	must(move(s, rita, "reset", 3, sopgen.StatusDraft, sopgen.StatusInReview))
	must(move(s, ann, "reset", 3, sopgen.StatusInReview, sopgen.StatusApproved))
	must(move(s, rita, "unlock", 2, sopgen.StatusDraft, sopgen.StatusInReview))
	return tokens
}

// items counts what a restore added.
func items(n ingest.ImportCount) ingest.ExportCount {
	return ingest.ExportCount{Tokens: n.Tokens, Recordings: n.Recordings, Acceptances: n.Acceptances, Approvals: n.Approvals, Reviewed: n.Reviewed, Audit: n.Audit}
}

func export(t *testing.T, s Store, team string) []byte {
	t.Helper()
	data, _ := exportCounted(t, s, team)
	return data
}

func exportCounted(t *testing.T, s Store, team string) ([]byte, ingest.ExportCount) {
	t.Helper()
	var b bytes.Buffer
	n, err := ingest.Export(context.Background(), &b, s, team, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), n
}

func restore(s Store, team string, data []byte) (ingest.ImportCount, error) {
	h, items, err := ingest.ReadExport(bytes.NewReader(data))
	if err != nil {
		return ingest.ImportCount{}, err
	}
	if team == "" {
		team = h.Team
	}
	return s.ImportTeam(context.Background(), team, items)
}

func testExportRestore(t *testing.T, f Factory) {
	ctx := context.Background()
	open := f(t)
	src := open(t)
	tokens := fill(t, src, "help-desk")
	data, want := exportCounted(t, src, "help-desk")
	if want.Tokens != 4 || want.Recordings != 5 || want.Acceptances != 1 || want.Approvals != 2 || want.Reviewed != 1 || want.Audit < 12 {
		t.Errorf("the export holds %+v", want)
	}
	if _, err := ingest.Export(ctx, &bytes.Buffer{}, src, "nobody-here", time.Now()); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("exporting an unknown team: error = %v, want ErrNotFound", err)
	}

	// Under another name in the same database, the tokens would belong
	// to two teams.
	n, err := restore(open(t), "moved", data)
	if !errors.Is(err, ingest.ErrConflict) {
		t.Errorf("restoring under another name where the tokens already belong to help-desk: %+v, %v; want a conflict", n, err)
	}
	other := f(t)(t)
	n, err = restore(other, "", data)
	if err != nil || items(n) != want || n.Present != 0 {
		t.Fatalf("restore = %+v, %v; want all of %+v added", n, err, want)
	}
	if got := export(t, other, "help-desk"); !bytes.Equal(got, data) {
		t.Errorf("the restored team exports differently:\n%s\nwant\n%s", got, data)
	}
	p, err := other.PersonByToken(ctx, ingest.HashToken(tokens[1]))
	team := p.Team
	if err != nil || team.Name != "help-desk" {
		t.Errorf("a token after the restore: %+v, %v", team, err)
	}
	// Uploads go on where the versions left off, and retries of what
	// was moved are still recognised.
	if st, err := other.Version(ctx, team.ID, "reset", 3); err != nil || st.Status != sopgen.StatusApproved || st.Approval == nil || st.Approval.By != "Ann Approver" || st.Uploader != "Rita Recorder" {
		t.Errorf("the approved version after the restore = %+v, %v", st, err)
	}
	if r := mustPut(t, other, put(team.ID, "rec-next0001", "reset", "After the move.")); r.Version != 4 {
		t.Errorf("the next upload after the restore = %+v, want version 4 of reset", r)
	}
	if r := mustPut(t, other, put(team.ID, "rec-exp0000", "reset", "Note 0: <b>&</b> \u2028 ünïcödé.")); r.Created || r.Version != 1 {
		t.Errorf("a moved recording sent again = %+v, want its receipt, version 1", r)
	}
	// A second restore of the same file finds everything there.
	total := want.Tokens + want.Recordings + want.Acceptances + want.Approvals + want.Reviewed + want.Audit
	if n, err := restore(other, "", data); err != nil || n.Present != total || items(n) != (ingest.ExportCount{}) {
		t.Errorf("restoring again = %+v, %v; want all %d present", n, err, total)
	}
}

func testRestoreIsAllOrNothing(t *testing.T, f Factory) {
	ctx := context.Background()
	src := f(t)(t)
	fill(t, src, "help-desk")
	data := export(t, src, "help-desk")

	dst := f(t)(t)
	team := mustTeam(t, dst, "help-desk")
	// The target already keeps version 2 of reset as another recording.
	mustPut(t, dst, put(team.ID, "rec-there01", "reset", "Already here."))
	mustPut(t, dst, put(team.ID, "rec-there02", "reset", "Already here too."))
	if _, err := restore(dst, "", data); !errors.Is(err, ingest.ErrConflict) {
		t.Errorf("restoring over another version 2: error = %v, want ErrConflict", err)
	}
	cut := data[:bytes.LastIndexByte(data[:len(data)-1], '\n')+1] // without the end line
	altered := bytes.Replace(data, []byte("Note 3"), []byte("Note 9"), 1)
	for name, bad := range map[string][]byte{"cut short": cut, "altered": altered, "cut in a line": data[:len(data)/2]} {
		other := f(t)(t)
		if n, err := restore(other, "", bad); err == nil {
			t.Errorf("a file %s was restored: %+v", name, n)
		}
		if empty, err := other.Empty(ctx); err != nil || !empty {
			t.Errorf("a file %s left recordings behind", name)
		}
	}
	vs, err := dst.Versions(ctx, team.ID, "reset")
	if err != nil || len(vs) != 2 {
		t.Errorf("after the failed restore reset has %+v, %v; want the 2 versions it had", vs, err)
	}
}
