package ui

import (
	"errors"
	"net/http"

	"github.com/examsearch/examsearch/search"
)

type homeView struct {
	Query  string
	Result *search.Result
	Error  string
}

// pageHome is the plain search page: a form, and the results for q.
func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) error {
	v := homeView{Query: r.URL.Query().Get("q")}
	if v.Query != "" {
		req := search.Request{Query: v.Query}
		res, err := s.search.Search(r.Context(), req)
		var se *search.Error
		switch {
		case errors.As(err, &se):
			v.Error = se.Message
		case err != nil:
			return err
		}
		v.Result = res
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.tmpl.ExecuteTemplate(w, "home.html", v)
}
