package search

import (
	"context"
	"errors"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Most queries are words, each a sum of terms in fields (with synonyms,
// other names of a service, phrases, typo corrections), all of them or most
// of them required, maybe with the word-pair bonus. For those, leanMatches
// walks the segment's postings itself: no searcher per term, no document
// match per posting, no interface calls between the layers, which were
// more than half of the time spent matching. It computes the very scores
// Bleve's searchers would, in the same order of arithmetic
// (TestRankedSearchAgreesWithBleve compares them with ==); anything else
// (advanced syntax, fuzzy terms) goes to Bleve. lean_tree.go builds a
// word's tree of sums, terms and disjunctions; lean_phrase.go its phrases.

// leanMatches yields, in document order, every document holding enough of
// the words, with its score.
type leanMatches struct {
	words       []*leanNode
	bonuses     []*bonusForms // to close
	leafs       [][]*leanLeaf // each word's leaves, for moving it
	pairs       [][2]posReader
	pairCursors []pairCursor // the pairs' own cursors, to close
	// pairBits, when the index has the question's word pairs (instead of
	// pairs): each pair's documents where its words stand side by side,
	// and a cursor on each for the ranges of documents the walk is in.
	pairBits []*roaring.Bitmap
	pairAt   []roaring.IntPeekable
	// posLeaves: for each term of a pair (by posKey), the leaf that reads
	// its postings in the pair's field with positions, once opened.
	posLeaves map[string]*leanLeaf
	names     bool     // some word has names' bonuses
	bonus     float64  // the word-pair factor at its most, less one
	floor     *float64 // the page's lowest score, from the collector
	// A document must hold min of the words; one holding fewer than all
	// is scored down as sumSearcher does (coordination).
	min     int
	coord   float64
	weights []float64
	total   float64 // of weights
	// cands, when set, are the documents that may hold every word (see
	// candidates), in order.
	cands roaring.IntPeekable
	hot   *hotLists // the engine's, when made
	// prune: every candidate is a match (no phrases), so one that cannot
	// make the page is passed over (see below) and matched is set.
	prune   bool
	matched *roaring.Bitmap // the walk's matches, when it passes some over
	end     uint64          // the walk ends before this document
	// the range of documents the ceilings are of (-1: none yet), the most
	// its leaves with hot lists (and the names) and those without can
	// score there, and the most of all with the word-pair bonus and slack
	ceilingAt               int
	ceilingHot, ceilingCold float64
	ceilingMost             float64
	cold                    []*leanLeaf // see coldLeaves
	coldMost                []float64   // their most in range ceilingAt
	// the places in cold of those that count in range ceilingAt, and the
	// leaves with hot lists that do, with their most there
	coldIn []int
	hotIn  []hotMost
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
	jump   chunkJump
	docs   *roaring.Bitmap // the term's documents, when known
	inDocs membership      // docs, for mayHold
	ranges rangeCursor     // on docs, for inRange
	count  uint64          // documents holding the term
	idf    float64
	weight float64 // the query weight a disjunction above sets; 1: none
	factor float64
	phrase *leanPhrase // set: the leaf is a phrase, not a term
	locs   bool        // read positions into pos
	pos    []uint64
	hot    *hotList   // set: the postings are read from it, not from zap
	at     int        // the place in hot
	probe  int        // where hotWeightAt last found its document in hot
	ceil   rangeCeil  // without hot: the term's ranges, if read
	champs *champList // the term's champions, if found (see champions)
	norms  []float32  // without hot: the field's norms, if read (see leastAt)
	// primeAt, primeIn: leastAt's cursors on hot and on docs
	primeAt int
	primeIn membership
	doc     uint64 // current document; math.MaxUint64 once done
	freq    uint64
	norm    float64
}

const leanDone = math.MaxUint64

// newLeanMatches builds the walk for q, or returns nil when q is not of
// the shape it knows or the index has more than one segment. pairs, when
// not nil, gives the question's word pairs.
func newLeanMatches(ctx context.Context, q query.Query, r bindex.IndexReader, hot *hotLists, pairs pairSource) (*leanMatches, error) {
	return newLeanMatchesOf(ctx, q, r, hot, pairs, nil)
}

// newLeanMatchesOf is newLeanMatches, taking the candidates (see
// candidates) from known, when set: another walk's of the same query on
// the same reader, only read.
func newLeanMatchesOf(ctx context.Context, q query.Query, r bindex.IndexReader, hot *hotLists, pairs pairSource, known *roaring.Bitmap) (*leanMatches, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || len(snap.Segments()) != 1 {
		return nil, nil
	}
	ss := snap.Segments()[0]
	lm := &leanMatches{hot: hot}
	var field string
	var wordPairs [][2]string
	if pq, ok := q.(*pairsQuery); ok {
		q, lm.bonus, field, wordPairs = pq.main, pq.factor, pq.field, pq.pairs
		bits, err := pairDocs(pairs, field, wordPairs)
		if err != nil {
			return nil, err
		}
		if lm.pairBits = bits; bits != nil {
			wordPairs = nil // no positions to read
			for _, b := range bits {
				lm.pairAt = append(lm.pairAt, b.Iterator())
			}
		}
		lm.posLeaves = map[string]*leanLeaf{}
		for _, p := range wordPairs {
			for _, t := range p {
				lm.posLeaves[posKey(field, t)] = nil
			}
		}
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
	lm.names = len(lm.bonuses) > 0
	if err := lm.openPairs(ctx, r, field, wordPairs); err != nil {
		lm.close()
		return nil, err
	}
	// Pruning needs the hot lists' ranges to bound anything.
	lm.prune = lm.hot != nil && lm.min == len(lm.words) && !lm.hasPhrase()
	var cands *roaring.Bitmap
	if lm.min == len(lm.words) && (len(lm.words) > 1 || lm.prune) {
		if cands = known; cands == nil {
			cands = lm.candidates()
		}
		if cands != nil {
			lm.cands = cands.Iterator()
		} else {
			lm.prune = false
		}
	}
	if lm.prune {
		lm.matched = cands
	}
	lm.end = leanDone
	if err := lm.settlePhrases(cands); err != nil {
		lm.close()
		return nil, err
	}
	lm.ceilingAt = -1
	return lm, nil
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
	switch {
	case lm.cands != nil:
		doc, ok, err = lm.alignCandidates()
	case lm.min == len(lm.words):
		doc, ok, err = lm.align()
	default:
		doc, ok, err = lm.union()
	}
	if !ok || err != nil {
		return 0, 0, false, err
	}
	// The names' bonuses, read from positions, are left out first when
	// the page has a floor: if even at their most they would not lift
	// the document onto the page, its score stays short of them.
	lazy := lm.names && lm.floor != nil && *lm.floor > 0
	score, most, err := lm.score(doc, !lazy)
	if err != nil {
		return 0, 0, false, err
	}
	if lazy {
		pairs := 1.0 // the word-pair factor at its most
		if lm.pairCount() > 0 {
			pairs += max(0, lm.bonus)
		}
		if (score+most)*pairs >= *lm.floor {
			if score, _, err = lm.score(doc, true); err != nil {
				return 0, 0, false, err
			}
		}
	}
	// The word-pair bonus, skipped when even at its most the document
	// would not make the page.
	if n := lm.pairCount(); n > 0 && !(lm.floor != nil && score*(1+lm.bonus) < *lm.floor) {
		found, err := lm.together(doc)
		if err != nil {
			return 0, 0, false, err
		}
		if found > 0 {
			score *= 1 + lm.bonus*float64(found)/float64(n)
		}
	}
	if err := lm.step(doc); err != nil {
		return 0, 0, false, err
	}
	return doc, score, true, nil
}

// score is the words' score at doc, coordinated, before the word-pair
// bonus; without names, the names' bonuses are left out and most is the
// most they could have added.
func (lm *leanMatches) score(doc uint64, names bool) (score, most float64, err error) {
	matched, weight := 0, 0.0
	for i, w := range lm.words {
		s, found, err := w.score(doc, names)
		if err != nil {
			return 0, 0, err
		}
		if !found {
			continue
		}
		if lm.weights != nil {
			weight += lm.weights[i]
		}
		if !names && lm.names {
			most += w.namesMost(doc)
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
		f := power(share, lm.coord)
		score *= f
		most *= f
	}
	return score, most, nil
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
	errs := []error{closePairs(lm.pairCursors)}
	for _, b := range lm.bonuses {
		errs = append(errs, b.close())
	}
	return errors.Join(errs...)
}

// seek moves every leaf to doc or after, where the walk then starts.
func (lm *leanMatches) seek(doc uint64) error {
	if lm.cands != nil {
		lm.cands.AdvanceIfNeeded(uint32(doc))
	}
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if err := l.advance(doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// seekSpan readies the walk for the documents from lo, before hi.
func (lm *leanMatches) seekSpan(lo, hi uint64) error {
	lm.end = hi
	return lm.seek(lo)
}

// spanBounds divides the documents into n spans of about as many
// candidates each: bounds from 0 to docs, the first of each span.
func (lm *leanMatches) spanBounds(docs uint64, n int) []uint64 {
	bounds := []uint64{0}
	card := lm.matched.GetCardinality()
	for i := 1; i < n && card > 0; i++ {
		d, err := lm.matched.Select(uint32(card * uint64(i) / uint64(n)))
		if err == nil && uint64(d) > bounds[len(bounds)-1] {
			bounds = append(bounds, uint64(d))
		}
	}
	return append(bounds, docs)
}

// split is the document that divides the walk's work in two halves of
// about as many postings each (the postings of its terms below and from
// it), so that two walks over either side end at about the same time:
// halving the documents instead left one walk idle a third of the time,
// matches being grouped by exam. Any split gives the same result.
func (lm *leanMatches) split(docs uint64) uint64 {
	var lists []*roaring.Bitmap
	var total uint64
	add := func(l *leanLeaf) {
		if l.docs != nil {
			lists = append(lists, l.docs)
			total += l.docs.GetCardinality()
		}
	}
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			add(l)
			if l.phrase != nil {
				for _, t := range l.phrase.terms {
					add(t)
				}
			}
		}
	}
	if total == 0 || docs < 2 {
		return docs / 2
	}
	lo, hi := uint64(1), docs-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		var below uint64 // postings before mid
		for _, l := range lists {
			below += l.Rank(uint32(mid - 1))
		}
		if below*2 < total {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
