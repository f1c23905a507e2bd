package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// A walk that needs every word may pass a candidate over when even at its
// most it could not make the page (leanMatches.prune; the collector counts
// it among the matches from the candidates' bitmap): its ceiling is
// bounded from the hot lists' most weights in its range of documents, then
// from what the document holds. A whole range whose ceiling is under the
// page's floor is passed over at once.

// below tells whether document doc cannot score floor or more, once its
// range of documents could (rangeBelow: the leaves and the names' bonuses
// at their most there, see hotList.most; a term without a hot list weighs
// its IDF at most; with the word-pair bonus at its most): by the
// document, a leaf without a hot list counting only if its term is in the
// document, the word-pair bonus only for the pairs whose terms both are,
// and last a leaf with a hot list at what it weighs in the document.
// Every word is found where the walk prunes (so coordination leaves the
// sum whole), and a disjunction scales its sum down, never up.
func (lm *leanMatches) below(doc uint64, floor float64) bool {
	rng := int(doc >> hotRangeBits)
	// Each check is taken only while needed: the pairs first (the bonus
	// may double a score), then the leaves without hot lists, weightiest
	// first. The ceiling is below when under limit, the floor less the
	// slack and the word-pair factor.
	limit := floor / ceilSlack
	ceiling := lm.ceilingHot + lm.ceilingCold
	if n := lm.pairCount(); n > 0 && lm.bonus > 0 {
		if limit /= 1 + lm.bonus*float64(lm.mayBeTogether(doc))/float64(n); ceiling < limit {
			return true
		}
	}
	for _, i := range lm.coldIn {
		if !lm.cold[i].mayHold(doc) {
			if ceiling -= lm.coldMost[i]; ceiling < limit {
				return true
			}
		}
	}
	for _, b := range lm.bonuses {
		if ceiling -= b.absentIn(rng, doc); ceiling < limit {
			return true
		}
	}
	// Last, the leaves with hot lists at what they weigh in the document
	// rather than at their most in its range.
	for _, h := range lm.hotIn {
		if ceiling -= h.most - h.l.hotWeightAt(doc); ceiling < limit {
			return true
		}
	}
	return false
}

// ceilSlack lifts a ceiling above any rounding of the score's arithmetic.
const ceilSlack = 1 + 1e-6

// hotWeightAt is what the leaf, which has a hot list, weighs at doc: its
// factors times sqrt(freq)×norm there, nothing where its term is not.
// Asked in increasing order of documents, it leaps forward from where it
// was last asked (probe); the leaf itself does not move.
func (l *leanLeaf) hotWeightAt(doc uint64) float64 {
	h := l.hot
	var i int
	switch {
	case l.doc == doc:
		i = l.at
	case l.doc > doc: // no posting between the leaf's last target and its place
		return 0
	default:
		from := l.at + 1
		if p := l.probe; p > from && p <= len(h.docs) && uint64(h.docs[p-1]) < doc {
			from = p
		}
		i = leapFrom(h.docs, from, doc)
		l.probe = i
		if i >= len(h.docs) || uint64(h.docs[i]) != doc {
			return 0
		}
	}
	return l.factors() * math.Sqrt(float64(h.freq(i))) * float64(h.norms[doc])
}

// rangeBelow tells whether no document of range rng can score floor or
// more, by the most of the leaves and the names there (see below), worked
// out once a range. Ranges must be asked for in increasing order.
func (lm *leanMatches) rangeBelow(rng int, floor float64) bool {
	if rng != lm.ceilingAt {
		lm.rangeCeiling(rng)
	}
	return lm.ceilingMost < floor
}

// rangeCeiling works out the most the leaves and the names can score in
// range rng, with and without the word-pair bonus.
func (lm *leanMatches) rangeCeiling(rng int) {
	cold := lm.coldLeaves()
	hot := 0.0
	lm.hotIn = lm.hotIn[:0]
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.hot != nil {
				most := l.most(rng)
				hot += most
				if most > 0 && l.phrase == nil {
					lm.hotIn = append(lm.hotIn, hotMost{l, most})
				}
			}
		}
	}
	for _, b := range lm.bonuses {
		hot += b.mostIn(rng)
	}
	lm.ceilingCold = 0
	lm.coldIn = lm.coldIn[:0]
	for i, l := range cold {
		lm.coldMost[i] = l.most(rng)
		if lm.coldMost[i] > 0 && l.ceil == nil && !l.inRange(rng) {
			lm.coldMost[i] = 0 // a rare term, at its most anywhere, but not here
		}
		if lm.coldMost[i] > 0 {
			lm.coldIn = append(lm.coldIn, i)
		}
		lm.ceilingCold += lm.coldMost[i]
	}
	lm.ceilingAt, lm.ceilingHot = rng, hot
	pairs := 1.0
	if n := lm.pairCount(); n > 0 {
		pairs += max(0, lm.bonus) * float64(lm.pairsInRange(rng)) / float64(n)
	}
	lm.ceilingMost = (lm.ceilingHot + lm.ceilingCold) * pairs * ceilSlack
}

// inRange tells whether the leaf's term is in some document of range rng,
// from its documents' bitmap when known. Ranges must be asked for in
// increasing order.
func (l *leanLeaf) inRange(rng int) bool { return l.ranges.in(l.docs, rng) }

// rangeCursor tells, range by range, whether a bitmap has documents there.
type rangeCursor struct{ it roaring.IntPeekable }

// in tells whether docs has some document in range rng (nil docs: maybe).
// Ranges must be asked for in increasing order.
func (c *rangeCursor) in(docs *roaring.Bitmap, rng int) bool {
	if docs == nil {
		return true
	}
	if c.it == nil {
		c.it = docs.Iterator()
	}
	lo := uint32(rng) << hotRangeBits
	c.it.AdvanceIfNeeded(lo)
	return c.it.HasNext() && c.it.PeekNext() < lo+1<<hotRangeBits
}

// hotMost is a leaf with a hot list and the most it scores in a range.
type hotMost struct {
	l    *leanLeaf
	most float64
}

// coldLeaves are the leaves without hot lists, weightiest first.
func (lm *leanMatches) coldLeaves() []*leanLeaf {
	if lm.cold == nil {
		lm.cold = []*leanLeaf{}
		for _, leaves := range lm.leafs {
			for _, l := range leaves {
				if l.hot == nil {
					lm.cold = append(lm.cold, l)
				}
			}
		}
		slices.SortStableFunc(lm.cold, func(a, b *leanLeaf) int { return cmp.Compare(b.factors(), a.factors()) })
		lm.coldMost = make([]float64, len(lm.cold))
	}
	return lm.cold
}

// mayHold tells whether the leaf's term may be in doc: from its documents'
// bitmap, when known.
func (l *leanLeaf) mayHold(doc uint64) bool {
	if l.doc == leanDone || l.doc > doc {
		return l.doc == doc
	}
	if l.docs == nil {
		return true
	}
	if l.inDocs.bm == nil {
		l.inDocs.bm = l.docs
	}
	return l.inDocs.holds(uint32(doc))
}

// most is the most the leaf can score in range rng of documents, from
// where it is: nothing once done (or if the term is not in the field), and
// a term weighs sqrt(freq)×norm at most 1, its hot list tells closer.
func (l *leanLeaf) most(rng int) float64 {
	if l.doc == leanDone {
		return 0
	}
	return l.factors() * l.weightIn(rng)
}

// factors are what the leaf weighs a posting's sqrt(freq)×norm by.
func (l *leanLeaf) factors() float64 {
	w := l.idf * l.factor
	if l.weight != 1 {
		w *= l.weight
	}
	return w
}

// hasPhrase tells whether some leaf is a phrase.
func (lm *leanMatches) hasPhrase() bool {
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.phrase != nil {
				return true
			}
		}
	}
	return false
}
