package api

import (
	"crypto/subtle"
	"net/http"

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

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	ingested prometheus.Counter
	rejected *prometheus.CounterVec
	render   *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry, renders func() int64) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stepwise_http_requests_total", Help: "HTTP requests by route template, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stepwise_http_request_duration_seconds", Help: "HTTP request latency by route template and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
		ingested: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stepwise_recordings_ingested_total", Help: "Recordings stored (201 answers).",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stepwise_recordings_rejected_total", Help: "Requests refused, by reason: invalid, conflict, too_large, unsupported_media_type, rate_limited, unauthorized, bad_request.",
		}, []string{"reason"}),
		render: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "stepwise_render_duration_seconds", Help: "Time to serve an artifact, rendering it when not cached.",
			Buckets: []float64{.0005, .001, .005, .01, .05, .1, .25, .5, 1, 2.5},
		}, []string{"artifact"}),
	}
	rendered := prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "stepwise_artifact_renders_total", Help: "Artifacts rendered, as opposed to served from the cache.",
	}, func() float64 { return float64(renders()) })
	reg.MustRegister(m.requests, m.latency, m.ingested, m.rejected, m.render, rendered,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
