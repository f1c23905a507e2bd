package search

import "github.com/RoaringBitmap/roaring/v2"

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
