package zapwrite

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/vellum"
)

// fieldWriter writes fields' inverted index sections, keeping its buffers
// from field to field.
type fieldWriter struct {
	w       *countWriter
	numDocs uint64
	fst     *vellum.Builder
	fstBuf  bytes.Buffer
	freqs   chunks
	locs    chunks
	docs    []uint32
	bm      *roaring.Bitmap
	out     []byte
	dv      docValues
	cursors cursorHeap
	same    []cursor
}

func newFieldWriter(w *countWriter, numDocs uint64) *fieldWriter {
	return &fieldWriter{w: w, numDocs: numDocs, bm: roaring.New()}
}

// The dictionary's builder options, as zap's.
var fstOptions = &vellum.BuilderOpts{Encoder: 1, RegistryTableSize: 0, RegistryMRUSize: 1}

// noDocValues marks a field without doc values in its section's record.
const noDocValues = math.MaxUint64

// write writes field number i of the batches: each term's postings (or
// only its dictionary entry, for a term of one document found once and
// without locations), the dictionary, the doc values; then the field's
// record (where its doc values start and end and its dictionary starts),
// whose address it returns.
func (fw *fieldWriter) write(i int, f Field, batches []Batch) (uint64, error) {
	fw.fstBuf.Reset()
	var err error
	if fw.fst == nil {
		fw.fst, err = vellum.New(&fw.fstBuf, fstOptions)
	} else {
		err = fw.fst.Reset(&fw.fstBuf)
	}
	if err != nil {
		return 0, fmt.Errorf("dictionary: %w", err)
	}
	fw.cursors = fw.cursors[:0]
	first := uint64(0)
	for b := range batches {
		if r := &batches[b].Runs[i]; len(r.terms) > 0 {
			fw.cursors = append(fw.cursors, cursor{run: r, batch: b, first: first})
		}
		first += uint64(len(batches[b].IDs))
	}
	heap.Init(&fw.cursors)
	for len(fw.cursors) > 0 {
		// The runs holding the next term, in the order of their batches.
		term := fw.cursors[0].term()
		fw.same = fw.same[:0]
		for len(fw.cursors) > 0 && fw.cursors[0].term() == term {
			fw.same = append(fw.same, heap.Pop(&fw.cursors).(cursor))
		}
		val, err := fw.writeTerm(fw.same)
		if err != nil {
			return 0, fmt.Errorf("term %q: %w", term, err)
		}
		if err := fw.fst.Insert([]byte(term), val); err != nil {
			return 0, fmt.Errorf("dictionary: term %q: %w", term, err)
		}
		for _, c := range fw.same {
			if c.next() {
				heap.Push(&fw.cursors, c)
			}
		}
	}
	if err := fw.fst.Close(); err != nil {
		return 0, fmt.Errorf("dictionary: %w", err)
	}
	dict := fw.w.n
	fw.w.write(binary.AppendUvarint(fw.out[:0], uint64(fw.fstBuf.Len())))
	fw.w.write(fw.fstBuf.Bytes())
	dvStart, dvEnd := uint64(noDocValues), uint64(noDocValues)
	if f.Options.IncludeDocValues() {
		dvStart = fw.w.n
		fw.writeDocValues(i, batches)
		dvEnd = fw.w.n
	}
	addr := fw.w.n
	rec := binary.AppendUvarint(fw.out[:0], dvStart)
	rec = binary.AppendUvarint(rec, dvEnd)
	rec = binary.AppendUvarint(rec, dict)
	fw.w.write(rec)
	return addr, fw.w.err
}

// writeTerm writes the postings of the current term of the runs of same
// and returns its dictionary value: where the postings start, or the
// one-hit encoding of a term found once in one document without locations.
func (fw *fieldWriter) writeTerm(same []cursor) (uint64, error) {
	card := uint64(0)
	for _, c := range same {
		card += uint64(c.run.counts[c.i])
	}
	// zap's chunk mode 1026: as few chunks as hold 1,024 postings each.
	size := fw.numDocs / (card/1024 + 1)
	if size == 0 {
		return 0, fmt.Errorf("%d postings in %d documents", card, fw.numDocs)
	}
	numChunks := (fw.numDocs-1)/size + 1
	fw.freqs.reset(size, numChunks)
	fw.locs.reset(size, numChunks)
	fw.docs = fw.docs[:0]
	var lastFreq, lastNorm uint64
	for _, c := range same {
		p := c.postings()
		for len(p) > 0 {
			local, n := binary.Uvarint(p)
			if n <= 0 {
				return 0, fmt.Errorf("a posting after document %d is cut short", c.first)
			}
			p = p[n:]
			doc := c.first + local
			freqWord, n1 := binary.Uvarint(p)
			norm, n2 := uint64(0), 0
			if freqWord>>1 > 0 && n1 > 0 {
				norm, n2 = binary.Uvarint(p[n1:])
			}
			if n1 <= 0 || (freqWord>>1 > 0 && n2 <= 0) {
				return 0, fmt.Errorf("a posting of document %d is cut short", doc)
			}
			fw.freqs.add(doc, p[:n1+n2])
			p = p[n1+n2:]
			if freqWord&1 == 1 {
				size, n := binary.Uvarint(p)
				if n <= 0 || uint64(len(p)-n) < size {
					return 0, fmt.Errorf("the locations of document %d are cut short", doc)
				}
				fw.locs.add(doc, p[:n+int(size)])
				p = p[n+int(size):]
			}
			fw.docs = append(fw.docs, uint32(doc))
			lastFreq, lastNorm = freqWord>>1, norm
		}
	}
	if card == 1 && len(fw.locs.data) == 0 && lastFreq == 1 {
		return oneHit | (lastNorm&mask31)<<31 | uint64(fw.docs[0]), nil
	}
	freqs := fw.w.n
	fw.out = fw.freqs.appendTo(fw.out[:0])
	fw.w.write(fw.out)
	locs := uint64(0)
	if len(fw.locs.data) > 0 {
		locs = fw.w.n
		fw.out = fw.locs.appendTo(fw.out[:0])
		fw.w.write(fw.out)
	}
	postings := fw.w.n
	fw.bm.Clear()
	fw.bm.AddMany(fw.docs)
	bm, err := fw.bm.ToBytes()
	if err != nil {
		return 0, fmt.Errorf("postings: %w", err)
	}
	rec := binary.AppendUvarint(fw.out[:0], freqs)
	rec = binary.AppendUvarint(rec, locs)
	rec = binary.AppendUvarint(rec, uint64(len(bm)))
	fw.out = rec
	fw.w.write(rec)
	fw.w.write(bm)
	return postings, nil
}

// The one-hit encoding of a dictionary value: its top bit set, the norm
// in the 31 bits above the document's.
const (
	oneHit = uint64(1) << 63
	mask31 = uint64(1)<<31 - 1
)

// writeDocValues writes field i's doc values, document by document.
func (fw *fieldWriter) writeDocValues(i int, batches []Batch) {
	fw.dv.reset(fw.w, fw.numDocs)
	doc := uint64(0)
	for b := range batches {
		r := &batches[b].Runs[i]
		start := uint32(0)
		for _, end := range r.dvEnds {
			if end > start {
				fw.dv.add(doc, r.dv[start:end])
			}
			start = end
			doc++
		}
	}
	fw.dv.finish()
}

// cursor is a run's current term, while the runs of a field are joined.
type cursor struct {
	run   *Run
	batch int    // the run's batch, by number
	first uint64 // the batch's first document
	i     int    // the current term
}

func (c *cursor) term() string { return c.run.terms[c.i] }

// postings are the current term's encoded postings.
func (c *cursor) postings() []byte {
	start := uint32(0)
	if c.i > 0 {
		start = c.run.ends[c.i-1]
	}
	return c.run.data[start:c.run.ends[c.i]]
}

// next moves to the run's next term, telling whether there is one.
func (c *cursor) next() bool {
	c.i++
	return c.i < len(c.run.terms)
}

// cursorHeap orders cursors by term, then by batch.
type cursorHeap []cursor

func (h cursorHeap) Len() int { return len(h) }
func (h cursorHeap) Less(a, b int) bool {
	ta, tb := h[a].term(), h[b].term()
	if ta != tb {
		return ta < tb
	}
	return h[a].batch < h[b].batch
}
func (h cursorHeap) Swap(a, b int) { h[a], h[b] = h[b], h[a] }
func (h *cursorHeap) Push(x any)   { *h = append(*h, x.(cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
