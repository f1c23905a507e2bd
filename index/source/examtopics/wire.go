package examtopics

import (
	"encoding/json"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	gojson "github.com/goccy/go-json"

	"github.com/examsearch/examsearch/index"
)

// decode reads a page's JSON, valid UTF-8, as encoding/json would
// (TestDecodeAgreesWithStandardJSON and its fuzz target compare them) in
// less than half the time: JSON decoding was the largest part of loading
// the corpus. goccy/go-json decodes; the page is validated first, as goccy
// skips the fields it does not decode without checking them. jsontext
// (the syntax layer of encoding/json/v2) validates RFC 8259 JSON as
// encoding/json.Valid does, 2.9x as fast on the corpus's pages; what it
// rejects encoding/json decodes, or rejects naming what is wrong.
func decode(data []byte, p *page) error {
	if !jsontext.Value(data).IsValid(jsontext.AllowDuplicateNames(true)) {
		return json.Unmarshal(data, p)
	}
	return gojson.Unmarshal(data, p)
}

type page struct {
	PageProps *struct {
		Questions []wireQuestion `json:"questions"`
		Exam      wireExam       `json:"exam"`
	} `json:"pageProps"`
}

type wireExam struct {
	Name     string `json:"name"`
	Provider string `json:"provider"`
}

type wireQuestion struct {
	URL               string            `json:"url"`
	Topic             json.RawMessage   `json:"topic"`
	QuestionID        int               `json:"question_id"`
	QuestionText      string            `json:"question_text"`
	Choices           map[string]string `json:"choices"`
	AnswerET          string            `json:"answer_ET"`
	Answer            string            `json:"answer"`
	AnswersCommunity  []string          `json:"answers_community"`
	AnswerDescription string            `json:"answer_description"`
	QuestionImages    []string          `json:"question_images"`
	AnswerImages      []string          `json:"answer_images"`
	UnixTimestamp     int64             `json:"unix_timestamp"`
	Discussion        []wireComment     `json:"discussion"`
}

type wireComment struct {
	CommentID   string        `json:"comment_id"`
	Poster      string        `json:"poster"`
	Content     string        `json:"content"`
	UpvoteCount string        `json:"upvote_count"`
	Timestamp   string        `json:"timestamp"`
	Replies     []wireComment `json:"comments"`
}

// detach copies the question's strings into one new allocation. goccy's
// strings point into its copy of the page's JSON, so without this every
// page's raw bytes would stay alive as long as its questions, through the
// whole build.
func detach(q *index.Question) {
	fields := stringFields(q)
	n := 0
	for _, s := range fields {
		n += len(*s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range fields {
		b.WriteString(*s)
	}
	all, off := b.String(), 0
	for _, s := range fields {
		l := len(*s)
		*s = all[off : off+l]
		off += l
	}
}

// stringFields points at every string a parsed question holds.
func stringFields(q *index.Question) []*string {
	lists := [][]string{q.AnswerImages, q.Images, q.Services, q.Categories, q.AlsoIn, q.Duplicates}
	n := 13 + 2*len(q.Choices) + len(q.Community) + 5*len(q.Comments)
	for _, list := range lists {
		n += len(list)
	}
	fields := make([]*string, 0, n)
	fields = append(fields, &q.ID, &q.DiscussionID, &q.Provider, &q.Exam, &q.ExamCode, &q.Topic,
		&q.URL, &q.SourcePath, &q.Source, &q.Text, &q.Answer, &q.Explanation, (*string)(&q.Type))
	for i := range q.Choices {
		fields = append(fields, &q.Choices[i].Letter, &q.Choices[i].Text)
	}
	for i := range q.Community {
		fields = append(fields, &q.Community[i].Answer)
	}
	for i := range q.Comments {
		c := &q.Comments[i]
		fields = append(fields, &c.ID, &c.ReplyTo, &c.Author, &c.Selected, &c.Text)
	}
	for _, list := range lists {
		for i := range list {
			fields = append(fields, &list[i])
		}
	}
	return fields
}
