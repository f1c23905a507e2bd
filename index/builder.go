package index

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// BuildOptions tune Build. The zero value is usable.
type BuildOptions struct {
	BatchSize  int               // documents per Bleve batch; default 1000
	Dictionary *Dictionary       // services to tag questions with; nil tags none
	Progress   func(indexed int) // called after each batch with the batch's size
	Logger     *slog.Logger
}

// Build merges and enriches questions and writes them as a complete index
// at dst. It builds into a new directory beside dst and swaps it into place
// only when finished, so an interrupted build (a cancelled ctx, a kill, a
// full disk) leaves whatever index was at dst untouched.
func Build(ctx context.Context, dst string, qs []Question, rep *Report, opts BuildOptions) error {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	qs, merged := Merge(qs)
	Enrich(qs, opts.Dictionary)
	if len(qs) == 0 {
		return errors.New("no questions to index")
	}
	dst = filepath.Clean(dst)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
	}
	removeStale(dst, log)
	tmp, err := os.MkdirTemp(filepath.Dir(dst), filepath.Base(dst)+".building-")
	if err != nil {
		return fmt.Errorf("create build directory beside %s: %w", dst, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("chmod %s: %w", tmp, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeAll(ctx, tmp, qs, opts); err != nil {
		return err
	}
	rep.Merged += merged
	rep.Questions = len(qs)
	rep.Comments = 0
	clear(rep.ByProvider)
	for _, q := range qs {
		rep.ByProvider[q.Provider]++
		rep.Comments += len(q.Comments)
	}
	rep.Seconds = time.Since(start).Seconds()
	rep.IndexPath = dst
	meta := Meta{MappingVersion: MappingVersion, BuildID: newBuildID(), BuiltAt: time.Now().UTC(),
		Questions: len(qs), Comments: rep.Comments, Exams: examInfos(qs), Report: rep}
	if err := writeMeta(metaPath(tmp), meta); err != nil {
		return err
	}
	if err := replaceDir(tmp, dst); err != nil {
		return fmt.Errorf("move new index into %s: %w", dst, err)
	}
	ok = true
	log.Info("index built", "path", dst, "questions", len(qs), "build_id", meta.BuildID, "seconds", rep.Seconds)
	return nil
}

// writeAll writes the Bleve index and the store of a new index directory.
func writeAll(ctx context.Context, dir string, qs []Question, opts BuildOptions) error {
	im, err := NewMapping()
	if err != nil {
		return err
	}
	bi, err := bleve.New(blevePath(dir), im)
	if err != nil {
		return fmt.Errorf("create bleve index in %s: %w", dir, err)
	}
	store, err := createStore(storePath(dir))
	if err != nil {
		bi.Close()
		return err
	}
	storeDone := make(chan error, 1)
	go func() { storeDone <- writeStore(store, qs) }()
	err = indexAll(ctx, bi, qs, opts)
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close bleve index: %w", cerr)
	}
	if serr := <-storeDone; err == nil && serr != nil {
		err = serr
	}
	if cerr := store.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close store: %w", cerr)
	}
	return err
}

func indexAll(ctx context.Context, bi bleve.Index, qs []Question, opts BuildOptions) error {
	batch := bi.NewBatch()
	flush := func() error {
		n := batch.Size()
		if n == 0 {
			return nil
		}
		if err := bi.Batch(batch); err != nil {
			return fmt.Errorf("index batch: %w", err)
		}
		batch.Reset()
		if opts.Progress != nil {
			opts.Progress(n)
		}
		return nil
	}
	for i := range qs {
		if err := batch.Index(qs[i].ID, Document(&qs[i])); err != nil {
			return fmt.Errorf("index question %s (%s): %w", qs[i].ID, qs[i].SourcePath, err)
		}
		if batch.Size() >= opts.BatchSize {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// writeStore writes the questions in ID order, which bbolt appends fastest.
func writeStore(s *Store, qs []Question) error {
	ptrs := make([]*Question, len(qs))
	for i := range qs {
		ptrs[i] = &qs[i]
	}
	sort.Slice(ptrs, func(i, j int) bool { return ptrs[i].ID < ptrs[j].ID })
	for len(ptrs) > 0 {
		n := min(len(ptrs), 5000)
		if err := s.put(ptrs[:n]); err != nil {
			return err
		}
		ptrs = ptrs[n:]
	}
	return nil
}

// removeStale deletes build directories that an interrupted build left.
func removeStale(dst string, log *slog.Logger) {
	matches, _ := filepath.Glob(dst + ".building-*")
	for _, m := range matches {
		info, err := os.Stat(m)
		if err != nil || time.Since(info.ModTime()) < time.Hour {
			continue // may be another build running right now
		}
		log.Info("removing an interrupted build", "path", m)
		os.RemoveAll(m)
	}
	old := dst + ".old"
	if _, err := os.Stat(dst); errors.Is(err, os.ErrNotExist) {
		_ = os.Rename(old, dst) // a slow replace was cut between its renames
	}
	os.RemoveAll(old)
}

func newBuildID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}
