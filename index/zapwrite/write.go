package zapwrite

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"

	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/golang/snappy"
)

// Field is a field of the segment: its name and Bleve's indexing options.
type Field struct {
	Name    string
	Options bindex.FieldIndexingOptions
}

// IDField is the field holding each document's ID, the segment's first.
const IDField = "_id"

// Batch is a batch of consecutive documents, inverted.
type Batch struct {
	IDs  []string // of its documents, in order
	Runs []Run    // of each field, in the segment's order of fields
}

// The footer's constants, as zap writes them.
const (
	version   = 17   // zap's file format version
	chunkMode = 1026 // zap's default chunk mode: a term's postings in chunks of up to 1,024
)

// Write writes the segment of the batches, in order (the first batch's
// first document is the segment's document 0), to path. fields are the
// segment's fields: IDField first, then the others by name; a field with
// doc values must have had them kept by its run builders. Each field's
// runs are released once written.
func Write(ctx context.Context, path string, fields []Field, batches []Batch) (err error) {
	if err := check(fields, batches); err != nil {
		return fmt.Errorf("write segment %s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write segment: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("write segment %s: %w", path, cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := &countWriter{w: bw}
	if err := writeSegment(ctx, w, fields, batches); err != nil {
		return fmt.Errorf("write segment %s: %w", path, err)
	}
	if err := errors.Join(w.err, bw.Flush(), f.Sync()); err != nil {
		return fmt.Errorf("write segment %s: %w", path, err)
	}
	return nil
}

func check(fields []Field, batches []Batch) error {
	if len(fields) == 0 || fields[0].Name != IDField {
		return fmt.Errorf("the first field must be %s", IDField)
	}
	if !slices.IsSortedFunc(fields[1:], func(a, b Field) int { return strings.Compare(a.Name, b.Name) }) {
		return errors.New("the fields after _id are not in order of name")
	}
	for _, f := range fields {
		if f.Options.SkipDVChunking() || f.Options.SkipDVCompression() {
			return fmt.Errorf("field %s: doc values without chunks or compression are not written", f.Name)
		}
	}
	docs := 0
	for i, b := range batches {
		if len(b.Runs) != len(fields) {
			return fmt.Errorf("batch %d has %d runs for %d fields", i, len(b.Runs), len(fields))
		}
		for j, r := range b.Runs {
			if fields[j].Options.IncludeDocValues() && len(r.dvEnds) != len(b.IDs) {
				return fmt.Errorf("batch %d, field %s: doc values of %d documents out of %d", i, fields[j].Name, len(r.dvEnds), len(b.IDs))
			}
		}
		docs += len(b.IDs)
	}
	if docs == 0 {
		return errors.New("no documents")
	}
	if docs > 1<<31 {
		return fmt.Errorf("%d documents: more than a segment numbers", docs)
	}
	return nil
}

func writeSegment(ctx context.Context, w *countWriter, fields []Field, batches []Batch) error {
	numDocs := uint64(0)
	for _, b := range batches {
		numDocs += uint64(len(b.IDs))
	}
	storedIndex := writeStored(w, batches, numDocs)
	fw := newFieldWriter(w, numDocs)
	addrs := make([]uint64, len(fields))
	for i, f := range fields {
		if err := ctx.Err(); err != nil {
			return err
		}
		addr, err := fw.write(i, f, batches)
		if err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
		addrs[i] = addr
		for j := range batches {
			batches[j].Runs[i] = Run{}
		}
	}
	sectionsIndex := writeFieldsSection(w, fields, addrs)
	writeFooter(w, numDocs, storedIndex, sectionsIndex)
	return w.err
}

// writeStored writes each document's stored fields (its _id alone), the
// index of where each starts, and an empty list of nested documents. It
// returns where the index starts.
func writeStored(w *countWriter, batches []Batch, numDocs uint64) uint64 {
	offsets := make([]byte, 0, 8*numDocs)
	empty := snappy.Encode(nil, nil) // the other stored fields: none
	var rec []byte
	for _, b := range batches {
		for _, id := range b.IDs {
			offsets = binary.BigEndian.AppendUint64(offsets, w.n)
			meta := uvarintLen(uint64(len(id)))
			rec = binary.AppendUvarint(rec[:0], uint64(meta))
			rec = binary.AppendUvarint(rec, uint64(len(id)+len(empty)))
			rec = binary.AppendUvarint(rec, uint64(len(id)))
			rec = append(append(rec, id...), empty...)
			w.write(rec)
		}
	}
	index := w.n
	w.write(offsets)
	w.write([]byte{0}) // no nested documents
	return index
}

// Section types as zap numbers them, and the three a segment lists for
// each field (zap built without vectors): the inverted index, synonyms and
// geo shapes (the last two empty here).
const (
	sectionInverted = 0
	sectionSynonym  = 2
	sectionGeoShape = 3
)

// writeFieldsSection writes each field's name, options and sections, then
// the index of where each field's record starts, whose start it returns.
func writeFieldsSection(w *countWriter, fields []Field, addrs []uint64) uint64 {
	starts := make([]uint64, len(fields))
	var rec []byte
	for i, f := range fields {
		starts[i] = w.n
		rec = binary.AppendUvarint(rec[:0], uint64(len(f.Name)))
		rec = append(rec, f.Name...)
		rec = binary.AppendUvarint(rec, uint64(f.Options))
		rec = binary.AppendUvarint(rec, 3)
		for _, s := range []struct {
			typ  uint16
			addr uint64
		}{{sectionInverted, addrs[i]}, {sectionSynonym, 0}, {sectionGeoShape, 0}} {
			rec = binary.BigEndian.AppendUint16(rec, s.typ)
			rec = binary.BigEndian.AppendUint64(rec, s.addr)
		}
		w.write(rec)
	}
	index := w.n
	rec = binary.AppendUvarint(rec[:0], uint64(len(fields)))
	for _, s := range starts {
		rec = binary.BigEndian.AppendUint64(rec, s)
	}
	w.write(rec)
	return index
}

// writeFooter writes the footer: the writer's ID (none) and its length,
// the number of documents, where the stored fields' index and the
// sections' index start, the chunk mode, the version, and the CRC-32 of
// everything before it.
func writeFooter(w *countWriter, numDocs, storedIndex, sectionsIndex uint64) {
	var f []byte
	f = binary.BigEndian.AppendUint32(f, 0)
	f = binary.BigEndian.AppendUint64(f, numDocs)
	f = binary.BigEndian.AppendUint64(f, storedIndex)
	f = binary.BigEndian.AppendUint64(f, sectionsIndex)
	f = binary.BigEndian.AppendUint32(f, chunkMode)
	f = binary.BigEndian.AppendUint32(f, version)
	w.write(f)
	w.write(binary.BigEndian.AppendUint32(nil, w.crc))
}

// countWriter writes, counting the bytes and their CRC-32, and keeps the
// first error.
type countWriter struct {
	w   io.Writer
	n   uint64
	crc uint32
	err error
}

func (c *countWriter) write(b []byte) {
	if c.err != nil {
		return
	}
	_, c.err = c.w.Write(b)
	c.n += uint64(len(b))
	c.crc = crc32.Update(c.crc, crc32.IEEETable, b)
}
