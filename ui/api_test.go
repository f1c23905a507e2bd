package ui_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui/uitest"
)

var (
	serverOnce sync.Once
	testURL    string
)

// server is a real HTTP server on loopback over a real index of the sample.
func server(t *testing.T) string {
	t.Helper()
	serverOnce.Do(func() {
		ix := indextest.Build(keepTB{t}, "../search/testdata/hostile")
		testURL = httptest.NewServer(uitest.Handler(t, ix)).URL
	})
	if testURL == "" {
		t.Fatal("no server")
	}
	return testURL
}

// keepTB keeps the shared index for the whole package run.
type keepTB struct{ *testing.T }

func (keepTB) Cleanup(func()) {}
func (k keepTB) TempDir() string {
	d, err := mkdirTemp()
	if err != nil {
		k.Fatal(err)
	}
	return d
}

type errorBody struct {
	Error struct {
		Code, Message, Param string
		Position             *int
	}
}

func get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(server(t) + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

func TestSearchGET(t *testing.T) {
	resp, body := get(t, "/api/v1/search?q=aks+gpu+inference&exam=DP-100&exam=AZ-104&size=5")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if resp.ContentLength != int64(len(body)) || !bytes.Contains(body, []byte(`\u003cmark\u003e`)) {
		t.Errorf("answer of %d bytes, Content-Length %d; marks escaped as in encoding/json: %v", len(body), resp.ContentLength, bytes.Contains(body, []byte(`\u003cmark\u003e`)))
	}
	var res search.Result
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "9100010" || res.Hits[0].Highlights == nil || len(res.Facets) == 0 {
		t.Fatalf("result %+v", res)
	}
	h := res.Hits[0]
	if h.Exam != "DP-100" || h.Topic == "" || h.Number == 0 || h.URL == "" || h.Question == "" || len(h.Choices) != 4 || h.Answer != "B" || len(h.Services) == 0 {
		t.Errorf("hit lacks fields: %+v", h)
	}
	for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(hdr) == "" {
			t.Errorf("missing header %s", hdr)
		}
	}
}

func TestSearchPOST(t *testing.T) {
	body := `{"q":"ospf stub area","filters":{"provider":["Cisco"]},"size":3,"highlight":false}`
	resp, err := http.Post(server(t)+"/api/v1/search", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res search.Result
	json.NewDecoder(resp.Body).Decode(&res)
	if resp.StatusCode != 200 || len(res.Hits) == 0 || res.Hits[0].Provider != "Cisco" || res.Hits[0].Highlights != nil {
		t.Fatalf("status %d result %+v", resp.StatusCode, res)
	}
}

func TestErrors(t *testing.T) {
	big := `{"q":"` + strings.Repeat("a", 70<<10) + `"}`
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, param                     string
	}{
		{"size too big", "GET", "/api/v1/search?q=x&size=1000", "", "", 400, "invalid_parameter", "size"},
		{"page not a number", "GET", "/api/v1/search?page=two", "", "", 400, "invalid_parameter", "page"},
		{"unknown parameter", "GET", "/api/v1/search?colour=red", "", "", 400, "invalid_parameter", "colour"},
		{"query too long", "GET", "/api/v1/search?q=" + strings.Repeat("x", 1001), "", "", 400, "invalid_query", "q"},
		{"advanced syntax", "GET", "/api/v1/search?mode=advanced&q=" + url.QueryEscape(`gpu title:"open`), "", "", 400, "invalid_query", "q"},
		{"bad sort", "GET", "/api/v1/search?sort=up", "", "", 400, "invalid_parameter", "sort"},
		{"bad JSON", "POST", "/api/v1/search", "application/json", `{"q":`, 400, "invalid_parameter", "body"},
		{"unknown JSON field", "POST", "/api/v1/search", "application/json", `{"query":"x"}`, 400, "invalid_parameter", "body"},
		{"unknown facet in body", "POST", "/api/v1/search", "application/json", `{"filters":{"colour":["red"]}}`, 400, "invalid_parameter", "filters.colour"},
		{"body too large", "POST", "/api/v1/search", "application/json", big, 413, "too_large", ""},
		{"not JSON", "POST", "/api/v1/search", "text/plain", `q=x`, 415, "unsupported_media_type", ""},
		{"no question", "GET", "/api/v1/questions/nope", "", "", 404, "not_found", ""},
		{"no facet", "GET", "/api/v1/facets/colour", "", "", 404, "not_found", "name"},
		{"no route", "GET", "/api/v1/nothing", "", "", 404, "not_found", ""},
		{"wrong method", "DELETE", "/api/v1/search", "", "", 405, "method_not_allowed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, server(t)+tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var eb errorBody
			if err := json.Unmarshal(raw, &eb); err != nil {
				t.Fatalf("body is not JSON: %s", raw)
			}
			if resp.StatusCode != tc.status || eb.Error.Code != tc.code || eb.Error.Param != tc.param {
				t.Errorf("got %d %+v, want %d %s %s", resp.StatusCode, eb.Error, tc.status, tc.code, tc.param)
			}
			if bytes.Contains(raw, []byte("goroutine")) || bytes.Contains(raw, []byte(".go:")) {
				t.Errorf("stack trace in body: %s", raw)
			}
		})
	}
	resp, body := get(t, "/api/v1/search?mode=advanced&q="+url.QueryEscape(`gpu title:"open`))
	var eb errorBody
	json.Unmarshal(body, &eb)
	if resp.StatusCode != 400 || eb.Error.Position == nil || *eb.Error.Position != 4 {
		t.Errorf("advanced error position: %s", body)
	}
}

func TestQuestionExamsFacets(t *testing.T) {
	resp, body := get(t, "/api/v1/questions/9100010")
	var q index.Question
	if json.Unmarshal(body, &q); resp.StatusCode != 200 || q.ID != "9100010" || len(q.Comments) == 0 {
		t.Errorf("question: %d %+v", resp.StatusCode, q)
	}
	resp, body = get(t, "/api/v1/exams")
	var exams struct{ Exams []index.ExamInfo }
	if json.Unmarshal(body, &exams); resp.StatusCode != 200 || len(exams.Exams) < 5 {
		t.Errorf("exams: %d %s", resp.StatusCode, body)
	}
	resp, body = get(t, "/api/v1/facets/exam?prefix=az")
	var fv struct{ Values []search.FacetValue }
	if json.Unmarshal(body, &fv); resp.StatusCode != 200 || len(fv.Values) != 1 || fv.Values[0].Value != "AZ-104" {
		t.Errorf("facet: %d %s", resp.StatusCode, body)
	}
}

func TestHTMLPageEscapes(t *testing.T) {
	resp, body := get(t, "/?q="+url.QueryEscape(`<script>alert(1)</script> aks`))
	if resp.StatusCode != 200 || bytes.Contains(body, []byte("<script>alert(1)")) || !bytes.Contains(body, []byte("&lt;script&gt;")) {
		t.Errorf("status %d, page not escaped", resp.StatusCode)
	}
}
