package ui

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// route is one entry of the route table; the OpenAPI test walks this list.
type route struct {
	name    string
	path    string
	methods []string
	handler handlerFunc
}

func (s *Server) routeTable() []route {
	return []route{
		{"search", "/api/v1/search", []string{http.MethodGet, http.MethodPost}, s.apiSearch},
		{"question", "/api/v1/questions/{id}", []string{http.MethodGet}, s.apiQuestion},
		{"exams", "/api/v1/exams", []string{http.MethodGet}, s.apiExams},
		{"facet", "/api/v1/facets/{name}", []string{http.MethodGet}, s.apiFacet},
		{"openapi", "/api/v1/openapi.json", []string{http.MethodGet}, s.apiOpenAPI},
		{"index", "/", []string{http.MethodGet}, s.pageHome},
		{"question_page", "/q/{id}", []string{http.MethodGet}, s.pageQuestion},
		{"exams_page", "/exams", []string{http.MethodGet}, s.pageExams},
		{"static", "/static/{name}", []string{http.MethodGet}, s.assets.serve},
		{"image", "/img/{id}/{n}", []string{http.MethodGet}, s.serveImage},
		{"healthz", "/healthz", []string{http.MethodGet}, s.healthz},
		{"readyz", "/readyz", []string{http.MethodGet}, s.readyz},
	}
}

// limited are the routes that run searches: they wait for a slot.
var limited = map[string]bool{"search": true, "index": true, "facet": true}

func (s *Server) routes() {
	for _, rt := range s.routeTable() {
		h := s.wrap(rt.handler)
		if limited[rt.name] {
			h = s.limit(h)
		}
		s.router.Handle(rt.path, h).Methods(rt.methods...).Name(rt.name)
	}
	s.router.Handle("/metrics", promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})).Methods(http.MethodGet).Name("metrics")
	s.router.MethodNotAllowedHandler = s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errMethod
	})
	s.router.NotFoundHandler = s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errNoRoute
	})
}
