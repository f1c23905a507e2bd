package search

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// The exam order made from memory is Bleve's own sort by exam, ties on
// topic and number broken by ID, and Warm makes it.
func TestWarmMakesTheExamOrder(t *testing.T) {
	qs := generatedCorpus(50)
	for _, id := range []string{"tie-2", "tie-1", "tie-3"} { // alike but for the text
		qs = append(qs, index.Question{ID: id, Provider: "Generated", Exam: "Exam A", Number: 7, Type: index.TypeSingle,
			Text: "a question of its own, numbered like another: " + id})
	}
	ix := indextest.BuildQuestions(t, qs)
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := e.refs(e.order.docs)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, h := range bleveSorted(t, e, query.NewMatchAllQuery(), SortExam, 1000) {
		want = append(want, h.id)
	}
	var ids []string
	for _, h := range got {
		ids = append(ids, h.id)
	}
	if len(want) != 103 || !slices.Equal(ids, want) {
		t.Fatalf("exam order (%d)\n%v\nBleve's sort (%d)\n%v", len(ids), ids, len(want), want)
	}
}
