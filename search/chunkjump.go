package search

import (
	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// zapChunkMode is the layout of postings chunks chunkJump knows: zap's
// default, the fewest chunks of at most 1024 postings, each spanning the
// same number of document numbers.
const zapChunkMode = 1026

// chunkJump speeds up Advance on a zap postings iterator that reads
// frequencies. Zap's Advance steps through every posting up to the target
// one by one, so a conjunction of a rare word and a common one walks all of
// the common one. Moving the iterator's document bitmap to the start of the
// target's chunk first (a jump within the bitmap) leaves zap only the
// postings of that chunk to step through: it then loads that chunk's
// frequencies and skips its postings before the target, as it does for
// any chunk it enters.
type chunkJump struct {
	it    *zap.PostingsIterator
	chunk uint64 // document numbers per chunk; 0: no jumping
}

// postingsBitmap is the documents of a zap postings iterator, nil when
// it is not one.
func postingsBitmap(it segment.PostingsIterator) *roaring.Bitmap {
	if zit, ok := it.(*zap.PostingsIterator); ok {
		return zit.ActualBM
	}
	return nil
}

// newChunkJump prepares jumps for it, a postings iterator of seg's
// postings list of that many postings, when the layout is the one known
// and no documents are deleted (so that the bitmap is the whole list).
func newChunkJump(it segment.PostingsIterator, seg segment.Segment, postings uint64, clean bool) chunkJump {
	zit, ok := it.(*zap.PostingsIterator)
	zs, ok2 := seg.(*zap.Segment)
	if !ok || !ok2 || !clean || zit.Actual == nil || zs.ChunkMode() != zapChunkMode || postings <= 1024 {
		return chunkJump{}
	}
	return chunkJump{it: zit, chunk: zs.Count() / (postings/1024 + 1)}
}

// before moves the iterator, whose last posting was at doc (started: one
// was read), to the first posting of target's chunk when that chunk is a
// later one; Advance(target) follows.
func (j chunkJump) before(doc uint64, started bool, target uint64) {
	if j.chunk == 0 {
		return
	}
	c := target / j.chunk
	if c == 0 || started && doc/j.chunk >= c {
		return
	}
	j.it.Actual.AdvanceIfNeeded(uint32(c * j.chunk))
}
