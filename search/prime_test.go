package search

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/examsearch/examsearch/index/indextest"
)

// A walk's primed floor is one its page reaches: at most the k-th best
// score of the query's matches (every match scored by Bleve). It is found
// for every query, where the word pairs' documents are known from the
// index, and most often near that k-th best: within a tenth where the
// terms have hot lists, within half where only their champions' own
// weights are known.
func TestPrimedFloorIsReached(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(800))
	queries := []string{"storage account", "virtual machine network", "database query cache", "blob container backup", "storage", "network"}
	for _, c := range []struct {
		name string
		hc   hotConfig
		near float64 // of the k-th best, that most floors reach
	}{
		{"hot lists and ranges", hotConfig{min: 2, bytesPerDoc: 120, ceilBytes: 1 << 20}, 0.9},
		{"ranges only", hotConfig{min: 2, ceilBytes: 1 << 20}, 0.5},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := warmEngine(t, ix, c.hc)
			r := openTestReader(t, e)
			primed, near := 0, 0
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
					want := kth(scores, k)
					if floor > want {
						t.Errorf("%q: primed floor %v over the %d-th best score %v", q, floor, k, want)
					}
					if floor > 0 {
						primed++
					}
					if floor >= want*c.near {
						near++
					}
				}
			}
			if n := len(queries) * 4; primed < n || near < n/2 {
				t.Errorf("of %d floors, %d primed and %d at least %v of the page's", n, primed, near, c.near)
			}
		})
	}
}

// A leaf without a hot list knows what it weighs at its champions, a
// little under what the walk's leaf scores there; elsewhere, where the
// term is and the field's norms were read for hot lists, at least what
// one occurrence weighs; else nothing. Its champions are where it weighs
// most: no other document of the term scores more than the least of them.
func TestLeastAtChampions(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(3000))
	for _, c := range []struct {
		name  string
		hc    hotConfig
		norms bool // some field of the query has hot lists, and so norms
	}{
		{"ranges only", hotConfig{min: 2, ceilBytes: 1 << 20}, false},
		{"some hot lists", hotConfig{min: 2, bytesPerDoc: 40, ceilBytes: 1 << 20}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := warmEngine(t, ix, c.hc)
			r := openTestReader(t, e)
			text := planFor(t, e, "storage network").text
			open := func() *leanMatches {
				lm, err := newLeanMatches(context.Background(), text, r, e.hotLists(), e.ix.Store)
				if err != nil || lm == nil {
					t.Fatalf("no lean walk: %v", err)
				}
				t.Cleanup(func() { lm.close() })
				return lm
			}
			lm := open()
			champions, others := 0, 0
			for w, leaves := range lm.leafs {
				for i, l := range leaves {
					if l.count == 0 || l.hot != nil {
						continue // the term is not in the field, or has a hot list
					}
					if l.champs == nil || len(l.champs.docs) != int(min(l.count, championsPerList)) {
						t.Fatalf("leaf %d of word %d: %d postings, champions %v", i, w, l.count, l.champs)
					}
					least := math.Inf(1)
					for doc := uint64(0); doc < 3000; doc++ {
						got, found := l.leastAt(doc)
						if err := l.advance(doc); err != nil {
							t.Fatal(err)
						}
						want, there := 0.0, l.doc == doc
						if there {
							want = l.score()
						}
						champion := slices.Contains(l.champs.docs, uint32(doc))
						normed := doc < uint64(len(l.norms)) && l.norms[doc] > 0
						switch {
						case found != (champion || there && normed) || found && !there:
							t.Fatalf("leaf %d of word %d, document %d: found %v, a champion %v, the term there %v, its norm known %v", i, w, doc, found, champion, there, normed)
						case found && got > want:
							t.Fatalf("leaf %d of word %d, document %d: weighs %v, over the walk's %v", i, w, doc, got, want)
						case champion && got < want*(1-1e-6):
							t.Fatalf("leaf %d of word %d, champion %d: weighs %v, the walk scores %v", i, w, doc, got, want)
						case champion:
							least = min(least, got)
							champions++
						case found:
							others++
						}
					}
					// Every other posting, read again from the start.
					for p := open().leafs[w][i]; p.doc != leanDone; p.next() {
						if s := p.score(); !slices.Contains(l.champs.docs, uint32(p.doc)) && s > least*(1+1e-6) {
							t.Fatalf("leaf %d of word %d: document %d scores %v, over the least champion's %v", i, w, p.doc, s, least)
						}
					}
				}
			}
			if champions == 0 || (others > 0) != c.norms {
				t.Fatalf("%d champions checked, %d other documents weighed by their norm", champions, others)
			}
		})
	}
}
