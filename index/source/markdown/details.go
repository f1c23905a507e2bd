package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/examsearch/examsearch/index"
)

// commentDate is how the dumps print a comment's time: "Sat 27 Mar 2021 12:39".
const commentDate = "Mon 02 Jan 2006 15:04"

// readDetails parses one <details> block and files what it holds under the
// question: the suggested answer or the discussion, by its summary.
func (p *parser) readDetails(raw []byte) {
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil { // x/net/html recovers from nearly anything; be safe anyway
		p.res.Notes = append(p.res.Notes, fmt.Sprintf("unreadable <details> block: %v", err))
		return
	}
	for _, d := range findAll(doc, atom.Details) {
		summary := ""
		if s := find(d, atom.Summary); s != nil {
			summary = strings.ToLower(p.text(s))
		}
		switch {
		case strings.Contains(summary, "discussion"):
			p.readDiscussion(d)
		case strings.Contains(summary, "answer"):
			p.readAnswer(d)
		}
	}
}

func (p *parser) readAnswer(d *html.Node) {
	q := &p.res.Question
	var expl []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Summary:
			case atom.Strong, atom.B:
				if letters := index.ParseAnswer(p.text(c)); letters != "" && q.Answer == "" && len(expl) == 0 {
					q.Answer = letters
				} else if t := p.text(c); t != "" {
					expl = append(expl, t)
				}
			case atom.Img:
				src, alt := attr(c, "src"), attr(c, "alt")
				if strings.Contains(strings.ToLower(alt), "answer") {
					q.AnswerImages = append(q.AnswerImages, src)
				} else if src != "" {
					expl = append(expl, fmt.Sprintf("![%s](%s)", alt, src))
				}
			case atom.P, atom.Div, atom.Li, atom.Pre:
				if t := p.text(c); t != "" {
					expl = append(expl, t)
				}
				for _, img := range findAll(c, atom.Img) {
					expl = append(expl, fmt.Sprintf("![%s](%s)", attr(img, "alt"), attr(img, "src")))
				}
			default:
				visit(c)
			}
		}
	}
	visit(d)
	q.Explanation = index.CollapseSpace(strings.Join(expl, "\n"))
}

func (p *parser) readDiscussion(d *html.Node) {
	q := &p.res.Question
	for _, bq := range findAll(d, atom.Blockquote) {
		ps := findAll(bq, atom.P)
		if len(ps) == 0 {
			continue
		}
		c := index.Comment{}
		head := ps[0]
		if s := find(head, atom.Strong); s != nil {
			c.Author = p.text(s)
		}
		if code := find(head, atom.Code); code != nil {
			ds := strings.Trim(p.text(code), "() ")
			if t, err := time.Parse(commentDate, ds); err == nil {
				c.Date = t
			}
		}
		if em := find(head, atom.Em); em != nil {
			n := strings.TrimSpace(strings.TrimPrefix(p.text(em), "Upvotes:"))
			c.Upvotes, _ = strconv.Atoi(n)
		}
		var parts []string
		for _, para := range ps[1:] {
			if t := p.text(para); t != "" {
				parts = append(parts, t)
			}
		}
		c.Selected, c.Text = index.SplitSelected(strings.Join(parts, "\n\n"))
		if c.Author == "" && c.Text == "" {
			continue
		}
		c.ID = strconv.Itoa(len(q.Comments) + 1)
		q.Comments = append(q.Comments, c)
	}
}

// text is the text content of n with entities decoded and <br> as a line
// break. Active content (scripts, styles, frames) is dropped and noted.
func (p *parser) text(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Iframe, atom.Object, atom.Embed:
				p.res.Notes = append(p.res.Notes, fmt.Sprintf("removed <%s> element", n.Data))
				return
			case atom.Br:
				b.WriteByte('\n')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.P || n.DataAtom == atom.Div || n.DataAtom == atom.Li) {
			b.WriteByte('\n')
		}
	}
	visit(n)
	return index.CollapseSpace(b.String())
}

func find(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			out = append(out, c)
			continue
		}
		out = append(out, findAll(c, a)...)
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
