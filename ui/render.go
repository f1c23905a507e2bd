package ui

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/examsearch/examsearch/index"
)

// renderer turns question markdown into safe HTML: goldmark renders it
// (raw HTML from the dumps included), then bluemonday keeps only what is
// harmless. Images are not loaded from the dumps' hosts (the page allows
// none); they become a labelled placeholder.
type renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

func newRenderer() *renderer {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("span", "code", "pre")
	return &renderer{md: goldmark.New(goldmark.WithRendererOptions(html.WithUnsafe(), html.WithHardWraps())), policy: p}
}

// HTML renders one markdown field.
func (r *renderer) HTML(md string) template.HTML {
	n := strings.Count(md, "![")
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(index.StripImages(md)), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(md))
	}
	out := r.policy.SanitizeBytes(buf.Bytes())
	if n > 0 {
		out = append(out, []byte(`<p class="img-note" role="note">`+template.HTMLEscapeString(plural(n, "image"))+` of this question are not available here.</p>`)...)
	}
	return template.HTML(out) // sanitized above
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
