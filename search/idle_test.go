package search

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/examsearch/examsearch/index/indextest"
)

// A search alone on the engine spreads its walk, hits and facets over the
// cores; under load it does them one after another. Both give the same
// result, and both report a cancelled search.
func TestIdleAndBusySearchesAgree(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(300))
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.halfDocs = 64
	reqs := []Request{
		{Query: "storage account"},
		{Query: "virtual machine network", Size: 20},
		{Query: "backup restore", Page: 2},
		{Query: "query cache latency", Filters: map[Facet][]string{FacetExam: {"Exam B"}}},
		{Query: "blob", NoFacets: true},
		{Query: "gateway", NoHighlight: true},
	}
	for _, req := range reqs {
		idle, err := e.Search(context.Background(), req)
		if err != nil {
			t.Fatalf("%+v alone: %v", req, err)
		}
		e.running.Add(1) // another search, as far as this one can tell
		busy, err := e.Search(context.Background(), req)
		e.running.Add(-1)
		if err != nil {
			t.Fatalf("%+v under load: %v", req, err)
		}
		if len(idle.Hits) == 0 || !req.NoFacets && len(idle.Facets) == 0 || !req.NoHighlight && idle.Hits[0].Highlights == nil {
			t.Fatalf("%+v: too little to compare: %d hits, %d facets", req, len(idle.Hits), len(idle.Facets))
		}
		idle.Took, idle.TookMS, busy.Took, busy.TookMS = 0, 0, 0, 0
		if !reflect.DeepEqual(idle, busy) {
			t.Errorf("%+v: alone and under load differ\nalone: %+v\nbusy:  %+v", req, idle, busy)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, busy := range []int32{0, 1} {
		e.running.Add(busy)
		_, err := e.Search(ctx, Request{Query: "storage account"})
		e.running.Add(-busy)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled search (other searches: %d): err %v", busy, err)
		}
	}
}
