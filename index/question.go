package index

import (
	"strings"
	"time"
)

// QuestionType says how a question is answered. It is a facet value, so the
// strings are part of the API and the index format.
type QuestionType string

// The question types a source can produce.
const (
	TypeSingle    QuestionType = "single-choice"
	TypeMultiple  QuestionType = "multiple-choice"
	TypeYesNo     QuestionType = "yes-no"
	TypeDragDrop  QuestionType = "drag-and-drop"
	TypeHotspot   QuestionType = "hotspot"
	TypeImageOnly QuestionType = "image-only"
)

// Question is one exam question with everything the dumps hold about it. Both
// source formats produce it; the index, the store and the API all speak it.
type Question struct {
	ID           string `json:"id"`
	DiscussionID string `json:"discussion_id,omitempty"`
	Provider     string `json:"provider"`
	Exam         string `json:"exam"`
	ExamCode     string `json:"exam_code,omitempty"`
	Topic        string `json:"topic,omitempty"`
	Number       int    `json:"number"`
	URL          string `json:"url,omitempty"`
	SourcePath   string `json:"source_path"`
	Source       string `json:"source"`

	// Text is the question body as markdown (images as ![..](..) links).
	Text         string       `json:"text"`
	Choices      []Choice     `json:"choices,omitempty"`
	Answer       string       `json:"answer,omitempty"` // suggested answer letters, e.g. "B" or "AD"
	AnswerImages []string     `json:"answer_images,omitempty"`
	Community    []Vote       `json:"community,omitempty"`
	Explanation  string       `json:"explanation,omitempty"`
	Comments     []Comment    `json:"comments,omitempty"`
	Images       []string     `json:"images,omitempty"`
	Type         QuestionType `json:"type"`
	Created      time.Time    `json:"created,omitzero"`

	// Enrichment, filled in by the build.
	Services   []string `json:"services,omitempty"`
	Categories []string `json:"categories,omitempty"`
	Disputed   bool     `json:"disputed"`
	AlsoIn     []string `json:"also_in,omitempty"`
	// Duplicates are the other discussion ids this question was posted
	// under in the same exam, folded into this record.
	Duplicates []string `json:"duplicates,omitempty"`
}

// Choice is one answer option.
type Choice struct {
	Letter string `json:"letter"`
	Text   string `json:"text"`
}

// Vote is the community's share for one answer, as "B (85%)" says it.
type Vote struct {
	Answer  string `json:"answer"`
	Percent int    `json:"percent"`
}

// Comment is one post of the discussion. Replies follow their parent with
// ReplyTo set to the parent's ID.
type Comment struct {
	ID       string    `json:"id,omitempty"`
	ReplyTo  string    `json:"reply_to,omitempty"`
	Author   string    `json:"author"`
	Date     time.Time `json:"date,omitzero"`
	Upvotes  int       `json:"upvotes"`
	Selected string    `json:"selected,omitempty"` // "Selected Answer: X" when the commenter stated one
	Text     string    `json:"text"`
}

// CommunityAnswer is the answer with the largest community share, or "".
func (q *Question) CommunityAnswer() string {
	best, pct := "", -1
	for _, v := range q.Community {
		if v.Percent > pct {
			best, pct = v.Answer, v.Percent
		}
	}
	return best
}

// Year is the year the question was first seen, or 0 when unknown.
func (q *Question) Year() int {
	if q.Created.IsZero() {
		return 0
	}
	return q.Created.Year()
}

// TopUpvotes is the largest upvote count of any comment: how lively the
// discussion is, for sorting.
func (q *Question) TopUpvotes() int {
	top := 0
	for _, c := range q.Comments {
		top = max(top, c.Upvotes)
	}
	return top
}

// DisputeScore grows with how strongly the community disagrees with the
// suggested answer: the share of votes that went elsewhere.
func (q *Question) DisputeScore() int {
	if q.Answer == "" || len(q.Community) == 0 {
		return 0
	}
	other := 0
	for _, v := range q.Community {
		if v.Answer != q.Answer {
			other += v.Percent
		}
	}
	return other
}

// ChoiceText is the choices as one block of text, one "A. text" a line.
func (q *Question) ChoiceText() string {
	var b strings.Builder
	for _, c := range q.Choices {
		b.WriteString(c.Letter)
		b.WriteString(". ")
		b.WriteString(c.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Richness orders duplicate records of one question: the one with more of
// the discussion and answer wins a merge.
func (q *Question) Richness() int {
	n := len(q.Comments)*4 + len(q.Community)*2 + len(q.Choices)
	if q.Answer != "" {
		n += 3
	}
	if q.Explanation != "" {
		n += 2
	}
	if q.DiscussionID != "" {
		n++
	}
	return n
}
