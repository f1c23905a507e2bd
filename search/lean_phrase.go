package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// leanPhrase matches its terms standing in a row (with positions) or all
// anywhere in the field (the comments keep no positions), and scores as
// Bleve's phrase and conjunction searchers do: the terms rarest first,
// each tf·norm·idf times idf·norm, norm the root of the summed squared
// IDFs; then the scale.
type leanPhrase struct {
	terms     []*leanLeaf
	positions bool
	order     []int
	norm      float64
	// lazy: the walk tries candidates (see alignCandidates), and the
	// phrase is looked for only at each (see settlePhrases); its leaf's
	// document is then a match when exact, else the first where one may
	// be.
	lazy, exact bool
}

// phrase makes a leaf of a phrase or a conjunction of terms in one field.
func (lm *leanMatches) phrase(q query.Query, scale float64, ss *scorch.SegmentSnapshot, docs uint64, leaves *[]*leanLeaf) (*leanNode, bool, error) {
	var terms []string
	var field string
	positions := false
	switch x := q.(type) {
	case *query.PhraseQuery:
		terms, field, positions = x.Terms, x.FieldVal, true
		if x.BoostVal != nil && x.BoostVal.Value() != 1 {
			return nil, false, nil
		}
	case *query.ConjunctionQuery:
		if x.BoostVal != nil && x.BoostVal.Value() != 1 {
			return nil, false, nil
		}
		for _, c := range x.Conjuncts {
			tq, ok := c.(*query.TermQuery)
			if !ok || (field != "" && tq.FieldVal != field) || tq.BoostVal != nil && tq.BoostVal.Value() != 1 {
				return nil, false, nil
			}
			terms, field = append(terms, tq.Term), tq.FieldVal
		}
	}
	if len(terms) < 2 || slices.Contains(terms, "") {
		return nil, false, nil
	}
	ph := &leanPhrase{positions: positions}
	for _, t := range terms {
		l, err := lm.openLeaf(ss, t, field, docs, positions)
		if err != nil {
			return nil, false, err
		}
		ph.terms = append(ph.terms, l)
	}
	counts, idfs := make([]uint64, len(ph.terms)), make([]float64, len(ph.terms))
	for i, t := range ph.terms {
		counts[i], idfs[i] = t.count, t.idf
	}
	ph.order, ph.norm = conjunctionWeights(counts, idfs)
	l := &leanLeaf{factor: scale, weight: 1, phrase: ph}
	for _, t := range ph.terms {
		l.count += t.count
	}
	*leaves = append(*leaves, l) // put on its first match by settlePhrases
	return &leanNode{leaf: l}, true, nil
}

// settlePhrases puts the phrases' leaves on their first match, or, when
// the walk tries fewer candidates (cands) than the documents holding all
// of a phrase's words, leaves it to be looked for at each: a phrase of
// common words ("recovery time objective") found by seeking reads the
// positions of every document holding all its words up to its next match.
func (lm *leanMatches) settlePhrases(cands *roaring.Bitmap) error {
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			switch {
			case l.phrase == nil:
			case cands != nil && l.docSet().GetCardinality() > cands.GetCardinality():
				l.phrase.lazy = true // l.doc 0: a match may be anywhere
			default:
				if err := l.phrase.seek(l, 0); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// at puts a lazy phrase's leaf on target if the phrase is there, else on
// the first document where it may be.
func (ph *leanPhrase) at(l *leanLeaf, target uint64) error {
	if l.doc > target || l.doc == target && ph.exact {
		return nil
	}
	next := target
	for _, t := range ph.terms {
		if err := t.advance(target); err != nil {
			return err
		}
		next = max(next, t.doc)
	}
	if next == target {
		if !ph.positions || inRow(ph.terms) {
			l.doc, ph.exact = target, true
			return nil
		}
		next++
	}
	l.doc, ph.exact = next, false
	return nil
}

// seek puts l on the phrase's first match at or after target.
func (ph *leanPhrase) seek(l *leanLeaf, target uint64) error {
	for {
		for aligned := false; !aligned; {
			aligned = true
			for _, t := range ph.terms {
				if err := t.advance(target); err != nil {
					return err
				}
				if t.doc == leanDone {
					l.doc = leanDone
					return nil
				}
				if t.doc != target {
					target, aligned = t.doc, false
				}
			}
		}
		if !ph.positions || inRow(ph.terms) {
			l.doc = target
			return nil
		}
		target++
	}
}

// inRow tells whether the terms stand one after the other somewhere: term
// i at position p+i for some p.
func inRow(terms []*leanLeaf) bool {
	for _, t := range terms {
		t.positions() // into t.pos
	}
	for _, p := range terms[0].pos {
		ok := true
		for i := 1; i < len(terms) && ok; i++ {
			ok = slices.Contains(terms[i].pos, p+uint64(i))
		}
		if ok {
			return true
		}
	}
	return false
}

func (ph *leanPhrase) score() float64 {
	s := 0.0
	for _, i := range ph.order {
		t := ph.terms[i]
		freq, norm := t.tf()
		s += math.Sqrt(float64(freq)) * norm * t.idf * (t.idf * ph.norm)
	}
	return s
}

// conjunctionWeights is how Bleve's conjunction of terms weighs them: it
// takes the terms rarest first (order, in which their scores are summed)
// and divides their query weights by the root of their summed squared
// IDFs (norm), summed in that order too.
func conjunctionWeights(counts []uint64, idfs []float64) (order []int, norm float64) {
	order = make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(counts[a], counts[b]) })
	squares := 0.0
	for _, i := range order {
		squares += idfs[i] * idfs[i]
	}
	return order, 1 / math.Sqrt(squares)
}
