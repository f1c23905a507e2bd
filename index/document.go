package index

import (
	"strconv"
	"strings"
)

// Document is the Bleve document of a question: only what is searched,
// filtered, faceted or sorted on, as a map for Bleve's mapping.
func Document(q *Question) map[string]any {
	fields := documentFields(q)
	doc := make(map[string]any, len(fields))
	for _, f := range fields {
		if f.isList {
			doc[f.name] = f.list
		} else {
			doc[f.name] = f.text
		}
	}
	return doc
}

// docField is a field of a question's Bleve document: a text, or a list of
// keyword values.
type docField struct {
	name   string
	text   string
	list   []string
	isList bool
}

// documentFields are the fields of Document, by name. The build makes its
// documents from them without the map.
func documentFields(q *Question) []docField {
	// The comments are one text: nothing searches them one by one (no
	// positions are kept there), and Bleve analyses an array value by value
	// and merges the counts, which cost a tenth of the build.
	var comments strings.Builder
	n := 0
	for _, c := range q.Comments {
		n += len(c.Text) + 2
	}
	comments.Grow(n)
	for _, c := range q.Comments {
		if c.Text != "" {
			comments.WriteString(c.Text)
			comments.WriteString("\n\n")
		}
	}
	fields := make([]docField, 0, 19)
	text := func(name, v string) { fields = append(fields, docField{name: name, text: v}) }
	// Empty values of facets are left out: a facet has no "" value.
	optional := func(name, v string) {
		if v != "" {
			text(name, v)
		}
	}
	optional(FieldAnswer, q.Answer)
	fields = append(fields, docField{name: FieldCategory, list: q.Categories, isList: true})
	text(FieldChoices, q.ChoiceText())
	text(FieldComments, comments.String())
	optional(FieldCommunity, q.CommunityAnswer())
	text(FieldCreated, SortKey(int(max(0, q.Created.Unix())), 10))
	text(FieldDispute, SortKey(q.DisputeScore(), 3))
	text(FieldDisputed, YesNo(q.Disputed))
	optional(FieldExam, q.Exam)
	optional(FieldExamCode, strings.ToLower(q.ExamCode))
	text(FieldExplanation, IndexText(q.Explanation))
	text(FieldOrder, OrderKey(q))
	optional(FieldProvider, q.Provider)
	text(FieldQuestion, IndexText(q.Text))
	fields = append(fields, docField{name: FieldService, list: q.Services, isList: true})
	optional(FieldTopic, q.Topic)
	text(FieldType, string(q.Type))
	text(FieldUpvotes, SortKey(q.TopUpvotes(), 8))
	if y := q.Year(); y > 0 {
		text(FieldYear, strconv.Itoa(y))
	}
	return fields
}

// OrderKey places a question within its exam: topic, then number.
func OrderKey(q *Question) string {
	return SortKey(TopicNumber(q.Topic), 4) + "." + SortKey(q.Number, 6)
}

// IndexText is the text of a markdown field as it is indexed: images and
// the //IMG// placeholders are not words.
func IndexText(md string) string {
	return strings.ReplaceAll(StripImages(md), "//IMG//", " ")
}

// YesNo is the facet value of a flag.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// SortKey writes n zero-padded to width digits, so that keys sort as the
// numbers do; negative numbers count as 0 and overlong ones are capped.
func SortKey(n, width int) string {
	s := strconv.Itoa(max(0, n))
	if len(s) > width {
		return strings.Repeat("9", width)
	}
	return strings.Repeat("0", width-len(s)) + s
}
