package search

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// facetIndex holds, for every value of every facet, the set of documents
// that have it, as a compressed bitmap of Bleve's internal document numbers,
// and for every document the ordinals of its values (a column per facet).
// The index is immutable, so this is built once when the engine opens it.
// Filters are unions of the bitmaps; counting walks the result's documents
// through the columns: a few array reads a hit, where intersecting the
// result with each of hundreds of exams' bitmaps cost milliseconds.
type facetIndex struct {
	values map[Facet][]facetBits
	cols   map[Facet]column
	all    *roaring64.Bitmap
	totals map[Facet][]int // counts over every document, by value ordinal
}

type facetBits struct {
	value string
	docs  *roaring64.Bitmap
}

// column lists each document's value ordinals: those of document d are
// ords[start[d]:start[d+1]]; or, when no document has more than one value,
// single[d] is its ordinal plus one (0: none), one read a document.
type column struct {
	start  []uint32
	ords   []uint16
	single []uint16
}

func buildFacetIndex(ix *index.Index) (*facetIndex, error) {
	r, err := openReader(ix)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi := &facetIndex{values: map[Facet][]facetBits{}, cols: map[Facet]column{}, all: roaring64.New()}
	for _, f := range Facets {
		terms, err := fieldTerms(r, f.field())
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", f, err)
		}
		if len(terms) > math.MaxUint16 {
			return nil, fmt.Errorf("facet %s has %d values, more than %d", f, len(terms), math.MaxUint16)
		}
		for _, t := range terms {
			docs, err := postings(r, f.field(), t)
			if err != nil {
				return nil, fmt.Errorf("facet %s=%s: %w", f, t, err)
			}
			fi.all.Or(docs)
			fi.values[f] = append(fi.values[f], facetBits{value: t, docs: docs})
		}
	}
	if !fi.all.IsEmpty() && fi.all.Maximum() >= math.MaxUint32 {
		return nil, fmt.Errorf("document number %d too large for facet columns", fi.all.Maximum())
	}
	fi.totals = map[Facet][]int{}
	docs := fi.all.ToArray()
	for f, vals := range fi.values {
		fi.cols[f] = newColumn(vals, fi.all)
		fi.totals[f] = make([]int, len(vals))
		fi.cols[f].tally(docs, fi.totals[f])
	}
	return fi, nil
}

func newColumn(vals []facetBits, all *roaring64.Bitmap) column {
	n := 0
	if !all.IsEmpty() {
		n = int(all.Maximum()) + 1
	}
	start := make([]uint32, n+1)
	multi := false
	for _, v := range vals {
		for it := v.docs.Iterator(); it.HasNext(); {
			d := it.Next()
			start[d+1]++
			multi = multi || start[d+1] > 1
		}
	}
	if !multi {
		single := make([]uint16, n)
		for o, v := range vals {
			for it := v.docs.Iterator(); it.HasNext(); {
				single[it.Next()] = uint16(o + 1)
			}
		}
		return column{single: single}
	}
	for d := 1; d <= n; d++ {
		start[d] += start[d-1]
	}
	ords := make([]uint16, start[n])
	fill := slices.Clone(start[:n])
	for o, v := range vals {
		for it := v.docs.Iterator(); it.HasNext(); {
			d := it.Next()
			ords[fill[d]] = uint16(o)
			fill[d]++
		}
	}
	return column{start: start, ords: ords}
}

// tally adds the values of docs to counts (one per value ordinal).
func (c column) tally(docs []uint64, counts []int) {
	if c.single != nil {
		for _, d := range docs {
			if d < uint64(len(c.single)) {
				if o := c.single[d]; o > 0 {
					counts[o-1]++
				}
			}
		}
		return
	}
	for _, d := range docs {
		if d+1 < uint64(len(c.start)) {
			for _, o := range c.ords[c.start[d]:c.start[d+1]] {
				counts[o]++
			}
		}
	}
}

// first is document d's first value as its ordinal + 1; 0: none.
func (c column) first(d uint64) uint32 {
	if c.single != nil {
		if d < uint64(len(c.single)) {
			return uint32(c.single[d])
		}
		return 0
	}
	if d+1 < uint64(len(c.start)) && c.start[d] < c.start[d+1] {
		return uint32(c.ords[c.start[d]]) + 1
	}
	return 0
}

// fieldTerms are the terms of field, in Bleve's order.
func fieldTerms(r bindex.IndexReader, field string) ([]string, error) {
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var terms []string
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			return nil, err
		}
		terms = append(terms, e.Term)
	}
	return terms, nil
}

// eachPosting calls f with every document holding term in field, in order.
func eachPosting(r bindex.IndexReader, field, term string, f func(doc uint64)) error {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d *bindex.TermFieldDoc // reused: one allocation, not one a posting
	for {
		if d, err = tfr.Next(d); err != nil || d == nil {
			return err
		}
		f(d.ID.Value())
	}
}

func postings(r bindex.IndexReader, field, term string) (*roaring64.Bitmap, error) {
	docs := roaring64.New()
	if err := eachPosting(r, field, term, func(d uint64) { docs.Add(d) }); err != nil {
		return nil, err
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
func (fi *facetIndex) count(f Facet, docs []uint64, size int, selected []string) FacetResult {
	counts := make([]int, len(fi.values[f]))
	fi.cols[f].tally(docs, counts)
	return fi.result(f, counts, size, selected)
}

// result is the facet's top values from its counts by value ordinal.
func (fi *facetIndex) result(f Facet, counts []int, size int, selected []string) FacetResult {
	res := FacetResult{Name: f}
	vals := fi.values[f]
	top, other := topValues(counts, size)
	res.Other = other
	for _, o := range top {
		res.Values = append(res.Values, FacetValue{Value: vals[o].value, Count: counts[o]})
	}
	for i := range res.Values {
		res.Values[i].Selected = slices.Contains(selected, res.Values[i].Value)
	}
	for _, v := range selected {
		if !slices.ContainsFunc(res.Values, func(x FacetValue) bool { return x.Value == v }) {
			n := 0
			if o := slices.IndexFunc(vals, func(fb facetBits) bool { return fb.value == v }); o >= 0 {
				n = counts[o]
			}
			res.Values = append(res.Values, FacetValue{Value: v, Count: n, Selected: true})
		}
	}
	return res
}

// topValues are the ordinals of the size values of most counts (at least
// one), most first, ties in value order, and the sum of the other values'
// counts. It keeps the top as it goes rather than sorting every value
// present (an exam facet has 352 values a copy of the corpus).
func topValues(counts []int, size int) (top []int, other int) {
	size = max(size, 1)
	for o, n := range counts {
		if n <= 0 {
			continue
		}
		if len(top) == size && n <= counts[top[size-1]] {
			other += n
			continue
		}
		// After every value of as many counts: ties stay in value order.
		at, _ := slices.BinarySearchFunc(top, n, func(t, n int) int {
			if counts[t] >= n {
				return -1
			}
			return 1
		})
		if len(top) == size {
			other += counts[top[size-1]]
			top = top[:size-1]
		}
		top = slices.Insert(top, at, o)
	}
	return top, other
}

// recordQuery runs its query and notes every document it returns: wrapped
// around the root of a search, that is the whole result set, which the
// facets are then counted over. Documents come in increasing order.
type recordQuery struct {
	query.Query
	docs *[]uint64
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
	docs *[]uint64
}

func (s *recordSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	m, err := s.Searcher.Next(ctx)
	if m != nil {
		*s.docs = append(*s.docs, m.IndexInternalID.Value())
	}
	return m, err
}

func (s *recordSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	m, err := s.Searcher.Advance(ctx, id)
	if m != nil {
		*s.docs = append(*s.docs, m.IndexInternalID.Value())
	}
	return m, err
}

// docs is one more than the highest document number.
func (fi *facetIndex) docs() uint64 {
	if fi.all.IsEmpty() {
		return 0
	}
	return fi.all.Maximum() + 1
}
