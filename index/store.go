package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/golang/snappy"
	bolt "go.etcd.io/bbolt"
)

// ErrNotFound is returned for a question ID the index does not hold.
var ErrNotFound = errors.New("question not found")

var bucketQuestions = []byte("questions")

// Store holds every question whole, for hits and question pages, beside the
// Bleve index that holds only what is searched. It is a bbolt file keyed by
// question ID with snappy-compressed JSON values; opened read-only, any
// number of processes can share it.
type Store struct {
	db *bolt.DB
}

// createStore makes a new store file at path.
func createStore(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second, NoFreelistSync: true})
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

// put writes questions in one transaction.
func (s *Store) put(qs []*Question) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketQuestions)
		if err != nil {
			return err
		}
		b.FillPercent = 0.9
		for _, q := range qs {
			raw, err := json.Marshal(q)
			if err != nil {
				return fmt.Errorf("encode question %s: %w", q.ID, err)
			}
			if err := b.Put([]byte(q.ID), snappy.Encode(nil, raw)); err != nil {
				return fmt.Errorf("store question %s: %w", q.ID, err)
			}
		}
		return nil
	})
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
		raw, err := snappy.Decode(nil, v)
		if err != nil {
			return fmt.Errorf("decode question %s: %w", id, err)
		}
		return json.Unmarshal(raw, &q)
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// Close releases the file.
func (s *Store) Close() error { return s.db.Close() }
