package search

import (
	"slices"
	"strings"
	"testing"
)

var windowQueries = []string{
	"aks gpu inference", "deploy", "model's", `"storage account"`, `"azure kubernetes service"`, "kubernets namespaces",
	"s3 lifecycle glacier", "ospf stub area", "don't", "the of a", "x", "1", "ACE", "compute target inference cluster",
}

// Reading only the windows around the probes finds what reading the whole
// text finds, on every file of the sample, the hostile corpus and (when at
// hand) dp-100, for queries with phrases, typos, stop words and
// apostrophes.
func TestWindowsMatchWholeText(t *testing.T) {
	e := hotEngine(t)
	var texts []string
	for _, b := range corpusTexts(t) {
		texts = append(texts, string(b))
	}
	// A long word full of probes (a pasted blob, 2 MB) must not be
	// scanned again from each occurrence: that took 80 s at 500 KB, and
	// would outlast the test's timeout here.
	texts = append(texts, "deploy "+strings.Repeat("deploxxxxxxxxxxxxxxx", 100000)+" storage account", strings.Repeat("storage account ", 20000))
	spans, narrowed := 0, 0
	for _, q := range windowQueries {
		m := matcherFor(t, e, q)
		for _, text := range texts {
			want := e.matchesIn(text, m, []window{{from: 0, to: len(text)}})
			wins := m.windows(text, appendLower(nil, text))
			if len(wins) != 1 || wins[0].to-wins[0].from < len(text) {
				narrowed++
			}
			if got := e.matches(text, m); !slices.Equal(got, want) {
				t.Fatalf("query %q: windows found %v, the whole text %v, in\n%.300s", q, got, want, text)
			}
			spans += len(want)
		}
	}
	if spans < 100 || narrowed < len(texts) {
		t.Fatalf("too little to tell: %d spans, %d texts read through windows", spans, narrowed)
	}
}

// FuzzWindowsMatchWholeText checks the same on any text.
func FuzzWindowsMatchWholeText(f *testing.F) {
	for _, s := range []string{"", "Deploy the model's AKS cluster; don't. Azure Kubernetes Service!", "storage\naccount 'storage' accounts", "GPU-based inference''s x'y"} {
		f.Add(s)
	}
	e := hotEngine(f)
	var ms []*matcher
	for _, q := range windowQueries {
		ms = append(ms, matcherFor(f, e, q))
	}
	f.Fuzz(func(t *testing.T, text string) {
		for i, m := range ms {
			want := e.matchesIn(text, m, []window{{from: 0, to: len(text)}})
			if got := e.matches(text, m); !slices.Equal(got, want) {
				t.Fatalf("query %q: windows found %v, the whole text %v, in %q", windowQueries[i], got, want, text)
			}
		}
	})
}

// matcherFor is the matcher highlighting uses for a query.
func matcherFor(t testing.TB, e *Engine, q string) *matcher {
	return newMatcher(planFor(t, e, q).marks)
}
