package ingest_test

import (
	"context"
	"errors"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

func TestArtifactStopsOnceItsContextIsDone(t *testing.T) {
	svc := &ingest.Service{Store: newMemStore()}
	body := ingesttest.Recording("rec-0000001", "reset", "Reset", "Done.")
	if _, err := svc.Ingest(context.Background(), ingest.Upload{Team: 1, Body: body}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.Artifact(ctx, 1, "reset", 0, "sop.md"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if got := svc.Renders(); got != 0 {
		t.Errorf("renders = %d after a cancelled request, want 0", got)
	}
	if _, err := svc.Artifact(context.Background(), 1, "reset", 0, "sop.md"); err != nil {
		t.Errorf("err = %v, want the artifact", err)
	}
	if got := svc.Renders(); got != 1 {
		t.Errorf("renders = %d, want 1", got)
	}
}
