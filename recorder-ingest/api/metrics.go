package api

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

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
