package ui

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"runtime"

	"github.com/gorilla/mux"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
)

// Searcher is what the server needs of the search engine; tests may pass a
// real engine or a fake.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Question(ctx context.Context, id string) (*index.Question, error)
	Exams() []index.ExamInfo
	FacetValues(ctx context.Context, f search.Facet, prefix string, limit int) ([]search.FacetValue, error)
	Neighbors(ctx context.Context, q *index.Question) (prev, next string, err error)
	Meta() index.Meta
	Warmed() bool // the index's warm-up is done (searches run before, slower)
}

// Options configure a Server.
type Options struct {
	Logger     *slog.Logger
	LogQueries bool // log query text in access logs
	// MaxSearches caps the searches running at once; more are refused with
	// 503 and Retry-After. Default 4 per CPU.
	MaxSearches int
}

// Server serves the API over one Searcher.
type Server struct {
	search  Searcher
	log     *slog.Logger
	opts    Options
	router  *mux.Router
	tmpl    *template.Template
	metrics *metrics
	slots   chan struct{}
	assets  *assets
	md      *renderer
}

// New builds the server and its routes.
func New(s Searcher, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	a, err := newAssets()
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	tmpl, err := parseTemplates(a)
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	if opts.MaxSearches <= 0 {
		opts.MaxSearches = 4 * runtime.GOMAXPROCS(0)
	}
	srv := &Server{search: s, log: opts.Logger, opts: opts, router: mux.NewRouter(), tmpl: tmpl, assets: a, md: newRenderer(),
		metrics: newMetrics(s), slots: make(chan struct{}, opts.MaxSearches)}
	srv.routes()
	return srv, nil
}

// Handler is the whole server with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.secure(s.accessLog(s.router)))
}
