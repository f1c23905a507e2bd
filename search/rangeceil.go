package search

import (
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The terms next in commonness after the hot lists' keep only their most
// weight in each range of documents, a byte a range: a walk that needs
// every word can then leave unscored the matches of a range where the term
// weighs little, where without it the term counted at its most anywhere
// (a service's name, in a few thousand questions, outweighed a page's
// floor everywhere). About 2 MB for the shared corpus.

// ceilBytesPerDoc bounds the ranges' memory by the index's size, as
// hotBytesPerDoc does the hot lists': with a byte a range of 128
// documents, it makes room for 128 times as many terms, at any size.
const ceilBytesPerDoc = 32

// rangeCeil is, for each range of 1<<hotRangeBits documents, the most a
// posting of a term weighs there before the query's factors (see
// hotList.most), in 255ths rounded up; 255 stands for 1 and a little more.
type rangeCeil []uint8

// weightIn is the most a posting weighs in range rng.
func (c rangeCeil) weightIn(rng int) float64 {
	switch {
	case rng >= len(c):
		return 0
	case c[rng] == math.MaxUint8:
		return 1 + 1e-6
	}
	return float64(c[rng]) / math.MaxUint8
}

// ceilByte is w in 255ths, rounded up; 255 for anything over 254/255.
func ceilByte(w float64) uint8 {
	q := math.Ceil(w * math.MaxUint8)
	if q/math.MaxUint8 < w {
		q++
	}
	return uint8(min(q, math.MaxUint8))
}

// readRangeCeil reads the ranges of a term's postings in field, and its
// champions; nil when it has none.
func readRangeCeil(ss *scorch.SegmentSnapshot, field, term string) (rangeCeil, *champList, error) {
	pl, err := postingsOf(ss, term, field)
	if err != nil || pl == nil {
		return nil, nil, err
	}
	it := pl.Iterator(true, true, false, nil)
	bm := postingsBitmap(it)
	if bm == nil || bm.IsEmpty() {
		return nil, nil, nil
	}
	c := make(rangeCeil, bm.Maximum()>>hotRangeBits+1)
	var champs champions
	for {
		p, err := it.Next()
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			return c, champs.list(), nil
		}
		rng := int(p.Number() >> hotRangeBits)
		if rng >= len(c) {
			return nil, nil, nil // beyond the bitmap: cannot be
		}
		w := math.Sqrt(float64(p.Frequency())) * p.Norm()
		c[rng] = max(c[rng], ceilByte(w))
		champs.add(uint32(p.Number()), w)
	}
}

// ceiling is the ranges of term in field, for segment seg; nil when none
// were read.
func (h *hotLists) ceiling(seg segment.Segment, field, term string) rangeCeil {
	if h == nil || h.seg != seg {
		return nil
	}
	return h.ceils[posKey(field, term)]
}

// weightIn is the most the leaf's term weighs in range rng before the
// query's factors: from its hot list or its ranges, else 1 and a little
// more.
func (l *leanLeaf) weightIn(rng int) float64 {
	if l.hot == nil && l.ceil != nil {
		return l.ceil.weightIn(rng)
	}
	return l.hot.weightIn(rng)
}

// weightIn is leanLeaf.weightIn for a cursor.
func (c *termCursor) weightIn(rng int) float64 {
	if c.hot == nil && c.ceil != nil {
		return c.ceil.weightIn(rng)
	}
	return c.hot.weightIn(rng)
}
