package index_test

import (
	"os"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
)

func proseAnalyzer(t testing.TB) analysis.Analyzer {
	an, err := registry.NewCache().AnalyzerNamed(index.AnalyzerProse)
	if err != nil {
		t.Fatal(err)
	}
	return an
}

// TestProseAnalyzer pins what the index sees, stems remembered or not.
func TestProseAnalyzer(t *testing.T) {
	an := proseAnalyzer(t)
	for range 2 { // the second pass reads the remembered stems
		var got []string
		for _, tok := range an.Analyze([]byte("The model's GPU-based inferencing: deploying token_auth_enabled keys, Kubernetes clusters.")) {
			got = append(got, string(tok.Term))
		}
		want := "model gpu base inferenc deploi token auth enabl kei kubernet cluster"
		if strings.Join(got, " ") != want {
			t.Errorf("terms %q, want %q", strings.Join(got, " "), want)
		}
	}
}

// BenchmarkAnalyzeComments analyses a real question with its discussion
// (the seed) the way the build does.
func BenchmarkAnalyzeComments(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Require(b) + "/corpus/dp-100/questions/question_374.md")
	if err != nil {
		b.Fatal(err)
	}
	an := proseAnalyzer(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		an.Analyze(data)
	}
}
