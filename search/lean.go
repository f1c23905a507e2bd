package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Most queries are words that each sum plain terms in fields, every word
// required, maybe with the word-pair bonus. For those, leanMatches walks the
// segment's postings itself: no searcher per term, no document match per
// posting, no interface calls between the layers, which were more than half
// of the time spent matching. It computes the very scores Bleve's searchers
// would, in the same order of arithmetic (TestRankedSearchAgreesWithBleve
// compares them with ==); anything else goes to Bleve.

// leanMatches yields, in document order, every document matching every
// word, with its score.
type leanMatches struct {
	words   []*leanNode
	bonuses []*bonusForms // to close
	leafs   [][]*leanLeaf // each word's leaves, for moving it
	pairs   [][2]*posCursor
	bonus   float64  // the word-pair factor at its most, less one
	floor   *float64 // the page's lowest score, from the collector
	// A document must hold min of the words; one holding fewer than all
	// is scored down as sumSearcher does (coordination).
	min     int
	coord   float64
	weights []float64
	total   float64 // of weights
}

// leanNode is a sum of its children, or a leaf; with bonus, its one
// child plus the names found where the child matches (see bonusQuery).
type leanNode struct {
	leaf     *leanLeaf
	children []*leanNode
	bonus    *bonusForms
	// disjunction: Bleve's DisjunctionQuery (synonyms): children in the
	// order its searcher sorts them, the sum times the share matched.
	disjunction bool
}

// leanLeaf reads one term's postings in one field.
type leanLeaf struct {
	it     segment.PostingsIterator
	count  uint64 // documents holding the term
	idf    float64
	weight float64 // the query weight a disjunction above sets; 1: none
	factor float64
	phrase *leanPhrase // set: the leaf is a phrase, not a term
	locs   bool        // read positions into pos
	pos    []uint64
	doc    uint64 // current document; math.MaxUint64 once done
	freq   uint64
	norm   float64
}

const leanDone = math.MaxUint64

// newLeanMatches builds the walk for q, or returns nil when q is not of
// the shape it knows or the index has more than one segment.
func newLeanMatches(ctx context.Context, q query.Query, r bindex.IndexReader) (*leanMatches, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || len(snap.Segments()) != 1 {
		return nil, nil
	}
	ss := snap.Segments()[0]
	lm := &leanMatches{}
	var field string
	var pairs [][2]string
	if pq, ok := q.(*pairsQuery); ok {
		q, lm.bonus, field, pairs = pq.main, pq.factor, pq.field, pq.pairs
	}
	top, ok := q.(*sumQuery)
	if !ok || top.min < 1 || top.min > len(top.parts) || len(top.parts) == 0 {
		return nil, nil
	}
	lm.min, lm.coord, lm.weights = top.min, top.coord, top.weights
	for _, w := range top.weights {
		lm.total += w
	}
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	for _, w := range top.parts {
		var leaves []*leanLeaf
		node, ok, err := lm.tree(ctx, r, w, ss, docs, &leaves)
		if err != nil || !ok {
			lm.close()
			return nil, err
		}
		lm.words = append(lm.words, node)
		lm.leafs = append(lm.leafs, leaves)
	}
	for _, pr := range pairs {
		var pc [2]*posCursor
		for i, term := range pr {
			pl, err := postingsOf(ss, term, field)
			if err != nil {
				lm.close()
				return nil, fmt.Errorf("positions of %q in %s: %w", term, field, err)
			}
			pc[i] = &posCursor{}
			if pl != nil {
				pc[i].it = pl.Iterator(false, false, true, nil)
			}
		}
		lm.pairs = append(lm.pairs, pc)
	}
	return lm, nil
}

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
		b, err := openBonus(ctx, r, x.forms)
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
	l, err := openLeaf(ss, term.Term, term.FieldVal, docs, false)
	if err != nil {
		return nil, false, err
	}
	l.factor = factor
	*leaves = append(*leaves, l)
	return &leanNode{leaf: l}, true, nil
}

// openLeaf opens a term's postings in field, on its first document.
func openLeaf(ss *scorch.SegmentSnapshot, term, field string, docs uint64, positions bool) (*leanLeaf, error) {
	l := &leanLeaf{factor: 1, doc: leanDone, weight: 1, locs: positions}
	pl, err := postingsOf(ss, term, field)
	if err != nil {
		return nil, fmt.Errorf("postings of %q in %s: %w", term, field, err)
	}
	if pl != nil {
		l.count = pl.Count()
		l.it = pl.Iterator(true, true, positions, nil)
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	l.idf = 1 + math.Log(float64(docs)/float64(l.count+1))
	return l, nil
}

// leanPhrase matches its terms standing in a row (with positions) or all
// anywhere in the field (the comments keep no positions), and scores as
// Bleve's phrase and conjunction searchers do: the terms rarest first,
// each tf·norm·idf times idf·norm, norm the root of the summed squared
// IDFs; then the scale.
type leanPhrase struct {
	terms     []*leanLeaf
	positions bool
	order     []int
	norm      float64
}

// phrase makes a leaf of a phrase or a conjunction of terms in one field.
func (lm *leanMatches) phrase(q query.Query, scale float64, ss *scorch.SegmentSnapshot, docs uint64, leaves *[]*leanLeaf) (*leanNode, bool, error) {
	var terms []string
	var field string
	positions := false
	switch x := q.(type) {
	case *query.PhraseQuery:
		terms, field, positions = x.Terms, x.FieldVal, true
		if x.BoostVal != nil && x.BoostVal.Value() != 1 {
			return nil, false, nil
		}
	case *query.ConjunctionQuery:
		if x.BoostVal != nil && x.BoostVal.Value() != 1 {
			return nil, false, nil
		}
		for _, c := range x.Conjuncts {
			tq, ok := c.(*query.TermQuery)
			if !ok || (field != "" && tq.FieldVal != field) || tq.BoostVal != nil && tq.BoostVal.Value() != 1 {
				return nil, false, nil
			}
			terms, field = append(terms, tq.Term), tq.FieldVal
		}
	}
	if len(terms) < 2 || slices.Contains(terms, "") {
		return nil, false, nil
	}
	ph := &leanPhrase{positions: positions}
	for _, t := range terms {
		l, err := openLeaf(ss, t, field, docs, positions)
		if err != nil {
			return nil, false, err
		}
		ph.terms = append(ph.terms, l)
	}
	ph.order = make([]int, len(ph.terms))
	for i := range ph.order {
		ph.order[i] = i
	}
	slices.SortStableFunc(ph.order, func(a, b int) int { return cmp.Compare(ph.terms[a].count, ph.terms[b].count) })
	squares := 0.0
	for _, i := range ph.order {
		squares += ph.terms[i].idf * ph.terms[i].idf
	}
	ph.norm = 1 / math.Sqrt(squares)
	l := &leanLeaf{factor: scale, weight: 1, phrase: ph}
	for _, t := range ph.terms {
		l.count += t.count
	}
	if err := ph.seek(l, 0); err != nil {
		return nil, false, err
	}
	*leaves = append(*leaves, l)
	return &leanNode{leaf: l}, true, nil
}

// seek puts l on the phrase's first match at or after target.
func (ph *leanPhrase) seek(l *leanLeaf, target uint64) error {
	for {
		for aligned := false; !aligned; {
			aligned = true
			for _, t := range ph.terms {
				if err := t.advance(target); err != nil {
					return err
				}
				if t.doc == leanDone {
					l.doc = leanDone
					return nil
				}
				if t.doc != target {
					target, aligned = t.doc, false
				}
			}
		}
		if !ph.positions || inRow(ph.terms) {
			l.doc = target
			return nil
		}
		target++
	}
}

// inRow tells whether the terms stand one after the other somewhere: term
// i at position p+i for some p.
func inRow(terms []*leanLeaf) bool {
	for _, p := range terms[0].pos {
		ok := true
		for i := 1; i < len(terms) && ok; i++ {
			ok = slices.Contains(terms[i].pos, p+uint64(i))
		}
		if ok {
			return true
		}
	}
	return false
}

func (ph *leanPhrase) score() float64 {
	s := 0.0
	for _, i := range ph.order {
		t := ph.terms[i]
		s += math.Sqrt(float64(t.freq)) * t.norm * t.idf * (t.idf * ph.norm)
	}
	return s
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
		if l.doc == leanDone {
			return nil
		}
		return l.phrase.seek(l, l.doc+1)
	}
	if l.it == nil {
		l.doc = leanDone
		return nil
	}
	return l.set(l.it.Next())
}

func (l *leanLeaf) advance(target uint64) error {
	if l.doc >= target {
		return nil
	}
	if l.phrase != nil {
		return l.phrase.seek(l, target)
	}
	return l.set(l.it.Advance(target))
}

// score is the leaf's score at its current document, computed as Bleve's
// TermQueryScorer and scaledSearcher do: tf·norm·idf, then the factor.
func (l *leanLeaf) score() float64 {
	if l.phrase != nil {
		return l.phrase.score() * l.factor
	}
	s := math.Sqrt(float64(l.freq)) * l.norm * l.idf
	if l.weight != 1 {
		s *= l.weight
	}
	return s * l.factor
}

// score sums the node's matching parts at doc in order, as sumSearcher
// does: the first part's score, plus each next one's; then the bonus.
func (n *leanNode) score(doc uint64) (float64, bool, error) {
	if n.leaf != nil {
		if n.leaf.doc == doc {
			return n.leaf.score(), true, nil
		}
		return 0, false, nil
	}
	sum, found, matched := 0.0, false, 0
	for _, c := range n.children {
		s, ok, err := c.score(doc)
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
	if found && n.bonus != nil {
		var err error
		if sum, err = n.bonus.add(sum, docID(doc), nil); err != nil {
			return 0, false, err
		}
	}
	return sum, found, nil
}

// first is the lowest current document among leaves.
func first(leaves []*leanLeaf) uint64 {
	d := uint64(leanDone)
	for _, l := range leaves {
		d = min(d, l.doc)
	}
	return d
}

// next moves to the next document holding every word and returns it
// with its score; ok is false at the end.
func (lm *leanMatches) next() (doc uint64, score float64, ok bool, err error) {
	if lm.min == len(lm.words) {
		doc, ok, err = lm.align()
	} else {
		doc, ok, err = lm.union()
	}
	if !ok || err != nil {
		return 0, 0, false, err
	}
	matched, weight := 0, 0.0
	for i, w := range lm.words {
		s, found, err := w.score(doc)
		if err != nil {
			return 0, 0, false, err
		}
		if !found {
			continue
		}
		if lm.weights != nil {
			weight += lm.weights[i]
		}
		if matched == 0 {
			score = s
		} else {
			score += s
		}
		matched++
	}
	if lm.coord > 0 {
		share := float64(matched) / float64(len(lm.words))
		if lm.weights != nil && lm.total > 0 {
			share = weight / lm.total
		}
		score *= power(share, lm.coord)
	}
	// The word-pair bonus, skipped when even at its most the document
	// would not make the page.
	if len(lm.pairs) > 0 && !(lm.floor != nil && score*(1+lm.bonus) < *lm.floor) {
		found, err := lm.together(doc)
		if err != nil {
			return 0, 0, false, err
		}
		if found > 0 {
			score *= 1 + lm.bonus*float64(found)/float64(len(lm.pairs))
		}
	}
	if err := lm.step(doc); err != nil {
		return 0, 0, false, err
	}
	return doc, score, true, nil
}

// step moves every leaf on doc to its next document.
func (lm *leanMatches) step(doc uint64) error {
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.doc == doc {
				if err := l.next(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// align finds the next document holding every word, leaping each word
// over the documents another lacks.
func (lm *leanMatches) align() (uint64, bool, error) {
	target := uint64(0)
	for {
		aligned := true
		for _, leaves := range lm.leafs {
			d := first(leaves)
			if d == leanDone {
				return 0, false, nil
			}
			if d < target {
				for _, l := range leaves {
					if err := l.advance(target); err != nil {
						return 0, false, err
					}
				}
				d = first(leaves)
				if d == leanDone {
					return 0, false, nil
				}
			}
			if d != target {
				target, aligned = max(target, d), false
			}
		}
		if aligned {
			return target, true, nil
		}
	}
}

// union finds the next document holding at least min of the words.
func (lm *leanMatches) union() (uint64, bool, error) {
	for {
		doc := uint64(leanDone)
		for _, leaves := range lm.leafs {
			doc = min(doc, first(leaves))
		}
		if doc == leanDone {
			return 0, false, nil
		}
		held := 0
		for _, leaves := range lm.leafs {
			if first(leaves) == doc {
				held++
			}
		}
		if held >= lm.min {
			return doc, true, nil
		}
		if err := lm.step(doc); err != nil {
			return 0, false, err
		}
	}
}

func (lm *leanMatches) close() error {
	var errs []error
	for _, b := range lm.bonuses {
		errs = append(errs, b.close())
	}
	return errors.Join(errs...)
}

// posCursor reads a term's positions forward, document by document.
type posCursor struct {
	it   segment.PostingsIterator // nil: the term is not in the field
	doc  uint64                   // document of pos; leanDone at the end
	pos  []uint64
	read bool // started
}

// at returns the term's positions in doc, nil when it is not there.
// Documents must be asked for in increasing order.
func (c *posCursor) at(doc uint64) ([]uint64, error) {
	if c.it == nil {
		return nil, nil
	}
	if !c.read || c.doc < doc && c.doc != leanDone {
		c.read = true
		p, err := c.it.Advance(doc)
		if err != nil {
			return nil, err
		}
		c.pos = c.pos[:0]
		if p == nil {
			c.doc = leanDone
		} else {
			c.doc = p.Number()
			for _, l := range p.Locations() {
				c.pos = append(c.pos, l.Pos())
			}
		}
	}
	if c.doc == doc {
		return c.pos, nil
	}
	return nil, nil
}

// together counts the pairs whose terms stand next to each other in doc,
// as pairsSearcher does.
func (lm *leanMatches) together(doc uint64) (int, error) {
	found := 0
	for _, pc := range lm.pairs {
		a, err := pc[0].at(doc)
		if err != nil || a == nil {
			if err != nil {
				return 0, err
			}
			continue
		}
		b, err := pc[1].at(doc)
		if err != nil {
			return 0, err
		}
		if b != nil && adjacentPos(a, b) {
			found++
		}
	}
	return found, nil
}

// adjacentPos tells whether some position of b follows one of a.
func adjacentPos(a, b []uint64) bool {
	for _, pa := range a {
		for _, pb := range b {
			if pb == pa+1 {
				return true
			}
		}
	}
	return false
}
