package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

func TestSessionsEndAtExpiryAndOnDelete(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	team, err := store.CreateTeam(ctx, "help-desk")
	if err != nil {
		t.Fatal(err)
	}
	live, ended := []byte("live-session-hash"), []byte("ended-session-hash")
	if err := store.CreateSession(ctx, ended, team.ID, time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := store.CreateSession(ctx, live, team.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := store.SessionTeam(ctx, live)
	if err != nil || got != team {
		t.Fatalf("SessionTeam(live) = %+v, %v; want %+v", got, err, team)
	}
	if _, err := store.SessionTeam(ctx, ended); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionTeam(ended) error = %v, want ErrUnauthorized", err)
	}
	if _, err := store.SessionTeam(ctx, []byte("never-made")); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionTeam(unknown) error = %v, want ErrUnauthorized", err)
	}
	if err := store.DeleteSession(ctx, live); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SessionTeam(ctx, live); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("SessionTeam after DeleteSession error = %v, want ErrUnauthorized", err)
	}
	if err := store.DeleteSession(ctx, live); err != nil {
		t.Errorf("deleting a session twice: %v", err)
	}
}
