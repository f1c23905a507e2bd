package search

import (
	"context"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// The word-pair bonus in the lean walk knows where each pair's words stand
// side by side in the question from the store's word pairs (see
// index.PairTerm): a bitmap of documents a pair, which also tells the
// ranges of documents where no pair is found, so that the bonus does not
// lift their ceiling. In other fields, or without the store's pairs, it
// reads the positions of each pair's terms: where a word's leaf already
// reads that term in that field, the leaf reads positions too and the pair
// takes them from it.

// pairSource gives the documents of a word pair of the questions: the
// index's store.
type pairSource interface {
	PairDocs(term string) (*roaring.Bitmap, error)
}

// pairDocs are the documents where each pair's two terms stand side by
// side in field, from src; nil when it knows none of field's.
func pairDocs(src pairSource, field string, pairs [][2]string) ([]*roaring.Bitmap, error) {
	if field != index.FieldQuestion || src == nil {
		return nil, nil
	}
	out := make([]*roaring.Bitmap, len(pairs))
	for i, p := range pairs {
		docs, err := src.PairDocs(index.PairTerm(p[0], p[1]))
		if err != nil {
			return nil, err
		}
		out[i] = docs
	}
	return out, nil
}

// pairCount is the number of word pairs the walk looks for.
func (lm *leanMatches) pairCount() int { return len(lm.pairs) + len(lm.pairBits) }

// together counts the pairs whose words stand side by side in doc.
func (lm *leanMatches) together(doc uint64) (int, error) {
	if lm.pairBits == nil {
		return together(lm.pairs, doc)
	}
	found := 0
	for _, b := range lm.pairBits {
		if b.Contains(uint32(doc)) {
			found++
		}
	}
	return found, nil
}

// mayBeTogether counts the pairs that may stand side by side in doc: from
// the word pairs, those that do; from positions, those whose two terms
// are in doc.
func (lm *leanMatches) mayBeTogether(doc uint64) int {
	if lm.pairBits != nil {
		found, _ := lm.together(doc)
		return found
	}
	held := 0
	for _, p := range lm.pairs {
		if p[0].holds(doc) && p[1].holds(doc) {
			held++
		}
	}
	return held
}

// pairsInRange counts the pairs found side by side somewhere in range rng
// of documents (all of them when unknown). Ranges must be asked for in
// increasing order.
func (lm *leanMatches) pairsInRange(rng int) int {
	if lm.pairBits == nil {
		return len(lm.pairs)
	}
	lo, hi := uint32(rng)<<hotRangeBits, uint32(rng+1)<<hotRangeBits
	n := 0
	for _, it := range lm.pairAt {
		it.AdvanceIfNeeded(lo)
		if it.HasNext() && it.PeekNext() < hi {
			n++
		}
	}
	return n
}

// openPairs sets the readers of each pair's positions: a leaf of the walk
// on the term's postings in the field when there is one (it is on every
// document the walk yields that holds the term, so the postings are read
// once), else a cursor of its own.
func (lm *leanMatches) openPairs(ctx context.Context, r bindex.IndexReader, field string, pairs [][2]string) error {
	for _, p := range pairs {
		var rd [2]posReader
		var pc pairCursor
		for i, term := range p {
			if l := lm.posLeaves[posKey(field, term)]; l != nil {
				rd[i] = leafPositions{l}
				continue
			}
			c, err := openTermCursor(ctx, r, term, field, false, true, lm.hot)
			if err != nil {
				closePairs([]pairCursor{pc})
				return fmt.Errorf("positions of %q in %s: %w", term, field, err)
			}
			pc[i], rd[i] = c, c
		}
		lm.pairs = append(lm.pairs, rd)
		lm.pairCursors = append(lm.pairCursors, pc)
	}
	return nil
}

// wantsPositions tells whether a leaf on term in field should read
// positions for a pair: the first one opened on them does.
func (lm *leanMatches) wantsPositions(field, term string) bool {
	l, ok := lm.posLeaves[posKey(field, term)]
	return ok && l == nil
}

func posKey(field, term string) string { return field + "\x00" + term }

// leafPositions reads a term's positions from a leaf of the walk.
type leafPositions struct{ l *leanLeaf }

func (p leafPositions) holds(doc uint64) bool {
	return p.l.docs == nil || p.l.docs.Contains(uint32(doc))
}

func (p leafPositions) positions(doc uint64) ([]uint64, error) {
	if p.l.doc == doc {
		return p.l.positions(), nil
	}
	return nil, nil
}
