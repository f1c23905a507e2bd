package search

import (
	"context"
	"testing"

	"github.com/examsearch/examsearch/index/indextest"
)

// A walk's primed floor is one its page reaches: at most the k-th best
// score of the query's matches (every match scored by Bleve), and
// found for most queries, where the word pairs' documents are known from
// the index.
func TestPrimedFloorIsReached(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(800))
	e := warmEngine(t, ix, hotConfig{min: 2, bytesPerDoc: 120, ceilBytes: 1 << 20})
	r := openTestReader(t, e)
	primed := 0
	queries := []string{"storage account", "virtual machine network", "database query cache", "blob container backup", "storage", "network"}
	for _, q := range queries {
		text := planFor(t, e, q).text
		var scores []float64 // every match's, from Bleve
		for _, s := range allScores(t, e, text) {
			scores = append(scores, s)
		}
		for _, k := range []int{1, 3, 10, 40} {
			lm, err := newLeanMatches(context.Background(), text, r, e.hotLists(), e.ix.Store)
			if err != nil || lm == nil {
				t.Fatalf("%q: no lean walk: %v", q, err)
			}
			if _, isPairs := text.(*pairsQuery); isPairs && lm.pairBits == nil {
				t.Errorf("%q: the word pairs are read from positions, not from the index's pairs", q)
			}
			floor := lm.primeFloor(k, nil)
			lm.close()
			if want := kth(scores, k); floor > want {
				t.Errorf("%q: primed floor %v over the %d-th best score %v", q, floor, k, want)
			}
			if floor > 0 {
				primed++
			}
		}
	}
	if primed < len(queries) {
		t.Errorf("only %d floors primed", primed)
	}
}
