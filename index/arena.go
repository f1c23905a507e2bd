package index

import bindex "github.com/blevesearch/bleve_index_api"

// analysisArena holds what the analyses of one segment's prose give zap:
// term frequencies and locations, carved out of a few large slices instead
// of several small ones per field. A segment worker keeps one arena and
// resets it for each segment, once zap has written the one before: zap
// copies what it keeps, so nothing points into the arena after that. It
// spares the build about a gigabyte of allocation on the shared corpus.
// A nil arena allocates afresh each time.
type analysisArena struct {
	freqs slab[bindex.TokenFreq]
	locs  slab[bindex.TokenLocation]
	ptrs  slab[*bindex.TokenLocation]
	pairs []pairOcc // the segment's word pairs, until listed (makeSegment keeps it)
}

// reset makes the arena's memory free to hand out again: the segment
// that held it must be written and dropped.
func (a *analysisArena) reset() {
	a.freqs.reset()
	a.locs.reset()
	a.ptrs.reset()
}

func (a *analysisArena) tokenFreqs(n int) []bindex.TokenFreq {
	if a == nil {
		return make([]bindex.TokenFreq, n)
	}
	return a.freqs.take(n)
}

func (a *analysisArena) locations(n int) ([]bindex.TokenLocation, []*bindex.TokenLocation) {
	if a == nil {
		return make([]bindex.TokenLocation, n), make([]*bindex.TokenLocation, n)
	}
	return a.locs.take(n), a.ptrs.take(n)
}

// slab hands out sub-slices of a backing slice, and a larger one when it
// runs out; reset starts handing out its latest from the start. Earlier
// ones are left to the collector with what points into them. What it hands
// out again holds what it held: the taker sets every element (clearing
// them first cost as much as allocating them).
type slab[T any] struct{ buf []T }

// minSlab is the fewest elements a slab allocates at a time.
const minSlab = 1 << 12

func (s *slab[T]) take(n int) []T {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]T, 0, max(n, 2*cap(s.buf), minSlab))
	}
	l := len(s.buf)
	s.buf = s.buf[:l+n]
	return s.buf[l : l+n : l+n]
}

func (s *slab[T]) reset() { s.buf = s.buf[:0] }
