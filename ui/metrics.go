package ui

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus series, in a registry of its own
// (no global default registry).
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	rejected prometheus.Counter
}

func newMetrics(s Searcher) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "examsearch_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "examsearch_http_request_duration_seconds", Help: "HTTP request latency by route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "examsearch_searches_in_flight", Help: "Searches running now.",
		}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "examsearch_searches_rejected_total", Help: "Searches refused with 503 because too many were running.",
		}),
	}
	meta := s.Meta()
	docs := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "examsearch_index_documents", Help: "Questions in the served index.",
	}, func() float64 { return float64(s.Meta().Questions) })
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "examsearch_index_info", Help: "The served index's build id and mapping version (value 1).",
	}, []string{"build_id", "mapping_version"})
	info.WithLabelValues(meta.BuildID, strconv.Itoa(meta.MappingVersion)).Set(1)
	age := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "examsearch_index_age_seconds", Help: "Seconds since the served index was built.",
	}, func() float64 { return time.Since(s.Meta().BuiltAt).Seconds() })
	m.registry.MustRegister(m.requests, m.latency, m.inFlight, m.rejected, docs, info, age,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
