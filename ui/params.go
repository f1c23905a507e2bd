package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/examsearch/examsearch/search"
)

// Limits of what a client may send; search.Request.Normalize holds the
// limits on the search itself (query length, page size, result window).
const (
	maxBodyBytes   = 64 << 10
	maxParamValues = 100 // values of all parameters together
)

// searchParams are the scalar parameters of /api/v1/search besides the
// facet filters, which take the facet names (exam, service, ...).
var searchParams = []string{"q", "mode", "sort", "page", "size", "cursor", "highlight", "facets", "facet_size"}

// searchBody is the JSON body of POST /api/v1/search.
type searchBody struct {
	Q         string              `json:"q"`
	Mode      string              `json:"mode"`
	Sort      string              `json:"sort"`
	Page      int                 `json:"page"`
	Size      int                 `json:"size"`
	Cursor    string              `json:"cursor"`
	Filters   map[string][]string `json:"filters"`
	Highlight *bool               `json:"highlight"`
	Facets    *bool               `json:"facets"`
	FacetSize int                 `json:"facet_size"`
}

// decodeSearch reads a search request from the query string (GET) or the
// JSON body (POST).
func decodeSearch(r *http.Request) (search.Request, error) {
	if r.Method == http.MethodPost {
		return decodeSearchBody(r)
	}
	return searchFromQuery(r.URL.Query())
}

func searchFromQuery(v url.Values) (search.Request, error) {
	var req search.Request
	n := 0
	for key, vals := range v {
		n += len(vals)
		if n > maxParamValues {
			return req, badRequest(key, fmt.Sprintf("too many parameter values (limit %d)", maxParamValues))
		}
		if f, ok := search.ParseFacet(key); ok {
			for _, val := range vals {
				for _, part := range splitList(val) {
					req.AddFilter(f, part)
				}
			}
			continue
		}
		if !slices.Contains(searchParams, key) {
			return req, badRequest(key, fmt.Sprintf("unknown parameter %q", key))
		}
	}
	req.Query = v.Get("q")
	req.Mode = search.Mode(v.Get("mode"))
	req.Sort = search.Sort(v.Get("sort"))
	req.Cursor = v.Get("cursor")
	var err error
	if req.Page, err = intParam(v, "page"); err != nil {
		return req, err
	}
	if req.Size, err = intParam(v, "size"); err != nil {
		return req, err
	}
	if req.FacetSize, err = intParam(v, "facet_size"); err != nil {
		return req, err
	}
	hl, err := boolParam(v, "highlight", true)
	if err != nil {
		return req, err
	}
	facets, err := boolParam(v, "facets", true)
	if err != nil {
		return req, err
	}
	req.NoHighlight, req.NoFacets = !hl, !facets
	return req, nil
}

func decodeSearchBody(r *http.Request) (search.Request, error) {
	var req search.Request
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return req, &apiError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "send the search as application/json"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var b searchBody
	if err := dec.Decode(&b); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return req, err
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected EOF") {
			return req, badRequest("body", "request body is not complete JSON")
		}
		return req, badRequest("body", "invalid JSON body: "+err.Error())
	}
	if dec.More() {
		return req, badRequest("body", "request body has data after the JSON object")
	}
	req = search.Request{Query: b.Q, Mode: search.Mode(b.Mode), Sort: search.Sort(b.Sort), Page: b.Page, Size: b.Size,
		Cursor: b.Cursor, FacetSize: b.FacetSize}
	req.NoHighlight = b.Highlight != nil && !*b.Highlight
	req.NoFacets = b.Facets != nil && !*b.Facets
	for name, vals := range b.Filters {
		f, ok := search.ParseFacet(name)
		if !ok {
			return req, badRequest("filters."+name, fmt.Sprintf("unknown facet %q", name))
		}
		for _, v := range vals {
			req.AddFilter(f, v)
		}
	}
	return req, nil
}

func intParam(v url.Values, key string) (int, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, badRequest(key, fmt.Sprintf("%s must be a positive whole number", key))
	}
	return n, nil
}

func boolParam(v url.Values, key string, def bool) (bool, error) {
	s := strings.ToLower(strings.TrimSpace(v.Get(key)))
	switch s {
	case "":
		return def, nil
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return def, badRequest(key, fmt.Sprintf("%s must be true or false", key))
}

// splitList accepts exam=A,B as well as exam=A&exam=B, except where a value
// itself holds commas (none of the facet values do).
func splitList(s string) []string {
	return strings.Split(s, ",")
}
