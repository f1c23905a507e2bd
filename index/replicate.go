package index

import (
	"slices"
	"strconv"
)

// Replicate returns qs followed by copies-1 more copies of every question,
// each copy in an exam of its own ("AZ-104 copy 2") with its own
// discussion id, so that merging keeps them apart. It makes the larger
// corpora of the scaling benchmark out of a real one; copies below 2 return
// qs unchanged.
func Replicate(qs []Question, copies int) []Question {
	if copies < 2 {
		return qs
	}
	out := make([]Question, 0, len(qs)*copies)
	out = append(out, qs...)
	for k := 2; k <= copies; k++ {
		suffix := " copy " + strconv.Itoa(k)
		for _, q := range qs {
			// Merging appends to these: a copy must not share them.
			q.Choices, q.Comments, q.Community = slices.Clone(q.Choices), slices.Clone(q.Comments), slices.Clone(q.Community)
			q.Images, q.AnswerImages, q.Duplicates = slices.Clone(q.Images), slices.Clone(q.AnswerImages), slices.Clone(q.Duplicates)
			q.Exam += suffix
			if q.ExamCode != "" {
				q.ExamCode += "-C" + strconv.Itoa(k)
			}
			if q.DiscussionID != "" {
				q.DiscussionID += "c" + strconv.Itoa(k)
			}
			out = append(out, q)
		}
	}
	return out
}
