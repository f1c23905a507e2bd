package ui

import "net/http"

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
	}
}

func (s *Server) routes() {
	for _, rt := range s.routeTable() {
		s.router.Handle(rt.path, s.wrap(rt.handler)).Methods(rt.methods...).Name(rt.name)
	}
	s.router.MethodNotAllowedHandler = s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errMethod
	})
	s.router.NotFoundHandler = s.wrap(func(w http.ResponseWriter, r *http.Request) error {
		return errNoRoute
	})
}
