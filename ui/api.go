package ui

import (
	json "github.com/goccy/go-json"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/examsearch/examsearch/search"
)

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	}
	req, err := decodeSearch(r)
	if err != nil {
		return err
	}
	res, err := s.search.Search(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request) error {
	q, err := s.search.Question(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiExams(w http.ResponseWriter, r *http.Request) error {
	meta := s.search.Meta()
	writeJSON(w, http.StatusOK, map[string]any{"exams": s.search.Exams(), "questions": meta.Questions, "build_id": meta.BuildID})
	return nil
}

func (s *Server) apiFacet(w http.ResponseWriter, r *http.Request) error {
	f, ok := search.ParseFacet(mux.Vars(r)["name"])
	if !ok {
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such facet", Param: "name"}
	}
	q := r.URL.Query()
	for key := range q {
		if key != "prefix" && key != "limit" {
			return badRequest(key, "unknown parameter "+strconv.Quote(key))
		}
	}
	limit, err := intParam(q, "limit")
	if err != nil {
		return err
	}
	prefix := q.Get("prefix")
	if len(prefix) > 200 {
		return badRequest("prefix", "prefix is too long")
	}
	vals, err := s.search.FacetValues(r.Context(), f, prefix, limit)
	if err != nil {
		return err
	}
	if vals == nil {
		vals = []search.FacetValue{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"facet": f, "values": vals})
	return nil
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(openAPISpec)
	return err
}

// writeJSON sends v whole, with its length: one write to the connection
// rather than a chunk per buffer-full, and a value that cannot be encoded
// is a clean 500 rather than a cut-off 200.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v) // escapes <, > and & as encoding/json does
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"the answer could not be encoded"}}`)
	}
	body = append(body, '\n')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
