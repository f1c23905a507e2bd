package search

import (
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestMembershipAgreesWithContains asks a membership in increasing order,
// with repeats, leaps and steps back, over sparse and dense bitmaps, and
// checks each answer against the bitmap's own Contains.
func TestMembershipAgreesWithContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name  string
		every int // a document in every this many
	}{{"sparse", 97}, {"array containers", 20}, {"bitmap containers", 2}, {"empty", 0}} {
		t.Run(c.name, func(t *testing.T) {
			bm := roaring.New()
			for d := uint32(0); c.every > 0 && d < 300_000; d += uint32(1 + rng.IntN(c.every)) {
				bm.Add(d)
			}
			m := membership{bm: bm}
			doc := uint32(0)
			for range 20_000 {
				switch r := rng.IntN(10); {
				case r == 0 && doc > 1000:
					doc -= uint32(rng.IntN(1000)) // out of order
				case r < 3: // the same again
				default:
					doc += uint32(rng.IntN(40))
				}
				if got, want := m.holds(doc), bm.Contains(doc); got != want {
					t.Fatalf("document %d: holds %v, Contains %v", doc, got, want)
				}
			}
		})
	}
}
