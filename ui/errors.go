package ui

import (
	"context"
	"errors"
	"net/http"

	"github.com/examsearch/examsearch/search"
)

// handlerFunc is a handler that returns its error; wrap turns the error
// into a status and a JSON body in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// apiError is the body of every error: {"error":{"code","message","param"}}.
type apiError struct {
	Status   int    `json:"-"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Param    string `json:"param,omitempty"`
	Position *int   `json:"position,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

var (
	errMethod  = &apiError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "method not allowed on this route"}
	errNoRoute = &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such route"}
)

func badRequest(param, msg string) error {
	return &apiError{Status: http.StatusBadRequest, Code: "invalid_parameter", Message: msg, Param: param}
}

// toAPIError maps any error to what the client sees. Unknown errors are
// logged by the caller and become a plain 500 without details.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var se *search.Error
	if errors.As(err, &se) {
		code := "invalid_parameter"
		if se.Param == "q" {
			code = "invalid_query"
		}
		out := &apiError{Status: http.StatusBadRequest, Code: code, Message: se.Message, Param: se.Param}
		if se.Position >= 0 {
			pos := se.Position
			out.Position = &pos
		}
		return out
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "request body is too large"}
	case errors.Is(err, search.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: err.Error()}
	case errors.Is(err, search.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "the search took too long; try a more specific query"}
	case errors.Is(err, search.ErrInvalid):
		return &apiError{Status: http.StatusBadRequest, Code: "invalid_parameter", Message: err.Error()}
	case errors.Is(err, search.ErrClosed):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the index is being replaced; try again"}
	case errors.Is(err, context.Canceled):
		return &apiError{Status: 499, Code: "canceled", Message: "request canceled"}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
}

func (s *Server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		ae := toAPIError(err)
		if ae.Status >= 500 && ae.Status != http.StatusServiceUnavailable {
			s.log.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
		}
		if ae.Status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", "GET, POST")
		}
		writeJSON(w, ae.Status, map[string]*apiError{"error": ae})
	})
}
