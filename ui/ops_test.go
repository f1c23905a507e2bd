package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui"
)

func TestHealthReadyMetrics(t *testing.T) {
	for _, path := range []string{"/healthz", "/readyz"} {
		if resp, body := get(t, path); resp.StatusCode != 200 {
			t.Errorf("%s: %d %s", path, resp.StatusCode, body)
		}
	}
	get(t, "/api/v1/search?q=storage")
	resp, body := get(t, "/metrics")
	if resp.StatusCode != 200 {
		t.Fatalf("metrics: %d", resp.StatusCode)
	}
	for _, series := range []string{`examsearch_http_requests_total{route="search",status="200"}`, "examsearch_http_request_duration_seconds_bucket",
		"examsearch_searches_in_flight", "examsearch_index_documents", "examsearch_index_info{build_id=", "examsearch_index_age_seconds", "process_resident_memory_bytes"} {
		if !strings.Contains(string(body), series) {
			t.Errorf("metrics lack %s", series)
		}
	}
}

// slowSearcher blocks every search until released.
type slowSearcher struct {
	release chan struct{}
	started chan struct{}
}

func (s *slowSearcher) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	s.started <- struct{}{}
	<-s.release
	return &search.Result{Hits: []search.Hit{}}, nil
}
func (s *slowSearcher) Question(context.Context, string) (*index.Question, error) {
	return nil, search.ErrNotFound
}
func (s *slowSearcher) Exams() []index.ExamInfo { return nil }
func (s *slowSearcher) FacetValues(context.Context, search.Facet, string, int) ([]search.FacetValue, error) {
	return nil, nil
}
func (s *slowSearcher) Neighbors(context.Context, *index.Question) (string, string, error) {
	return "", "", nil
}
func (s *slowSearcher) Meta() index.Meta { return index.Meta{Questions: 1, BuildID: "test"} }
func (s *slowSearcher) Warmed() bool     { return true }

func TestSearchLimit(t *testing.T) {
	fake := &slowSearcher{release: make(chan struct{}), started: make(chan struct{}, 1)}
	srv, err := ui.New(fake, ui.Options{MaxSearches: 1})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	done := make(chan int)
	go func() {
		resp, err := http.Get(ts.URL + "/api/v1/search?q=a")
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	select {
	case <-fake.started:
	case <-time.After(5 * time.Second):
		t.Fatal("first search did not start")
	}
	resp, err := http.Get(ts.URL + "/api/v1/search?q=b")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("second search: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	close(fake.release)
	if code := <-done; code != 200 {
		t.Errorf("first search: %d", code)
	}
}
