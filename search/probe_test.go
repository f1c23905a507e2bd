package search

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/examsearch/examsearch/index"
)

// Highlighting screens text by probes: every word that stems to a term
// starts with the term's probe. Checked on every word of the sample, the
// hostile corpus and (when at hand) dp-100.
func TestProbesAreSafe(t *testing.T) {
	an, err := registry.NewCache().AnalyzerNamed(index.AnalyzerProse)
	if err != nil {
		t.Fatal(err)
	}
	texts := corpusTexts(t)
	seen := map[string]bool{}
	stemmed := 0
	for _, text := range texts {
		index.Words(text, func(word []byte, _, _ int, _ bool) {
			w := string(word)
			if seen[w] {
				return
			}
			seen[w] = true
			toks := an.Analyze(word)
			if len(toks) != 1 {
				return // a stop word
			}
			term := string(toks[0].Term)
			if term != w {
				stemmed++
			}
			if p := probe(term, 0); !strings.HasPrefix(w, p) {
				t.Errorf("%q stems to %q, whose probe %q it does not start with", w, term, p)
			}
		})
	}
	if len(seen) < 2000 || stemmed < 500 {
		t.Fatalf("too few words to tell: %d, %d stemmed", len(seen), stemmed)
	}
}
