package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/examsearch/examsearch/index"
)

// Limits on a request, enforced in Request.Normalize.
const (
	MaxQueryLength   = 1000 // bytes of query text
	MaxQueryTerms    = 32   // words and phrases after parsing
	MaxPageSize      = 100
	DefaultPageSize  = 10
	MaxResultWindow  = 1000 // page*size beyond this needs the cursor
	MaxFilterValues  = 50   // values of one facet in one request
	DefaultFacetSize = 10
	MaxFacetSize     = 500
)

// Mode says how the query text is read.
type Mode string

// The query modes.
const (
	ModeSimple   Mode = "simple"   // forgiving: anything pasted works
	ModeAdvanced Mode = "advanced" // Bleve query-string syntax; errors are reported
)

// Sort is a result order.
type Sort string

// The result orders.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortUpvoted   Sort = "upvoted"  // liveliest discussion first
	SortDisputed  Sort = "disputed" // strongest disagreement first
	SortExam      Sort = "exam"     // exam, topic, number
)

// Sorts lists the valid orders.
var Sorts = []Sort{SortRelevance, SortNewest, SortUpvoted, SortDisputed, SortExam}

// Facet is a dimension to filter and count by.
type Facet string

// The facets.
const (
	FacetProvider  Facet = "provider"
	FacetExam      Facet = "exam"
	FacetTopic     Facet = "topic"
	FacetService   Facet = "service"
	FacetCategory  Facet = "category"
	FacetAnswer    Facet = "answer"    // suggested answer
	FacetCommunity Facet = "community" // community's most voted answer
	FacetType      Facet = "type"
	FacetDisputed  Facet = "disputed"
	FacetYear      Facet = "year"
)

// Facets lists every facet in display order.
var Facets = []Facet{FacetProvider, FacetExam, FacetService, FacetCategory, FacetTopic,
	FacetAnswer, FacetCommunity, FacetType, FacetDisputed, FacetYear}

// field is the index field a facet counts.
func (f Facet) field() string {
	switch f {
	case FacetProvider:
		return index.FieldProvider
	case FacetExam:
		return index.FieldExam
	case FacetTopic:
		return index.FieldTopic
	case FacetService:
		return index.FieldService
	case FacetCategory:
		return index.FieldCategory
	case FacetAnswer:
		return index.FieldAnswer
	case FacetCommunity:
		return index.FieldCommunity
	case FacetType:
		return index.FieldType
	case FacetDisputed:
		return index.FieldDisputed
	case FacetYear:
		return index.FieldYear
	}
	return ""
}

// ParseFacet accepts a facet's name.
func ParseFacet(name string) (Facet, bool) {
	f := Facet(strings.ToLower(strings.TrimSpace(name)))
	return f, slices.Contains(Facets, f)
}

// Request is one search.
type Request struct {
	Query   string             `json:"q"`
	Mode    Mode               `json:"mode,omitempty"`
	Filters map[Facet][]string `json:"filters,omitempty"`
	Sort    Sort               `json:"sort,omitempty"`
	Page    int                `json:"page,omitempty"` // 1-based
	Size    int                `json:"size,omitempty"`
	Cursor  string             `json:"cursor,omitempty"`
	// NoHighlight and NoFacets skip work a caller does not need.
	NoHighlight bool `json:"no_highlight,omitempty"`
	NoFacets    bool `json:"no_facets,omitempty"`
	FacetSize   int  `json:"facet_size,omitempty"`
}

// Normalize fills defaults and checks limits, naming the parameter at fault.
func (r *Request) Normalize() error {
	r.Query = strings.TrimSpace(r.Query)
	if len(r.Query) > MaxQueryLength {
		return invalid("q", fmt.Sprintf("query is %d bytes long; the limit is %d", len(r.Query), MaxQueryLength))
	}
	switch r.Mode {
	case "":
		r.Mode = ModeSimple
	case ModeSimple, ModeAdvanced:
	default:
		return invalid("mode", fmt.Sprintf("unknown mode %q; use simple or advanced", r.Mode))
	}
	if r.Sort == "" {
		r.Sort = SortRelevance
		if r.Query == "" {
			r.Sort = SortExam
		}
	}
	if !slices.Contains(Sorts, r.Sort) {
		return invalid("sort", fmt.Sprintf("unknown sort %q; use one of %v", r.Sort, Sorts))
	}
	if r.Size == 0 {
		r.Size = DefaultPageSize
	}
	if r.Size < 0 || r.Size > MaxPageSize {
		return invalid("size", fmt.Sprintf("size must be between 1 and %d", MaxPageSize))
	}
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 0 {
		return invalid("page", "page must be 1 or more")
	}
	if r.Cursor == "" && r.Page*r.Size > MaxResultWindow {
		return invalid("page", fmt.Sprintf("page %d of size %d is beyond the first %d results; use the cursor to go deeper", r.Page, r.Size, MaxResultWindow))
	}
	if r.FacetSize == 0 {
		r.FacetSize = DefaultFacetSize
	}
	if r.FacetSize < 0 || r.FacetSize > MaxFacetSize {
		return invalid("facet_size", fmt.Sprintf("facet_size must be between 1 and %d", MaxFacetSize))
	}
	for f, vals := range r.Filters {
		if f.field() == "" {
			return invalid(string(f), fmt.Sprintf("unknown facet %q", f))
		}
		if len(vals) > MaxFilterValues {
			return invalid(string(f), fmt.Sprintf("at most %d values per facet", MaxFilterValues))
		}
	}
	return nil
}

// AddFilter adds a facet value to the request.
func (r *Request) AddFilter(f Facet, value string) {
	if r.Filters == nil {
		r.Filters = map[Facet][]string{}
	}
	if value = strings.TrimSpace(value); value != "" && !slices.Contains(r.Filters[f], value) {
		r.Filters[f] = append(r.Filters[f], value)
	}
}
