package zapwrite

import (
	"encoding/binary"
	"slices"
	"strings"
)

// Run is one field's postings in a batch of consecutive documents: its
// terms in order, and each term's postings encoded as Write copies them
// into the segment.
type Run struct {
	terms  []string
	counts []uint32 // postings of each term
	ends   []uint32 // where each term's postings end in data
	// data holds each posting as uvarint(document - the batch's first),
	// then zap's frequency stream: uvarint(freq<<1 | has locations),
	// uvarint(norm), then its location stream when it has locations:
	// uvarint(their size), and per location uvarints of the field,
	// position, start, end and 0 array positions.
	data []byte
	// dv holds each document's doc values (its terms in order, each
	// followed by 0xff), dvEnds where each document's end; nil when the
	// field keeps none.
	dv     []byte
	dvEnds []uint32
}

// Loc is an occurrence of a term in a field: its position (from 1) and
// where it starts and ends in the field's text.
type Loc struct{ Pos, Start, End uint64 }

// RunBuilder inverts one field of a batch of documents into a Run. A
// worker keeps one per field and reuses it from batch to batch.
type RunBuilder struct {
	field     uint64 // the field's number in the segment, which locations name
	docValues bool

	ids     map[string]uint32 // term -> its number in the batch
	terms   []string          // by number
	entries []entry           // the postings, in the order added
	scratch []byte            // their encodings

	docs     int      // documents begun
	docTerms []string // the current document's terms, for its doc values
	dv       []byte
	dvEnds   []uint32
}

// entry is a posting: its term's number and its encoding in scratch.
type entry struct{ term, start, end uint32 }

// NewRunBuilder returns a builder for the field numbered field in the
// segment (Write's fields), keeping doc values when docValues is set.
func NewRunBuilder(field int, docValues bool) *RunBuilder {
	return &RunBuilder{field: uint64(field), docValues: docValues, ids: map[string]uint32{}}
}

// Add adds the posting of term in document doc, numbered from the
// batch's first: freq occurrences in a field of norm terms, at locs (none
// when the field keeps no positions). A document's postings come
// together, documents in increasing order, each term once a document. A
// field whose options skip frequencies and norms has freq 0.
func (b *RunBuilder) Add(doc int, term string, freq, norm uint64, locs []Loc) {
	for b.docs <= doc {
		b.endDoc()
	}
	id, ok := b.ids[term]
	if !ok {
		id = uint32(len(b.terms))
		b.ids[term] = id
		b.terms = append(b.terms, term)
	}
	start := len(b.scratch)
	s := binary.AppendUvarint(b.scratch, uint64(doc))
	hasLocs := uint64(0)
	if len(locs) > 0 {
		hasLocs = 1
	}
	s = binary.AppendUvarint(s, freq<<1|hasLocs)
	if freq > 0 { // zap leaves the norm out when frequencies are skipped
		s = binary.AppendUvarint(s, norm)
	}
	if len(locs) > 0 {
		size := 0
		for _, l := range locs {
			size += uvarintLen(b.field) + uvarintLen(l.Pos) + uvarintLen(l.Start) + uvarintLen(l.End) + 1
		}
		s = binary.AppendUvarint(s, uint64(size))
		for _, l := range locs {
			s = binary.AppendUvarint(s, b.field)
			s = binary.AppendUvarint(s, l.Pos)
			s = binary.AppendUvarint(s, l.Start)
			s = binary.AppendUvarint(s, l.End)
			s = append(s, 0) // no array positions
		}
	}
	b.scratch = s
	b.entries = append(b.entries, entry{term: id, start: uint32(start), end: uint32(len(s))})
	if b.docValues {
		b.docTerms = append(b.docTerms, term)
	}
}

// endDoc ends the current document (its doc values) and begins the next.
func (b *RunBuilder) endDoc() {
	if b.docValues && b.docs > 0 {
		slices.Sort(b.docTerms)
		for _, t := range b.docTerms {
			b.dv = append(append(b.dv, t...), 0xff)
		}
		b.dvEnds = append(b.dvEnds, uint32(len(b.dv)))
		b.docTerms = b.docTerms[:0]
	}
	b.docs++
}

// Finish returns the run of the batch's docs documents and resets the
// builder for the next batch.
func (b *RunBuilder) Finish(docs int) Run {
	for b.docs <= docs {
		b.endDoc()
	}
	// Number the terms in order, then place each posting after those of
	// the terms before its own, in the order added (by document).
	order := make([]uint32, len(b.terms))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	rank := make([]uint32, len(b.terms))
	r := Run{terms: make([]string, len(b.terms)), counts: make([]uint32, len(b.terms)), ends: make([]uint32, len(b.terms))}
	for i, id := range order {
		rank[id] = uint32(i)
		r.terms[i] = b.terms[id]
	}
	for _, e := range b.entries {
		k := rank[e.term]
		r.counts[k]++
		r.ends[k] += e.end - e.start
	}
	at := make([]uint32, len(b.terms)) // where each term's next posting goes
	end := uint32(0)
	for k := range r.ends {
		at[k] = end
		end += r.ends[k]
		r.ends[k] = end
	}
	r.data = make([]byte, end)
	for _, e := range b.entries {
		k := rank[e.term]
		at[k] += uint32(copy(r.data[at[k]:], b.scratch[e.start:e.end]))
	}
	if b.docValues {
		r.dv, r.dvEnds = b.dv, b.dvEnds
	}
	clear(b.ids)
	b.terms, b.entries, b.scratch = b.terms[:0], b.entries[:0], b.scratch[:0]
	b.docs, b.docTerms, b.dv, b.dvEnds = 0, b.docTerms[:0], nil, nil
	return r
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}
