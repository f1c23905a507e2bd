package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// tree mirrors a word's query: sums (any part matching) of terms, each
// maybe scaled. A bare TermQuery scores without its boost, as in Bleve,
// where a boost counts only through a query norm that no sum sets.
func (lm *leanMatches) tree(ctx context.Context, r bindex.IndexReader, q query.Query, ss *scorch.SegmentSnapshot, docs uint64, leaves *[]*leanLeaf) (*leanNode, bool, error) {
	term, factor := (*query.TermQuery)(nil), 1.0
	switch x := q.(type) {
	case *bonusQuery:
		c, ok, err := lm.tree(ctx, r, x.main, ss, docs, leaves)
		if err != nil || !ok {
			return nil, ok, err
		}
		b, err := openBonus(ctx, r, x.forms, lm.hot)
		if err != nil {
			return nil, false, err
		}
		lm.bonuses = append(lm.bonuses, b)
		return &leanNode{children: []*leanNode{c}, bonus: b}, true, nil
	case *sumQuery:
		if x.coord != 0 || x.min > 1 {
			return nil, false, nil
		}
		n := &leanNode{}
		for _, p := range x.parts {
			c, ok, err := lm.tree(ctx, r, p, ss, docs, leaves)
			if err != nil || !ok {
				return nil, ok, err
			}
			n.children = append(n.children, c)
		}
		return n, true, nil
	case *scaledQuery:
		switch inner := x.q.(type) {
		case *query.TermQuery:
			term, factor = inner, x.factor
		case *query.PhraseQuery, *query.ConjunctionQuery:
			return lm.phrase(inner, x.factor, ss, docs, leaves)
		default:
			return nil, false, nil
		}
	case *query.PhraseQuery, *query.ConjunctionQuery:
		return lm.phrase(x, 1, ss, docs, leaves)
	case *query.TermQuery:
		term = x
	case *query.DisjunctionQuery:
		return lm.disjunction(ctx, r, x, ss, docs, leaves)
	default:
		return nil, false, nil
	}
	positions := lm.wantsPositions(term.FieldVal, term.Term)
	l, err := lm.openLeaf(ss, term.Term, term.FieldVal, docs, positions)
	if err != nil {
		return nil, false, err
	}
	if positions {
		lm.posLeaves[posKey(term.FieldVal, term.Term)] = l
	}
	l.factor = factor
	*leaves = append(*leaves, l)
	return &leanNode{leaf: l}, true, nil
}

// openLeaf opens a term's postings in field, on its first document: its
// hot list when there is one, else zap's.
func (lm *leanMatches) openLeaf(ss *scorch.SegmentSnapshot, term, field string, docs uint64, positions bool) (*leanLeaf, error) {
	if h := lm.hot.list(ss.Segment(), field, term, positions); h != nil {
		l := hotLeaf(h, docs, positions)
		l.champs = lm.hot.champions(ss.Segment(), field, term)
		return l, nil
	}
	l := &leanLeaf{factor: 1, doc: leanDone, weight: 1, locs: positions, ceil: lm.hot.ceiling(ss.Segment(), field, term),
		norms: lm.hot.fieldNorms(ss.Segment(), field)}
	l.champs = lm.hot.champions(ss.Segment(), field, term)
	pl, err := postingsOf(ss, term, field)
	if err != nil {
		return nil, fmt.Errorf("postings of %q in %s: %w", term, field, err)
	}
	if pl != nil {
		l.count = pl.Count()
		l.it = pl.Iterator(true, true, positions, nil)
		l.jump = newChunkJump(l.it, ss.Segment(), l.count, clean(ss))
		l.docs = postingsBitmap(l.it)
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	l.idf = 1 + math.Log(float64(docs)/float64(l.count+1))
	return l, nil
}

// disjunction mirrors Bleve's disjunction searcher over the parts: it
// sorts them by how many documents they hold, normalises its terms' query
// weights by the root of their summed squared IDFs, and scores the sum of
// the parts found times the share of parts found.
func (lm *leanMatches) disjunction(ctx context.Context, r bindex.IndexReader, q *query.DisjunctionQuery, ss *scorch.SegmentSnapshot, docs uint64, leaves *[]*leanLeaf) (*leanNode, bool, error) {
	if q.Min > 1 || len(q.Disjuncts) == 0 || len(q.Disjuncts) > searcher.DisjunctionHeapTakeover {
		return nil, false, nil
	}
	n := &leanNode{disjunction: true}
	for _, d := range q.Disjuncts {
		c, ok, err := lm.tree(ctx, r, d, ss, docs, leaves)
		if err != nil || !ok {
			return nil, ok, err
		}
		n.children = append(n.children, c)
	}
	phrase := false
	n.walk(func(l *leanLeaf) { phrase = phrase || l.phrase != nil })
	if phrase { // a disjunction's norm would reach into the phrase
		return nil, false, nil
	}
	slices.SortStableFunc(n.children, func(a, b *leanNode) int { return cmp.Compare(a.count(), b.count()) })
	squares := 0.0
	for _, c := range n.children {
		squares += c.weight()
	}
	norm := 1.0 / math.Sqrt(squares)
	n.walk(func(l *leanLeaf) { l.weight = 1 * l.idf * norm })
	return n, true, nil
}

// count is what Bleve's searchers report as their Count: the summed
// document counts of the terms.
func (n *leanNode) count() uint64 {
	if n.leaf != nil {
		return n.leaf.count
	}
	c := uint64(0)
	for _, ch := range n.children {
		c += ch.count()
	}
	return c
}

// weight is what Bleve's searchers report as their Weight: the summed
// squares of the terms' boosted IDFs (the boost, counted only through a
// norm, is 1).
func (n *leanNode) weight() float64 {
	if n.leaf != nil {
		w := 1 * n.leaf.idf
		return w * w
	}
	w := 0.0
	for _, ch := range n.children {
		w += ch.weight()
	}
	return w
}

func (n *leanNode) walk(f func(*leanLeaf)) {
	if n.leaf != nil {
		f(n.leaf)
	}
	for _, c := range n.children {
		c.walk(f)
	}
}

// clean tells whether no document of the segment is deleted.
func clean(ss *scorch.SegmentSnapshot) bool {
	return ss.Deleted() == nil || ss.Deleted().IsEmpty()
}

// postingsOf is the term's postings list in field (nil when absent),
// deleted documents left out.
func postingsOf(ss *scorch.SegmentSnapshot, term, field string) (segment.PostingsList, error) {
	dict, err := ss.Segment().Dictionary(field)
	if err != nil {
		return nil, err
	}
	return dict.PostingsList([]byte(term), ss.Deleted(), nil)
}

func (l *leanLeaf) set(p segment.Posting, err error) error {
	if err != nil {
		return err
	}
	if p == nil {
		l.doc = leanDone
		return nil
	}
	l.doc, l.freq, l.norm = p.Number(), p.Frequency(), p.Norm()
	if l.locs {
		l.pos = l.pos[:0]
		for _, loc := range p.Locations() {
			l.pos = append(l.pos, loc.Pos())
		}
	}
	return nil
}

func (l *leanLeaf) next() error {
	if l.phrase != nil {
		switch {
		case l.doc == leanDone:
			return nil
		case l.phrase.lazy:
			l.doc, l.phrase.exact = l.doc+1, false
			return nil
		}
		return l.phrase.seek(l, l.doc+1)
	}
	if l.hot != nil {
		l.at++
		l.load()
		return nil
	}
	if l.it == nil {
		l.doc = leanDone
		return nil
	}
	return l.set(l.it.Next())
}

func (l *leanLeaf) advance(target uint64) error {
	if l.phrase != nil && l.phrase.lazy {
		return l.phrase.at(l, target)
	}
	if l.doc >= target {
		return nil
	}
	if l.phrase != nil {
		return l.phrase.seek(l, target)
	}
	if l.hot != nil {
		l.leap(target)
		return nil
	}
	l.jump.before(l.doc, true, target)
	return l.set(l.it.Advance(target))
}

// score is the leaf's score at its current document, computed as Bleve's
// TermQueryScorer and scaledSearcher do: tf·norm·idf, then the factor.
func (l *leanLeaf) score() float64 {
	if l.phrase != nil {
		return l.phrase.score() * l.factor
	}
	freq, norm := l.tf()
	s := math.Sqrt(float64(freq)) * norm * l.idf
	if l.weight != 1 {
		s *= l.weight
	}
	return s * l.factor
}

// namesMost is the most that the names' bonuses within the node can add to
// its score at document doc: a disjunction scales its sum down, never up.
func (n *leanNode) namesMost(doc uint64) float64 {
	most := 0.0
	for _, c := range n.children {
		most += c.namesMost(doc)
	}
	if n.bonus != nil {
		most += n.bonus.mostAt(doc)
	}
	return most
}

// score sums the node's matching parts at doc in order, as sumSearcher
// does: the first part's score, plus each next one's; then the bonus, when
// names is set (without, the score falls short by at most namesMost).
func (n *leanNode) score(doc uint64, names bool) (float64, bool, error) {
	if n.leaf != nil {
		if n.leaf.doc == doc {
			return n.leaf.score(), true, nil
		}
		return 0, false, nil
	}
	sum, found, matched := 0.0, false, 0
	for _, c := range n.children {
		s, ok, err := c.score(doc, names)
		if err != nil {
			return 0, false, err
		}
		if ok {
			matched++
			if found {
				sum += s
			} else {
				sum, found = s, true
			}
		}
	}
	if found && n.disjunction {
		sum *= float64(matched) / float64(len(n.children))
	}
	if found && names && n.bonus != nil {
		var err error
		if sum, err = n.bonus.add(sum, docID(doc), nil); err != nil {
			return 0, false, err
		}
	}
	return sum, found, nil
}
