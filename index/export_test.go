package index

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/examsearch/examsearch/index/zapwrite"
)

// WriteBleveIndex writes a Bleve index of qs at dir with nothing else: each
// question's document made as Build makes it, or, viaMapping, by Bleve's
// mapping from the map Document gives.
func WriteBleveIndex(dir string, qs []Question, viaMapping bool) (bleve.Index, error) {
	im, docs, err := newMappedBuilder()
	if err != nil {
		return nil, err
	}
	bi, err := bleve.New(dir, im)
	if err != nil {
		return nil, err
	}
	batch := bi.NewBatch()
	for i := range qs {
		if viaMapping {
			err = batch.Index(qs[i].ID, Document(&qs[i]))
		} else if doc, _, berr := docs.build(&qs[i], nil); berr != nil {
			err = berr
		} else {
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", qs[i].ID, err)
		}
	}
	return bi, bi.Batch(batch)
}

// RoundTrip encodes q as the store does and decodes it back.
func RoundTrip(q *Question) (*Question, error) {
	var out Question
	return &out, decodeQuestion(string(encodeQuestion(nil, q)), &out)
}

// StoredPairs lists every word pair of the store with its documents.
func StoredPairs(s *Store) (map[string][]uint32, error) {
	terms := map[string][]uint32{}
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPairs)
		if b == nil {
			return errors.New("no word pairs")
		}
		return b.ForEach(func(k, _ []byte) error {
			docs, err := s.PairDocs(string(k))
			if err != nil {
				return err
			}
			terms[string(k)] = docs.ToArray()
			return nil
		})
	})
	return terms, err
}

// MakeSegment writes qs (merged and enriched) at path as the build writes
// one segment.
func MakeSegment(qs []Question, path string) error {
	m, err := NewSegmentMaker()
	if err != nil {
		return err
	}
	return m.Make(qs, path)
}

// SegmentMaker makes segments one after another as a build's worker does:
// with one document builder (and its lexicons) and one arena.
type SegmentMaker struct {
	docs  *documentBuilder
	arena analysisArena
}

// NewSegmentMaker is a maker with the build's mapping and a new arena.
func NewSegmentMaker() (*SegmentMaker, error) {
	_, docs, err := newMappedBuilder()
	return &SegmentMaker{docs: docs}, err
}

// Make writes qs (merged and enriched) at path.
func (m *SegmentMaker) Make(qs []Question, path string) error {
	_, err := makeSegment(m.docs, qs, 0, path, &m.arena)
	return err
}

// MergeSegmentFiles merges the segments at paths into one at dst, as the
// build's final merge does.
var MergeSegmentFiles = mergeSegmentFiles

// PairEncoder analyses qs as a segment's worker does and returns a function
// that lists their word pairs as the segment's list (segmentPairs).
func PairEncoder(qs []Question) (func() []byte, error) {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return nil, err
	}
	var occs []pairOcc
	for i := range qs {
		_, question, err := docs.build(&qs[i], nil)
		if err != nil {
			return nil, err
		}
		if question != nil {
			question.Analyze()
			for _, term := range question.pairs {
				occs = append(occs, pairOcc{term, uint32(i)})
			}
		}
	}
	return func() []byte { return segmentPairs(slices.Clone(occs)) }, nil
}

// ZapSegment writes qs (merged and enriched) at path as one segment the
// way zap makes one: segments of size questions made by zap, then merged
// by zap.
func ZapSegment(qs []Question, size int, path string) error {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return err
	}
	var arena analysisArena
	var paths []string
	for first := 0; first < len(qs); first += size {
		p := fmt.Sprintf("%s.%06d", path, first)
		if _, err := makeSegment(docs, qs[first:min(len(qs), first+size)], uint32(first), p, &arena); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	return mergeSegmentFiles(context.Background(), paths, path)
}

// WriteSegment writes qs (merged and enriched) at path as the build writes
// its segment: inverted size questions at a time by one inverter, then
// written by zapwrite.
func WriteSegment(qs []Question, size int, path string) error {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return err
	}
	v := newInverter(docs)
	var batches []zapwrite.Batch
	var occs []pairOcc
	for first := 0; first < len(qs); first += size {
		b, err := v.invert(qs[first:min(len(qs), first+size)], uint32(first), &occs)
		if err != nil {
			return err
		}
		batches = append(batches, b)
	}
	return zapwrite.Write(context.Background(), path, docs.segmentFields(), batches)
}
