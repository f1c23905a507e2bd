package search

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestHotWeightAtAgreesWithLeastAt checks the cursor of hotWeightAt
// against a binary search of the hot list (leastAt), with the leaf at
// several places: documents asked in increasing order (as the walk asks),
// with leaps, repeats and documents the term is not in, then in any order.
func TestHotWeightAtAgreesWithLeastAt(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	h := &hotList{norms: make([]float32, 5000)}
	for d := range h.norms {
		h.norms[d] = float32(1 / math.Sqrt(float64(1+d%37)))
	}
	for d := uint32(0); d < 5000; d += uint32(1 + rnd.IntN(9)) {
		h.docs = append(h.docs, d)
		h.freqs = append(h.freqs, uint8(1+rnd.IntN(4)))
	}
	for _, start := range []int{0, 1, len(h.docs) / 2, len(h.docs) - 1, len(h.docs)} {
		newLeaf := func() *leanLeaf {
			l := &leanLeaf{hot: h, idf: 1.7, factor: 0.8, weight: 1, at: start}
			l.load()
			return l
		}
		check := func(l *leanLeaf, doc uint64) {
			t.Helper()
			got := l.hotWeightAt(doc)
			want, found := newLeaf().leastAt(doc)
			if doc < l.doc && found {
				// The leaf is past doc (or done): the walk never asks there.
				return
			}
			if !found {
				want = 0
			}
			if math.Abs(got-want) > 1e-12*want {
				t.Fatalf("leaf at %d: document %d weighs %v, want %v", start, doc, got, want)
			}
		}
		l := newLeaf()
		for doc := uint64(0); doc < 5100; doc += uint64(rnd.IntN(40)) {
			check(l, doc)
			check(l, doc) // asked again
		}
		l = newLeaf()
		for range 2000 {
			check(l, uint64(rnd.IntN(5100)))
		}
	}
}

// A leaf knows, range by range, whether its term is in some document of
// the range: from its bitmap, asked in increasing order with ranges left
// out; always, without a bitmap.
func TestLeafInRange(t *testing.T) {
	size := uint32(1) << hotRangeBits
	docs := roaring.BitmapOf(3, size-1, 5*size, 5*size+7, 9*size+size/2)
	l := &leanLeaf{docs: docs}
	for rng, want := range []bool{true, false, false, false, false, true, false, false, false, true, false, false} {
		if rng%4 == 3 {
			continue // left out
		}
		if got := l.inRange(rng); got != want {
			t.Errorf("range %d: in range %v, want %v", rng, got, want)
		}
	}
	if !(&leanLeaf{}).inRange(7) {
		t.Error("a leaf without a bitmap is not in range")
	}
}
