package search

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// facetIndex holds, for every value of every facet, the set of documents
// that have it, as a compressed bitmap of Bleve's internal document numbers.
// The index is immutable, so this is built once when the engine opens it;
// counting a facet is then one bitmap intersection a value instead of a
// visit to every hit's doc values.
type facetIndex struct {
	values map[Facet][]facetBits
	all    *roaring64.Bitmap
}

type facetBits struct {
	value string
	docs  *roaring64.Bitmap
}

func buildFacetIndex(ix *index.Index) (*facetIndex, error) {
	adv, err := ix.Bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi := &facetIndex{values: map[Facet][]facetBits{}, all: roaring64.New()}
	for _, f := range Facets {
		dict, err := r.FieldDict(f.field())
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", f, err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				dict.Close()
				return nil, fmt.Errorf("facet %s: %w", f, err)
			}
			terms = append(terms, e.Term)
		}
		dict.Close()
		for _, t := range terms {
			docs, err := postings(r, f.field(), t)
			if err != nil {
				return nil, fmt.Errorf("facet %s=%s: %w", f, t, err)
			}
			fi.all.Or(docs)
			fi.values[f] = append(fi.values[f], facetBits{value: t, docs: docs})
		}
	}
	return fi, nil
}

func postings(r bindex.IndexReader, field, term string) (*roaring64.Bitmap, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return nil, err
	}
	defer tfr.Close()
	docs := roaring64.New()
	for {
		d, err := tfr.Next(nil)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		docs.Add(d.ID.Value())
	}
	docs.RunOptimize()
	return docs, nil
}

// filter is the set of documents with any of the values.
func (fi *facetIndex) filter(f Facet, vals []string) *roaring64.Bitmap {
	out := roaring64.New()
	for _, fb := range fi.values[f] {
		for _, v := range vals {
			if fb.value == v {
				out.Or(fb.docs)
			}
		}
	}
	return out
}

// count is the top values of facet f among docs, most frequent first, and
// how many matches fell in values beyond the top.
func (fi *facetIndex) count(f Facet, docs *roaring64.Bitmap, size int, selected []string) FacetResult {
	res := FacetResult{Name: f}
	for _, fb := range fi.values[f] {
		if n := int(docs.AndCardinality(fb.docs)); n > 0 {
			res.Values = append(res.Values, FacetValue{Value: fb.value, Count: n})
		}
	}
	sort.SliceStable(res.Values, func(i, j int) bool { return res.Values[i].Count > res.Values[j].Count })
	if len(res.Values) > size {
		for _, v := range res.Values[size:] {
			res.Other += v.Count
		}
		res.Values = res.Values[:size]
	}
	for i := range res.Values {
		res.Values[i].Selected = slices.Contains(selected, res.Values[i].Value)
	}
	for _, v := range selected {
		if !slices.ContainsFunc(res.Values, func(x FacetValue) bool { return x.Value == v }) {
			n := 0
			for _, fb := range fi.values[f] {
				if fb.value == v {
					n = int(docs.AndCardinality(fb.docs))
				}
			}
			res.Values = append(res.Values, FacetValue{Value: v, Count: n, Selected: true})
		}
	}
	return res
}

// recordQuery runs its query and notes every document it returns: wrapped
// around the root of a search, that is the whole result set, which the
// facets are then counted over.
type recordQuery struct {
	query.Query
	docs *roaring64.Bitmap
}

func (q *recordQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &recordSearcher{Searcher: s, docs: q.docs}, nil
}

type recordSearcher struct {
	bsearch.Searcher
	docs *roaring64.Bitmap
}

func (s *recordSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	m, err := s.Searcher.Next(ctx)
	if m != nil {
		s.docs.Add(m.IndexInternalID.Value())
	}
	return m, err
}

func (s *recordSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	m, err := s.Searcher.Advance(ctx, id)
	if m != nil {
		s.docs.Add(m.IndexInternalID.Value())
	}
	return m, err
}
