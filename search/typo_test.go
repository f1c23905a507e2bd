package search

import (
	"strings"
	"testing"
)

// Typo tolerance is bounded: looking for corrections costs about the square
// of a word's length, so a hostile query must not buy seconds of CPU.
func TestTypoToleranceIsBounded(t *testing.T) {
	e := hotEngine(t)
	junk := func(n int) string { // unknown words of 9 letters: two typos allowed
		var w []string
		for i := range n {
			w = append(w, "qzvxk"+string(rune('a'+i))+"jwq")
		}
		return strings.Join(w, " ")
	}
	tests := []struct {
		name, q string
		want    int // words matched with typos
	}{
		{"one unknown word", junk(1), 1},
		{"as many as allowed", junk(maxTypoWords), maxTypoWords},
		{"more than allowed", junk(maxTypoWords + 4), maxTypoWords},
		{"longest word allowed", strings.Repeat("q", fuzzyMaxLen), 1},
		{"too long a word", strings.Repeat("q", fuzzyMaxLen+1), 0},
		{"a 900-letter word", strings.Repeat("qx", 450), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := 0
			for _, m := range planFor(t, e, tc.q).marks {
				if m.fuzzy > 0 {
					got++
				}
			}
			if got != tc.want {
				t.Errorf("%d words matched with typos, want %d", got, tc.want)
			}
		})
	}
}
