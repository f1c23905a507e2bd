package index_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	zap "github.com/blevesearch/zapx/v17"

	"github.com/examsearch/examsearch/index"
)

// TestSegmentsDefineEveryField checks that a segment defines every field
// of the mapping even when none of its questions has a value there: zap
// merges segments of the same fields by copying their postings, and all
// the segments by decoding them as soon as one differs.
func TestSegmentsDefineEveryField(t *testing.T) {
	qs := realQuestions(t)
	bare := qs[0] // a question without any of the values a question may lack
	bare.ID = "bare"
	bare.Answer, bare.ExamCode, bare.Exam, bare.Provider, bare.Topic = "", "", "", "", ""
	bare.Categories, bare.Services, bare.Comments, bare.Community = nil, nil, nil, nil
	bare.Created = time.Time{}
	fieldsOf := func(qs []index.Question) []string {
		t.Helper()
		path := filepath.Join(t.TempDir(), "segment.zap")
		if err := index.MakeSegment(qs, path); err != nil {
			t.Fatal(err)
		}
		seg, err := (&zap.ZapPlugin{}).Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer seg.Close()
		return seg.Fields()
	}
	all := fieldsOf(qs)
	for _, f := range []string{index.FieldExamCode, index.FieldCommunity, index.FieldService, index.FieldYear, index.FieldQuestion} {
		if !slices.Contains(all, f) {
			t.Fatalf("a segment of %d questions lacks the field %s: %v", len(qs), f, all)
		}
	}
	if got := fieldsOf([]index.Question{bare}); !slices.Equal(got, all) {
		t.Fatalf("a segment of one question without optional values defines the fields\n%v\nnot\n%v", got, all)
	}
}
