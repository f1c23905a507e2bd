package search

import (
	"bytes"
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
// text is the question's plain text, as the hit shows it.
func (e *Engine) highlight(q *index.Question, text string, marks []mark) *Highlights {
	m := newMatcher(marks)
	h := &Highlights{}
	if f := e.fragment(text, m, fragmentLen); f != "" {
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
	h.Comments = e.commentMatches(q.Comments, m)
	if h.Question == nil && h.Choices == nil && h.Explanation == nil && h.Comments == nil {
		return nil
	}
	return h
}

// commentMatches are the comments that match most of the marks, the most
// upvoted first among equals. Comments are visited by how many marks they
// may hold (a cheap substring test), and the visit stops once no comment
// left could beat the ones found: long discussions are mostly skipped.
func (e *Engine) commentMatches(comments []index.Comment, m *matcher) []CommentMatch {
	type candidate struct {
		c     *index.Comment
		bound int // marks the comment may hold
	}
	var cands []candidate
	for i := range comments {
		var b int
		if b, m.lower = m.bound(comments[i].Text, m.lower); b > 0 {
			cands = append(cands, candidate{c: &comments[i], bound: b})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].bound != cands[j].bound {
			return cands[i].bound > cands[j].bound
		}
		return cands[i].c.Upvotes > cands[j].c.Upvotes
	})
	type found struct {
		c      *index.Comment
		spans  []span
		marked int // distinct marks found
	}
	var best []found
	for _, cd := range cands {
		if len(best) == maxCommentMarks && cd.bound <= best[len(best)-1].marked {
			break
		}
		spans := e.matches(cd.c.Text, m)
		if len(spans) == 0 {
			continue
		}
		best = append(best, found{c: cd.c, spans: spans, marked: distinct(cd.c.Text, spans)})
		sort.SliceStable(best, func(i, j int) bool {
			if best[i].marked != best[j].marked {
				return best[i].marked > best[j].marked
			}
			return best[i].c.Upvotes > best[j].c.Upvotes
		})
		best = best[:min(len(best), maxCommentMarks)]
	}
	var out []CommentMatch
	for _, f := range best {
		out = append(out, CommentMatch{Author: f.c.Author, Upvotes: f.c.Upvotes, Selected: f.c.Selected, Fragment: render(f.c.Text, f.spans, fragmentLen)})
	}
	return out
}

// distinct counts the different words marked.
func distinct(text string, spans []span) int {
	seen := map[string]bool{}
	for _, s := range spans {
		seen[strings.ToLower(text[s.start:s.end])] = true
	}
	return len(seen)
}

type span struct{ start, end int }

// matcher knows the marked terms and phrases and how to pre-screen text
// cheaply.
type matcher struct {
	exact   map[string]bool
	fuzzy   []mark
	phrases [][]string
	probes  []string // lowercased term prefixes that any match must contain
	words   []word   // scratch for matches
	lower   []byte   // scratch for bound
	low     []byte   // scratch for matches: the text lowercased
	at      []int    // scratch for windows
	wins    []window // scratch for windows
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
// "kei", "company" is "compani"; true of all 226,450 words of the shared
// corpus), so the stem but its last letter is safe; a typo may be anywhere
// after the first letter.
func probe(term string, fuzzy int) string {
	n := len(term) - 1
	if fuzzy > 0 {
		n = 1
	}
	return term[:max(n, min(len(term), 1))]
}

// bound is a cheap upper bound of how many marks text holds: the probes
// found in it. 0 rules text out before analysis. buf is scratch space for
// the lowercased text, returned for the next call.
func (m *matcher) bound(text string, buf []byte) (int, []byte) {
	buf = appendLower(buf[:0], text)
	n := 0
	for _, p := range m.probes {
		if bytes.Contains(buf, []byte(p)) {
			n++
		}
	}
	return n, buf
}

// appendLower appends text lowercased: ASCII in place, anything else as
// strings.ToLower has it.
func appendLower(buf []byte, text string) []byte {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf {
			return append(buf, strings.ToLower(text[i:])...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
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

func (m *matcher) match(term []byte) bool {
	if m.exact[string(term)] {
		return true
	}
	for _, f := range m.fuzzy {
		if len(term) > 0 && f.term != "" && term[0] == f.term[0] && editDistance(string(term), f.term, f.fuzzy) <= f.fuzzy {
			return true
		}
	}
	return false
}

// word is a word of highlighted text that may stem to a marked term: its
// analysed term (the stemmer's, never the text's buffer), where it is, and
// its number among all the words.
type word struct {
	term       []byte
	start, end int
	n          int
}

// matches finds the marked terms and phrases in text. Only the words that
// may stem to a marked term are kept and go through the stop and stemming
// filters: the discussions are long, and analysing every word of them was
// most of the cost of highlighting. Of an ASCII text, only the stretches
// around the probes' occurrences are read (see windows).
func (e *Engine) matches(text string, m *matcher) []span {
	m.low = appendLower(m.low[:0], text)
	return e.matchesIn(text, m, m.windows(text, m.low))
}

// matchesIn is matches reading only the windows of text.
func (e *Engine) matchesIn(text string, m *matcher, wins []window) []span {
	words := m.words[:0]
	var tok analysis.Token
	one := analysis.TokenStream{&tok}
	n := 0
	b := []byte(text)
	for _, w := range wins {
		if w.apart {
			n++ // words lie between this window and the last: not adjacent
		}
		index.Words(b[w.from:w.to], func(term []byte, start, end int, _ bool) {
			n++
			if !m.candidate(term) {
				return
			}
			start, end = start+w.from, end+w.from
			tok = analysis.Token{Term: term, Start: start, End: end}
			stream := one
			for _, f := range e.filters {
				stream = f.Filter(stream)
			}
			if len(stream) > 0 { // else a stop word
				words = append(words, word{term: stream[0].Term, start: start, end: end, n: n})
			}
		})
	}
	m.words = words
	var out []span
	for i := 0; i < len(words); i++ {
		if k := m.phraseAt(words, i); k > 0 {
			out = append(out, span{words[i].start, words[i+k-1].end})
			i += k - 1
			continue
		}
		if m.match(words[i].term) {
			out = append(out, span{words[i].start, words[i].end})
		}
	}
	return out
}

// phraseAt is the length of a marked phrase starting at words[i], or 0:
// its terms must be there, one word after another.
func (m *matcher) phraseAt(words []word, i int) int {
	for _, ph := range m.phrases {
		if i+len(ph) > len(words) {
			continue
		}
		ok := true
		for k, term := range ph {
			if w := words[i+k]; string(w.term) != term || w.n != words[i].n+k {
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
	var n int
	if n, m.lower = m.bound(text, m.lower); n == 0 {
		return "" // no word of text can be marked
	}
	spans := e.matchesIn(text, m, m.windows(text, m.lower)) // bound lowercased text
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
