package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/examsearch/examsearch/index/zapwrite"
)

// The Bleve index of a build is written without Bleve's indexing, which
// makes a small segment per batch and merges them over and over, and
// without zap's own segment making and merging: each worker inverts its
// share of the questions, a batch at a time, into the runs of their
// fields (invert.go), zapwrite writes the index's one segment from them
// in zap's format, and Bleve's offline builder writes the index around
// it. The segment is the one zap's merge of segments of the same
// questions writes, byte for byte (TestSegmentIsZapsMerge), and the index
// the one Bleve's own indexing makes, term by term
// (TestBuildIndexesAsBleveWould). On the shared corpus: the index in
// 0.67x the time of zap's segments merged (whole builds), which were
// 0.85x the time of Bleve's pipeline.

// writeIndex writes the Bleve index of qs into dir and the questions
// and their word pairs into store, which it finishes (or closes, on an
// error). The questions are first encoded as the store's records and
// released (qs is cleared): the records, compressed and free of pointers,
// are a third of the questions' memory and cost the garbage collector
// nothing to scan, and each batch's questions are decoded back from
// them (0.6 CPU-seconds for the shared corpus). The records' order
// numbers the documents of the index (and of the word pairs).
func writeIndex(ctx context.Context, dir string, im mapping.IndexMapping, docs *documentBuilder, store *Store, qs []Question, opts BuildOptions) error {
	work, err := os.MkdirTemp(dir, "segments-")
	if err != nil {
		store.Close()
		return fmt.Errorf("create a working folder for the segment: %w", err)
	}
	defer os.RemoveAll(work)
	start := time.Now()
	recs := encodeAll(qs)
	batches, pairs, err := invertBatches(ctx, docs, recs, opts)
	if err != nil {
		store.Close()
		return err
	}
	opts.Logger.Debug("questions inverted", "batches", len(batches), "seconds", time.Since(start).Seconds())
	// The segment is written on one core. On another meanwhile: the
	// store is written, in key order, which fills its pages, with the
	// word pairs, and synced; and Bleve's files around the segment are
	// made.
	start = time.Now()
	var storeErr error
	var placeholder string
	var wg sync.WaitGroup
	wg.Go(func() {
		slices.SortFunc(recs, func(a, b record) int { return strings.Compare(a.id, b.id) })
		if storeErr = errors.Join(store.write(recs), store.writePairs(pairs)); storeErr != nil {
			store.Close()
			return
		}
		if storeErr = store.finish(); storeErr == nil {
			placeholder, storeErr = bleveAround(blevePath(dir), im, work)
		}
	})
	seg := filepath.Join(work, "index.zap")
	err = zapwrite.Write(ctx, seg, docs.segmentFields(), batches)
	wg.Wait()
	if err = cmp.Or(err, storeErr); err != nil {
		return err
	}
	opts.Logger.Debug("segment and store written", "seconds", time.Since(start).Seconds())
	if err := os.Rename(seg, placeholder); err != nil {
		return fmt.Errorf("move the segment into %s: %w", blevePath(dir), err)
	}
	return nil
}

// invertBatches inverts the questions of recs, opts.BatchSize at a
// time, on opts.Workers goroutines, into the batches of the index's
// segment. It returns them and their word pairs (of batchPairs) in the
// records' order.
func invertBatches(ctx context.Context, docs *documentBuilder, recs []record, opts BuildOptions) ([]zapwrite.Batch, [][]byte, error) {
	size := opts.BatchSize
	batches := make([]zapwrite.Batch, (len(recs)+size-1)/size)
	pairs := make([][]byte, len(batches))
	next := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, max(1, opts.Workers))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			var qs []Question
			var buf []byte
			var occs []pairOcc
			v := newInverter(docs)
			for i := range next {
				part := recs[i*size : min(len(recs), (i+1)*size)]
				var err error
				if qs, buf, err = decodeRecords(qs, buf, part); err == nil {
					occs = occs[:0]
					batches[i], err = v.invert(qs, uint32(i*size), &occs)
					pairs[i] = batchPairs(occs)
				}
				if err != nil {
					errs[w] = err
					cancel()
					return
				}
				if opts.Progress != nil {
					opts.Progress(len(part))
				}
			}
		})
	}
feed:
	for i := range batches {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return batches, pairs, ctx.Err()
}

// bleveAround makes the Bleve index at path of a single segment but for
// that segment: Bleve's offline builder writes what an index holds besides
// its segments (its meta, the mapping, the root naming its one segment)
// around a segment of one placeholder document, whose path it returns for
// the real segment to replace. work is a folder for the builder's scratch
// files.
func bleveAround(path string, im mapping.IndexMapping, work string) (placeholder string, err error) {
	b, err := bleve.NewBuilder(path, im, map[string]any{"buildPathPrefix": work})
	if err != nil {
		return "", fmt.Errorf("create bleve index in %s: %w", path, err)
	}
	err = b.Index("placeholder", map[string]any{})
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("create bleve index in %s: %w", path, err)
	}
	zaps, err := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if err != nil || len(zaps) != 1 {
		return "", fmt.Errorf("create bleve index in %s: Bleve's builder left %d segments where one was expected", path, len(zaps))
	}
	return zaps[0], nil
}
