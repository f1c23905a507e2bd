package ui

import (
	"embed"
	"html/template"
)

//go:embed static/openapi.json
var openAPISpec []byte

//go:embed templates/*.html
var templateFS embed.FS

// parseTemplates parses every page template once, at start-up.
func parseTemplates() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		// safe marks highlight fragments as HTML: package search escapes
		// every byte of source text and adds only <mark> tags.
		"safe": func(s string) template.HTML { return template.HTML(s) },
	}).ParseFS(templateFS, "templates/*.html")
}
