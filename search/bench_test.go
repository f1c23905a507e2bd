package search_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
	"github.com/examsearch/examsearch/search"
)

// benchEngine opens $EXAMSEARCH_BENCH_INDEX (a full index) or builds the
// sample.
func benchEngine(b *testing.B) *search.Engine {
	if p := os.Getenv("EXAMSEARCH_BENCH_INDEX"); p != "" {
		ix, err := index.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { ix.Close() })
		dict, _ := index.DefaultDictionary()
		e, err := search.New(ix, dict, search.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return e
	}
	ix := indextest.Build(b, "testdata/hostile")
	dict, _ := index.DefaultDictionary()
	e, err := search.New(ix, dict, search.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

var benchQueries = []string{"aks gpu inference", "s3 lifecycle glacier", "ospf stub area", "storage account", "kubernets namespaces"}

func BenchmarkSearchFaceted(b *testing.B) {
	e := benchEngine(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), search.Request{Query: benchQueries[i%len(benchQueries)]}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchPlain(b *testing.B) {
	e := benchEngine(b)
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), search.Request{Query: benchQueries[i%len(benchQueries)], NoFacets: true, NoHighlight: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchFacetsOnly(b *testing.B) {
	e := benchEngine(b)
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), search.Request{Query: benchQueries[i%len(benchQueries)], NoHighlight: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchQueryFile runs $EXAMSEARCH_BENCH_QUERIES (one query a
// line, such as the anchors' mix) faceted and highlighted, as the API does.
func BenchmarkSearchQueryFile(b *testing.B) {
	p := os.Getenv("EXAMSEARCH_BENCH_QUERIES")
	if p == "" {
		b.Skip("EXAMSEARCH_BENCH_QUERIES not set")
	}
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	qs := strings.Fields(strings.ReplaceAll(string(data), " ", "\x00"))
	e := benchEngine(b)
	for i := 0; b.Loop(); i++ {
		q := strings.ReplaceAll(qs[i%len(qs)], "\x00", " ")
		if _, err := e.Search(context.Background(), search.Request{Query: q}); err != nil {
			b.Fatal(err)
		}
	}
}
