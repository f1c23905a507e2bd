package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/examsearch/examsearch/index"
)

const (
	fragmentLen     = 220 // bytes of text around the matches
	maxCommentMarks = 3   // comments reported per hit
)

// highlight marks the query's words in a question's fields. It analyses
// the stored text the way the index did, so "deploying" is marked for the
// query "deploy"; everything else is escaped.
func (e *Engine) highlight(q *index.Question, marks []mark) *Highlights {
	m := newMatcher(marks)
	h := &Highlights{}
	if f := e.fragment(plainText(q.Text), m, fragmentLen); f != "" {
		h.Question = []string{f}
	}
	for _, c := range q.Choices {
		if f := e.fragment(c.Text, m, 0); f != "" {
			h.Choices = append(h.Choices, html.EscapeString(c.Letter)+". "+f)
		}
	}
	if f := e.fragment(plainText(q.Explanation), m, fragmentLen); f != "" {
		h.Explanation = []string{f}
	}
	type scored struct {
		c     index.Comment
		frag  string
		count int
	}
	var found []scored
	for _, c := range q.Comments {
		if !m.mayMatch(c.Text) {
			continue
		}
		spans := e.matches(c.Text, m)
		if len(spans) == 0 {
			continue
		}
		found = append(found, scored{c: c, frag: render(c.Text, spans, fragmentLen), count: len(spans)})
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].count != found[j].count {
			return found[i].count > found[j].count
		}
		return found[i].c.Upvotes > found[j].c.Upvotes
	})
	for _, s := range found[:min(len(found), maxCommentMarks)] {
		h.Comments = append(h.Comments, CommentMatch{Author: s.c.Author, Upvotes: s.c.Upvotes, Selected: s.c.Selected, Fragment: s.frag})
	}
	if h.Question == nil && h.Choices == nil && h.Explanation == nil && h.Comments == nil {
		return nil
	}
	return h
}

type span struct{ start, end int }

// matcher knows the marked terms and phrases and how to pre-screen text
// cheaply.
type matcher struct {
	exact   map[string]bool
	fuzzy   []mark
	phrases [][]string
	probes  []string // lowercased term prefixes that any match must contain
}

func newMatcher(marks []mark) *matcher {
	m := &matcher{exact: map[string]bool{}}
	for _, mk := range marks {
		if len(mk.phrase) > 0 {
			m.phrases = append(m.phrases, mk.phrase)
			for _, t := range mk.phrase {
				m.probes = append(m.probes, probe(t, 0))
			}
			continue
		}
		m.exact[mk.term] = true
		if mk.fuzzy > 0 {
			m.fuzzy = append(m.fuzzy, mk)
		}
		m.probes = append(m.probes, probe(mk.term, mk.fuzzy))
	}
	return m
}

// probe is what a lowercased word must start with to stem to term: the
// Porter stemmer changes or adds at most the stem's last letter ("key" is
// "kei"), so three letters short of that are safe; a typo may be anywhere
// after the first letter.
func probe(term string, fuzzy int) string {
	n := min(len(term)-1, 3)
	if fuzzy > 0 {
		n = 1
	}
	return term[:max(n, min(len(term), 1))]
}

// mayMatch is a cheap test that rules out most comments before analysis.
func (m *matcher) mayMatch(text string) bool {
	lower := strings.ToLower(text)
	for _, p := range m.probes {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// candidate tells whether a lowercased word may analyse to a marked term.
func (m *matcher) candidate(word []byte) bool {
	for _, p := range m.probes {
		if len(word) >= len(p) && string(word[:len(p)]) == p {
			return true
		}
	}
	return false
}

func (m *matcher) match(term string) bool {
	if m.exact[term] {
		return true
	}
	for _, f := range m.fuzzy {
		if term != "" && f.term != "" && term[0] == f.term[0] && editDistance(term, f.term, f.fuzzy) <= f.fuzzy {
			return true
		}
	}
	return false
}

// matches finds the marked terms and phrases in text. Only the words that
// may stem to a marked term go through the stop and stemming filters: the
// discussions are long, and stemming every word of them was most of the
// cost of highlighting.
func (e *Engine) matches(text string, m *matcher) []span {
	var out []span
	toks := e.tokenizer.Tokenize([]byte(text))
	one := make(analysis.TokenStream, 1)
	for _, t := range toks {
		if !m.candidate(t.Term) {
			t.Term = nil
			continue
		}
		one[0] = t
		stream := one
		for _, f := range e.filters {
			stream = f.Filter(stream)
		}
		if len(stream) == 0 {
			t.Term = nil // a stop word
		} else {
			t.Term = stream[0].Term
		}
	}
	for i := 0; i < len(toks); i++ {
		if toks[i].Term == nil {
			continue
		}
		if n := m.phraseAt(toks, i); n > 0 {
			out = append(out, span{toks[i].Start, toks[i+n-1].End})
			i += n - 1
			continue
		}
		if m.match(string(toks[i].Term)) {
			out = append(out, span{toks[i].Start, toks[i].End})
		}
	}
	return out
}

// phraseAt is the length of a marked phrase starting at token i, or 0.
func (m *matcher) phraseAt(toks analysis.TokenStream, i int) int {
	for _, ph := range m.phrases {
		if i+len(ph) > len(toks) {
			continue
		}
		ok := true
		for k, term := range ph {
			if string(toks[i+k].Term) != term {
				ok = false
				break
			}
		}
		if ok {
			return len(ph)
		}
	}
	return 0
}

// fragment is the marked excerpt of text, or "" when nothing matched.
// width 0 means the whole text.
func (e *Engine) fragment(text string, m *matcher, width int) string {
	if text == "" {
		return ""
	}
	spans := e.matches(text, m)
	if len(spans) == 0 {
		return ""
	}
	return render(text, spans, width)
}

// render escapes text and wraps spans in <mark>, cut to the window of
// width bytes that holds the most spans.
func render(text string, spans []span, width int) string {
	from, to := 0, len(text)
	if width > 0 && len(text) > width {
		best, bestStart := -1, 0
		for i, s := range spans {
			n := 0
			for _, t := range spans[i:] {
				if t.end-s.start > width {
					break
				}
				n++
			}
			if n > best {
				best, bestStart = n, s.start
			}
		}
		from = max(0, bestStart-width/4)
		to = min(len(text), from+width)
		from, to = wordStart(text, from), wordEnd(text, to)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		if s.start < pos || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// wordStart moves i back to the start of a word (and a rune).
func wordStart(s string, i int) int {
	for i > 0 && i < len(s) && s[i-1] != ' ' && s[i-1] != '\n' {
		i--
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

// wordEnd moves i forward to the end of a word (and a rune).
func wordEnd(s string, i int) int {
	for i < len(s) && s[i] != ' ' && s[i] != '\n' {
		i++
	}
	return i
}

// editDistance is the Levenshtein distance of a and b, giving up (returning
// limit+1) once it must exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// plainText is a markdown field as plain text: images out, spaces tidied.
func plainText(md string) string {
	return index.CollapseSpace(index.IndexText(md))
}
