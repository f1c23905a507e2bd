package index

import (
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
)

// A question with every field filled has a document of every field the
// mapping indexes, each once, by name; one with none filled leaves out
// the empty facets.
func TestDocumentFieldsAreTheMapping(t *testing.T) {
	im, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	var mapped []string
	for name, dm := range im.(*mapping.IndexMappingImpl).DefaultMapping.Properties {
		if len(dm.Fields) == 1 {
			mapped = append(mapped, name)
		}
	}
	slices.Sort(mapped)
	full := &Question{ID: "1", Provider: "Microsoft", Exam: "DP-100", ExamCode: "DP-100", Topic: "Topic 1", Number: 2,
		Text: "Deploy a model", Choices: []Choice{{Letter: "A", Text: "AKS"}}, Answer: "A",
		Community: []Vote{{Answer: "A", Percent: 70}}, Explanation: "Use AKS", Comments: []Comment{{Text: "A is right"}},
		Type: "single", Created: time.Date(2022, 3, 4, 5, 6, 7, 0, time.UTC), Services: []string{"AKS"}, Categories: []string{"compute"}}
	names := func(q *Question) []string {
		var out []string
		for _, f := range documentFields(q) {
			out = append(out, f.name)
		}
		return out
	}
	if got := names(full); !slices.Equal(got, mapped) {
		t.Errorf("fields of a full question %q, the mapping's %q", got, mapped)
	}
	empty := names(&Question{ID: "2"})
	for _, facet := range []string{FieldProvider, FieldExam, FieldExamCode, FieldTopic, FieldAnswer, FieldCommunity, FieldYear} {
		if slices.Contains(empty, facet) {
			t.Errorf("an empty question has field %s", facet)
		}
	}
	if !slices.IsSorted(empty) || len(empty) < 10 {
		t.Errorf("fields of an empty question %q", empty)
	}
}
