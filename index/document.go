package index

import (
	"strconv"
	"strings"
)

// Document is the Bleve document of a question: only what is searched,
// filtered, faceted or sorted on.
func Document(q *Question) map[string]any {
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
	doc := map[string]any{
		FieldQuestion:    IndexText(q.Text),
		FieldChoices:     q.ChoiceText(),
		FieldExplanation: IndexText(q.Explanation),
		FieldComments:    comments.String(),
		FieldType:        string(q.Type),
		FieldDisputed:    YesNo(q.Disputed),
		FieldService:     q.Services,
		FieldCategory:    q.Categories,
		FieldOrder:       OrderKey(q),
		FieldUpvotes:     SortKey(q.TopUpvotes(), 8),
		FieldDispute:     SortKey(q.DisputeScore(), 3),
		FieldCreated:     SortKey(int(max(0, q.Created.Unix())), 10),
	}
	// Empty values are left out: a facet has no "" value.
	for field, v := range map[string]string{FieldProvider: q.Provider, FieldExam: q.Exam, FieldTopic: q.Topic} {
		if v != "" {
			doc[field] = v
		}
	}
	if q.ExamCode != "" {
		doc[FieldExamCode] = strings.ToLower(q.ExamCode)
	}
	if q.Answer != "" {
		doc[FieldAnswer] = q.Answer
	}
	if c := q.CommunityAnswer(); c != "" {
		doc[FieldCommunity] = c
	}
	if y := q.Year(); y > 0 {
		doc[FieldYear] = strconv.Itoa(y)
	}
	return doc
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
