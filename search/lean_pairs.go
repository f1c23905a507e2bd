package search

import (
	"context"
	"fmt"

	bindex "github.com/blevesearch/bleve_index_api"
)

// The word-pair bonus in the lean walk reads the positions of each pair's
// terms in one field. Where a word's leaf already reads that term in that
// field, the leaf reads positions too and the pair takes them from it.

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
