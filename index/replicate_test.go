package index_test

import (
	"testing"

	"github.com/examsearch/examsearch/index"
)

func TestReplicate(t *testing.T) {
	qs := []index.Question{{DiscussionID: "7", Exam: "AZ-104", ExamCode: "AZ-104", Text: "x", Comments: make([]index.Comment, 1, 4)}}
	out := index.Replicate(qs, 3)
	if len(out) != 3 {
		t.Fatalf("%d questions, want 3", len(out))
	}
	if out[2].Exam != "AZ-104 copy 3" || out[2].DiscussionID != "7c3" || out[1].ExamCode != "AZ-104-C2" {
		t.Errorf("copies: %+v / %+v", out[1], out[2])
	}
	out[1].Comments = append(out[1].Comments, index.Comment{Text: "only in copy 2"})
	if got := out[0].Comments[:cap(out[0].Comments)][1].Text; got != "" {
		t.Errorf("a copy shares the original's comments: %q", got)
	}
	if got := index.Replicate(qs, 1); len(got) != 1 {
		t.Errorf("one copy: %d questions", len(got))
	}
}
