package search

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2/roaring64"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// sortKeys are the Bleve sort orders; each ends on _id so that the order
// is total and a cursor is exact.
var sortKeys = map[Sort][]string{
	SortRelevance: {"-_score", "_id"},
	SortNewest:    {"-" + index.FieldCreated, "_id"},
	SortUpvoted:   {"-" + index.FieldUpvotes, "_id"},
	SortDisputed:  {"-" + index.FieldDispute, "-" + index.FieldUpvotes, "_id"},
	SortExam:      {index.FieldProvider, index.FieldExam, index.FieldOrder, "_id"},
}

// run executes a plan: the page of hits with the facets that have no
// filter, and for each filtered facet its own count without its filter.
func (e *Engine) run(ctx context.Context, p *plan, req *Request) (*Result, error) {
	run := e.runRanked
	switch {
	case p.text == nil && req.Sort != SortRelevance:
		run = e.browse
	case p.text == nil:
		return e.runBleve(ctx, p, req)
	}
	res, ok, err := run(ctx, p, req)
	if ok || err != nil {
		return res, err
	}
	return e.runBleve(ctx, p, req) // after a cursor whose hit is gone
}

// runBleve is run through Bleve's collector and sorting: every question by
// relevance, and a page after a cursor whose hit this index lacks.
func (e *Engine) runBleve(ctx context.Context, p *plan, req *Request) (*Result, error) {
	var matched []uint64 // every document of the result, for the facets
	var root query.Query = e.query(p, "")
	if !req.NoFacets {
		root = &recordQuery{Query: root, docs: &matched}
	}
	main := bleve.NewSearchRequestOptions(root, req.Size, (req.Page-1)*req.Size, false)
	main.SortBy(sortKeys[req.Sort])
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor, req.Sort, len(sortKeys[req.Sort]))
		if err != nil {
			return nil, err
		}
		main.From, main.SearchAfter = 0, c.After
	}
	sr, err := e.bleveSearch(ctx, main)
	if err != nil {
		return nil, err
	}
	res := &Result{Query: req.Query, Total: sr.Total, Page: req.Page, Size: req.Size, Sort: req.Sort, Notes: p.notes}
	res.Pages = int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
	refs := make([]hitRef, len(sr.Hits))
	for i, h := range sr.Hits {
		refs[i] = hitRef{id: h.ID, score: h.Score}
	}
	if res.Hits, err = e.hits(ctx, refs, p, req); err != nil {
		return nil, err
	}
	if n := len(sr.Hits); n == req.Size && uint64(req.Page*req.Size) < res.Total || req.Cursor != "" && n == req.Size {
		res.NextCursor = nextCursor(req.Sort, sr.Hits[n-1].Sort, sr.Hits[n-1].Score)
	}
	if !req.NoFacets {
		if res.Facets, err = e.facets(ctx, p, req, matched, nil); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// runRanked is run for a text query, the common search: by relevance, or
// in another sort's order. ok is false when the page is after a cursor
// whose hit this index lacks.
func (e *Engine) runRanked(ctx context.Context, p *plan, req *Request) (res *Result, ok bool, err error) {
	filters := e.filterBitmaps(p)
	var pass *roaring64.Bitmap
	for _, b := range filters {
		if pass == nil {
			pass = b.Clone()
		} else {
			pass.And(b)
		}
	}
	rk, err := e.rankedSearch(ctx, p, req, pass, len(filters) > 0 && !req.NoFacets)
	if errors.Is(err, errCursorGone) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	res = &Result{Query: req.Query, Total: rk.total, Page: req.Page, Size: req.Size, Sort: req.Sort, Notes: p.notes}
	if p.relaxed != nil && rk.total < uint64(e.opts.RelaxBelow) {
		e.docBufs.put(rk.match, rk.text)
		return res, true, nil // Search runs the relaxed query instead; no page needed
	}
	res.Pages = int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
	if n := len(rk.top); n == req.Size && uint64(req.Page*req.Size) < res.Total || req.Cursor != "" && n == req.Size {
		res.NextCursor = nextCursor(req.Sort, rk.last, rk.top[n-1].score)
	}
	var facetErr error
	countFacets := func() {
		var text *roaring64.Bitmap
		if rk.text != nil {
			text = roaring64.New()
			text.AddMany(rk.text)
		}
		res.Facets, facetErr = e.facets(ctx, p, req, rk.match, text)
	}
	// With no other search running, the facets are counted while the hits
	// are read, on the other core.
	var wg sync.WaitGroup
	switch {
	case req.NoFacets:
	case e.idle():
		wg.Go(countFacets)
	default:
		countFacets()
	}
	res.Hits, err = e.hits(ctx, rk.top, p, req)
	wg.Wait()
	e.docBufs.put(rk.match, rk.text)
	if err = cmp.Or(err, facetErr); err != nil {
		return nil, false, err
	}
	return res, true, nil
}

// filterBitmaps are the documents each filtered facet lets through.
func (e *Engine) filterBitmaps(p *plan) map[Facet]*roaring64.Bitmap {
	filters := map[Facet]*roaring64.Bitmap{}
	for f, vals := range p.filters {
		if len(vals) > 0 {
			filters[f] = e.facetIx.filter(f, vals)
		}
	}
	return filters
}

// facets counts every facet over the result, except that a facet with a
// filter of its own is counted without that filter (disjunctive faceting):
// over the text query's matches and the other facets' filters.
// text is the text query's matches without filters, when known.
func (e *Engine) facets(ctx context.Context, p *plan, req *Request, matched []uint64, text *roaring64.Bitmap) ([]FacetResult, error) {
	filters := e.filterBitmaps(p)
	if len(filters) > 0 && text == nil {
		if p.text == nil {
			text = e.facetIx.all
		} else {
			var docs []uint64
			r := bleve.NewSearchRequestOptions(&recordQuery{Query: p.text, docs: &docs}, 0, 0, false)
			if _, err := e.bleveSearch(ctx, r); err != nil {
				return nil, err
			}
			text = roaring64.New()
			text.AddMany(docs)
		}
	}
	out := make([]FacetResult, 0, len(Facets))
	if p.text == nil && len(filters) == 0 { // every question: counted once, at open
		for _, f := range Facets {
			out = append(out, e.facetIx.result(f, e.facetIx.totals[f], req.FacetSize, nil))
		}
		return out, nil
	}
	// A large result's facets take milliseconds to count: on both cores
	// when the search is alone.
	out = out[:len(Facets)]
	e.spread(len(Facets), func(i int) {
		f, base := Facets[i], matched
		if _, own := filters[f]; own {
			b := text.Clone()
			for g, fb := range filters {
				if g != f {
					b.And(fb)
				}
			}
			base = b.ToArray()
		}
		out[i] = e.facetIx.count(f, base, req.FacetSize, p.filters[f])
	})
	return out, nil
}

// nextCursor encodes where the next page starts. Bleve reports a
// placeholder for the score among the sort values; it wants the score back.
func nextCursor(s Sort, sortValues []string, score float64) string {
	after := slices.Clone(sortValues)
	for i, k := range sortKeys[s] {
		if strings.TrimPrefix(k, "-") == "_score" {
			after[i] = strconv.FormatFloat(score, 'g', -1, 64)
		}
	}
	return cursor{Sort: s, After: after}.encode()
}

// query combines the text query with every filter but the one of skip.
func (e *Engine) query(p *plan, skip Facet) query.Query {
	var parts []query.Query
	if p.text != nil {
		parts = append(parts, p.text)
	}
	for _, f := range Facets {
		vals := p.filters[f]
		if f == skip || len(vals) == 0 {
			continue
		}
		var or []query.Query
		for _, v := range vals {
			tq := query.NewTermQuery(v)
			tq.SetField(f.field())
			or = append(or, tq)
		}
		parts = append(parts, query.NewDisjunctionQuery(or))
	}
	switch len(parts) {
	case 0:
		return query.NewMatchAllQuery()
	case 1:
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// hitRef is a hit before its question is read.
type hitRef struct {
	id    string
	score float64
	rank  uint32 // place in a sort's order, for a cursor in one
}

func (e *Engine) hits(ctx context.Context, refs []hitRef, p *plan, req *Request) ([]Hit, error) {
	out := make([]Hit, len(refs))
	errs := make([]error, len(refs))
	e.spread(len(refs), func(i int) { out[i], errs[i] = e.hit(ctx, refs[i], p, req) })
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// hit reads one question of the page and marks the query in it.
func (e *Engine) hit(ctx context.Context, h hitRef, p *plan, req *Request) (Hit, error) {
	if err := ctx.Err(); err != nil {
		return Hit{}, err
	}
	q, err := e.ix.Store.Get(h.id)
	if err != nil {
		return Hit{}, err
	}
	text := plainText(q.Text)
	hit := Hit{ID: q.ID, Provider: q.Provider, Exam: q.Exam, ExamCode: q.ExamCode, Topic: q.Topic,
		Number: q.Number, URL: q.URL, Question: text, Choices: q.Choices,
		Answer: q.Answer, CommunityAnswer: q.CommunityAnswer(), Community: q.Community,
		Disputed: q.Disputed, Type: string(q.Type), Services: q.Services, Comments: len(q.Comments), Score: h.score}
	if !req.NoHighlight && len(p.marks) > 0 {
		hit.Highlights = e.highlight(q, text, p.marks)
	}
	return hit, nil
}
