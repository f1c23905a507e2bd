package index_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/source"
)

// Real questions (the sample, the hostile corpus and, when at hand, the
// 521 of dp-100) come back from the store's form as they went in.
func TestCodecKeepsRealQuestions(t *testing.T) {
	inputs := []source.Input{{FS: data.Sample(), Name: "sample"}, {Path: "../search/testdata/hostile"}}
	if shared := sharedtest.Dir(t); shared != "" {
		inputs = append(inputs, source.Input{Path: filepath.Join(shared, "corpus", "dp-100")})
	}
	res, err := source.Load(context.Background(), inputs, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := index.Merge(res.Questions)
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	index.Enrich(qs, dict)
	comments := 0
	for i := range qs {
		got, err := index.RoundTrip(&qs[i])
		if err != nil {
			t.Fatalf("%s: %v", qs[i].ID, err)
		}
		want, _ := json.Marshal(&qs[i])
		back, _ := json.Marshal(got)
		if string(back) != string(want) {
			t.Fatalf("%s changed:\n got %s\nwant %s", qs[i].ID, back, want)
		}
		comments += len(qs[i].Comments)
	}
	if len(qs) < 40 || comments < 100 {
		t.Fatalf("%d questions, %d comments: too few to tell", len(qs), comments)
	}
}
