package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// warmEngine is an engine over ix warmed up with hot lists and ranges as
// hc says.
func warmEngine(t *testing.T, ix *index.Index, hc hotConfig) *Engine {
	t.Helper()
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.hotConfig = hc
	if err := e.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !e.Warmed() || e.hotLists() == nil {
		t.Fatal("warmed up without hot lists")
	}
	return e
}

// Searches read from hot lists, every common term's or some of them
// (where a walk mixes hot leaves and zap's), give Bleve's pages, totals
// and scores to the last bit (see rankedAgreesWithBleve).
func TestHotListsAgreeWithBleve(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(500))
	for _, c := range []struct {
		name                   string
		bytesPerDoc, ceilBytes int
	}{{"all hot", 1 << 20, 0}, {"some hot", 120, 0}, {"some hot, the rest ranges", 120, 1 << 20}} {
		for _, half := range []uint64{100, 1 << 40} {
			t.Run(fmt.Sprintf("%s/halves of %d", c.name, half), func(t *testing.T) {
				e := warmEngine(t, ix, hotConfig{min: 2, bytesPerDoc: c.bytesPerDoc, ceilBytes: c.ceilBytes})
				e.halfDocs = half
				e.primeMin = 1 // every walk that prunes starts from a floor (see primeFloor)
				hot, cold := leafKinds(t, e, "storage account")
				if hot == 0 || c.bytesPerDoc < 1<<20 && cold == 0 {
					t.Fatalf("%d leaves hot, %d read from zap", hot, cold)
				}
				rankedAgreesWithBleve(t, e, ix)
			})
		}
	}
}

// leafKinds counts the leaves of q's walk that read hot lists and those
// that read zap.
func leafKinds(t *testing.T, e *Engine, q string) (hot, cold int) {
	r, err := openReader(e.ix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lm, err := newLeanMatches(context.Background(), planFor(t, e, q).text, r, e.hotLists(), e.ix.Store)
	if err != nil || lm == nil {
		t.Fatalf("%q: no lean walk: %v", q, err)
	}
	defer lm.close()
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.hot != nil {
				hot++
			} else if l.count > 0 {
				cold++
			}
		}
	}
	return hot, cold
}

// The walk passes over only matches that score below the page's floor,
// and counts every match: with the terms' weights in each range of
// documents from hot lists, from ranges alone, or from some of each.
func TestWalkPrunesOnlyWhatCannotMakeThePage(t *testing.T) {
	// "quorum" in every question, and all but alone in the first few:
	// their documents' ranges hold the best scores, the others' cannot.
	// "Storage quorum", a name's phrase below, in some of the first and
	// in every seventh.
	qs := generatedCorpus(1500)
	for i := range qs {
		qs[i].Text += " quorum"
		if i%7 == 0 {
			qs[i].Text += " storage quorum"
		}
		if i >= 300 && i < 310 {
			qs[i].Text = "Storage quorum. " + qs[i].Text
		}
		if i < 30 {
			qs[i].Text = "Quorum, quorum?"
			if i%4 == 0 {
				qs[i].Text = "Storage quorum? Quorum!"
			}
		}
	}
	ix := indextest.BuildQuestions(t, qs)
	for _, c := range []struct {
		name string
		hc   hotConfig
	}{
		{"hot lists", hotConfig{min: 2, bytesPerDoc: 1 << 20}},
		{"ranges", hotConfig{min: 2, ceilBytes: 1 << 20}},
		{"some of each", hotConfig{min: 2, bytesPerDoc: 60, ceilBytes: 1 << 20}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := warmEngine(t, ix, c.hc)
			r := openTestReader(t, e)
			word := func(w string) query.Query { return newSumQuery(e.fieldsTerm(e.analyze(w)[0], 1)...) }
			// A word with a name's phrase: its bonus counts at its most
			// only where the phrase's terms are.
			named := &bonusQuery{main: word("quorum"), forms: [][]bonusPhrase{e.phraseBonus(e.analyze("storage quorum"), 1)}}
			queries := map[string]query.Query{"named quorum": &sumQuery{parts: []query.Query{named}, min: 1}}
			for _, q := range []string{"quorum", "quorum storage", "zone", "storage account", "backup region"} {
				queries[q] = planFor(t, e, q).text
			}
			pruned, ranged := 0, 0
			for q, text := range queries {
				p, rg := prunesBelowFloor(t, r, e, q, text)
				pruned, ranged = pruned+p, ranged+rg
			}
			if pruned == 0 {
				t.Error("no match was pruned")
			}
			if (ranged > 0) != (c.hc.ceilBytes > 0) {
				t.Errorf("%d leaves read ranges", ranged)
			}
		})
	}
}

// prunesBelowFloor walks text's matches without pruning, then pruning
// under the 10th and the 40th best score, and checks that the walk gives
// every match in its matched bitmap and yields every one that makes the
// floor, scored as without pruning. It counts the matches passed over and
// the leaves that read ranges.
func prunesBelowFloor(t *testing.T, r bindex.IndexReader, e *Engine, q string, text query.Query) (pruned, ranged int) {
	walk := func(floor float64, prune bool) (map[uint64]float64, *roaring.Bitmap) {
		lm, err := newLeanMatches(context.Background(), text, r, e.hotLists(), e.ix.Store)
		if err != nil || lm == nil {
			t.Fatalf("%q: no lean walk: %v", q, err)
		}
		defer lm.close()
		if !lm.prune || lm.matched == nil {
			t.Fatalf("%q: the walk would not prune", q)
		}
		ranged = 0
		for _, leaves := range lm.leafs {
			for _, l := range leaves {
				if l.ceil != nil {
					ranged++
				}
			}
		}
		lm.floor, lm.prune = &floor, prune
		out := map[uint64]float64{}
		for {
			doc, score, ok, err := lm.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return out, lm.matched
			}
			out[doc] = score
		}
	}
	all, _ := walk(-1, false)
	scores := make([]float64, 0, len(all))
	for _, s := range all {
		scores = append(scores, s)
	}
	for _, k := range []int{10, 40} {
		floor := kth(scores, k)
		got, matched := walk(floor, true)
		if matched.GetCardinality() != uint64(len(all)) {
			t.Errorf("%q: %d matches pruning, %d not", q, matched.GetCardinality(), len(all))
		}
		for doc, s := range all {
			if !matched.Contains(uint32(doc)) {
				t.Errorf("%q: document %d matches but is not among the matched", q, doc)
			}
			g, yielded := got[doc]
			switch {
			case !yielded:
				pruned++
				if s >= floor {
					t.Errorf("%q: document %d scores %v, over the floor %v, but was passed over", q, doc, s, floor)
				}
			case s >= floor && g != s:
				t.Errorf("%q: document %d scores %v pruning, %v not", q, doc, g, s)
			case g > s: // below the floor, the word-pair bonus is left out
				t.Errorf("%q: document %d scores %v under the floor %v, more than %v", q, doc, g, floor, s)
			}
		}
		for doc := range got {
			if _, ok := all[doc]; !ok {
				t.Errorf("%q: document %d yielded pruning, not a match", q, doc)
			}
		}
	}
	return pruned, ranged
}

// kth is the k-th highest of scores.
func kth(scores []float64, k int) float64 {
	best := make([]float64, 0, k)
	for _, s := range scores {
		best = append(best, s)
		for i := len(best) - 1; i > 0 && best[i] > best[i-1]; i-- {
			best[i], best[i-1] = best[i-1], best[i]
		}
		if len(best) > k {
			best = best[:k]
		}
	}
	if len(best) < k {
		return math.Inf(-1)
	}
	return best[k-1]
}

// A hot list keeps frequencies of 255 and more beside its bytes, and finds
// each posting's positions from its block's base.
func TestHotListFrequenciesAndPositions(t *testing.T) {
	l := &hotList{docs: make([]uint32, 130), freqs: make([]uint8, 130), over: map[int]uint32{}}
	var want [][]uint16
	for i := range l.docs {
		f := uint32(1 + i%3)
		if i == 7 || i == 100 {
			f = 255 + uint32(i)
		}
		l.freqs[i] = uint8(min(f, 255))
		if f >= 255 {
			l.over[i] = f
		}
		if i%64 == 0 {
			l.posBase = append(l.posBase, uint32(len(l.pos)))
		}
		l.posOff = append(l.posOff, uint16(uint32(len(l.pos))-l.posBase[i/64]))
		var ps []uint16
		for j := range min(f, 3) {
			ps = append(ps, uint16(i*10+int(j)))
		}
		l.pos = append(l.pos, ps...)
		want = append(want, ps)
	}
	for i := range l.docs {
		wf := uint64(1 + i%3)
		if i == 7 || i == 100 {
			wf = 255 + uint64(i)
		}
		if got := l.freq(i); got != wf {
			t.Errorf("posting %d: frequency %d, want %d", i, got, wf)
		}
		if got := l.pos[l.posStart(i):l.posStart(i+1)]; !slices.Equal(got, want[i]) {
			t.Errorf("posting %d: positions %v, want %v", i, got, want[i])
		}
	}
}
