package ui

import (
	"net/http"

	"github.com/examsearch/examsearch/search"
)

// healthz runs a real one-hit query: the index answers, or this fails.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	res, err := s.search.Search(r.Context(), search.Request{Size: 1, NoFacets: true, NoHighlight: true})
	if err != nil || len(res.Hits) == 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "failing"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "questions": res.Total})
	return nil
}

// readyz says whether an index is loaded. The server only listens once one
// is, so this is 200 for as long as it runs.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	meta := s.search.Meta()
	if meta.Questions == 0 {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "no index"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "build_id": meta.BuildID, "warm": s.search.Warmed()})
	return nil
}
