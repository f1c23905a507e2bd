package search

import (
	"cmp"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// hotEngine opens $EXAMSEARCH_BENCH_INDEX (a full index) or builds the
// sample, for the benchmarks of single steps of a search.
func hotEngine(b testing.TB) *Engine {
	ix := (*index.Index)(nil)
	if p := os.Getenv("EXAMSEARCH_BENCH_INDEX"); p != "" {
		var err error
		if ix, err = index.Open(p); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { ix.Close() })
	} else {
		ix = indextest.Build(b, "testdata/hostile")
	}
	dict, err := index.DefaultDictionary()
	if err != nil {
		b.Fatal(err)
	}
	e, err := New(ix, dict, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Warm(context.Background()); err != nil { // as served
		b.Fatal(err)
	}
	return e
}

// BenchmarkFacetCount counts every facet over every question (browsing).
func BenchmarkFacetCount(b *testing.B) {
	e := hotEngine(b)
	docs := e.facetIx.all.ToArray()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range Facets {
			e.facetIx.count(f, docs, DefaultFacetSize, nil)
		}
	}
}

// BenchmarkHighlight highlights the top hits of a query, discussions
// included.
func BenchmarkHighlight(b *testing.B) {
	e := hotEngine(b)
	ctx := context.Background()
	req := Request{Query: "aks gpu inference deploy", NoFacets: true, NoHighlight: true}
	if err := req.Normalize(); err != nil {
		b.Fatal(err)
	}
	p, err := e.plan(ctx, &req)
	if err != nil {
		b.Fatal(err)
	}
	res, err := e.Search(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("no hits: %v", err)
	}
	var qs []*index.Question
	for _, h := range res.Hits {
		q, err := e.Question(ctx, h.ID)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			e.highlight(q, plainText(q.Text), p.marks)
		}
	}
}

var benchQueries = []string{"aks gpu inference", "s3 lifecycle glacier", "ospf stub area", "storage account", "kubernets namespaces"}

func BenchmarkSearchFaceted(b *testing.B) {
	e := hotEngine(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), Request{Query: benchQueries[i%len(benchQueries)]}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchPlain(b *testing.B) {
	e := hotEngine(b)
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), Request{Query: benchQueries[i%len(benchQueries)], NoFacets: true, NoHighlight: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearchFacetsOnly(b *testing.B) {
	e := hotEngine(b)
	for i := 0; b.Loop(); i++ {
		if _, err := e.Search(context.Background(), Request{Query: benchQueries[i%len(benchQueries)], NoHighlight: true}); err != nil {
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
	e := hotEngine(b)
	for i := 0; b.Loop(); i++ {
		q := strings.ReplaceAll(qs[i%len(qs)], "\x00", " ")
		if _, err := e.Search(context.Background(), Request{Query: q}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSortedSearch runs searches in every order but relevance,
// browsing and with a query, by the engine's in-memory orders and, for
// comparison, through Bleve's sorting collector.
func BenchmarkSortedSearch(b *testing.B) {
	e := hotEngine(b) // warmed up: the orders are made
	for _, s := range Sorts {
		if s == SortRelevance {
			continue
		}
		for _, q := range []string{"", "data", "storage account"} {
			for _, path := range []string{"engine", "bleve"} {
				b.Run(string(s)+"/"+strings.ReplaceAll(cmp.Or(q, "browse"), " ", "_")+"/"+path, func(b *testing.B) {
					req := Request{Query: q, Sort: s}
					if err := req.Normalize(); err != nil {
						b.Fatal(err)
					}
					for b.Loop() {
						p, err := e.plan(context.Background(), &req)
						if err == nil {
							if path == "engine" {
								_, err = e.run(context.Background(), p, &req)
							} else {
								_, err = e.runBleve(context.Background(), p, &req)
							}
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
