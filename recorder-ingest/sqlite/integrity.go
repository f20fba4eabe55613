package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"modernc.org/sqlite"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

// SQLite primary result codes this package tells apart.
const (
	codeCorrupt    = 11 // SQLITE_CORRUPT
	codeConstraint = 19 // SQLITE_CONSTRAINT
	codeFull       = 13 // SQLITE_FULL
	codeNotADB     = 26 // SQLITE_NOTADB
)

func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// storageErr marks an error of a full disk (SQLite's SQLITE_FULL, or the
// operating system's ENOSPC) as ingest.ErrStorageFull.
func storageErr(err error) error {
	if err == nil || errors.Is(err, ingest.ErrStorageFull) {
		return err
	}
	if sqliteCode(err) == codeFull || errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w: %w", ingest.ErrStorageFull, err)
	}
	return err
}

// damaged is the message of a database that will not be opened.
func damaged(path, what string) error {
	return fmt.Errorf("database %s is damaged (%s); stepwise will not start on it. "+
		"Keep a copy of %[1]s and any %[1]s-wal next to it, then restore the database from a backup, "+
		"or salvage what is readable with `sqlite3 %[1]s .recover | sqlite3 recovered.db` and start with --db recovered.db",
		path, what)
}

// checkSchema refuses a database whose schema is newer than this binary
// knows: migrating it back is impossible and reading it a guess.
func checkSchema(ctx context.Context, db *sql.DB, path string) error {
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return openErr(path, err)
	}
	if v > len(migrations) {
		return fmt.Errorf("%s: database schema %d is newer than this stepwise (knows %d): upgrade stepwise", path, v, len(migrations))
	}
	return nil
}

// quickCheck runs SQLite's quick_check over the whole database (after WAL
// recovery, so it covers what the log holds too).
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check(5)")
	if err != nil {
		return openErr(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return openErr(path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return openErr(path, err)
	}
	if len(problems) > 0 {
		return damaged(path, "quick_check: "+strings.Join(problems, "; "))
	}
	return nil
}

// openErr words an error met while opening: a damaged file gets the
// message that says what to do.
func openErr(path string, err error) error {
	switch sqliteCode(err) {
	case codeCorrupt:
		return damaged(path, err.Error())
	case codeNotADB:
		return fmt.Errorf("%s is not a SQLite database, or its header is damaged (%v); stepwise will not start on it. Check --db, or restore the file from a backup", path, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// WAL file format constants (https://sqlite.org/fileformat2.html#walformat).
const (
	walHeaderSize      = 32
	walFrameHeaderSize = 24
	walMagic           = 0x377f0682 // | 1 when checksums are big-endian
	walVersion         = 3007000
)

// checkWAL reads the write-ahead log of the database at path, if any, and
// refuses one that SQLite's recovery would silently cut short of a
// committed transaction.
//
// Recovery replays frames while their cumulative checksums hold and stops
// at the first that fails. After a crash that is right: the frames past
// that point belong to a transaction that never committed. But when a
// damaged frame is followed by frames that are consistent among
// themselves and hold a commit that a later transaction follows (so it
// was synced, and acknowledged), the damage is not a torn write, and
// recovery would drop acknowledged data without a word.
func checkWAL(path string) error {
	name := path + "-wal"
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var h [walHeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return nil // empty or cut short before any frame: nothing to replay
	}
	be := binary.BigEndian
	magic := be.Uint32(h[0:])
	if magic&^1 != walMagic || be.Uint32(h[4:]) != walVersion {
		return walDamaged(path, "its header is not a SQLite write-ahead log header")
	}
	pageSize := int(be.Uint32(h[8:]))
	if pageSize < 512 || pageSize > 65536 || pageSize&(pageSize-1) != 0 {
		return walDamaged(path, "its header gives an impossible page size")
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if magic&1 == 1 {
		order = binary.BigEndian
	}
	salt1, salt2 := be.Uint32(h[16:]), be.Uint32(h[20:])
	stored := [2]uint32{be.Uint32(h[24:]), be.Uint32(h[28:])}
	s0, s1 := walSum(order, 0, 0, h[:24])
	chain := [2]uint32{s0, s1}
	broken := 0 // the first frame whose checksum fails (1-based); 0 while all hold
	if chain != stored {
		broken = -1 // the header itself: recovery ignores the whole log
	}
	prev := stored // the stored checksum of the frame before
	commitAfterBreak := 0
	frame := make([]byte, walFrameHeaderSize+pageSize)
	for i := 1; ; i++ {
		if _, err := io.ReadFull(r, frame); err != nil {
			return nil // the end, or a frame cut short by a crash
		}
		fh := frame[:walFrameHeaderSize]
		if be.Uint32(fh[8:]) != salt1 || be.Uint32(fh[12:]) != salt2 {
			// A frame of an earlier generation of the log: recovery stops
			// here, and rightly so.
			return nil
		}
		got := [2]uint32{be.Uint32(fh[16:]), be.Uint32(fh[20:])}
		commit := be.Uint32(fh[4:]) != 0
		if broken == 0 {
			s0, s1 := walSum(order, chain[0], chain[1], fh[:8])
			s0, s1 = walSum(order, s0, s1, frame[walFrameHeaderSize:])
			chain = [2]uint32{s0, s1}
			if chain != got {
				broken = i
			}
			prev = got
			continue
		}
		// Past the break: is this frame consistent with the one before it,
		// as written?
		s0, s1 := walSum(order, prev[0], prev[1], fh[:8])
		s0, s1 = walSum(order, s0, s1, frame[walFrameHeaderSize:])
		consistent := [2]uint32{s0, s1} == got
		prev = got
		if !consistent {
			continue
		}
		if commitAfterBreak > 0 {
			at := "its header"
			if broken > 0 {
				at = fmt.Sprintf("frame %d", broken)
			}
			return walDamaged(path, fmt.Sprintf("%s fails its checksum, yet the transaction committed at frame %d was followed by another, so it was synced; opening the database would silently drop it", at, commitAfterBreak))
		}
		if commit {
			commitAfterBreak = i
		}
	}
}

func walDamaged(path, what string) error {
	return fmt.Errorf("write-ahead log %s-wal of database %s is damaged: %s. stepwise will not start on it. "+
		"Keep a copy of both files, then restore them from a backup; or, to accept losing what the log holds past the damage, "+
		"run `sqlite3 %[2]s 'PRAGMA wal_checkpoint(TRUNCATE)'` and start again",
		path, path, what)
}

// walSum continues the WAL checksum over b (a multiple of 8 bytes).
func walSum(order binary.ByteOrder, s0, s1 uint32, b []byte) (uint32, uint32) {
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += order.Uint32(b[i:]) + s1
		s1 += order.Uint32(b[i+4:]) + s0
	}
	return s0, s1
}
