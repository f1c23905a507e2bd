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
//
// The rarest word's documents come first, and each next word narrows
// them: leaf by leaf, (C∧L1)∨(C∧L2)…, while the candidates are few
// against the word's postings (a rare word before common ones: the union
// of a common word's leaves, tens of thousands of documents, is not made);
// else as C∧(L1∨L2…), its leaves joined at once (roaring's FastOr), where
// an intersection a leaf would turn bitmaps into arrays of thousands only
// to join them again (`user type` at four times the corpus spent a
// quarter of its time there).
func (lm *leanMatches) candidates() *roaring.Bitmap {
	return lm.candidatesJoining(unionFirst)
}

// candidatesJoining is candidates, a next word's leaves joined first when
// the candidates so far are at least 1/join of its postings.
func (lm *leanMatches) candidatesJoining(join uint64) *roaring.Bitmap {
	type word struct {
		sets []*roaring.Bitmap
		size uint64
	}
	words := make([]word, len(lm.leafs))
	for i, leaves := range lm.leafs {
		for _, l := range leaves {
			d := l.docSet()
			if d == nil {
				return nil
			}
			words[i].sets = append(words[i].sets, d)
			words[i].size += d.GetCardinality()
		}
	}
	if len(words) == 0 {
		return nil
	}
	slices.SortFunc(words, func(a, b word) int { return cmp.Compare(a.size, b.size) })
	all := roaring.FastOr(words[0].sets...)
	parts := make([]*roaring.Bitmap, 0, 4)
	for _, w := range words[1:] {
		if all.IsEmpty() {
			break
		}
		if all.GetCardinality()*join >= w.size {
			// Many candidates against the word's postings: one union,
			// then one intersection.
			all = roaring.And(all, roaring.FastOr(w.sets...))
			continue
		}
		parts = parts[:0]
		for _, d := range w.sets {
			parts = append(parts, roaring.And(all, d))
		}
		all = roaring.FastOr(parts...)
	}
	return all
}

// unionFirst: a next word's leaves are joined before narrowing the
// candidates when the candidates are at least 1/unionFirst of the word's
// postings (see candidates).
const unionFirst = 8

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
// word is found (a phrase may not be, though all its terms are), and that
// may make the page: when pruning, a candidate that cannot, or a whole
// range of documents that cannot, is passed over, its leaves left behind.
func (lm *leanMatches) alignCandidates() (doc uint64, ok bool, err error) {
	for lm.cands.HasNext() {
		target := uint64(lm.cands.PeekNext())
		if target >= lm.end {
			return 0, false, nil // left for the span it is in
		}
		lm.cands.Next()
		if lm.prune && lm.floor != nil && *lm.floor > 0 {
			if rng := int(target >> hotRangeBits); lm.rangeBelow(rng, *lm.floor) {
				lm.cands.AdvanceIfNeeded(uint32(rng+1) << hotRangeBits)
				continue
			}
			if lm.below(target, *lm.floor) {
				continue
			}
		}
		found := true
		for _, leaves := range lm.leafs {
			held := false
			for _, l := range leaves {
				// A leaf read from zap whose bitmap lacks the candidate is
				// left behind: zap would read every posting up to it, and
				// again up to the next candidate the leaf is at.
				if l.hot == nil && l.phrase == nil && l.docs != nil && !l.mayHold(target) {
					continue
				}
				if err := l.advance(target); err != nil {
					return 0, false, err
				}
				held = held || l.doc == target
			}
			if !held {
				found = false
				break
			}
		}
		if found {
			return target, true, nil
		}
	}
	return 0, false, nil
}
