package search

import (
	"cmp"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// candidates are the documents that may hold every word: for each word,
// the documents of any of its leaves (a phrase's: those of all its terms,
// a superset), intersected over the words with bitmap operations. A walk
// that needs every word then tries only these, rather than leaping word
// over word through documents another word lacks (more tries than matches
// on the anchor mix). nil when some leaf's documents are unknown.
func (lm *leanMatches) candidates() *roaring.Bitmap {
	var all *roaring.Bitmap
	for _, leaves := range lm.leafs {
		word := roaring.New()
		for _, l := range leaves {
			d := l.docSet()
			if d == nil {
				return nil
			}
			word.Or(d)
		}
		if all == nil {
			all = word
		} else {
			all.And(word)
		}
	}
	return all
}

// docSet is the leaf's documents, a superset for a phrase; nil when they
// are unknown. The result is the index's own bitmap: not to be changed.
func (l *leanLeaf) docSet() *roaring.Bitmap {
	if l.phrase != nil {
		var d *roaring.Bitmap
		for _, t := range l.phrase.terms {
			td := t.docSet()
			if td == nil {
				return nil
			}
			if d == nil {
				d = td.Clone()
			} else {
				d.And(td)
			}
		}
		return d
	}
	switch {
	case l.hot != nil:
		return l.docs
	case l.it == nil || l.count == 0:
		return roaring.New() // the term is not in the field
	case l.docs != nil:
		return l.docs
	case l.count == 1 && l.doc != leanDone: // a one-posting list, still on it
		return roaring.BitmapOf(uint32(l.doc))
	}
	return nil
}

// alignCandidates is align over the candidates: the next one where every
// word is found (a phrase may not be, though all its terms are). pruned:
// the candidate cannot make the page and the leaves were left behind.
func (lm *leanMatches) alignCandidates() (doc uint64, pruned, ok bool, err error) {
	for lm.cands.HasNext() {
		target := uint64(lm.cands.Next())
		if lm.prune && lm.floor != nil && *lm.floor > 0 && lm.below(target, *lm.floor) {
			return target, true, true, nil
		}
		found := true
		for _, leaves := range lm.leafs {
			for _, l := range leaves {
				if err := l.advance(target); err != nil {
					return 0, false, false, err
				}
			}
			if first(leaves) != target {
				found = false
				break
			}
		}
		if found {
			return target, false, true, nil
		}
	}
	return 0, false, false, nil
}

// below tells whether document doc cannot score floor or more. First by
// its range of documents: the leaves and the names' bonuses at their most
// there (see hotList.most; a term without a hot list weighs its IDF at
// most), with the word-pair bonus at its most. That failing, by the
// document: a leaf without a hot list counts only if its term is in the
// document, the word-pair bonus only for the pairs whose terms both are.
// Every word is found where the walk prunes (so coordination leaves the
// sum whole), and a disjunction scales its sum down, never up.
func (lm *leanMatches) below(doc uint64, floor float64) bool {
	rng := int(doc >> hotRangeBits)
	if rng != lm.ceilingAt {
		hot, cold := 0.0, 0.0
		for _, leaves := range lm.leafs {
			for _, l := range leaves {
				if l.hot != nil {
					hot += l.most(rng)
				} else {
					cold += l.most(rng)
				}
			}
		}
		for _, b := range lm.bonuses {
			hot += b.mostIn(rng)
		}
		lm.ceilingAt, lm.ceilingHot, lm.ceilingCold = rng, hot, cold
	}
	pairs := 1.0
	if len(lm.pairs) > 0 {
		pairs += max(0, lm.bonus)
	}
	const slack = 1 + 1e-6 // above any rounding of the score's arithmetic
	if (lm.ceilingHot+lm.ceilingCold)*pairs*slack < floor {
		return true
	}
	// Then by the document, each check taken only while needed: the pairs
	// first (each halves the bound at most), then the leaves without hot
	// lists, weightiest first.
	ceiling := lm.ceilingHot + lm.ceilingCold
	if len(lm.pairs) > 0 && lm.bonus > 0 {
		held := 0
		for _, p := range lm.pairs {
			if p[0].holds(doc) && p[1].holds(doc) {
				held++
			}
		}
		pairs = 1 + lm.bonus*float64(held)/float64(len(lm.pairs))
		if ceiling*pairs*slack < floor {
			return true
		}
	}
	for _, l := range lm.coldLeaves() {
		if !l.mayHold(doc) {
			if ceiling -= l.most(rng); ceiling*pairs*slack < floor {
				return true
			}
		}
	}
	return false
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
		slices.SortStableFunc(lm.cold, func(a, b *leanLeaf) int { return cmp.Compare(b.most(0), a.most(0)) })
	}
	return lm.cold
}

// mayHold tells whether the leaf's term may be in doc: from its documents'
// bitmap, when known.
func (l *leanLeaf) mayHold(doc uint64) bool {
	if l.doc == leanDone || l.doc > doc {
		return l.doc == doc
	}
	return l.docs == nil || l.docs.Contains(uint32(doc))
}

// most is the most the leaf can score in range rng of documents, from
// where it is: nothing once done (or if the term is not in the field), and
// a term weighs sqrt(freq)×norm at most 1, its hot list tells closer.
func (l *leanLeaf) most(rng int) float64 {
	if l.doc == leanDone {
		return 0
	}
	w := l.idf * l.factor
	if l.weight != 1 {
		w *= l.weight
	}
	switch {
	case l.hot == nil:
		return w * (1 + 1e-6) // the norm is a float32
	case rng < len(l.hot.most):
		return w * float64(l.hot.most[rng])
	}
	return 0
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
