package search

import (
	"context"
	"math"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// A word weighs by the field it is found in: the same word, once, in a
// question text of five words scores Question/Comments times what it scores
// in a comment of five words. (Bleve drops a term's boost under a sum, so
// this once failed with the two equal, and the tie put question 2 first.)
func TestFieldWeightsCount(t *testing.T) {
	qs := []index.Question{
		{ID: "in-question", Provider: "P", Exam: "E", Number: 1, Type: index.TypeSingle,
			Text: "zebra grazes near the river bank"},
		{ID: "in-comment", Provider: "P", Exam: "E", Number: 2, Type: index.TypeSingle,
			Text:     "lions sleep under acacia trees daily",
			Comments: []index.Comment{{Author: "x", Text: "zebra grazes near the river bank"}}},
	}
	ix := indextest.BuildQuestions(t, qs)
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Search(context.Background(), Request{Query: "zebra", NoFacets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].Number != 1 {
		t.Fatalf("hits %+v: the question holding the word should come first", res.Hits)
	}
	want := e.opts.Weights.Question / e.opts.Weights.Comments
	if got := res.Hits[0].Score / res.Hits[1].Score; math.Abs(got-want) > 1e-9 {
		t.Errorf("score ratio %g, want %g (the field weights)", got, want)
	}
}
