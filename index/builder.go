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
	"runtime"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// BuildOptions tune Build. The zero value is usable.
type BuildOptions struct {
	BatchSize  int               // documents per Bleve batch; default 500
	Dictionary *Dictionary       // services to tag questions with; nil tags none
	Progress   func(indexed int) // called after each batch with the batch's size
	Workers    int               // goroutines calling Batch; default GOMAXPROCS
	Source     string            // recorded in the meta: what the index was built from
	Roots      []string          // folders the dumps were read from, recorded for serving their images
	Logger     *slog.Logger
}

// Build merges and enriches questions (taking ownership of the slice,
// which it clears) and writes them as a complete index
// at dst. It builds into a new directory beside dst and swaps it into place
// only when finished, so an interrupted build (a cancelled ctx, a kill, a
// full disk) leaves whatever index was at dst untouched.
func Build(ctx context.Context, dst string, qs []Question, rep *Report, opts BuildOptions) error {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	log := opts.Logger
	in := qs
	qs, merged := Merge(in)
	clear(in) // Merge copied what it keeps; let the rest go
	Enrich(qs, opts.Dictionary)
	log.Debug("questions merged and enriched", "questions", len(qs), "seconds", time.Since(start).Seconds())
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
	rep.Merged += merged
	rep.Questions = len(qs)
	rep.Comments = 0
	clear(rep.ByProvider)
	for _, q := range qs {
		rep.ByProvider[q.Provider]++
		rep.Comments += len(q.Comments)
	}
	meta := Meta{MappingVersion: MappingVersion, Source: opts.Source, Roots: opts.Roots, Questions: len(qs), Comments: rep.Comments, Exams: examInfos(qs), Report: rep}
	if err := writeAll(ctx, tmp, qs, opts); err != nil {
		return err
	}
	rep.Seconds = time.Since(start).Seconds()
	rep.IndexPath = dst
	meta.BuildID, meta.BuiltAt = newBuildID(), time.Now().UTC()
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
// Each question is released once both hold it, which keeps the build's
// memory from growing with the corpus.
func writeAll(ctx context.Context, dir string, qs []Question, opts BuildOptions) error {
	im, err := NewMapping()
	if err != nil {
		return err
	}
	bi, err := bleve.New(blevePath(dir), im)
	if err != nil {
		return fmt.Errorf("create bleve index in %s: %w", dir, err)
	}
	docs, err := newDocumentBuilder(im)
	if err != nil {
		bi.Close()
		return err
	}
	store, err := createStore(storePath(dir))
	if err != nil {
		bi.Close()
		return err
	}
	start := time.Now()
	err = indexAll(ctx, bi, docs, store, qs, opts)
	if err == nil {
		opts.Logger.Debug("documents indexed", "seconds", time.Since(start).Seconds())
		start = time.Now()
		err = mergeSegments(ctx, bi, opts.Logger)
		opts.Logger.Debug("segments merged", "seconds", time.Since(start).Seconds())
	}
	if cerr := bi.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close bleve index: %w", cerr)
	}
	if err != nil {
		store.Close()
		return err
	}
	return store.finish()
}

// mergeSegments merges the finished index into one segment: the index
// never changes once built, and every term a search reads is looked up and
// iterated once per segment.
func mergeSegments(ctx context.Context, bi bleve.Index, log *slog.Logger) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("merge segments: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// A round merges what the plan groups; a few rounds leave one segment.
	for range 4 {
		log.Debug("merging segments", "segments", sc.StatsMap()["num_root_filesegments"], "in memory", sc.StatsMap()["num_root_memorysegments"])
		if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return fmt.Errorf("merge segments: %w", err)
		}
		if n, ok := sc.StatsMap()["num_root_filesegments"].(uint64); !ok || n <= 1 {
			break
		}
	}
	// Bleve deletes the merged-away files in the background; wait for
	// that (a little), or they stay in the finished index as dead weight.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(20 * time.Millisecond) {
		st := sc.StatsMap()
		files, ok1 := st["CurOnDiskFiles"].(uint64)
		segs, ok2 := st["num_root_filesegments"].(uint64)
		if !ok1 || !ok2 || files <= segs+1 { // the segments and root.bolt
			break
		}
	}
	return ctx.Err()
}

// indexAll feeds the questions to Bleve in batches from several goroutines:
// a Batch call analyses its documents in parallel but builds its segment on
// the calling goroutine, so one caller leaves cores idle.
func indexAll(ctx context.Context, bi bleve.Index, docs *documentBuilder, store *Store, qs []Question, opts BuildOptions) error {
	workers := max(1, opts.Workers)
	batches := make(chan []Question)
	errs := make(chan error, workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		go func() {
			for part := range batches {
				err := indexBatch(bi, docs, part)
				if err == nil {
					err = store.put(part)
				}
				if err != nil {
					cancel()
					errs <- err
					return
				}
				clear(part)
				if opts.Progress != nil {
					opts.Progress(len(part))
				}
			}
			errs <- nil
		}()
	}
	var err error
feed:
	for start := 0; start < len(qs); start += opts.BatchSize {
		select {
		case batches <- qs[start:min(len(qs), start+opts.BatchSize)]:
		case <-ctx.Done():
			break feed
		}
	}
	close(batches)
	for range workers {
		err = errors.Join(err, <-errs)
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

func indexBatch(bi bleve.Index, docs *documentBuilder, qs []Question) error {
	batch := bi.NewBatch()
	for i := range qs {
		doc, err := docs.build(&qs[i])
		if err == nil {
			err = batch.IndexAdvanced(doc)
		}
		if err != nil {
			return fmt.Errorf("index question %s (%s): %w", qs[i].ID, qs[i].SourcePath, err)
		}
	}
	if err := bi.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
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
