package examtopics

import "encoding/json"

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
