package search

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// An advanced query may expand only so many terms: each wildcard, fuzzy or
// regular-expression term becomes thousands of searchers.
func TestAdvancedQueriesExpandBoundedly(t *testing.T) {
	tests := []struct {
		q    string
		want int // expanding terms counted
		ok   bool
	}{
		{"kubernetes +exam:AZ-104", 0, true},
		{"*", 1, true},
		{"a* b* c* d*", 4, true},
		{"a* b* c* d* e*", 5, false},
		{"+a* -b? question:c* d~1 /e.*/", 5, false},
		{"storage~1 account~2 +blob* -container?", 4, true},
		{`+(a* b*) -(c* d*) question:"exact phrase" e*`, 5, false},
		{strings.Repeat("x* ", 22), 22, false},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			q, err := advancedQuery(tc.q)
			var se *Error
			switch {
			case tc.ok && err != nil:
				t.Fatalf("rejected: %v", err)
			case !tc.ok && (!errors.As(err, &se) || se.Param != "q" || !strings.Contains(se.Message, "wildcard") || se.Position != -1):
				t.Fatalf("got %v, want an error about q naming wildcards, at no position", err)
			case tc.ok && expandingTerms(q) != tc.want:
				t.Fatalf("%d expanding terms counted, want %d", expandingTerms(q), tc.want)
			case !tc.ok && !strings.HasPrefix(se.Message, strconv.Itoa(tc.want)+" wildcard"):
				t.Fatalf("message %q does not count %d terms", se.Message, tc.want)
			}
		})
	}
}
