package search

import "github.com/RoaringBitmap/roaring/v2"

// membership tells whether documents are in a bitmap. A walk asks for
// its candidates in increasing order, so it answers by leaping a cursor
// forward over the bitmap rather than searching the bitmap each time (a
// tenth of a common two-word search at 4x the corpus). Asked out of order,
// it searches the bitmap and leaves the cursor where it was. Asked often,
// it lays the bitmap out flat, a bit a document, and reads the bit.
type membership struct {
	bm    *roaring.Bitmap
	it    roaring.IntPeekable // nil until first asked
	last  uint32
	asked int
	flat  []uint64 // bm, a bit a document, once asked flatAfter times
}

// flatAfter is how often a membership is asked before it lays its bitmap
// out flat: a word written for every 64 documents up to its last (4,500
// at four times the corpus), against a cursor's leap a question.
const flatAfter = 1024

func (m *membership) holds(doc uint32) bool {
	if m.flat != nil {
		w := int(doc >> 6)
		return w < len(m.flat) && m.flat[w]&(1<<(doc&63)) != 0
	}
	if m.asked++; m.asked > flatAfter {
		if m.flat = m.bm.ToDense(); m.flat == nil {
			m.flat = []uint64{} // empty
		}
		return m.holds(doc)
	}
	switch {
	case m.it == nil:
		m.it = m.bm.Iterator()
	case doc < m.last:
		return m.bm.Contains(doc)
	}
	m.last = doc
	m.it.AdvanceIfNeeded(doc)
	return m.it.HasNext() && m.it.PeekNext() == doc
}
