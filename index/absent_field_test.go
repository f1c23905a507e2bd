package index

import (
	"testing"
	"time"

	bindex "github.com/blevesearch/bleve_index_api"
)

// TestDefineAllMatchesFieldsWithValues checks that the fields defineAll
// adds to a document of a question without values carry the options of
// the fields a question with every value has: zap merges by copying only
// when all segments agree on every field's options too.
func TestDefineAllMatchesFieldsWithValues(t *testing.T) {
	_, docs, err := newMappedBuilder()
	if err != nil {
		t.Fatal(err)
	}
	full := Question{
		ID: "full", Provider: "Amazon", Exam: "AWS Certified Solutions Architect - Associate SAA-C03", ExamCode: "SAA-C03",
		Topic: "Topic 1", Number: 2, Text: "Which S3 storage class suits rarely read data?",
		Choices:     []Choice{{Letter: "A", Text: "S3 Glacier"}, {Letter: "B", Text: "S3 Standard"}},
		Answer:      "A",
		Community:   []Vote{{Answer: "A", Percent: 90}},
		Explanation: "Glacier is for archives.",
		Comments:    []Comment{{ID: "1", Author: "x", Text: "A is right", Upvotes: 3}},
		Created:     time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Services:    []string{"Amazon S3"}, Categories: []string{"Storage"},
	}
	doc, _, err := docs.build(&full, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bindex.FieldIndexingOptions{}
	doc.VisitFields(func(f bindex.Field) { want[f.Name()] = f.Options() })
	for _, name := range docs.names {
		if _, ok := want[name]; !ok {
			t.Fatalf("the full question has no field %s: give it a value", name)
		}
	}

	bare := Question{ID: "bare", Text: "?"}
	doc, _, err = docs.build(&bare, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	doc.VisitFields(func(f bindex.Field) { seen[f.Name()] = true })
	if len(seen) == len(docs.names) {
		t.Fatal("the bare question has a value in every field: nothing to test")
	}
	docs.defineAll(doc, seen)
	got := map[string]bindex.FieldIndexingOptions{}
	doc.VisitFields(func(f bindex.Field) {
		got[f.Name()] = f.Options()
		if _, ok := f.(*absentField); ok && (len(f.AnalyzedTokenFrequencies()) > 0 || f.AnalyzedLength() > 0) {
			t.Errorf("the absent field %s has terms", f.Name())
		}
	})
	for name, opts := range want {
		if got[name] != opts {
			t.Errorf("field %s: options %v without a value, %v with one", name, got[name], opts)
		}
	}
}
