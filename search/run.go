package search

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	main := bleve.NewSearchRequestOptions(e.query(p, ""), req.Size, (req.Page-1)*req.Size, false)
	main.SortBy(sortKeys[req.Sort])
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor, req.Sort, len(sortKeys[req.Sort]))
		if err != nil {
			return nil, err
		}
		main.From, main.SearchAfter = 0, c.After
	}
	var own []Facet // facets counted without their own filter
	if !req.NoFacets {
		for _, f := range Facets {
			if len(p.filters[f]) > 0 {
				own = append(own, f)
				continue
			}
			main.AddFacet(string(f), bleve.NewFacetRequest(f.field(), req.FacetSize))
		}
	}
	results := make([]*bleve.SearchResult, len(own)+1)
	errs := make([]error, len(own)+1)
	var wg sync.WaitGroup
	for i, f := range own {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := bleve.NewSearchRequestOptions(e.query(p, f), 0, 0, false)
			r.AddFacet(string(f), bleve.NewFacetRequest(f.field(), req.FacetSize))
			results[i+1], errs[i+1] = e.bleveSearch(ctx, r)
		}()
	}
	results[0], errs[0] = e.bleveSearch(ctx, main)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	res := &Result{Query: req.Query, Total: results[0].Total, Page: req.Page, Size: req.Size, Sort: req.Sort, Notes: p.notes}
	res.Pages = int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
	hits, err := e.hits(ctx, results[0], p, req)
	if err != nil {
		return nil, err
	}
	res.Hits = hits
	if n := len(results[0].Hits); n == req.Size && uint64(req.Page*req.Size) < res.Total || req.Cursor != "" && n == req.Size {
		last := results[0].Hits[n-1]
		after := slices.Clone(last.Sort)
		for i, k := range sortKeys[req.Sort] {
			if strings.TrimPrefix(k, "-") == "_score" { // Bleve gives a placeholder; it wants the score back
				after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			}
		}
		res.NextCursor = cursor{Sort: req.Sort, After: after}.encode()
	}
	if !req.NoFacets {
		res.Facets = facetResults(results, own, p)
	}
	return res, nil
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

func (e *Engine) hits(ctx context.Context, sr *bleve.SearchResult, p *plan, req *Request) ([]Hit, error) {
	out := make([]Hit, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q, err := e.ix.Store.Get(h.ID)
		if err != nil {
			return nil, err
		}
		hit := Hit{ID: q.ID, Provider: q.Provider, Exam: q.Exam, ExamCode: q.ExamCode, Topic: q.Topic,
			Number: q.Number, URL: q.URL, Question: plainText(q.Text), Choices: q.Choices,
			Answer: q.Answer, CommunityAnswer: q.CommunityAnswer(), Community: q.Community,
			Disputed: q.Disputed, Type: string(q.Type), Services: q.Services, Comments: len(q.Comments), Score: h.Score}
		if !req.NoHighlight && len(p.marks) > 0 {
			hit.Highlights = e.highlight(q, p.marks)
		}
		out = append(out, hit)
	}
	return out, nil
}
