package ui

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
)

// secure sets the security headers every response carries.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a plain 500: never a stack trace to the client.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", v)
				writeJSON(w, http.StatusInternalServerError, map[string]*apiError{"error": {Code: "internal", Message: "internal error"}})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// limit runs at most MaxSearches searches at once and refuses the rest
// at once with 503 and Retry-After, rather than queueing them into timeouts.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s.slots <- struct{}{}:
		default:
			s.metrics.rejected.Inc()
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusServiceUnavailable, map[string]*apiError{"error": {Code: "overloaded", Message: "too many searches at once; retry in a second"}})
			return
		}
		s.metrics.inFlight.Inc()
		defer func() { <-s.slots; s.metrics.inFlight.Dec() }()
		next.ServeHTTP(w, r)
	})
}

// accessLog writes one structured line per request and counts it.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := "unmatched"
		var m mux.RouteMatch
		if s.router.Match(r, &m) && m.Route != nil {
			route = m.Route.GetName()
		}
		took := time.Since(start)
		status := strconv.Itoa(sw.status)
		s.metrics.requests.WithLabelValues(route, status).Inc()
		s.metrics.latency.WithLabelValues(route, status).Observe(took.Seconds())
		attrs := []any{"method", r.Method, "route", route, "status", sw.status, "ms", float64(took.Microseconds()) / 1000}
		if s.opts.LogQueries {
			attrs = append(attrs, "query", r.URL.RawQuery)
		}
		s.log.InfoContext(r.Context(), "request", attrs...)
	})
}
