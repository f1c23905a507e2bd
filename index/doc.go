// Package index is the heart of examsearch's write side: the Question model
// that every source format is parsed into, the enrichment that derives
// services, categories and disputes, the merging of duplicate records, the
// Bleve mapping, and the crash-safe build of an index directory.
//
// It knows nothing of HTTP. Sources live under index/source; queries are the
// business of package search.
package index
