package search

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// topValues keeps what sorting every present value by count (stable, so
// ties stay in value order) and cutting at size would.
func TestTopValues(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 11))
	random := make([]int, 1500)
	for i := range random {
		random[i] = rnd.IntN(6) // many ties and zeros
	}
	for _, tc := range []struct {
		name   string
		counts []int
		size   int
	}{
		{"nothing", nil, 10},
		{"zeros only", []int{0, 0, 0}, 10},
		{"fewer than size", []int{3, 0, 5, 1}, 10},
		{"ties at the cut", []int{2, 5, 2, 2, 5, 1}, 3},
		{"size one", []int{1, 4, 4, 2}, 1},
		{"size zero counts as one", []int{1, 4, 4, 2}, 0},
		{"exact size", []int{1, 2, 3}, 3},
		{"many values", random, 10},
		{"many values, large size", random, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want []int
			wantOther := 0
			for o, n := range tc.counts {
				if n > 0 {
					want = append(want, o)
				}
			}
			slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(tc.counts[b], tc.counts[a]) })
			if size := max(tc.size, 1); len(want) > size {
				for _, o := range want[size:] {
					wantOther += tc.counts[o]
				}
				want = want[:size]
			}
			top, other := topValues(tc.counts, tc.size)
			if fmt.Sprint(top) != fmt.Sprint(want) || other != wantOther {
				t.Errorf("topValues = %v, other %d; want %v, other %d", top, other, want, wantOther)
			}
		})
	}
}
