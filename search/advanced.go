package search

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"
)

// maxExpandingTerms bounds the wildcard, fuzzy and regular-expression terms
// of an advanced query. Each expands to up to thousands of index terms
// (Bleve's clause limit, see Options.MaxExpansion), a searcher each: 22
// prefixes ("a* b* ... w*") took 3 s of CPU; four take half a second at most.
const maxExpandingTerms = 4

// advancedQuery parses Bleve's query-string syntax (field:value, wildcards,
// +must, -not, "phrases", ~fuzzy, ^boost). A syntax error names the
// position where the query stops making sense.
func advancedQuery(q string) (query.Query, error) {
	parsed, err := query.NewQueryStringQuery(q).Parse()
	if err == nil {
		if n := expandingTerms(parsed); n > maxExpandingTerms {
			return nil, invalid("q", fmt.Sprintf("%d wildcard, fuzzy or regular-expression terms; a query may have %d", n, maxExpandingTerms))
		}
		return parsed, nil
	}
	return nil, &Error{Param: "q", Message: "syntax error: " + firstLine(err.Error()), Position: errorPosition(q)}
}

// expandingTerms counts the terms of q that expand to many index terms.
func expandingTerms(q query.Query) int {
	switch x := q.(type) {
	case *query.WildcardQuery, *query.PrefixQuery, *query.RegexpQuery, *query.FuzzyQuery:
		return 1
	case *query.MatchQuery:
		return min(x.Fuzziness, 1)
	case *query.MatchPhraseQuery:
		return min(x.Fuzziness, 1)
	case *query.BooleanQuery:
		if x == nil {
			return 0
		}
		return expandingTerms(x.Must) + expandingTerms(x.Should) + expandingTerms(x.MustNot)
	case *query.ConjunctionQuery:
		if x == nil {
			return 0
		}
		return expandingTermsOf(x.Conjuncts)
	case *query.DisjunctionQuery:
		if x == nil {
			return 0
		}
		return expandingTermsOf(x.Disjuncts)
	}
	return 0
}

func expandingTermsOf(qs []query.Query) int {
	n := 0
	for _, q := range qs {
		n += expandingTerms(q)
	}
	return n
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
