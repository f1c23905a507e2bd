package search

import "sync"

// maxRecycledDocs bounds the document lists kept for reuse (8 MiB each).
const maxRecycledDocs = 1 << 20

// docBuffers recycles the lists of matched documents a search records for
// its facets: they run to tens of thousands of entries, and growing them
// anew for every search was a fifth of what a search allocated.
type docBuffers struct{ pool sync.Pool }

// get returns an empty list, with the room of a recycled one.
func (b *docBuffers) get() []uint64 {
	if p, ok := b.pool.Get().(*[]uint64); ok {
		return (*p)[:0]
	}
	return nil
}

// put takes back lists no one uses any more.
func (b *docBuffers) put(lists ...[]uint64) {
	for _, l := range lists {
		if c := cap(l); c > 0 && c <= maxRecycledDocs {
			l = l[:0]
			b.pool.Put(&l)
		}
	}
}
