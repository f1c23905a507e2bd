package index

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// The store keeps each word pair's documents (see PairTerm) under the
// pair's term in a bucket of their own: the documents' numbers in the
// index's one segment, after a byte that says how. Most pairs are in a few
// documents, kept as unsigned varints of their gaps, ascending (the first
// a gap from 0); a pair of many documents is a roaring bitmap in its
// serialized form, read back in microseconds where adding its documents
// one by one took a millisecond (35,000 of them). The build has each
// batch's worker list its pairs in term order and merges the batches'
// lists into the store while the segment is written (pairs_merge.go).

var bucketPairs = []byte("pairs")

// How a pair's documents are kept: the first byte of its value.
const (
	pairGaps   = 0
	pairBitmap = 1
)

// pairBitmapMin is the fewest documents of a pair kept as a bitmap.
const pairBitmapMin = 256

// pairsTxTerms is how many pairs a transaction of writePairs takes.
const pairsTxTerms = 50_000

// writePairs writes the word pairs of the batches (of batchPairs, in
// the batches' order) into the store, whose bucket of pairs it makes
// even when there are none.
func (s *Store) writePairs(segs [][]byte) error {
	var tx *bolt.Tx
	var b *bolt.Bucket
	begin := func() (err error) {
		if tx, err = s.db.Begin(true); err != nil {
			return err
		}
		if b, err = tx.CreateBucketIfNotExists(bucketPairs); err != nil {
			tx.Rollback()
			tx = nil
			return err
		}
		b.FillPercent = 1 // terms come in order
		return nil
	}
	n := 0
	err := begin()
	if err == nil {
		err = mergePairs(segs, func(term string, docs []uint32) error {
			if tx == nil {
				if err := begin(); err != nil {
					return err
				}
			}
			// A value put must stay as it is until its transaction
			// commits: each has a buffer of its own.
			val, err := encodePairDocs(nil, docs)
			if err != nil {
				return fmt.Errorf("word pair %q: %w", term, err)
			}
			if err := b.Put([]byte(term), val); err != nil {
				return fmt.Errorf("word pair %q: %w", term, err)
			}
			if n++; n%pairsTxTerms == 0 {
				err := tx.Commit()
				tx = nil
				return err
			}
			return nil
		})
	}
	if tx != nil {
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}
	if err != nil {
		return fmt.Errorf("store word pairs: %w", err)
	}
	return nil
}

// encodePairDocs appends the value that keeps docs (ascending) to buf.
func encodePairDocs(buf []byte, docs []uint32) ([]byte, error) {
	if len(docs) >= pairBitmapMin {
		bm, err := roaring.BitmapOf(docs...).ToBytes()
		return append(append(buf, pairBitmap), bm...), err
	}
	buf, prev := append(buf, pairGaps), uint32(0)
	for _, d := range docs {
		buf, prev = binary.AppendUvarint(buf, uint64(d-prev)), d
	}
	return buf, nil
}

// decodePairDocs reads the documents a value of encodePairDocs keeps.
func decodePairDocs(v []byte) (*roaring.Bitmap, error) {
	if len(v) == 0 {
		return nil, errors.New("empty value")
	}
	if v[0] == pairBitmap {
		docs := roaring.New()
		if err := docs.UnmarshalBinary(v[1:]); err != nil { // a copy: v lasts as long as its transaction
			return nil, fmt.Errorf("bitmap: %w", err)
		}
		return docs, nil
	}
	if v[0] != pairGaps {
		return nil, fmt.Errorf("unknown kind %d", v[0])
	}
	var list []uint32
	doc := uint64(0)
	for v = v[1:]; len(v) > 0; {
		gap, k := binary.Uvarint(v)
		if k <= 0 || doc+gap > 1<<32-1 {
			return nil, errors.New("documents cut short or out of range")
		}
		doc += gap
		list = append(list, uint32(doc))
		v = v[k:]
	}
	return roaring.BitmapOf(list...), nil
}

// PairDocs returns the documents (their numbers in the Bleve index's one
// segment) whose question holds the word pair term (see PairTerm): none
// for a pair no question holds.
func (s *Store) PairDocs(term string) (*roaring.Bitmap, error) {
	docs := roaring.New()
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPairs)
		if b == nil {
			return errors.New("the store has no word pairs")
		}
		v := b.Get([]byte(term))
		if v == nil {
			return nil
		}
		var err error
		if docs, err = decodePairDocs(v); err != nil {
			return fmt.Errorf("word pair %q: %w", term, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}
