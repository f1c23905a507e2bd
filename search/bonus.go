package search

import (
	"bytes"
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// bonusQuery matches what main matches; where bonus matches too, main's
// score is multiplied by 1 + multiply × bonus's score. The bonus searcher is only moved to main's
// documents, so an expensive bonus (a phrase of common words) costs little.
type bonusQuery struct {
	main, bonus query.Query
	multiply    float64
}

func (q *bonusQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	main, err := q.main.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	bonus, err := q.bonus.Searcher(ctx, r, m, opts)
	if err != nil {
		_ = main.Close()
		return nil, err
	}
	return &bonusSearcher{main: main, bonus: bonus, multiply: q.multiply, explain: opts.Explain}, nil
}

type bonusSearcher struct {
	main, bonus search.Searcher
	curr        *search.DocumentMatch // bonus's current match; nil before the first or after the last
	done        bool
	multiply    float64
	explain     bool
}

func (s *bonusSearcher) add(ctx *search.SearchContext, m *search.DocumentMatch) (*search.DocumentMatch, error) {
	if m == nil || s.done {
		return m, nil
	}
	if s.curr == nil || bytes.Compare(s.curr.IndexInternalID, m.IndexInternalID) < 0 {
		if s.curr != nil {
			ctx.DocumentMatchPool.Put(s.curr)
		}
		b, err := s.bonus.Advance(ctx, m.IndexInternalID)
		if err != nil {
			return nil, err
		}
		s.curr, s.done = b, b == nil
		if b == nil {
			return m, nil
		}
	}
	if bytes.Equal(s.curr.IndexInternalID, m.IndexInternalID) {
		m.Score *= 1 + s.multiply*s.curr.Score
		if s.explain {
			m.Expl = &search.Explanation{Value: m.Score, Message: "with bonus:", Children: []*search.Explanation{m.Expl, s.curr.Expl}}
		}
		m.FieldTermLocations = append(m.FieldTermLocations, s.curr.FieldTermLocations...)
	}
	return m, nil
}

func (s *bonusSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.main.Next(ctx)
	if err != nil {
		return nil, err
	}
	return s.add(ctx, m)
}

func (s *bonusSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.main.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.add(ctx, m)
}

func (s *bonusSearcher) Close() error {
	err := s.main.Close()
	if e2 := s.bonus.Close(); err == nil {
		err = e2
	}
	if err != nil {
		return fmt.Errorf("close bonus searcher: %w", err)
	}
	return nil
}

func (s *bonusSearcher) Weight() float64 { return s.main.Weight() + s.bonus.Weight() }

func (s *bonusSearcher) SetQueryNorm(n float64) {
	s.main.SetQueryNorm(n)
	s.bonus.SetQueryNorm(n)
}

func (s *bonusSearcher) Count() uint64 { return s.main.Count() }
func (s *bonusSearcher) Min() int      { return 0 }
func (s *bonusSearcher) Size() int     { return 48 + s.main.Size() + s.bonus.Size() }

func (s *bonusSearcher) DocumentMatchPoolSize() int {
	return s.main.DocumentMatchPoolSize() + s.bonus.DocumentMatchPoolSize() + 1
}
