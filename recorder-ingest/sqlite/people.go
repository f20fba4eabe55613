package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

// CreateToken makes a new admin token for a team (created if needed),
// belonging to a new person named after the token, and returns it; only
// its hash is stored.
func (s *Store) CreateToken(ctx context.Context, team string) (string, error) {
	is, err := s.CreatePersonToken(ctx, team, "", "")
	return is.Token, err
}

// CreatePersonToken makes a new token for the person called name in team
// (both created if needed). A new person gets role, or admin when role is
// ""; a person who exists keeps their role unless role names another. An
// empty name makes a new person named after the token (TokenName).
func (s *Store) CreatePersonToken(ctx context.Context, team, name string, role ingest.Role) (ingest.Issued, error) {
	var is ingest.Issued
	pt, err := ingest.NewPersonToken(name, role)
	if err != nil {
		return is, err
	}
	is.Token, name = pt.Token, pt.Name
	t, err := s.CreateTeam(ctx, team)
	if err != nil {
		return is, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	defer tx.Rollback()
	p := ingest.Person{Team: t, Name: name}
	var current string
	err = tx.QueryRowContext(ctx, "SELECT id, role FROM people WHERE team_id = ? AND name = ?", t.ID, name).Scan(&p.ID, &current)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		p.Role, is.NewPerson = pt.NewRole(), true
		if err := tx.QueryRowContext(ctx, "INSERT INTO people (team_id, name, role, created_at) VALUES (?, ?, ?, ?) RETURNING id", t.ID, name, string(p.Role), now()).Scan(&p.ID); err != nil {
			return is, fmt.Errorf("create person: %w", storageErr(err))
		}
	case err != nil:
		return is, fmt.Errorf("find person: %w", err)
	default:
		p.Role = ingest.Role(current)
		if role != "" && role != p.Role {
			if _, err := tx.ExecContext(ctx, "UPDATE people SET role = ? WHERE id = ?", string(role), p.ID); err != nil {
				return is, fmt.Errorf("change role: %w", storageErr(err))
			}
			is.PreviousRole, p.Role = p.Role, role
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO tokens (hash, person_id, created_at) VALUES (?, ?, ?)", pt.Hash, p.ID, now()); err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	if err := tx.Commit(); err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	is.Person = p
	return is, nil
}

const personColumns = "p.id, p.name, p.role, t.id, t.name"

func scanPerson(row interface{ Scan(...any) error }) (ingest.Person, error) {
	var p ingest.Person
	var role string
	err := row.Scan(&p.ID, &p.Name, &role, &p.Team.ID, &p.Team.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ingest.ErrUnauthorized
	}
	p.Role = ingest.Role(role)
	return p, err
}

// PersonByToken implements ingest.Store.
func (s *Store) PersonByToken(ctx context.Context, hash []byte) (ingest.Person, error) {
	if p, ok := s.people.Lookup(hash); ok {
		return p, nil
	}
	p, err := scanPerson(s.readRow(ctx, "SELECT "+personColumns+" FROM tokens k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id WHERE k.hash = ?", hash))
	if err == nil {
		s.people.Remember(hash, p)
	}
	return p, err
}

// CreateSession implements ingest.Store. Sessions that have ended are
// removed at the same time, so the table holds only live ones.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, person int64, expires time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ?", time.Now().Unix()); err != nil {
		return fmt.Errorf("create session: sweep: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO sessions (hash, person_id, expires_at) VALUES (?, ?, ?)", idHash, person, expires.Unix()); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionPerson implements ingest.Store.
func (s *Store) SessionPerson(ctx context.Context, idHash []byte) (ingest.Person, error) {
	p, err := scanPerson(s.readRow(ctx, "SELECT "+personColumns+" FROM sessions k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id WHERE k.hash = ? AND k.expires_at > ?", idHash, time.Now().Unix()))
	if err != nil && !errors.Is(err, ingest.ErrUnauthorized) {
		return p, fmt.Errorf("session: %w", err)
	}
	return p, err
}

// DeleteSession implements ingest.Store.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE hash = ?", idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
