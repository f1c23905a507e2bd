package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/blevesearch/bleve/v2"
)

// Errors of Open, for callers that offer to rebuild.
var (
	ErrNoIndex    = errors.New("no index")
	ErrOldMapping = errors.New("index built with another mapping version")
	ErrIncomplete = errors.New("index incomplete or corrupt")
)

// Index is an open, read-only index directory: the Bleve index that finds
// questions, the store that holds them, and the meta that describes them.
type Index struct {
	Path  string
	Bleve bleve.Index
	Store *Store
	Meta  Meta
}

// Open opens the index at dir read-only. Any number of processes may open
// the same directory at once.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoIndex, dir)
	}
	meta, err := ReadMeta(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no meta.json", ErrIncomplete, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIncomplete, err)
	}
	if meta.MappingVersion != MappingVersion {
		return nil, fmt.Errorf("%w: %s has version %d, this examsearch needs %d", ErrOldMapping, dir, meta.MappingVersion, MappingVersion)
	}
	bi, err := bleve.OpenUsing(blevePath(dir), map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("%w: open %s: %v", ErrIncomplete, blevePath(dir), err)
	}
	n, err := bi.DocCount()
	if err != nil || n != uint64(meta.Questions) {
		bi.Close()
		return nil, fmt.Errorf("%w: %s holds %d documents, meta.json says %d", ErrIncomplete, dir, n, meta.Questions)
	}
	store, err := OpenStore(storePath(dir))
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("%w: %v", ErrIncomplete, err)
	}
	return &Index{Path: dir, Bleve: bi, Store: store, Meta: meta}, nil
}

// Close closes the Bleve index and the store.
func (ix *Index) Close() error {
	return errors.Join(ix.Bleve.Close(), ix.Store.Close())
}
