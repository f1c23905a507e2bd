package zapwrite

import (
	"encoding/binary"

	"github.com/golang/snappy"
)

// chunks is one term's frequency or location stream, cut into chunks of
// documents as zap's chunked int coder cuts it: chunk k holds the
// documents from k*size up to (k+1)*size.
type chunks struct {
	size uint64
	lens []uint64 // of each chunk
	data []byte
}

// reset starts a stream of numChunks chunks of size documents.
func (c *chunks) reset(size, numChunks uint64) {
	c.size = size
	c.lens = slices0(c.lens, int(numChunks))
	c.data = c.data[:0]
}

// add appends b, of document doc (in increasing order).
func (c *chunks) add(doc uint64, b []byte) {
	c.lens[doc/c.size] += uint64(len(b))
	c.data = append(c.data, b...)
}

// appendTo appends the stream as zap's reader reads it: the number of
// chunks, where each ends, then the data.
func (c *chunks) appendTo(out []byte) []byte {
	out = binary.AppendUvarint(out, uint64(len(c.lens)))
	end := uint64(0)
	for _, l := range c.lens {
		end += l
		out = binary.AppendUvarint(out, end)
	}
	return append(out, c.data...)
}

// slices0 is s resized to n zeroes.
func slices0(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// docValueChunk is the number of documents in a chunk of doc values (zap's
// legacy chunk mode, which doc values keep).
const docValueChunk = 1024

// docValues writes a field's doc values as zap's chunked content coder
// does: per chunk of docValueChunk documents, a list of (document, end of
// its values) and the chunk's values compressed with snappy; then where
// each chunk ends, the length of that list of ends, and the number of
// chunks. Like zap's coder, it writes the empty chunk it starts in when
// the first document with values is in a later chunk, and nothing for
// other chunks without values.
type docValues struct {
	w          *countWriter
	chunk      uint64
	lens       []uint64
	meta       []byte
	metaN      int
	buf        []byte
	compressed []byte
}

func (d *docValues) reset(w *countWriter, numDocs uint64) {
	d.w, d.chunk = w, 0
	d.lens = slices0(d.lens, int((numDocs-1)/docValueChunk+1))
	d.buf, d.meta, d.metaN = d.buf[:0], d.meta[:0], 0
}

// add adds document doc's values (not empty; documents in increasing order).
func (d *docValues) add(doc uint64, vals []byte) {
	if c := doc / docValueChunk; c != d.chunk {
		d.flush()
		d.chunk = c
	}
	d.buf = append(d.buf, vals...)
	d.meta = binary.AppendUvarint(d.meta, doc)
	d.meta = binary.AppendUvarint(d.meta, uint64(len(d.buf)))
	d.metaN++
}

func (d *docValues) flush() {
	head := binary.AppendUvarint(nil, uint64(d.metaN))
	d.compressed = snappy.Encode(d.compressed[:cap(d.compressed)], d.buf)
	d.w.write(head)
	d.w.write(d.meta)
	d.w.write(d.compressed)
	d.lens[d.chunk] = uint64(len(head) + len(d.meta) + len(d.compressed))
	d.buf, d.meta, d.metaN = d.buf[:0], d.meta[:0], 0
}

// finish writes the last chunk and the chunks' index.
func (d *docValues) finish() {
	d.flush()
	var out []byte
	end := uint64(0)
	for _, l := range d.lens {
		end += l
		out = binary.AppendUvarint(out, end)
	}
	n := uint64(len(out))
	out = binary.BigEndian.AppendUint64(out, n)
	out = binary.BigEndian.AppendUint64(out, uint64(len(d.lens)))
	d.w.write(out)
}
