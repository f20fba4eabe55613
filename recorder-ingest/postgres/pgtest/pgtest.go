// Package pgtest starts a throwaway PostgreSQL cluster for a test binary
// and gives each test a database of its own.
//
// The cluster is made on first use with Debian's server binaries
// (/usr/lib/postgresql/VERSION/bin, or the folder in $STEPWISE_PG_BIN): initdb
// in a temporary folder, the server on a free 127.0.0.1 port with its unix
// socket in that folder, trust authentication (nothing but this machine
// reaches it). initdb and postgres refuse to run as root, so when the tests
// run as root the cluster runs as the user "postgres" (Debian's package
// makes it) or else "nobody", and the folder is given to that user. The
// server is stopped by Main after the tests, and is told to quit if the
// test binary dies first.
//
// Without the binaries, Database fails the test when $CI is set (CI
// installs them) and skips it otherwise, saying what to install.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Main runs the tests and then stops the cluster, if one was started;
// call it from TestMain as os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	stop()
	return code
}

var (
	once    sync.Once
	running *cluster
	failed  error // why the cluster could not start
	missing bool  // the binaries are not installed
	dbs     atomic.Int64
)

type cluster struct {
	dir   string
	port  int
	admin *pgx.Conn
	mu    sync.Mutex // guards admin
	cmd   *exec.Cmd
	exit  chan error // the server process's end
}

// Database creates an empty database for tb and returns its URL; it is
// dropped when tb ends.
func Database(tb testing.TB) string {
	tb.Helper()
	once.Do(func() { running, failed = start() })
	if failed != nil {
		if missing && os.Getenv("CI") == "" {
			tb.Skipf("PostgreSQL is not installed, so this test is skipped (apt-get install postgresql; CI installs it): %v", failed)
		}
		tb.Fatalf("PostgreSQL test cluster: %v", failed)
	}
	name := fmt.Sprintf("t%d", dbs.Add(1))
	running.exec(tb, "CREATE DATABASE "+name)
	tb.Cleanup(func() { running.exec(tb, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return running.url(name)
}

// Exec runs statements on the database at url, for tests that set one up
// in a way the store would not.
func Exec(tb testing.TB, url string, sql string) {
	tb.Helper()
	withConn(tb, url, func(ctx context.Context, conn *pgx.Conn) {
		if _, err := conn.Exec(ctx, sql); err != nil {
			tb.Fatalf("%s: %v", sql, err)
		}
	})
}

// withConn runs f with a connection to the database at url, for a minute
// at most.
func withConn(tb testing.TB, url string, f func(context.Context, *pgx.Conn)) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	f(ctx, conn)
}

// Contents returns the text of every row of every table of the database
// at url, for tests that prove something is stored nowhere: the files of
// a cluster compress large values, so their bytes would prove nothing.
func Contents(tb testing.TB, url string) (out []byte) {
	tb.Helper()
	withConn(tb, url, func(ctx context.Context, conn *pgx.Conn) { out = contents(tb, ctx, conn) })
	return out
}

func contents(tb testing.TB, ctx context.Context, conn *pgx.Conn) []byte {
	var out []byte
	for _, t := range column[string](tb, ctx, conn, "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public'") {
		// A row's text shows bytea columns in hex: their bytes are added
		// as they are, so that text stored in them is found too.
		for _, s := range column[string](tb, ctx, conn, "SELECT t::text FROM "+t+" t") {
			out = append(out, s+"\n"...)
		}
		cols := column[string](tb, ctx, conn, "SELECT quote_ident(column_name) FROM information_schema.columns WHERE table_schema = 'public' AND quote_ident(table_name) = $1 AND data_type = 'bytea'", t)
		for _, c := range cols {
			for _, v := range column[[]byte](tb, ctx, conn, "SELECT "+c+" FROM "+t) {
				out = append(append(out, v...), '\n')
			}
		}
	}
	return out
}

// column runs a query of one column and returns its values.
func column[T any](tb testing.TB, ctx context.Context, conn *pgx.Conn, sql string, args ...any) []T {
	tb.Helper()
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	vals, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return vals
}

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://stepwise@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

func (c *cluster) exec(tb testing.TB, sql string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.admin.Exec(ctx, sql); err != nil {
		tb.Fatalf("test cluster: %s: %v", sql, err)
	}
}

// binDir finds the folder of initdb and postgres.
func binDir() (string, error) {
	if d := os.Getenv("STEPWISE_PG_BIN"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			return "", fmt.Errorf("$STEPWISE_PG_BIN: %w", err)
		}
		return d, nil
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	// The newest version: sort by the version's number, not its text.
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	if len(found) > 0 {
		return filepath.Dir(found[len(found)-1]), nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no initdb in /usr/lib/postgresql/*/bin, $STEPWISE_PG_BIN or $PATH")
}

func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// owner is the user the cluster runs as: the tests' own, or when they run
// as root, an unprivileged one.
func owner() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root, and there is no user postgres or nobody to run the cluster as")
}

// tempBase is where the cluster's folder goes: the usual temporary folder,
// unless the cluster runs as another user who could not reach it (a
// $TMPDIR under /root), then /tmp.
func tempBase(cred *syscall.Credential) string {
	base := os.TempDir()
	if cred == nil {
		return base
	}
	for d := base; ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if d == filepath.Dir(d) {
			return base
		}
	}
}

func start() (*cluster, error) {
	bin, err := binDir()
	if err != nil {
		missing = true
		return nil, err
	}
	cred, err := owner()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tempBase(cred), "stepwise-pg-")
	if err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "stepwise", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	// A free port may be taken between choosing and binding it: try a few.
	var last error
	for range 5 {
		c, err := serve(bin, dir, data, cred)
		if err == nil {
			return c, nil
		}
		last = err
	}
	os.RemoveAll(dir)
	return nil, last
}

// serve starts the server on a free loopback port and waits until it
// takes connections.
func serve(bin, dir, data string, cred *syscall.Credential) (*cluster, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	log, err := os.OpenFile(filepath.Join(dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer log.Close()
	c := &cluster{dir: dir, port: port, exit: make(chan error, 1)}
	c.cmd = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "max_connections=400", "-c", "shared_buffers=64MB")
	c.cmd.Stdout, c.cmd.Stderr = log, log
	// SIGQUIT is PostgreSQL's immediate shutdown: sent if the test binary
	// dies without stopping it.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	started := make(chan error, 1)
	go func() {
		// The parent-death signal follows the thread that started the
		// process: keep that thread for as long as the server runs.
		runtime.LockOSThread()
		if err := c.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.exit <- c.cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, c.url("postgres"))
		cancel()
		if err == nil {
			c.admin = conn
			return c, nil
		}
		select {
		case werr := <-c.exit:
			out, _ := os.ReadFile(filepath.Join(dir, "server.log"))
			return nil, fmt.Errorf("postgres exited (%v): %s", werr, lastLines(string(out), 10))
		default:
		}
		if time.Now().After(deadline) {
			c.cmd.Process.Kill()
			<-c.exit
			return nil, fmt.Errorf("postgres did not take connections within a minute: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stop shuts the cluster down (fast shutdown: SIGINT) and removes it.
func stop() {
	c := running
	if c == nil {
		return
	}
	c.admin.Close(context.Background())
	c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exit:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill()
		<-c.exit
	}
	os.RemoveAll(c.dir)
}
