package search

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// sortedCorpus is the generated corpus with the values the sorts read
// varied, ties among them included: dates, upvotes and community votes.
func sortedCorpus(n int) []index.Question {
	qs := generatedCorpus(n)
	for i := range qs {
		q := &qs[i]
		q.Created = time.Unix(1_600_000_000+int64(i%37)*86_400, 0).UTC()
		for c := range q.Comments {
			q.Comments[c].Upvotes = (i*7 + c*3) % 11
		}
		if i%3 == 0 {
			q.Community = []index.Vote{{Answer: "A", Percent: 100 - i%50}, {Answer: "B", Percent: i % 50}}
		}
	}
	for _, id := range []string{"tie-2", "tie-1", "tie-3"} { // alike but for the text
		qs = append(qs, index.Question{ID: id, Provider: "Generated", Exam: "Exam A", Number: 7, Type: index.TypeSingle,
			Text: "a storage account question of its own, numbered like another: " + id})
	}
	return qs
}

func sortedEngine(t *testing.T) *Engine {
	t.Helper()
	ix := indextest.BuildQuestions(t, sortedCorpus(150))
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Every sort's order, as Warm makes it, is Bleve's sort of the whole index.
func TestWarmMakesBlevesSortOrders(t *testing.T) {
	e := sortedEngine(t)
	if err := e.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, s := range Sorts {
		if s == SortRelevance {
			continue
		}
		t.Run(string(s), func(t *testing.T) {
			o, err := e.sortOrder(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.refs(o.docs)
			if err != nil {
				t.Fatal(err)
			}
			var ids, want []string
			for _, h := range got {
				ids = append(ids, h.id)
			}
			for _, h := range bleveSorted(t, e, query.NewMatchAllQuery(), s, 1000) {
				want = append(want, h.id)
			}
			if len(want) != 303 || !slices.Equal(ids, want) {
				t.Fatalf("%s order (%d)\n%v\nBleve's sort (%d)\n%v", s, len(ids), ids, len(want), want)
			}
		})
	}
}

// searchBy runs req as Search does (the relaxed query when too few
// questions have every word), through run or through Bleve's collector.
func searchBy(t *testing.T, e *Engine, req Request, viaBleve bool) *Result {
	t.Helper()
	ctx := context.Background()
	if err := req.Normalize(); err != nil {
		t.Fatal(err)
	}
	run := e.run
	if viaBleve {
		run = e.runBleve
	}
	p, err := e.plan(ctx, &req)
	if err != nil {
		t.Fatal(err)
	}
	res, err := run(ctx, p, &req)
	if err == nil && p.relaxed != nil && res.Total < uint64(e.opts.RelaxBelow) {
		p.text, p.relaxed = p.relaxed, nil
		res, err = run(ctx, p, &req)
	}
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return res
}

// Searches sorted other than by relevance give Bleve's pages, cursors,
// totals and facets, and with no filter its scores too (a filter is a
// clause of Bleve's query, which adds to the score; the engine's filters
// do not, as when sorting by relevance).
func TestSortedSearchesAgreeWithBleve(t *testing.T) {
	e := sortedEngine(t)
	// Searches are divided in two halves when the index is large: here
	// with halves of 100 documents, and undivided.
	for _, half := range []uint64{100, 1 << 40} {
		e.halfDocs = half
		sortedAgreeWithBleve(t, e)
	}
}

func sortedAgreeWithBleve(t *testing.T, e *Engine) {
	for _, s := range Sorts {
		if s == SortRelevance {
			continue
		}
		for _, q := range []string{"", "storage account", "zone", "virtual machine network", "blob-container zone", "nothingmatchesthis"} {
			for _, exam := range [][]string{nil, {"Exam A"}} {
				t.Run(fmt.Sprintf("halves of %d/%s/%q/%v", e.halfDocs, s, q, exam), func(t *testing.T) {
					for _, size := range []int{3, 10} {
						for page := 1; page <= 3; page++ {
							req := Request{Query: q, Sort: s, Size: size, Page: page, Filters: filters(exam)}
							sameResult(t, req, searchBy(t, e, req, false), searchBy(t, e, req, true), exam == nil)
						}
						// Four pages on by cursor, from the first page's.
						req := Request{Query: q, Sort: s, Size: size, Filters: filters(exam)}
						got, want := searchBy(t, e, req, false), searchBy(t, e, req, true)
						for range 4 {
							if got.NextCursor == "" {
								break
							}
							req.Cursor = got.NextCursor
							got, want = searchBy(t, e, req, false), searchBy(t, e, req, true)
							sameResult(t, req, got, want, exam == nil)
						}
					}
				})
			}
		}
	}
}

func sameResult(t *testing.T, req Request, got, want *Result, scores bool) {
	t.Helper()
	ids := func(r *Result) (out []string) {
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	if got.Total != want.Total || got.Pages != want.Pages || !slices.Equal(ids(got), ids(want)) || got.NextCursor != want.NextCursor {
		t.Fatalf("%+v:\ngot  %d (%d pages) %v next %q\nwant %d (%d pages) %v next %q", req,
			got.Total, got.Pages, ids(got), got.NextCursor, want.Total, want.Pages, ids(want), want.NextCursor)
	}
	if !reflect.DeepEqual(got.Facets, want.Facets) {
		t.Fatalf("%+v: facets\ngot  %+v\nwant %+v", req, got.Facets, want.Facets)
	}
	if scores && req.Query != "" {
		for i := range got.Hits {
			if got.Hits[i].Score != want.Hits[i].Score {
				t.Fatalf("%+v: %s scores %v, Bleve %v", req, got.Hits[i].ID, got.Hits[i].Score, want.Hits[i].Score)
			}
		}
	}
}

func filters(exam []string) map[Facet][]string {
	if exam == nil {
		return nil
	}
	return map[Facet][]string{FacetExam: exam}
}

// A cursor may outlive its build: where its hit is gone, the page after
// its sort values comes from Bleve's search-after, as before this index.
func TestCursorWhoseHitIsGone(t *testing.T) {
	e := sortedEngine(t)
	for _, q := range []string{"", "storage account"} {
		first := searchBy(t, e, Request{Query: q, Sort: SortNewest, Size: 5}, false)
		c, err := decodeCursor(first.NextCursor, SortNewest, len(sortKeys[SortNewest]))
		if err != nil {
			t.Fatal(err)
		}
		c.After[len(c.After)-1] = "gone-from-this-build"
		req := Request{Query: q, Sort: SortNewest, Size: 5, Cursor: c.encode()}
		got, want := searchBy(t, e, req, false), searchBy(t, e, req, true)
		if len(got.Hits) == 0 {
			t.Fatalf("%q: no page after a cursor whose hit is gone", q)
		}
		sameResult(t, req, got, want, true)
	}
}
