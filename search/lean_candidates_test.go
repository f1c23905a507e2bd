package search

import (
	"context"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/examsearch/examsearch/index/indextest"
)

// TestCandidatesEitherWay checks that a walk's candidates are the
// documents holding every word (the union of each word's leaves'
// documents, intersected), whichever way each next word narrows them:
// leaf by leaf, joined first, or as the engine chooses.
func TestCandidatesEitherWay(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(300))
	e := warmEngine(t, ix, hotConfig{min: 2, bytesPerDoc: 120})
	r, err := openReader(e.ix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, q := range []string{"storage account", "erase storage", "virtual machine network", "cost latency backup zone", "query"} {
		lm, err := newLeanMatches(context.Background(), planFor(t, e, q).text, r, e.hotLists(), e.ix.Store)
		if err != nil || lm == nil {
			t.Fatalf("%q: no lean walk: %v", q, err)
		}
		var want *roaring.Bitmap
		for _, leaves := range lm.leafs {
			word := roaring.New()
			for _, l := range leaves {
				word.Or(l.docSet())
			}
			if want == nil {
				want = word
			} else {
				want.And(word)
			}
		}
		if want.IsEmpty() {
			t.Fatalf("%q: no document holds every word: nothing to compare", q)
		}
		for _, join := range []uint64{0, unionFirst, 1 << 40} {
			if got := lm.candidatesJoining(join); !got.Equals(want) {
				t.Errorf("%q, join %d (0: leaf by leaf): %d candidates, want %d", q, join, got.GetCardinality(), want.GetCardinality())
			}
		}
		lm.close()
	}
}
