package index

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/golang/snappy"
	bolt "go.etcd.io/bbolt"
)

// ErrNotFound is returned for a question ID the index does not hold.
var ErrNotFound = errors.New("question not found")

var bucketQuestions = []byte("questions")

// Store holds every question whole, for hits and question pages, beside the
// Bleve index that holds only what is searched. It is a bbolt file keyed by
// question ID with snappy-compressed values in the binary form of codec.go;
// opened read-only, any number of processes can share it.
type Store struct {
	db   *bolt.DB
	bufs sync.Pool // *[]byte: decompressed values, reused (decoding copies them)
}

// createStore makes a new store file at path. Its writes are not synced
// one transaction at a time: a build's directory is thrown away unless the
// build finishes, and finish syncs the file once.
func createStore(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second, NoFreelistSync: true, NoSync: true})
	if err != nil {
		return nil, fmt.Errorf("create store %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// OpenStore opens a store read-only.
func OpenStore(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o444, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// record is a question as the store holds it: its ID, and its encoded,
// compressed value.
type record struct {
	id  string
	val []byte
}

// encodeAll encodes questions for the store, on every core, and
// releases each question once encoded.
func encodeAll(qs []Question) []record {
	const chunk = 256
	recs := make([]record, len(qs))
	forEach((len(qs)+chunk-1)/chunk, func(c int) {
		part := qs[c*chunk : min(len(qs), (c+1)*chunk)]
		var raw, enc []byte
		for i := range part {
			raw = encodeQuestion(raw[:0], &part[i])
			enc = snappy.Encode(enc[:cap(enc)], raw)
			// Copies, so that a record holds no more than its bytes (snappy
			// makes room for the worst case) and nothing of the question
			// (an ID may share its memory with the question's texts).
			recs[c*chunk+i] = record{id: strings.Clone(part[i].ID), val: bytes.Clone(enc)}
		}
		clear(part)
	})
	return recs
}

// decodeRecords decodes records into qs (reused, as is buf for the
// decompressed bytes; both returned).
func decodeRecords(qs []Question, buf []byte, recs []record) ([]Question, []byte, error) {
	qs = slices.Grow(qs[:0], len(recs))[:len(recs)]
	for i, r := range recs {
		qs[i] = Question{}
		var err error
		if buf, err = decodeValue(buf, r.val, &qs[i]); err != nil {
			return qs, buf, fmt.Errorf("decode question %s: %w", r.id, err)
		}
	}
	return qs, buf, nil
}

// decodeValue decompresses a stored value into buf (reused, and
// returned) and decodes the question it holds into q, whose strings then
// share one copy of the bytes.
func decodeValue(buf, val []byte, q *Question) ([]byte, error) {
	raw, err := snappy.Decode(buf[:cap(buf)], val)
	if err != nil {
		return buf, err
	}
	return raw, decodeQuestion(string(raw), q)
}

// storeTxRecords is how many records a transaction of write takes.
const storeTxRecords = 2000

// write writes records in their order, a few thousand a transaction.
// Written in key order, they fill the file's pages (the build sorts them).
func (s *Store) write(recs []record) error {
	for len(recs) > 0 {
		part := recs[:min(len(recs), storeTxRecords)]
		recs = recs[len(part):]
		err := s.db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bucketQuestions)
			if err != nil {
				return err
			}
			b.FillPercent = 1 // keys come in order: no room is needed between them
			for _, r := range part {
				if err := b.Put([]byte(r.id), r.val); err != nil {
					return fmt.Errorf("store question %s: %w", r.id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Get returns the question with the given ID.
func (s *Store) Get(id string) (*Question, error) {
	var q Question
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQuestions)
		if b == nil {
			return ErrNotFound
		}
		v := b.Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		buf, _ := s.bufs.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		defer s.bufs.Put(buf)
		var err error
		*buf, err = decodeValue(*buf, v, &q)
		if err != nil {
			return fmt.Errorf("decode question %s: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }

// finish syncs a store made by createStore to disk and closes it.
func (s *Store) finish() error {
	if err := s.db.Sync(); err != nil {
		s.db.Close()
		return fmt.Errorf("sync store: %w", err)
	}
	return s.db.Close()
}
