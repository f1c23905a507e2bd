package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// scaledQuery multiplies the scores of its query by factor. A boost set on
// a Bleve phrase or conjunction query cancels out: their searchers divide
// their terms' scores by the terms' own weights (a query norm of their
// own), so a field's weight or a rewrite's discount must be applied
// outside them.
type scaledQuery struct {
	q      query.Query
	factor float64
}

func scaled(q query.Query, factor float64) query.Query {
	if factor == 1 {
		return q
	}
	return &scaledQuery{q: q, factor: factor}
}

func (q *scaledQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.q.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &scaledSearcher{Searcher: s, factor: q.factor}, nil
}

type scaledSearcher struct {
	search.Searcher
	factor float64
}

func (s *scaledSearcher) scale(m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if m != nil {
		m.Score *= s.factor
		if m.Expl != nil {
			m.Expl = &search.Explanation{Value: m.Score, Message: "scaled:", Children: []*search.Explanation{m.Expl}}
		}
	}
	return m, err
}

func (s *scaledSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.scale(s.Searcher.Next(ctx))
}

func (s *scaledSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.scale(s.Searcher.Advance(ctx, id))
}
