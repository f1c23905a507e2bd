// Package ui is the HTTP face of examsearch: the JSON API under /api/v1
// (and, later, the web pages). Handlers only decode the request, call the
// Searcher and encode the answer; limits live in params.go and the mapping
// of errors to statuses in errors.go.
package ui
