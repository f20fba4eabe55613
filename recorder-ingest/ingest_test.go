package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// memStore is a small in-memory store of recordings for the guard's
// tests; the rest of ingest.Store (people, approval, audit) is left to the
// real stores' tests, and calling it panics.
type memStore struct {
	ingest.Store
	mu   sync.Mutex
	recs map[string]*ingest.Stored
	hash map[string]string
}

func newMemStore() *memStore {
	return &memStore{recs: map[string]*ingest.Stored{}, hash: map[string]string{}}
}

func (m *memStore) PutRecording(_ context.Context, p ingest.Put) (ingest.Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.recs[p.ID]; ok {
		if m.hash[p.ID] != string(p.BodyHash) {
			return ingest.Receipt{}, ingest.ErrConflict
		}
		return ingest.Receipt{ID: p.ID, Workflow: st.Workflow, Version: st.Version}, nil
	}
	v := 1
	for _, st := range m.recs {
		if st.Workflow == p.Workflow && st.Version >= v {
			v = st.Version + 1
		}
	}
	m.recs[p.ID] = &ingest.Stored{ID: p.ID, Workflow: p.Workflow, Version: v, Recording: p.Recording, Redactions: p.Redactions}
	m.hash[p.ID] = string(p.BodyHash)
	return ingest.Receipt{ID: p.ID, Workflow: p.Workflow, Version: v, Created: true}, nil
}

func (m *memStore) Recording(_ context.Context, _ int64, id string) (*ingest.Stored, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.recs[id]; ok {
		return st, nil
	}
	return nil, ingest.ErrNotFound
}

func (m *memStore) Version(_ context.Context, _ int64, wf string, n int) (*ingest.Stored, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var best *ingest.Stored
	for _, st := range m.recs {
		if st.Workflow == wf && (st.Version == n || n == 0 && (best == nil || st.Version > best.Version)) {
			best = st
		}
	}
	if best == nil {
		return nil, ingest.ErrNotFound
	}
	return best, nil
}

func (m *memStore) Workflows(context.Context, int64) ([]ingest.WorkflowSummary, error) {
	return nil, nil
}

func (m *memStore) Versions(context.Context, int64, string) ([]ingest.Version, error) {
	return nil, nil
}

func (m *memStore) Acceptances(context.Context, int64, string, int) ([]sopgen.Acceptance, error) {
	return nil, nil
}

func (m *memStore) Reviewed(context.Context, int64, string) (sopgen.Reviewed, int, error) {
	return sopgen.Reviewed{}, 0, nil
}

// FuzzIngest feeds the guard arbitrary bodies: it never panics, refuses
// with an error the API maps to a 4xx, and what it accepts is stored
// scrubbed as a recording the decoder accepts again.
func FuzzIngest(f *testing.F) {
	f.Add(ingesttest.Recording("rec-0000001", "reset", "Reset for jane@example.com", "Call +44 7700 900123."))
	f.Add([]byte(`{"schema":"stepwise/recording@1","steps":[{"action":"keyDown"}]}`))
	f.Add([]byte(`{"a":{"b":{"c":[1,2,{"d":"data:x"}]}}}`))
	f.Add([]byte(`{"schema":"stepwise/recording@1","id":"rec-0000001","workflow":"w","recorded_at":"2026-11-02T09:30:00Z","recorder":{"name":"r","version":"1"},"context":{"browser":"Chrome 131.0.6778.85"},"steps":[{"t":0,"action":"navigate","url":"https://u:p@x.example/a?q=1#f"},{"t":1,"action":"note","text":"see http://a@b.example/?x#y"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		svc := &ingest.Service{Store: newMemStore()}
		rec, err := svc.Ingest(context.Background(), ingest.Upload{Team: 1, Body: body})
		if err != nil {
			if !errors.Is(err, sopgen.ErrInvalid) {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		st, err := svc.Store.Recording(context.Background(), 1, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := sopgen.ParseRecording(st.Recording)
		if err != nil {
			t.Fatalf("the stored recording is not valid: %v", err)
		}
		// Nothing is left to scrub: no personal data, no URL user-info,
		// query or fragment, whichever way the body was stored.
		if red := (&sopgen.Scrubber{}).Scrub(stored); red != (sopgen.Redactions{}) {
			t.Fatalf("the stored recording still holds %+v: %s", red, st.Recording)
		}
	})
}

func TestIngestScrubsBeforeStoring(t *testing.T) {
	store := newMemStore()
	svc := &ingest.Service{Store: store}
	body := ingesttest.Recording("rec-0000001", "reset", "Reset for jane@example.com", "Called +44 7700 900123.")
	if _, err := svc.Ingest(context.Background(), ingest.Upload{Team: 1, Body: body}); err != nil {
		t.Fatal(err)
	}
	st := store.recs["rec-0000001"]
	if got := st.Redactions; got.Email != 1 || got.Phone != 1 {
		t.Errorf("redactions = %+v", got)
	}
	var rec map[string]any
	if err := json.Unmarshal(st.Recording, &rec); err != nil {
		t.Fatal(err)
	}
	if s := string(st.Recording); strings.Contains(s, "jane@example.com") || strings.Contains(s, "7700 900123") {
		t.Errorf("stored recording holds personal data: %s", s)
	}
}

func TestDiffTellsAddedRemovedAndChangedSteps(t *testing.T) {
	store := newMemStore()
	svc := &ingest.Service{Store: store}
	ctx := context.Background()
	for _, b := range [][]byte{
		ingesttest.Recording("rec-0000001", "reset", "Reset", "Told the user the ticket is closed."),
		ingesttest.Recording("rec-0000002", "reset", "Reset", "Confirmed the user can sign in."),
	} {
		if _, err := svc.Ingest(ctx, ingest.Upload{Team: 1, Body: b}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := svc.Diff(ctx, 1, "reset", 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Steps) != 1 || d.Steps[0].Change != "changed" || d.Steps[0].From.Text != "Tell the user the ticket is closed." || d.Steps[0].To.Text != "Confirm the user can sign in." {
		t.Errorf("steps = %+v", d.Steps)
	}
	if d.Summary.Unchanged == 0 {
		t.Errorf("summary = %+v", d.Summary)
	}
	resolved := false
	for _, f := range d.Findings.Resolved {
		resolved = resolved || f.Rule == "confirmation-missing"
	}
	if !resolved {
		t.Errorf("confirmation-missing is not resolved: %+v", d.Findings)
	}
	if _, err := svc.Diff(ctx, 1, "reset", 0, 2); !errors.Is(err, ingest.ErrBadRequest) {
		t.Errorf("from=0: err = %v", err)
	}
}

func TestTheRecordersPlaceholdersCountAsIdentifiersOnceWhenReceived(t *testing.T) {
	store := newMemStore()
	svc := &ingest.Service{Store: store}
	body := strings.Replace(string(ingesttest.Recording("rec-0000002", "reset", "Reset", "Done.")), `"name":"INC0012345"`, `"name":"Username: [record]"`, 1)
	body = strings.Replace(body, `"page":"Incidents | Service Desk"`, `"page":"Change password: [record] | Service Desk"`, 1)
	if !strings.Contains(body, "Username: [record]") || !strings.Contains(body, "Change password: [record]") {
		t.Fatalf("the test recording did not take the placeholders: %s", body)
	}
	if _, err := svc.Ingest(context.Background(), ingest.Upload{Team: 1, Body: []byte(body)}); err != nil {
		t.Fatal(err)
	}
	if got := store.recs["rec-0000002"].Redactions.Identifier; got != 2 {
		t.Errorf("identifiers = %d, want the recorder's 2 placeholders", got)
	}
}

// TestArtifactsOfARecordingThatChangedUnderItsIDAreRenderedAgain: when a
// store is restored from a backup, an id may come to hold another
// recording; a replica's cache must not answer with the old document.
func TestArtifactsOfARecordingThatChangedUnderItsIDAreRenderedAgain(t *testing.T) {
	store := newMemStore()
	svc := &ingest.Service{Store: store}
	ctx := context.Background()
	if _, err := svc.Ingest(ctx, ingest.Upload{Team: 1, Body: ingesttest.Recording("rec-0000001", "reset", "Before", "Told the user the ticket is closed.")}); err != nil {
		t.Fatal(err)
	}
	before, err := svc.Artifact(ctx, 1, "reset", 0, "sop.md")
	if err != nil {
		t.Fatal(err)
	}
	restored := *store.recs["rec-0000001"]
	restored.Recording = ingesttest.Recording("rec-0000001", "reset", "After the restore", "Confirmed the user can sign in.")
	store.recs["rec-0000001"] = &restored
	after, err := svc.Artifact(ctx, 1, "reset", 0, "sop.md")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(before.Data, after.Data) || !bytes.Contains(after.Data, []byte("After the restore")) {
		t.Errorf("the cache answered with the document of the recording the id held before:\n%s", after.Data)
	}
}
