package ui

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/examsearch/examsearch/index/source/markdown"
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

// HTML renders one markdown field. Images with a local address (see
// withLocalImages) are shown; images on other hosts become a placeholder,
// since the page loads nothing from elsewhere.
func (r *renderer) HTML(md string) template.HTML {
	remote := 0
	md = markdownImage.ReplaceAllStringFunc(md, func(m string) string {
		if sub := markdownImage.FindStringSubmatch(m); isRemote(sub[2]) {
			remote++
			return ""
		}
		return m
	})
	if markdown.Guard([]byte(md)) != nil {
		// A shape goldmark would take seconds over (a dump can hold
		// anything): shown as text.
		return template.HTML("<p>" + strings.ReplaceAll(template.HTMLEscapeString(md), "\n", "<br>\n") + "</p>")
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(md), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(md))
	}
	out := r.policy.SanitizeBytes(buf.Bytes())
	if remote > 0 {
		out = append(out, []byte(`<p class="img-note" role="note">`+template.HTMLEscapeString(plural(remote, "image"))+` of this question are on the dump's website and not shown here.</p>`)...)
	}
	return template.HTML(out) // sanitized above
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
