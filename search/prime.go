package search

import (
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// A walk in document order learns its page's floor only as it goes, and
// until the floor is high it scores matches that a floor known from the
// start would have passed over, whole ranges of documents at a time. So
// before a large pruning walk, the matches among its terms' champions (see
// champions) are weighed first, from what is known without reading zap:
// each leaf's weight there from its hot list; for a leaf without one, its
// champions' own weights where the document is one of them, else one
// occurrence of the term at the field's norm (read with the hot lists of
// the field) where its bitmap has the document. A match scores at least
// that much (the names' bonuses, which only add, left out), so the k-th
// best of these is a floor the page will reach (k documents score at
// least that much), which the walk starts from. Counting only the hot
// lists, as it once did, left the floor at a tenth of the page's or at
// nothing where the words weigh most in fields without them.

// primePairDocs bounds the documents of each word pair weighed.
const primePairDocs = 256

// defaultPrimeMin is the least number of matches for which the floor is
// primed (Engine.primeMin).
const defaultPrimeMin = 4096

// primeFloor is the k-th best of the least scores of the matches that are
// the terms' champions (and that pass lets through, when set); 0 when
// fewer than k of them match or the walk does not prune. It leaves the
// walk where it is.
func (lm *leanMatches) primeFloor(k int, pass *roaring64.Bitmap) float64 {
	if !lm.prune || lm.matched == nil || k <= 0 {
		return 0
	}
	var docs []uint32
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.champs == nil {
				continue
			}
			for _, d := range l.champs.docs {
				if lm.matched.Contains(d) {
					docs = append(docs, d)
				}
			}
		}
	}
	// And where the word pairs stand side by side, which may double a
	// score: some of those documents.
	for _, b := range lm.pairBits {
		it := b.Iterator()
		for n := 0; n < primePairDocs && it.HasNext(); {
			if d := it.Next(); lm.matched.Contains(d) {
				docs = append(docs, d)
				n++
			}
		}
	}
	if len(docs) < k {
		return 0
	}
	if pass != nil {
		docs = slices.DeleteFunc(docs, func(d uint32) bool { return !pass.Contains(uint64(d)) })
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	if len(docs) < k {
		return 0
	}
	least := make([]float64, len(docs))
	for i, d := range docs {
		for _, w := range lm.words {
			s, _ := w.leastAt(uint64(d))
			least[i] += s
		}
		if n := lm.pairCount(); n > 0 {
			// The word pairs where they are known, else at their least.
			found := n
			if lm.pairBits != nil {
				found, _ = lm.together(uint64(d))
			} else if lm.bonus > 0 {
				found = 0
			}
			least[i] *= 1 + lm.bonus*float64(found)/float64(n)
		}
	}
	slices.Sort(least)
	// Under what the walk's own arithmetic could make of the same sum.
	const margin = 1 - 1e-9
	return least[len(least)-k] * margin
}

// leastAt is the least the node scores at doc, a document holding every
// word of the walk (found: some leaf is there), scaled as the node scales
// it; names' bonuses, which only add, are left out.
func (n *leanNode) leastAt(doc uint64) (float64, bool) {
	if n.leaf != nil {
		return n.leaf.leastAt(doc)
	}
	sum, matched := 0.0, 0
	for _, c := range n.children {
		if s, ok := c.leastAt(doc); ok {
			sum += s
			matched++
		}
	}
	if matched > 0 && n.disjunction {
		sum *= float64(matched) / float64(len(n.children))
	}
	return sum, matched > 0
}

// leastAt is what the leaf scores at least at doc (found: the term is
// there): from its hot list; without one, from the term's champions, else
// as one occurrence at the field's norm, when known; nothing for a
// phrase. Documents must be asked for in increasing order: the hot list
// and the bitmap are read by cursors of their own (primeAt, primeIn),
// which leap forward.
func (l *leanLeaf) leastAt(doc uint64) (float64, bool) {
	var w float64
	switch {
	case l.phrase != nil:
		return 0, false
	case l.hot != nil:
		i := leapFrom(l.hot.docs, l.primeAt, doc)
		if l.primeAt = i; i >= len(l.hot.docs) || uint64(l.hot.docs[i]) != doc {
			return 0, false
		}
		w = math.Sqrt(float64(l.hot.freq(i))) * float64(l.hot.norms[doc])
	default:
		var found bool
		if w, found = l.champs.weightAt(doc); !found {
			// The term is there at least once, and the field's norm is
			// the document's in any term's postings.
			if doc >= uint64(len(l.norms)) || l.norms[doc] == 0 || l.docs == nil {
				return 0, false
			}
			if l.primeIn.bm = l.docs; !l.primeIn.holds(uint32(doc)) {
				return 0, false
			}
			w = float64(l.norms[doc])
		}
	}
	s := w * l.idf
	if l.weight != 1 {
		s *= l.weight
	}
	return s * l.factor, true
}
