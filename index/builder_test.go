package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/source"
)

func loadSample(t *testing.T) *source.Result {
	t.Helper()
	res, err := source.Load(context.Background(), []source.Input{{FS: data.Sample(), Name: "sample"}}, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func build(t *testing.T, dst string, res *source.Result) error {
	t.Helper()
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	return index.Build(context.Background(), dst, res.Questions, res.Report, index.BuildOptions{Dictionary: dict, BatchSize: 7})
}

func TestBuildSample(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "sample.index")
	res := loadSample(t)
	if err := build(t, dst, res); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n, _ := ix.Bleve.DocCount()
	if n < 40 || int(n) != ix.Meta.Questions || res.Report.Merged != 1 {
		t.Fatalf("%d documents, meta %d, merged %d", n, ix.Meta.Questions, res.Report.Merged)
	}
	// Built in batches of 7, the index is left as one segment, without the
	// files merged away.
	if segs, _ := filepath.Glob(filepath.Join(dst, "bleve", "store", "*.zap")); len(segs) != 1 {
		t.Errorf("%d segments, want 1: %v", len(segs), segs)
	}
	providers := map[string]bool{}
	for _, x := range ix.Meta.Exams {
		providers[x.Provider] = true
	}
	if len(providers) < 3 {
		t.Errorf("providers %v", providers)
	}
	// The GPU question is in both formats of the sample: one question, with
	// the JSON's identity and the services found in its text.
	var gpu *index.Question
	for _, x := range ix.Meta.Exams {
		if x.Name == "DP-100" && x.Questions != 11 {
			t.Errorf("DP-100 has %d questions, want 11 (8 markdown + 4 JSON - 1 merged)", x.Questions)
		}
	}
	gpu, err = ix.Store.Get("9100010")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Azure Kubernetes Service", "Azure Container Instances", "Azure Machine Learning", "Hardware acceleration"} {
		if !slices.Contains(gpu.Services, s) {
			t.Errorf("GPU question lacks service %q: %v", s, gpu.Services)
		}
	}
	if gpu.Topic != "Topic 4" || len(gpu.Comments) < 3 || gpu.Explanation == "" {
		t.Errorf("merged GPU question: %+v", gpu)
	}
	if _, err := ix.Store.Get("no-such-id"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("missing id: %v", err)
	}
}

func TestBuildReplacesAndSurvivesInterruption(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "x.index")
	if err := build(t, dst, loadSample(t)); err != nil {
		t.Fatal(err)
	}
	first, err := index.ReadMeta(dst)
	if err != nil {
		t.Fatal(err)
	}
	// An interrupted build leaves the previous index untouched.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := loadSample(t)
	dict, _ := index.DefaultDictionary()
	err = index.Build(ctx, dst, res.Questions, res.Report, index.BuildOptions{Dictionary: dict, BatchSize: 5})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v", err)
	}
	after, err := index.ReadMeta(dst)
	if err != nil || after.BuildID != first.BuildID {
		t.Fatalf("index changed by an interrupted build: %v %s -> %s", err, first.BuildID, after.BuildID)
	}
	leftovers, _ := filepath.Glob(dst + ".building-*")
	if len(leftovers) != 0 {
		t.Errorf("build directories left behind: %v", leftovers)
	}
	ix, err := index.Open(dst)
	if err != nil {
		t.Fatalf("previous index unusable: %v", err)
	}
	ix.Close()
	// A finished build replaces it.
	if err := build(t, dst, loadSample(t)); err != nil {
		t.Fatal(err)
	}
	second, _ := index.ReadMeta(dst)
	if second.BuildID == first.BuildID {
		t.Errorf("build id unchanged after rebuild")
	}
}

func TestBuildNothing(t *testing.T) {
	err := index.Build(context.Background(), filepath.Join(t.TempDir(), "x"), nil, index.NewReport(), index.BuildOptions{})
	if err == nil {
		t.Fatal("empty build succeeded")
	}
}

func TestOpenRefusesBadIndexes(t *testing.T) {
	dir := t.TempDir()
	if _, err := index.Open(filepath.Join(dir, "missing")); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("missing: %v", err)
	}
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := index.Open(empty); !errors.Is(err, index.ErrIncomplete) {
		t.Errorf("empty: %v", err)
	}
	old := filepath.Join(dir, "old")
	os.Mkdir(old, 0o755)
	os.WriteFile(filepath.Join(old, "meta.json"), []byte(`{"mapping_version":1}`), 0o644)
	if _, err := index.Open(old); !errors.Is(err, index.ErrOldMapping) {
		t.Errorf("old: %v", err)
	}
	corrupt := filepath.Join(dir, "corrupt")
	os.Mkdir(corrupt, 0o755)
	os.WriteFile(filepath.Join(corrupt, "meta.json"), []byte(`{not json`), 0o644)
	if _, err := index.Open(corrupt); !errors.Is(err, index.ErrIncomplete) {
		t.Errorf("corrupt: %v", err)
	}
}

// TestSeedMergesWithJSON indexes the seed file together with the JSON
// page that holds the same question: one question, discussion 48292.
func TestSeedMergesWithJSON(t *testing.T) {
	shared := sharedtest.Require(t)
	dir := t.TempDir()
	qdir := filepath.Join(dir, "dp-100", "questions")
	os.MkdirAll(qdir, 0o755)
	seed, err := os.ReadFile(filepath.Join(shared, "seeds", "000_f0aaffd1bd3074a6.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(qdir, "question_374.md"), seed, 0o644)
	res, err := source.Load(context.Background(), []source.Input{{Path: dir}, {Path: filepath.Join(shared, "corpus", "examtopics.zip")}}, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dp []index.Question
	for _, q := range res.Questions {
		if q.Exam == "DP-100" {
			dp = append(dp, q)
		}
	}
	qs, _ := index.Merge(dp)
	found := 0
	for _, q := range qs {
		if q.Number == 374 && q.Topic == "" {
			t.Errorf("the seed was not merged: %+v", q.SourcePath)
		}
		if q.ID == "48292" {
			found++
			if q.Topic != "Topic 4" || q.Number != 2 || q.Answer != "B" || len(q.Choices) != 4 {
				t.Errorf("merged seed: topic %q number %d answer %q", q.Topic, q.Number, q.Answer)
			}
		}
	}
	if found != 1 {
		t.Errorf("question 48292 found %d times", found)
	}
}
