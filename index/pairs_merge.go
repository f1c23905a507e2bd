package index

import (
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A build's workers each list the word pairs of their batches' documents
// in term order (batchPairs); the lists are merged term by term
// (mergePairs) into the store's bucket of pairs (see pairs_store.go).

// pairOcc is a word pair of a document.
type pairOcc struct {
	term string
	doc  uint32
}

// batchPairs encodes the word pairs of one batch's documents: term
// by term in order, the term's length and bytes, its number of
// documents, and their gaps. A batch's terms repeat from document to
// document, so each distinct term is numbered once, the documents are
// gathered by term with a counting sort, and only the distinct terms are
// sorted: half the time of sorting every occurrence by term and document
// (BenchmarkBatchPairs).
func batchPairs(occs []pairOcc) []byte {
	type distinct struct {
		term string
		id   int32
	}
	ids := make(map[string]int32, len(occs)/2)
	var terms []distinct
	of := make([]int32, len(occs))
	size := 0
	for i, o := range occs {
		id, ok := ids[o.term]
		if !ok {
			id = int32(len(terms))
			ids[o.term] = id
			terms = append(terms, distinct{o.term, id})
			size += len(o.term) + 2
		}
		of[i] = id
	}
	start := make([]int32, len(terms)+1)
	for _, id := range of {
		start[id+1]++
	}
	for i := range terms {
		start[i+1] += start[i]
	}
	fill := slices.Clone(start[:len(terms)])
	docs := make([]uint32, len(occs))
	for i, id := range of {
		docs[fill[id]] = occs[i].doc
		fill[id]++
	}
	slices.SortFunc(terms, func(a, b distinct) int { return strings.Compare(a.term, b.term) })
	out := make([]byte, 0, size+2*len(occs))
	for _, t := range terms {
		ds := docs[start[t.id]:start[t.id+1]]
		slices.Sort(ds) // in order already when documents come in order
		out = binary.AppendUvarint(out, uint64(len(t.term)))
		out = append(out, t.term...)
		out = binary.AppendUvarint(out, uint64(len(ds)))
		prev := uint32(0)
		for _, d := range ds {
			out = binary.AppendUvarint(out, uint64(d-prev))
			prev = d
		}
	}
	return out
}

// pairList reads a batch's pairs (of batchPairs) term by term.
type pairList struct {
	data []byte
	seg  int // the batch's place, which orders its documents among others'
	term string
	docs []uint32
}

var errPairList = errors.New("word pairs of a batch cut short")

// next reads the next term and its documents; false at the end.
func (l *pairList) next() (bool, error) {
	if len(l.data) == 0 {
		return false, nil
	}
	n, k := binary.Uvarint(l.data)
	if k <= 0 || uint64(len(l.data)-k) < n {
		return false, errPairList
	}
	l.term, l.data = string(l.data[k:k+int(n)]), l.data[k+int(n):]
	count, k := binary.Uvarint(l.data)
	if k <= 0 {
		return false, errPairList
	}
	l.data = l.data[k:]
	l.docs = l.docs[:0]
	doc := uint64(0)
	for range count {
		gap, k := binary.Uvarint(l.data)
		if k <= 0 {
			return false, errPairList
		}
		doc += gap
		l.docs, l.data = append(l.docs, uint32(doc)), l.data[k:]
	}
	return true, nil
}

// pairLists is a heap of batches' lists by their current term, then
// their batch's place.
type pairLists []*pairList

func (h pairLists) Len() int { return len(h) }
func (h pairLists) Less(i, j int) bool {
	return cmp.Or(strings.Compare(h[i].term, h[j].term), cmp.Compare(h[i].seg, h[j].seg)) < 0
}
func (h pairLists) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pairLists) Push(x any)   { *h = append(*h, x.(*pairList)) }
func (h *pairLists) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergePairs merges the batches' pairs (segs in the batches' order,
// whose documents come one batch after another) and calls put with
// each term, in order, and all its documents, ascending (docs is reused).
func mergePairs(segs [][]byte, put func(term string, docs []uint32) error) error {
	h := make(pairLists, 0, len(segs))
	for i, data := range segs {
		l := &pairList{data: data, seg: i}
		ok, err := l.next()
		if err != nil {
			return fmt.Errorf("batch %d: %w", i, err)
		}
		if ok {
			h = append(h, l)
		}
	}
	heap.Init(&h)
	var docs []uint32
	for len(h) > 0 {
		term := h[0].term
		docs = docs[:0]
		for len(h) > 0 && h[0].term == term {
			l := h[0]
			docs = append(docs, l.docs...)
			ok, err := l.next()
			if err != nil {
				return fmt.Errorf("batch %d: %w", l.seg, err)
			}
			if ok {
				heap.Fix(&h, 0)
			} else {
				heap.Pop(&h)
			}
		}
		if err := put(term, docs); err != nil {
			return err
		}
	}
	return nil
}
