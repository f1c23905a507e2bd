package search

import (
	"context"
	"testing"

	"github.com/examsearch/examsearch/index/indextest"
)

func TestWarmMakesTheExamOrder(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(50))
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := len(e.order.docs), int(e.facetIx.all.GetCardinality()); got != want || want != 100 {
		t.Fatalf("exam order of %d documents after Warm, want %d (100)", got, want)
	}
	res, err := e.Search(context.Background(), Request{Size: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 3 || res.Hits[0].ID != e.order.ids[0] {
		t.Fatalf("first page %v does not start the exam order (%s)", res.Hits, e.order.ids[0])
	}
}
