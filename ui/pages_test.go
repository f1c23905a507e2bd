package ui_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestSearchPage(t *testing.T) {
	resp, body := get(t, "/?"+url.Values{"q": {"storage"}, "exam": {"AZ-104"}}.Encode())
	page := string(body)
	if resp.StatusCode != 200 || !strings.Contains(page, `class="hit"`) || !strings.Contains(page, "Remove filter Exam: AZ-104") {
		t.Fatalf("search page: %d\n%.2000s", resp.StatusCode, page)
	}
	// Each facet value links to the page with that value toggled.
	if !regexp.MustCompile(`href="/\?[^"]*exam=AZ-104[^"]*exam=`).MatchString(page) && !regexp.MustCompile(`href="/\?[^"]*exam=[^"]*exam=AZ-104`).MatchString(page) {
		t.Errorf("no link adding a second exam")
	}
	// The script's partial view holds only the results.
	resp, body = get(t, "/?q=storage&partial=1")
	if resp.StatusCode != 200 || strings.Contains(string(body), "<html") || !strings.Contains(string(body), `class="hit"`) {
		t.Errorf("partial: %d %.300s", resp.StatusCode, body)
	}
	// Zero results offer a looser search.
	_, body = get(t, "/?q=storage+zzzyyyxxx+qqqwwweee")
	if !strings.Contains(string(body), "No question matches") || !strings.Contains(string(body), "Search for") {
		t.Errorf("zero results: %.1500s", body)
	}
	// Bad parameters are said on the page, not as JSON.
	resp, body = get(t, "/?size=5000")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `role="alert"`) {
		t.Errorf("bad parameter: %d", resp.StatusCode)
	}
}

func TestQuestionPageIsSafe(t *testing.T) {
	resp, body := get(t, "/q/990001")
	page := string(body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>eve</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;") || !strings.Contains(page, "Reveal answer") {
		t.Errorf("comment not shown as text, or no reveal")
	}
	resp, body = get(t, "/q/9100010")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<progress") || !strings.Contains(string(body), "Azure Kubernetes Service") {
		t.Errorf("GPU question page: %d", resp.StatusCode)
	}
	if resp, _ := get(t, "/q/nope"); resp.StatusCode != 404 {
		t.Errorf("missing question: %d", resp.StatusCode)
	}
}

func TestExamsPageAndAssets(t *testing.T) {
	resp, body := get(t, "/exams")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "AZ-104") || !strings.Contains(string(body), "Cisco") {
		t.Errorf("exams: %d", resp.StatusCode)
	}
	m := regexp.MustCompile(`/static/style\.css\?v=[0-9a-f]+`).FindString(string(body))
	if m == "" {
		t.Fatal("no cache-busted stylesheet link")
	}
	resp, _ = get(t, m)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("asset: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if resp, _ := get(t, "/static/..%2fserver.go"); resp.StatusCode != 404 {
		t.Errorf("path escape: %d", resp.StatusCode)
	}
}

// TestNoScriptPathMatchesAPI: the plain form submit (what a browser without
// JavaScript does) shows the same results as the API.
func TestNoScriptPathMatchesAPI(t *testing.T) {
	params := url.Values{"q": {"storage lifecycle"}, "provider": {"Amazon", "Microsoft"}, "sort": {"relevance"}}
	_, page := get(t, "/?"+params.Encode())
	_, api := get(t, "/api/v1/search?"+params.Encode())
	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.Unmarshal(api, &res); err != nil || res.Total == 0 {
		t.Fatalf("api: %v %s", err, api)
	}
	if !strings.Contains(string(page), fmt.Sprintf(">%d questions", res.Total)) {
		t.Errorf("page total differs from the API's %d", res.Total)
	}
	links := regexp.MustCompile(`<p class="where"><a href="/q/([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(links) != len(res.Hits) {
		t.Fatalf("page shows %d hits, API %d", len(links), len(res.Hits))
	}
	for i, m := range links {
		if m[1] != res.Hits[i].ID {
			t.Errorf("hit %d: page %s, API %s", i, m[1], res.Hits[i].ID)
		}
	}
}

func TestImagesBesideTheDump(t *testing.T) {
	_, body := get(t, "/q/microsoft-dp-100-q4")
	for _, src := range []string{`src="/img/microsoft-dp-100-q4/0"`, `src="/img/microsoft-dp-100-q4/1"`} {
		if !strings.Contains(string(body), src) {
			t.Errorf("question page lacks %s", src)
		}
	}
	resp, img := get(t, "/img/microsoft-dp-100-q4/0")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(img), "\x89PNG") {
		t.Errorf("image: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// A dump's image path that climbs out of its folders is never served.
	for _, p := range []string{"/img/acme-host-101-q7/0", "/img/microsoft-dp-100-q4/7", "/img/microsoft-dp-100-q4/-1", "/img/nope/0"} {
		if resp, _ := get(t, p); resp.StatusCode != 404 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	// Images on the dump's website are a placeholder, not a request elsewhere.
	_, body = get(t, "/q/9100006")
	if strings.Contains(string(body), "example.invalid") || !strings.Contains(string(body), "not shown here") {
		t.Errorf("remote image not replaced by a placeholder")
	}
}
