package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/examsearch/examsearch/index"
)

// ErrNoQuestion is returned for markdown that has no "# Question N" heading.
var ErrNoQuestion = errors.New(`no "# Question N" heading`)

// Result is what one file yields: the question, and notes on anything that
// was cleaned on the way (removed scripts, invalid UTF-8).
type Result struct {
	Question index.Question
	Notes    []string
}

// Parse reads one question file. It fills everything the file holds; the
// caller sets what only the file's surroundings tell (exam, provider, path).
func Parse(data []byte) (Result, error) {
	var res Result
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		res.Notes = append(res.Notes, "invalid UTF-8 replaced")
	}
	if err := Guard(data); err != nil {
		return res, err
	}
	doc := goldmark.New().Parser().Parse(text.NewReader(data))
	p := &parser{src: data, res: &res}
	if err := p.walk(doc); err != nil {
		return res, err
	}
	if !p.sawHeading {
		return res, ErrNoQuestion
	}
	q := &res.Question
	q.Text = index.CollapseSpace(strings.Join(p.body, "\n\n"))
	if strings.TrimSpace(index.StripImages(q.Text)) == "" && len(q.Images) == 0 {
		return res, fmt.Errorf("question %d: empty body", q.Number)
	}
	q.Type = index.InferType(q.Text, q.Choices, q.Answer)
	for _, c := range q.Comments {
		if !c.Date.IsZero() && (q.Created.IsZero() || c.Date.Before(q.Created)) {
			q.Created = c.Date
		}
	}
	return res, nil
}

type parser struct {
	src        []byte
	res        *Result
	sawHeading bool
	body       []string
	details    *detailsSpan
	closed     bool // past the closing rule: only navigation links follow
}

// detailsSpan is a <details> block being collected: goldmark hands it over
// as one HTML block or as several nodes when the block has blank lines.
type detailsSpan struct{ start int }

func (p *parser) walk(doc ast.Node) error {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindThematicBreak && p.details == nil {
			q := &p.res.Question
			p.closed = p.closed || len(q.Choices) > 0 || q.Answer != "" || len(q.Comments) > 0
			continue
		}
		start, stop, ok := span(n, p.src)
		if !ok {
			continue
		}
		raw := string(p.src[start:stop])
		if p.details != nil || (n.Kind() == ast.KindHTMLBlock && strings.Contains(raw, "<details")) {
			if p.details == nil {
				p.details = &detailsSpan{start: start}
			}
			if strings.Contains(raw, "</details>") {
				p.readDetails(p.src[p.details.start:stop])
				p.details = nil
			}
			continue
		}
		if err := p.block(n, raw); err != nil {
			return err
		}
	}
	if p.details != nil { // unterminated: read what there is
		p.readDetails(p.src[p.details.start:])
	}
	return nil
}

func (p *parser) block(n ast.Node, raw string) error {
	q := &p.res.Question
	switch n := n.(type) {
	case *ast.Heading:
		if p.sawHeading {
			p.body = append(p.body, raw)
			return nil
		}
		num, ok := questionNumber(string(n.Lines().Value(p.src)))
		if !ok {
			return nil // a title such as "# Question Bank Index"
		}
		q.Number, p.sawHeading = num, true
	case *ast.List:
		if !p.sawHeading {
			return nil
		}
		if choices, ok := p.choices(n); ok && len(q.Choices) == 0 {
			q.Choices = choices
			return nil
		}
		p.body = append(p.body, raw)
	default:
		if !p.sawHeading || p.closed {
			return nil
		}
		p.body = append(p.body, raw)
		q.Images = append(q.Images, images(n, p.src)...)
	}
	return nil
}
