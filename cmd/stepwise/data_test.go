package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// withoutHeader drops an export's first line, the only one that says
// when it was written, and its end line, whose checksum covers the first.
func withoutHeader(tb testing.TB, data []byte) []byte {
	tb.Helper()
	_, rest, ok := bytes.Cut(data, []byte("\n"))
	end := bytes.LastIndex(rest, []byte(`{"end":`))
	if !ok || end < 0 {
		tb.Fatalf("not an export: %q", data)
	}
	return rest[:end]
}

// TestExportAndRestoreMoveATeamBetweenStores moves a team from SQLite to
// PostgreSQL and back with the commands: the exports match line for line,
// the team's token works on the server of the new store, and uploads
// resent after the move are recognised.
func TestExportAndRestoreMoveATeamBetweenStores(t *testing.T) {
	dir := t.TempDir()
	lite, pg, back := filepath.Join(dir, "a.db"), pgtest.Database(t), filepath.Join(dir, "b.db")
	_, tokOut, _ := runCLI("token", "create", "--db", lite, "--team", "help-desk")
	token := strings.TrimSpace(tokOut)
	runCLI("token", "create", "--db", lite, "--team", "another") // not moved

	// Recordings through the real ingest path, with personal data to
	// scrub, so that redaction counts and scrubbed bodies move too.
	s, err := openStore(context.Background(), lite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonByToken(context.Background(), ingest.HashToken(token))
	if err != nil {
		t.Fatal(err)
	}
	team := p.Team
	svc := &ingest.Service{Store: s}
	var sent [][]byte
	for i, note := range []string{"Called jane@example.com.", "Done <b>&</b>.", "Card 4111 1111 1111 1111.", "Again."} {
		body := ingesttest.Recording("rec-move000"+string(rune('1'+i)), []string{"reset", "unlock"}[i%2], "Move", note)
		if _, err := svc.Ingest(context.Background(), ingest.Upload{Team: team.ID, Body: body}); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, body)
	}
	// Version 1 of reset approved, its control error accepted: the
	// approval moves too.
	ann, err := s.CreatePersonToken(context.Background(), "help-desk", "Ann Approver", ingest.RoleApprover)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetStatus(context.Background(), ann.Person, "reset", 1, sopgen.StatusInReview, ""); err != nil {
		t.Fatal(err)
	}
	_, res, err := svc.Document(context.Background(), team.ID, "reset", 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == sopgen.SeverityError {
			if _, err := svc.Accept(context.Background(), ann.Person, "reset", 1, f.Fingerprint, "Escalation is in the runbook."); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := svc.SetStatus(context.Background(), ann.Person, "reset", 1, sopgen.StatusApproved, "Moved with its approval."); err != nil {
		t.Fatal(err)
	}
	s.Close()

	first := filepath.Join(dir, "team.jsonl")
	if code, _, stderr := runCLI("export", "--db", lite, "--team", "help-desk", "--out", first); code != exitOK || !strings.Contains(stderr, "4 recordings, 2 tokens, 1 approvals, 1 acceptances, 0 reviewed texts") {
		t.Fatalf("export: exit %d, %s", code, stderr)
	}
	if code, out, stderr := runCLI("restore", "--db", pg, first); code != exitOK || !strings.Contains(out, "4 recordings, 2 tokens, 1 approvals, 1 acceptances, 0 reviewed texts and 7 audit entries added, 0 already there") {
		t.Fatalf("restore into PostgreSQL: exit %d, %s %s", code, out, stderr)
	}
	code, fromPG, stderr := runCLI("export", "--db", pg, "--team", "help-desk")
	if code != exitOK {
		t.Fatalf("export from PostgreSQL: exit %d, %s", code, stderr)
	}
	second := filepath.Join(dir, "team2.jsonl")
	os.WriteFile(second, []byte(fromPG), 0o644)
	if code, _, stderr := runCLI("restore", "--db", back, second); code != exitOK {
		t.Fatalf("restore into SQLite: exit %d, %s", code, stderr)
	}
	_, fromBack, _ := runCLI("export", "--db", back, "--team", "help-desk")
	orig, _ := os.ReadFile(first)
	for name, got := range map[string]string{"PostgreSQL": fromPG, "SQLite again": fromBack} {
		if line := firstDifference(withoutHeader(t, orig), withoutHeader(t, []byte(got))); line != "" {
			t.Errorf("the team changed on its way to %s: %s", name, line)
		}
	}
	if bytes.Contains(orig, []byte("jane@example.com")) || bytes.Contains(orig, []byte("4111")) || bytes.Contains(orig, []byte(token)) {
		t.Errorf("the export holds personal data or a token: %s", orig)
	}
	if code, _, _ := runCLI("export", "--db", pg, "--team", "another"); code != exitError {
		t.Errorf("a team that was not moved exported from PostgreSQL: exit %d", code)
	}
	if code, out, _ := runCLI("restore", "--db", pg, first); code != exitOK || !strings.Contains(out, "0 audit entries added, 15 already there") {
		t.Errorf("restoring again: exit %d, %s", code, out)
	}

	// The server on PostgreSQL takes the team's token and knows its uploads.
	sc, stop := startServe(t, "--addr", "127.0.0.1:0", "--db", pg, "--examples=false")
	m, _ := waitForLine(t, sc, listening)
	go drain(sc)
	for i, body := range sent {
		if code, got := request(t, "POST", m[1]+"/api/v1/recordings", token, body); code != 200 {
			t.Errorf("resending upload %d after the move: %d %s, want 200", i, code, got)
		}
	}
	if code, got := request(t, "GET", m[1]+"/api/v1/workflows/reset/sop.md", token, nil); code != 200 || !strings.Contains(string(got), "| Version | 2 |") {
		t.Errorf("sop.md after the move: %d %.300s", code, got)
	}
	if code, got := request(t, "GET", m[1]+"/api/v1/workflows/reset/versions/1", token, nil); code != 200 || !strings.Contains(string(got), `"status":"approved"`) || !strings.Contains(string(got), `"by":"Ann Approver"`) {
		t.Errorf("version 1 after the move: %d %.300s", code, got)
	}
	if got := stop(); got != exitOK {
		t.Errorf("serve exited %d", got)
	}
}

// firstDifference shows the first line where two exports differ, or "".
func firstDifference(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n%.400s\nbecame\n%.400s", i+2, x, y)
		}
	}
	return ""
}

func TestRestoreRefusesABadFileAndKeepsNothing(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	runCLI("token", "create", "--db", src, "--team", "help-desk")
	_, out, _ := runCLI("export", "--db", src, "--team", "help-desk")
	cut := filepath.Join(dir, "cut.jsonl")
	os.WriteFile(cut, []byte(out[:strings.LastIndex(strings.TrimSuffix(out, "\n"), "\n")+1]), 0o644)
	code, stdout, stderr := runCLI("restore", "--db", dst, cut)
	if code != exitError || !strings.Contains(stderr, "nothing restored") || !strings.Contains(stderr, "cut short") {
		t.Errorf("restoring a file without its end: exit %d, %q %q", code, stdout, stderr)
	}
	notExport := filepath.Join(dir, "rec.json")
	os.WriteFile(notExport, ingesttest.Recording("rec-0000001", "reset", "R", "N."), 0o644)
	if code, _, stderr := runCLI("restore", "--db", dst, notExport); code != exitError || !strings.Contains(stderr, "not a team export") {
		t.Errorf("restoring a recording: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI("export", "--db", dst); code != exitError || !strings.Contains(stderr, "missing --team") {
		t.Errorf("export without --team: exit %d, %q", code, stderr)
	}
}

func TestMigrateSaysWhatItDid(t *testing.T) {
	for _, st := range stores {
		t.Run(st.name, func(t *testing.T) {
			db := st.db(t)
			code, out, stderr := runCLI("migrate", "--db", db)
			if code != exitOK || !strings.Contains(out, "schema 0 → ") {
				t.Fatalf("first migrate: exit %d, %q %q", code, out, stderr)
			}
			if code, out, _ := runCLI("migrate", "--db", db); code != exitOK || !strings.Contains(out, "up to date") {
				t.Errorf("second migrate: exit %d, %q", code, out)
			}
			// STEPWISE_DB stands for --db.
			t.Setenv("STEPWISE_DB", db)
			if code, out, _ := runCLI("migrate"); code != exitOK || !strings.Contains(out, "up to date") {
				t.Errorf("migrate with STEPWISE_DB: exit %d, %q", code, out)
			}
		})
	}
}

// TestAPasswordInTheDatabaseURLIsNeverPrinted: help shows --db's default,
// and messages name the database, without the password of $STEPWISE_DB.
func TestAPasswordInTheDatabaseURLIsNeverPrinted(t *testing.T) {
	t.Setenv("STEPWISE_DB", "postgres://stepwise:hunter2@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	for _, args := range [][]string{{"help", "serve"}, {"migrate"}, {"export", "--team", "a"}, {"token", "create", "--team", "a"}} {
		code, out, stderr := runCLI(args...)
		if strings.Contains(out+stderr, "hunter2") {
			t.Errorf("stepwise %v printed the password: %s %s", args, out, stderr)
		}
		if args[0] != "help" && (code != exitError || !strings.Contains(stderr, "127.0.0.1:1")) {
			t.Errorf("stepwise %v: exit %d, %q; want an error naming the database", args, code, stderr)
		}
	}
}
