package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"
)

// advancedQuery parses Bleve's query-string syntax (field:value, wildcards,
// +must, -not, "phrases", ~fuzzy, ^boost). A syntax error names the
// position where the query stops making sense.
func advancedQuery(q string) (query.Query, error) {
	parsed, err := query.NewQueryStringQuery(q).Parse()
	if err == nil {
		return parsed, nil
	}
	return nil, &Error{Param: "q", Message: "syntax error: " + firstLine(err.Error()), Position: errorPosition(q)}
}

// errorPosition finds the first word after which the query no longer
// parses: Bleve's parser reports what went wrong but not where.
func errorPosition(q string) int {
	start := -1
	for i, r := range q + " " {
		if !unicode.IsSpace(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start < 0 {
			continue
		}
		if _, err := query.NewQueryStringQuery(q[:i]).Parse(); err != nil {
			return start
		}
		start = -1
	}
	return 0
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
