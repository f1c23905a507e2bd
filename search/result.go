package search

import (
	"time"

	"github.com/examsearch/examsearch/index"
)

// Result is one page of a search.
type Result struct {
	Query      string        `json:"query"`
	Total      uint64        `json:"total"`
	Took       time.Duration `json:"-"`
	TookMS     float64       `json:"took_ms"`
	Page       int           `json:"page"`
	Size       int           `json:"size"`
	Pages      int           `json:"pages"`
	NextCursor string        `json:"next_cursor,omitempty"`
	Sort       Sort          `json:"sort"`
	Hits       []Hit         `json:"hits"`
	Facets     []FacetResult `json:"facets,omitempty"`
	// Notes tell the caller what the engine did to the query: terms
	// dropped over the limit, acronyms expanded.
	Notes []string `json:"notes,omitempty"`
}

// Hit is one question found.
type Hit struct {
	ID              string         `json:"id"`
	Provider        string         `json:"provider"`
	Exam            string         `json:"exam"`
	ExamCode        string         `json:"exam_code,omitempty"`
	Topic           string         `json:"topic,omitempty"`
	Number          int            `json:"number"`
	URL             string         `json:"url,omitempty"`
	Question        string         `json:"question"` // plain text, images removed
	Choices         []index.Choice `json:"choices,omitempty"`
	Answer          string         `json:"answer,omitempty"`
	CommunityAnswer string         `json:"community_answer,omitempty"`
	Community       []index.Vote   `json:"community,omitempty"`
	Disputed        bool           `json:"disputed"`
	Type            string         `json:"type"`
	Services        []string       `json:"services,omitempty"`
	Comments        int            `json:"comments"`
	Score           float64        `json:"score"`
	Highlights      *Highlights    `json:"highlights,omitempty"`
}

// Highlights are HTML fragments, escaped, with matched words in <mark>.
type Highlights struct {
	Question    []string       `json:"question,omitempty"`
	Choices     []string       `json:"choices,omitempty"`
	Explanation []string       `json:"explanation,omitempty"`
	Comments    []CommentMatch `json:"comments,omitempty"`
}

// CommentMatch is one comment that matched, with who said it.
type CommentMatch struct {
	Author   string `json:"author"`
	Upvotes  int    `json:"upvotes"`
	Selected string `json:"selected,omitempty"`
	Fragment string `json:"fragment"`
}

// FacetResult is the counts of one facet's values.
type FacetResult struct {
	Name   Facet        `json:"name"`
	Values []FacetValue `json:"values"`
	Other  int          `json:"other,omitempty"` // matches in values not listed
}

// FacetValue is one value and its count; Selected when it is a filter.
type FacetValue struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}
