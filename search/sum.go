package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// sumQuery matches what any of its parts matches and scores the plain sum of
// the parts that matched. It is how one word is searched across fields:
// Bleve's DisjunctionQuery would multiply by the share of parts that
// matched, so a word found only in the comments (or only in the question)
// would count a quarter of a word found everywhere.
type sumQuery struct {
	parts []query.Query
	// coord, when above 0, multiplies the sum by (matched/parts)^coord:
	// how strongly a document matching more of the parts is preferred.
	coord float64
	// min is how many parts a document must match to be returned.
	min int
	// weights, when set, make coordination count parts by weight
	// rather than one each.
	weights []float64
}

func newSumQuery(parts ...query.Query) query.Query {
	if len(parts) == 1 {
		return parts[0]
	}
	return &sumQuery{parts: parts}
}

func (q *sumQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s := &sumSearcher{explain: opts.Explain, coord: q.coord, min: q.min, weights: q.weights}
	for _, w := range q.weights {
		s.total += w
	}
	for _, p := range q.parts {
		child, err := p.Searcher(ctx, r, m, opts)
		if err != nil {
			_ = s.Close()
			return nil, err
		}
		s.children = append(s.children, child)
	}
	s.curr = make([]*search.DocumentMatch, len(s.children))
	s.ids = make([]uint64, len(s.children))
	s.done = make([]bool, len(s.children))
	return s, nil
}

// sumSearcher merges its children's matches in document order.
type sumSearcher struct {
	children []search.Searcher
	curr     []*search.DocumentMatch
	ids      []uint64 // document numbers of curr
	done     []bool
	started  bool
	explain  bool
	coord    float64
	min      int
	weights  []float64
	total    float64                // of weights
	target   bindex.IndexInternalID // align's buffer
}

func (s *sumSearcher) start(ctx *search.SearchContext) error {
	if s.started {
		return nil
	}
	s.started = true
	for i, c := range s.children {
		m, err := c.Next(ctx)
		if err != nil {
			return err
		}
		s.set(i, m)
	}
	return nil
}

// combine returns the next document that matches enough parts.
func (s *sumSearcher) combine(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	all := s.min > 1 && s.min == len(s.children)
	for {
		if all {
			if err := s.align(ctx); err != nil || slices.Contains(s.done, true) {
				return nil, err
			}
		}
		m, matched, err := s.combineOne(ctx)
		if m == nil || err != nil || matched >= s.min {
			return m, err
		}
		ctx.DocumentMatchPool.Put(m)
	}
}

// combineOne returns the sum match of the smallest current document and
// moves the children that matched it forward.
func (s *sumSearcher) combineOne(ctx *search.SearchContext) (*search.DocumentMatch, int, error) {
	min, found := uint64(0), false
	for i, id := range s.ids {
		if !s.done[i] && (!found || id < min) {
			min, found = id, true
		}
	}
	if !found {
		return nil, 0, nil
	}
	var out *search.DocumentMatch
	var expl []*search.Explanation
	matched, weight := 0, 0.0
	for i, m := range s.curr {
		if s.done[i] || s.ids[i] != min {
			continue
		}
		matched++
		if s.weights != nil {
			weight += s.weights[i]
		}
		if s.explain {
			expl = append(expl, m.Expl)
		}
		if out == nil {
			out = m
		} else {
			out.Score += m.Score
			out.FieldTermLocations = append(out.FieldTermLocations, m.FieldTermLocations...)
			ctx.DocumentMatchPool.Put(m)
		}
		next, err := s.children[i].Next(ctx)
		if err != nil {
			return nil, 0, err
		}
		s.set(i, next)
	}
	if s.coord > 0 {
		share := float64(matched) / float64(len(s.children))
		if s.weights != nil && s.total > 0 {
			share = weight / s.total
		}
		out.Score *= power(share, s.coord)
	}
	if s.explain {
		out.Expl = &search.Explanation{Value: out.Score, Message: fmt.Sprintf("sum of %d/%d, coordination^%g:", matched, len(s.children), s.coord), Children: expl}
	}
	return out, matched, nil
}

// set makes m child i's current match (nil: the child is done).
func (s *sumSearcher) set(i int, m *search.DocumentMatch) {
	s.curr[i], s.done[i] = m, m == nil
	if m != nil {
		s.ids[i] = m.IndexInternalID.Value()
	}
}

// power is x^y, by multiplication when y is a small whole number (the
// coordination power is, and this runs for every match).
func power(x, y float64) float64 {
	if n := int(y); float64(n) == y && n >= 0 && n <= 8 {
		r := 1.0
		for range n {
			r *= x
		}
		return r
	}
	return math.Pow(x, y)
}

// align moves every child to the first document all of them match (or
// marks one done), leaping over documents some child lacks, as a
// conjunction does: when every part is required, merging each part's
// documents one by one would visit all of them.
func (s *sumSearcher) align(ctx *search.SearchContext) error {
	for {
		var target uint64
		for i, id := range s.ids {
			if s.done[i] {
				return nil
			}
			target = max(target, id)
		}
		aligned := true
		for i, m := range s.curr {
			if s.ids[i] == target {
				continue
			}
			s.target = binary.BigEndian.AppendUint64(s.target[:0], target)
			ctx.DocumentMatchPool.Put(m)
			next, err := s.children[i].Advance(ctx, s.target)
			if err != nil {
				return err
			}
			s.set(i, next)
			if next == nil {
				return nil
			}
			if s.ids[i] != target {
				aligned = false
			}
		}
		if aligned {
			return nil
		}
	}
}

func (s *sumSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	return s.combine(ctx)
}

func (s *sumSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	if err := s.start(ctx); err != nil {
		return nil, err
	}
	for i, c := range s.children {
		if s.done[i] || s.ids[i] >= id.Value() {
			continue
		}
		ctx.DocumentMatchPool.Put(s.curr[i])
		m, err := c.Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.set(i, m)
	}
	return s.combine(ctx)
}

func (s *sumSearcher) Close() error {
	var first error
	for _, c := range s.children {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *sumSearcher) Weight() float64 {
	w := 0.0
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

func (s *sumSearcher) SetQueryNorm(n float64) {
	for _, c := range s.children {
		c.SetQueryNorm(n)
	}
}

func (s *sumSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.children {
		n += c.Count()
	}
	return n
}

func (s *sumSearcher) Min() int { return s.min }

func (s *sumSearcher) Size() int { return 64 + 16*len(s.children) }

func (s *sumSearcher) DocumentMatchPoolSize() int {
	n := len(s.children)
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
