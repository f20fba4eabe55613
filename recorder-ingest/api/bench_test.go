package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// serveLoopback serves h on a 127.0.0.1 port until the benchmark ends.
func serveLoopback(b *testing.B, h http.Handler) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// ceiling is a bare gin handler that reads and discards the body: the most
// this machine's HTTP stack serves.
func ceiling() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.POST("/api/v1/recordings", func(c *gin.Context) {
		io.Copy(io.Discard, c.Request.Body)
		c.Data(http.StatusCreated, "application/json", []byte(`{"id":"x","workflow":"x","version":1}`))
	})
	return r
}

// load sends every body once with the given number of concurrent clients
// and reports uploads per second and latency percentiles.
func load(b *testing.B, url, token string, bodies [][]byte, clients int) {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	lat := make([]time.Duration, len(bodies))
	next := make(chan int)
	var wg sync.WaitGroup
	var failed sync.Once
	b.ResetTimer()
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				req, _ := http.NewRequest("POST", url+"/api/v1/recordings", bytes.NewReader(bodies[i]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := client.Do(req)
				if err != nil {
					failed.Do(func() { b.Error(err) })
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					failed.Do(func() { b.Errorf("status %d", resp.StatusCode) })
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	for i := range bodies {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(len(bodies))/elapsed.Seconds(), "uploads/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkUploadLoad measures durable uploads over loopback at 1, 16 and
// 100 concurrent clients, beside the bare gin ceiling in the same run:
// server=stepwise on SQLite, server=stepwise-postgres on the test cluster
// of pgtest (on this machine, fsync on). Each iteration is one upload: run
// with -benchtime Nx to bound the count.
func BenchmarkUploadLoad(b *testing.B) {
	for _, clients := range []int{1, 16, 100} {
		b.Run(fmt.Sprintf("server=ceiling/clients=%d", clients), func(b *testing.B) {
			url := serveLoopback(b, ceiling())
			load(b, url, "", makeBodies(b.N, clients), clients)
		})
		b.Run(fmt.Sprintf("server=stepwise/clients=%d", clients), func(b *testing.B) {
			benchUploads(b, clients, func() (testStore, error) {
				return sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			})
		})
		b.Run(fmt.Sprintf("server=stepwise-postgres/clients=%d", clients), func(b *testing.B) {
			url := pgtest.Database(b)
			benchUploads(b, clients, func() (testStore, error) { return postgres.Open(context.Background(), url) })
		})
	}
}

func benchUploads(b *testing.B, clients int, open func() (testStore, error)) {
	store, err := open()
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	token, err := store.CreateToken(context.Background(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	url := serveLoopback(b, api.New(api.Config{Service: &ingest.Service{Store: store}, Rate: -1}))
	load(b, url, token, makeBodies(b.N, clients), clients)
	b.ReportMetric(rssMB(), "rss-MB")
}

func makeBodies(n, clients int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = ingesttest.Recording(fmt.Sprintf("load-%d-%08d", clients, i), fmt.Sprintf("wf-%d", i%20), "Password reset", "Confirmed the user can sign in.")
	}
	return out
}
