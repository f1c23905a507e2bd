package index_test

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/source"
	"github.com/examsearch/examsearch/index/zapwrite"
)

// BenchmarkInvertBatch inverts one batch of the build's size (1,000
// questions of the shared corpus, merged and enriched as the build does)
// on one core, again and again as a build's worker does (one inverter):
// the build's largest share of work, without the noise of a whole build
// on two.
func BenchmarkInvertBatch(b *testing.B) {
	qs := sharedBuildQuestions(b)
	part := slices.Clone(qs[len(qs)/2 : len(qs)/2+1000])
	qs = nil // the rest of the corpus is not the collector's work here
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as the build runs
	v, err := index.NewInverter()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := v.Invert(part, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBatchPairs lists the word pairs of a batch's 1,000
// questions of the shared corpus in term order, as each batch's worker
// does for the store.
func BenchmarkBatchPairs(b *testing.B) {
	qs := sharedBuildQuestions(b)
	encode, err := index.PairEncoder(qs[len(qs)/2 : len(qs)/2+1000])
	if err != nil {
		b.Fatal(err)
	}
	qs = nil
	runtime.GC()
	b.ResetTimer()
	for b.Loop() {
		encode()
	}
}

// BenchmarkWriteSegment writes the segment of the whole shared corpus
// (inverted once, a thousand questions a batch, as the build inverts it),
// as the build does on one core while the store is written on another.
func BenchmarkWriteSegment(b *testing.B) {
	qs := sharedBuildQuestions(b)
	v, err := index.NewInverter()
	if err != nil {
		b.Fatal(err)
	}
	var batches []zapwrite.Batch
	for i := 0; i < len(qs); i += 1000 {
		batch, err := v.Invert(qs[i:min(len(qs), i+1000)], i)
		if err != nil {
			b.Fatal(err)
		}
		batches = append(batches, batch)
	}
	fields, err := index.SegmentFields()
	if err != nil {
		b.Fatal(err)
	}
	qs = nil
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	dst := filepath.Join(b.TempDir(), "segment.zap")
	b.ResetTimer()
	for b.Loop() {
		// Write lets go of each field's runs once written: give it copies
		// of the lists of runs.
		b.StopTimer()
		fresh := make([]zapwrite.Batch, len(batches))
		for i, batch := range batches {
			fresh[i] = zapwrite.Batch{IDs: batch.IDs, Runs: slices.Clone(batch.Runs)}
		}
		b.StartTimer()
		if err := zapwrite.Write(context.Background(), dst, fields, fresh); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerge folds the shared corpus's duplicates and orders it, as a
// build does before anything else (one core at its heart).
func BenchmarkMerge(b *testing.B) {
	loaded := sharedQuestions(b)
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	b.ResetTimer()
	for b.Loop() {
		index.Merge(slices.Clone(loaded))
	}
}

// sharedBuildQuestions are the questions of the shared corpus merged and
// enriched, as a build indexes them.
func sharedBuildQuestions(b testing.TB) []index.Question {
	b.Helper()
	qs, _ := index.Merge(sharedQuestions(b))
	dict, err := index.DefaultDictionary()
	if err != nil {
		b.Fatal(err)
	}
	index.Enrich(qs, dict)
	return qs
}

// sharedQuestions are the questions of the shared corpus's ExamTopics dump,
// as read, before merging.
func sharedQuestions(b testing.TB) []index.Question {
	b.Helper()
	shared := sharedtest.Require(b)
	res, err := source.Load(context.Background(), []source.Input{{Path: filepath.Join(shared, "corpus", "examtopics.zip")}}, source.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return res.Questions
}
