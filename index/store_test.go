package index_test

import (
	"os"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// BenchmarkStoreGet reads questions from the store as hits do, from
// $EXAMSEARCH_BENCH_INDEX (a full index) or the sample.
func BenchmarkStoreGet(b *testing.B) {
	var ix *index.Index
	if p := os.Getenv("EXAMSEARCH_BENCH_INDEX"); p != "" {
		var err error
		if ix, err = index.Open(p); err != nil {
			b.Fatal(err)
		}
		defer ix.Close()
	} else {
		ix = indextest.Build(b)
	}
	sr, err := ix.Bleve.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 500, 0, false))
	if err != nil || len(sr.Hits) == 0 {
		b.Fatalf("no questions: %v", err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Store.Get(sr.Hits[i%len(sr.Hits)].ID); err != nil {
			b.Fatal(err)
		}
	}
}
