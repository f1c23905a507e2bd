// Package indextest builds real indexes for tests: the embedded sample,
// optionally with extra folders of crafted questions, on disk in a
// temporary directory.
package indextest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
)

// Build indexes the embedded sample plus the given folders into a new
// directory under t.TempDir() and returns the open index.
func Build(t testing.TB, extra ...string) *index.Index {
	t.Helper()
	inputs := []source.Input{{FS: data.Sample(), Name: "sample"}}
	for _, d := range extra {
		inputs = append(inputs, source.Input{Path: d})
	}
	res, err := source.Load(context.Background(), inputs, source.Options{})
	if err != nil {
		t.Fatalf("load sample: %v", err)
	}
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	return buildAndOpen(t, res.Questions, res.Report, index.BuildOptions{Dictionary: dict})
}

// BuildQuestions indexes the given questions alone into a new directory
// under t.TempDir() and returns the open index.
func BuildQuestions(t testing.TB, qs []index.Question) *index.Index {
	t.Helper()
	return buildAndOpen(t, qs, index.NewReport(), index.BuildOptions{BatchSize: 50})
}

func buildAndOpen(t testing.TB, qs []index.Question, rep *index.Report, opts index.BuildOptions) *index.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "test.index")
	if err := index.Build(context.Background(), dir, qs, rep, opts); err != nil {
		t.Fatalf("build: %v", err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
