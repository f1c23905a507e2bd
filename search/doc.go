// Package search owns the query side: a Request comes in, a Result goes out.
// It parses what people type (forgivingly), rewrites acronyms and service
// names through the service dictionary, adds typo tolerance, filters and
// counts facets (disjunctively), sorts, pages and highlights. It is the only
// package that builds Bleve queries, and it never hands Bleve's types to
// its callers.
package search
