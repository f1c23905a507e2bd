package index_test

import (
	"encoding/json"
	"testing"

	"github.com/examsearch/examsearch/index"
)

// Real questions (the sample, the hostile corpus and, when at hand, the
// 521 of dp-100) come back from the store's form as they went in.
func TestCodecKeepsRealQuestions(t *testing.T) {
	qs := realQuestions(t)
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
