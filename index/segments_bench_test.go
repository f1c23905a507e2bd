package index_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/source"
)

// BenchmarkMakeSegment makes one segment of the build's size (1,000
// questions of the shared corpus, merged and enriched as the build does)
// on one core, again and again as a build's worker does (one lexicon, one
// arena): the build's largest share of work, without the noise of a whole
// build on two.
func BenchmarkMakeSegment(b *testing.B) {
	qs := sharedBuildQuestions(b)
	part := slices.Clone(qs[len(qs)/2 : len(qs)/2+1000])
	qs = nil // the rest of the corpus is not the collector's work here
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as the build runs
	path := filepath.Join(b.TempDir(), "segment.zap")
	m, err := index.NewSegmentMaker()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := m.Make(part, path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSegmentPairs lists the word pairs of a segment's 1,000
// questions of the shared corpus in term order, as each segment's worker
// does for the store.
func BenchmarkSegmentPairs(b *testing.B) {
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

// BenchmarkMergeSegments merges the segments of the whole shared corpus
// (made once, a thousand questions each, as the build makes them) into
// one, as the build's final merge does on one core.
func BenchmarkMergeSegments(b *testing.B) {
	qs := sharedBuildQuestions(b)
	dir := b.TempDir()
	var paths []string
	for i := 0; i < len(qs); i += 1000 {
		path := filepath.Join(dir, fmt.Sprintf("%06d.zap", i/1000))
		if err := index.MakeSegment(qs[i:min(len(qs), i+1000)], path); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, path)
	}
	qs = nil
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	dst := filepath.Join(dir, "merged.zap")
	b.ResetTimer()
	for b.Loop() {
		if err := index.MergeSegmentFiles(context.Background(), paths, dst); err != nil {
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
