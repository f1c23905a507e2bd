package markdown

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/examsearch/examsearch/index"
)

// span is the byte range of the source that node n was parsed from.
func span(n ast.Node, src []byte) (start, stop int, ok bool) {
	start, stop = len(src), -1
	var visit func(ast.Node)
	visit = func(n ast.Node) {
		if n.Type() == ast.TypeBlock {
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				start, stop = min(start, seg.Start), max(stop, seg.Stop)
			}
			if h, isHTML := n.(*ast.HTMLBlock); isHTML && h.HasClosure() {
				start, stop = min(start, h.ClosureLine.Start), max(stop, h.ClosureLine.Stop)
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			visit(c)
		}
	}
	visit(n)
	if stop < start {
		return 0, 0, false
	}
	// A list item's marker sits before its first line: start from the line.
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	return start, stop, true
}

// questionNumber reads N from a "Question N" heading.
func questionNumber(heading string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(heading), "Question")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(rest))
	return n, err == nil && n >= 0
}

// choiceItem matches the text of a list item such as "A.Azure Container
// Instance" or "B. Yes". This is markdown text, not HTML.
var choiceItem = regexp.MustCompile(`^([A-Z])\.\s*(?s:(.*))$`)

// choices reads a list whose every item is a lettered choice.
func (p *parser) choices(list *ast.List) ([]index.Choice, bool) {
	var out []index.Choice
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		start, stop, ok := span(item, p.src)
		if !ok {
			return nil, false
		}
		line := strings.TrimSpace(string(p.src[start:stop]))
		line = strings.TrimSpace(strings.TrimLeft(line, "-*+"))
		m := choiceItem.FindStringSubmatch(line)
		if m == nil {
			return nil, false
		}
		out = append(out, index.Choice{Letter: m[1], Text: index.CollapseSpace(m[2])})
	}
	return out, len(out) > 0
}

// images lists the destinations of the markdown images inside n.
func images(n ast.Node, src []byte) []string {
	var out []string
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := c.(*ast.Image); ok && entering {
			out = append(out, string(img.Destination))
		}
		return ast.WalkContinue, nil
	})
	return out
}
