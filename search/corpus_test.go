package search

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index/sharedtest"
)

// corpusTexts are the files of the sample, the hostile corpus and (when at
// hand) dp-100, whole.
func corpusTexts(t testing.TB) [][]byte {
	t.Helper()
	var texts [][]byte
	collect := func(fsys fs.FS) {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, path)
			texts = append(texts, b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	collect(data.Sample())
	collect(os.DirFS("testdata/hostile"))
	if shared := sharedtest.Dir(t); shared != "" {
		collect(os.DirFS(filepath.Join(shared, "corpus", "dp-100", "questions")))
	}
	return texts
}

// planFor is the engine's plan of a query.
func planFor(t testing.TB, e *Engine, q string) *plan {
	t.Helper()
	req := Request{Query: q}
	if err := req.Normalize(); err != nil {
		t.Fatal(err)
	}
	p, err := e.plan(context.Background(), &req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
