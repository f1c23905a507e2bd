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
)

// BuildOptions tune Build. The zero value is usable.
type BuildOptions struct {
	BatchSize  int               // questions a worker inverts at a time; default 1000
	Dictionary *Dictionary       // services to tag questions with; nil tags none
	Progress   func(indexed int) // called after each batch with its number of questions
	Workers    int               // goroutines inverting batches; default GOMAXPROCS
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
		opts.BatchSize = 1000
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
// The questions are released (qs is cleared) once encoded for the store;
// the index is made from the encoded questions (see writeIndex).
func writeAll(ctx context.Context, dir string, qs []Question, opts BuildOptions) error {
	im, docs, err := newMappedBuilder()
	if err != nil {
		return err
	}
	store, err := createStore(storePath(dir))
	if err != nil {
		return err
	}
	return writeIndex(ctx, dir, im, docs, store, qs, opts)
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
