package examtopics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/examsearch/examsearch/index"
)

// ErrNotPage is returned for JSON that is not an ExamTopics page.
var ErrNotPage = errors.New("JSON without pageProps.questions")

// imagePlaceholder marks where a question image stood in question_text.
const imagePlaceholder = "//IMG//"

// Page is what one file yields.
type Page struct {
	Provider  string
	Exam      string
	Questions []index.Question
	Notes     []string
}

// Parse reads one JSON page. Questions that cannot be used (no text at all)
// are left out and noted; the rest of the page is kept.
func Parse(data []byte) (Page, error) {
	var out Page
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		out.Notes = append(out.Notes, "invalid UTF-8 replaced")
	}
	var p page
	if err := decode(data, &p); err != nil {
		return out, fmt.Errorf("invalid JSON: %w", err)
	}
	if p.PageProps == nil || p.PageProps.Questions == nil {
		return out, ErrNotPage
	}
	out.Provider = strings.TrimSpace(p.PageProps.Exam.Provider)
	out.Exam = strings.TrimSpace(p.PageProps.Exam.Name)
	if out.Exam == "" {
		return out, errors.New("page names no exam (pageProps.exam.name)")
	}
	for i, wq := range p.PageProps.Questions {
		q, err := convert(wq)
		if err != nil {
			out.Notes = append(out.Notes, fmt.Sprintf("question %d: %v", i+1, err))
			continue
		}
		q.Provider, q.Exam, q.ExamCode = out.Provider, out.Exam, index.ExamCode(out.Exam)
		detach(&q)
		out.Questions = append(out.Questions, q)
	}
	return out, nil
}

func convert(w wireQuestion) (index.Question, error) {
	q := index.Question{URL: w.URL, Source: "examtopics"}
	q.DiscussionID, q.Topic, q.Number = fromURL(w.URL)
	if q.Topic == "" {
		if t := topicValue(w.Topic); t != "" {
			q.Topic = "Topic " + t
		}
	}
	if q.Number == 0 {
		q.Number = w.QuestionID
	}
	q.Text, q.Images = withImages(w.QuestionText, w.QuestionImages)
	if strings.TrimSpace(w.QuestionText) == "" && len(w.QuestionImages) == 0 {
		return q, errors.New("no question text")
	}
	letters := make([]string, 0, len(w.Choices))
	for l := range w.Choices {
		letters = append(letters, l)
	}
	sort.Strings(letters)
	for _, l := range letters {
		q.Choices = append(q.Choices, index.Choice{Letter: l, Text: index.CollapseSpace(w.Choices[l])})
	}
	q.Answer = index.ParseAnswer(w.AnswerET)
	q.AnswerImages = w.AnswerImages
	q.Community = votes(w.AnswersCommunity)
	if len(q.Community) == 0 {
		if a := index.ParseAnswer(w.Answer); a != "" && a != q.Answer {
			q.Community = []index.Vote{{Answer: a, Percent: 100}}
		}
	}
	q.Explanation = index.CollapseSpace(w.AnswerDescription)
	if w.UnixTimestamp > 0 {
		q.Created = time.Unix(w.UnixTimestamp, 0).UTC()
	}
	q.Comments = comments(w.Discussion, "", make([]index.Comment, 0, countComments(w.Discussion)))
	q.Type = index.InferType(q.Text, q.Choices, q.Answer)
	return q, nil
}

// discussionURL matches the path of a discussion page:
// /discussions/microsoft/view/48292-exam-dp-100-topic-4-question-2-discussion/
var discussionURL = regexp.MustCompile(`/view/(\d+)-[^/]*?(?:-topic-(\d+))?(?:-question-(\d+))?(?:-discussion)?/?$`)

// fromURL reads the discussion id, topic and number a discussion URL holds.
func fromURL(raw string) (id, topic string, number int) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", 0
	}
	m := discussionURL.FindStringSubmatch(u.Path)
	if m == nil {
		return "", "", 0
	}
	if m[2] != "" {
		topic = "Topic " + m[2]
	}
	number, _ = strconv.Atoi(m[3])
	return m[1], topic, number
}

func topicValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// withImages turns the text's //IMG// placeholders into markdown images, in
// order; images without a placeholder are appended.
func withImages(text string, imgs []string) (string, []string) {
	var b strings.Builder
	rest, i := text, 0
	for {
		j := strings.Index(rest, imagePlaceholder)
		if j < 0 {
			break
		}
		b.WriteString(rest[:j])
		if i < len(imgs) {
			fmt.Fprintf(&b, "\n![Question image %d](%s)\n", i+1, imgs[i])
			i++
		}
		rest = rest[j+len(imagePlaceholder):]
	}
	b.WriteString(rest)
	for ; i < len(imgs); i++ {
		fmt.Fprintf(&b, "\n![Question image %d](%s)\n", i+1, imgs[i])
	}
	return index.CollapseSpace(b.String()), imgs
}

// votes reads answers_community entries such as "B (85%)".
func votes(raw []string) []index.Vote {
	var out []index.Vote
	for _, s := range raw {
		ans, pct, ok := strings.Cut(strings.TrimSpace(s), " ")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(pct, "()% "))
		if letters := index.ParseAnswer(ans); err == nil && letters != "" {
			out = append(out, index.Vote{Answer: letters, Percent: n})
		}
	}
	return out
}

// countComments counts the comments of a discussion and their replies:
// the flattened list is made once at its size.
func countComments(in []wireComment) int {
	n := len(in)
	for _, w := range in {
		n += countComments(w.Replies)
	}
	return n
}

// comments flattens a discussion and its replies, each reply after its
// parent.
func comments(in []wireComment, parent string, out []index.Comment) []index.Comment {
	for _, w := range in {
		c := index.Comment{ID: w.CommentID, ReplyTo: parent, Author: strings.TrimSpace(w.Poster)}
		c.Upvotes, _ = strconv.Atoi(strings.TrimSpace(w.UpvoteCount))
		if ts, err := strconv.ParseFloat(strings.TrimSpace(w.Timestamp), 64); err == nil && ts > 0 {
			c.Date = time.Unix(int64(ts), 0).UTC()
		}
		c.Selected, c.Text = index.SplitSelected(w.Content)
		c.Text = index.CollapseSpace(c.Text)
		out = append(out, c)
		out = comments(w.Replies, w.CommentID, out)
	}
	return out
}
