// Package search owns the query side: a Request comes in, a Result goes out.
// It parses what people type (forgivingly), rewrites acronyms and service
// names through the service dictionary, adds typo tolerance, filters and
// counts facets (disjunctively), sorts, pages and highlights. It is the only
// package that builds Bleve queries, and it never hands Bleve's types to
// its callers. Queries of the common shape are matched and scored by its own
// walk over the index segment's postings (lean.go), with Bleve's scores, and
// collected by its own top-k (collect.go).
package search
