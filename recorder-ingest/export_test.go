package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// TestAnExportMadeBeforePeopleStillRestores writes a file of the first
// export format — tokens without people, recordings without a status —
// and restores it: each token belongs to an admin named after it, as the
// migration names the tokens it finds, and each recording is a draft.
func TestAnExportMadeBeforePeopleStillRestores(t *testing.T) {
	ctx := context.Background()
	token := "sw_a-token-from-before-people"
	body := ingesttest.Recording("rec-0000001", "reset", "Reset", "Done.")
	sum := sha256.Sum256(body)
	var lines bytes.Buffer
	enc := json.NewEncoder(&lines)
	enc.SetEscapeHTML(false)
	enc.Encode(map[string]any{"format": "stepwise/team-export@1", "team": "help-desk", "exported_at": "2026-11-01T00:00:00Z"})
	var items bytes.Buffer
	ie := json.NewEncoder(&items)
	ie.SetEscapeHTML(false)
	ie.Encode(map[string]any{"token": map[string]any{"hash": ingest.HashToken(token), "created_at": "2026-10-01T00:00:00Z"}})
	ie.Encode(map[string]any{"recording": map[string]any{"id": "rec-0000001", "workflow": "reset", "version": 1, "title": "Reset", "body_hash": sum[:],
		"received_at": "2026-10-02T00:00:00Z", "redactions": map[string]int{}, "recording": json.RawMessage(body)}})
	lines.Write(items.Bytes())
	check := sha256.New()
	check.Write(lines.Bytes())
	enc.Encode(map[string]any{"end": map[string]any{"tokens": 1, "recordings": 1, "sha256": hex.EncodeToString(check.Sum(nil))}})

	h, seq, err := ingest.ReadExport(bytes.NewReader(lines.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	n, err := store.ImportTeam(ctx, h.Team, seq)
	if err != nil || n.Tokens != 1 || n.Recordings != 1 {
		t.Fatalf("restore = %+v, %v", n, err)
	}
	p, err := store.PersonByToken(ctx, ingest.HashToken(token))
	if err != nil || p.Name != ingest.TokenName(ingest.HashToken(token)) || p.Role != ingest.RoleAdmin {
		t.Errorf("the token's person = %+v, %v", p, err)
	}
	if st, err := store.Version(ctx, p.Team.ID, "reset", 1); err != nil || st.Status != sopgen.StatusDraft || st.Uploader != "" {
		t.Errorf("the recording = %+v, %v", st, err)
	}
}
