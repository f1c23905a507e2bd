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
		} else if doc, _, berr := docs.build(&qs[i]); berr != nil {
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

// PairEncoder inverts qs as a build's worker does and returns a function
// that lists their word pairs as the batch's list (batchPairs).
func PairEncoder(qs []Question) (func() []byte, error) {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return nil, err
	}
	var occs []pairOcc
	if _, err := newInverter(docs).invert(qs, 0, &occs); err != nil {
		return nil, err
	}
	return func() []byte { return batchPairs(slices.Clone(occs)) }, nil
}

// Inverter inverts batches of questions one after another as a build's
// worker does: with one document builder (and its lexicons) and one
// inverter (its run builders).
type Inverter struct{ v *inverter }

// NewInverter is an inverter with the build's mapping.
func NewInverter() (*Inverter, error) {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return nil, err
	}
	return &Inverter{newInverter(docs)}, nil
}

// Invert inverts qs (merged and enriched), the segment's documents from
// first on.
func (v *Inverter) Invert(qs []Question, first int) (zapwrite.Batch, error) {
	var occs []pairOcc
	return v.v.invert(qs, uint32(first), &occs)
}

// SegmentFields are the fields of the build's segment.
func SegmentFields() ([]zapwrite.Field, error) {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return nil, err
	}
	return docs.segmentFields(), nil
}

// ZapSegment writes qs (merged and enriched) at path as one segment the
// way zap makes one: segments of size questions made by zap, then merged
// by zap.
func ZapSegment(qs []Question, size int, path string) error {
	_, docs, err := newMappedBuilder()
	if err != nil {
		return err
	}
	var paths []string
	for first := 0; first < len(qs); first += size {
		p := fmt.Sprintf("%s.%06d", path, first)
		if err := zapSegment(docs, qs[first:min(len(qs), first+size)], p); err != nil {
			return err
		}
		paths = append(paths, p)
	}
	return mergeZapSegments(paths, path)
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
