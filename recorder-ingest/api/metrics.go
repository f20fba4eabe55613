package api

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

// NewRegistry returns an empty metrics registry, to share between
// Config.Registry and MetricsHandler.
func NewRegistry() *prometheus.Registry { return prometheus.NewRegistry() }

// MetricsHandler serves the metrics of reg in the Prometheus text format,
// for a listener of its own (an address only the scraper reaches).
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// metricsAuth admits requests that bear the metrics token; the others
// get a 401.
func (s *server) metricsAuth(want string) gin.HandlerFunc {
	return func(c *gin.Context) {
		got, ok := bearer(c.GetHeader("Authorization"))
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="stepwise-metrics"`)
			s.fail(c, ingest.ErrUnauthorized)
			return
		}
		c.Next()
	}
}

// metrics are the server's own series. Each name says what it counts:
// recordings stored and recordings refused (by the API and the UI alike;
// a request refused before any recording is read, for want of a token or
// over the rate limit, is no rejected recording: stepwise_http_requests_total
// counts it by status), renders of artifacts (not the answers served from
// memory), and lint or render work stopped before its end.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	ingested prometheus.Counter
	rejected *prometheus.CounterVec
	stopped  *prometheus.CounterVec
	render   *prometheus.HistogramVec
}

// rejectReasons are the reasons an upload is not stored.
var rejectReasons = []string{"invalid", "conflict", "too_large", "unsupported_media_type", "bad_request", "storage_full"}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stepwise_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stepwise_http_request_duration_seconds", Help: "HTTP request latency by route template and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stepwise_recordings_ingested_total", Help: "Recordings stored, through the API (201) or the UI's upload form; a repeat of a stored recording is not counted again.",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stepwise_recordings_rejected_total", Help: "Uploads not stored, through the API or the UI, by reason: invalid, conflict, too_large, unsupported_media_type, bad_request, storage_full.",
		}, []string{"reason"}),
		stopped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stepwise_work_stopped_total", Help: "Lint or render work stopped before its end (503), through the API or the UI, by work (lint, render) and reason (over_budget, client_gone).",
		}, []string{"work", "reason"}),
		render: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stepwise_artifact_render_duration_seconds", Help: "Time to render an artifact that was not in memory, whoever asked for it (the API, a page of the UI), by artifact.",
			Buckets: []float64{.0005, .001, .005, .01, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"artifact"}),
	}
	// Known label values start at zero, so that a rate over them exists
	// before the first event.
	for _, r := range rejectReasons {
		m.rejected.WithLabelValues(r)
	}
	for _, w := range []string{"lint", "render"} {
		for _, r := range []string{"over_budget", "client_gone"} {
			m.stopped.WithLabelValues(w, r)
		}
	}
	reg.MustRegister(m.requests, m.latency, m.ingested, m.rejected, m.stopped, m.render,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// RecordingStored counts a recording stored.
func (m *metrics) RecordingStored() { m.ingested.Inc() }

// RecordingRejected counts an upload not stored, by reason.
func (m *metrics) RecordingRejected(reason string) { m.rejected.WithLabelValues(reason).Inc() }

// WorkStopped counts lint or render work stopped before its end.
func (m *metrics) WorkStopped(work, reason string) { m.stopped.WithLabelValues(work, reason).Inc() }

// Rendered observes the time of one render of an artifact.
func (m *metrics) Rendered(artifact string, d time.Duration) {
	m.render.WithLabelValues(artifact).Observe(d.Seconds())
}
