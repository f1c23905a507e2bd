package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// Typo tolerance: one edit from 5 letters, two from 9; only for words the
// index barely knows (fewer than fuzzyMaxDF documents), since a word it
// knows well was most likely typed on purpose. Looking for corrections
// costs about the square of a word's length (every word one edit away is
// stemmed and looked up), so words longer than fuzzyMaxLen (no term of
// the corpus that many documents share is) and words after the first
// maxTypoWords unknown ones of a query are taken as typed: a query of 32
// junk words of 30 letters took 0.8 s, one of 1,000 letters 1.6 s.
const (
	fuzzyMinLen1 = 5
	fuzzyMinLen2 = 9
	fuzzyMaxLen  = 40
	fuzzyMaxDF   = 3
	maxTypoWords = 4
	maxForms     = 6 // rewrites per clause
)

// plan is a request turned into Bleve queries.
type plan struct {
	text query.Query // nil: every question
	// relaxed is the text query matching some of the words rather than
	// all of them, for when too few questions match all (nil: the same).
	relaxed query.Query
	// corrected maps an unknown term typed to its likeliest correction.
	corrected map[string]string
	typos     int                // words given typo tolerance so far (see maxTypoWords)
	filters   map[Facet][]string // resolved values, request and query together
	marks     []mark             // what highlighting looks for
	notes     []string
}

// mark is what highlighting looks for: an analysed term with the edits it
// may be off by, or a phrase of terms that count only together (the words
// of "Azure Kubernetes Service" are not marked one by one).
type mark struct {
	term   string
	fuzzy  int
	phrase []string
}

func (e *Engine) plan(ctx context.Context, req *Request) (*plan, error) {
	p := &plan{filters: map[Facet][]string{}, corrected: map[string]string{}}
	for f, vals := range req.Filters {
		for _, v := range vals {
			p.addFilter(f, v, e.exams)
		}
	}
	if req.Query == "" {
		return p, nil
	}
	if req.Mode == ModeAdvanced {
		q, err := advancedQuery(req.Query)
		if err != nil {
			return nil, err
		}
		p.text = q
		for _, w := range strings.Fields(req.Query) {
			p.addMarks(e.analyze(w), 0)
		}
		return p, nil
	}
	parsed := parseSimple(req.Query, e.exams.isCode)
	for f, vals := range parsed.filters {
		for _, v := range vals {
			p.addFilter(f, v, e.exams)
		}
	}
	if parsed.truncated {
		p.notes = append(p.notes, fmt.Sprintf("only the first %d terms of the query were used", MaxQueryTerms))
	}
	q, err := e.simpleQuery(ctx, parsed, p)
	if err != nil {
		return nil, err
	}
	p.text = q
	return p, nil
}

func (p *plan) addFilter(f Facet, v string, exams examTable) {
	v = strings.TrimSpace(v)
	switch f {
	case FacetExam:
		for _, name := range exams.resolve(v) {
			if !slices.Contains(p.filters[f], name) {
				p.filters[f] = append(p.filters[f], name)
			}
		}
		return
	case FacetProvider:
		if canon, ok := exams.provs[strings.ToLower(v)]; ok {
			v = canon
		}
	case FacetAnswer, FacetCommunity:
		v = index.AnswerLetters(strings.ToUpper(v))
	case FacetDisputed:
		switch strings.ToLower(v) {
		case "yes", "true", "1":
			v = "yes"
		case "no", "false", "0":
			v = "no"
		}
	}
	if v != "" {
		if !slices.Contains(p.filters[f], v) {
			p.filters[f] = append(p.filters[f], v)
		}
	}
}

// addPhrase marks terms as one phrase (a single term is a plain mark).
func (p *plan) addPhrase(terms []string) {
	switch len(terms) {
	case 0:
	case 1:
		p.marks = append(p.marks, mark{term: terms[0]})
	default:
		p.marks = append(p.marks, mark{phrase: terms})
	}
}

func (p *plan) addMarks(terms []string, fuzzy int) {
	for _, t := range terms {
		p.marks = append(p.marks, mark{term: t, fuzzy: fuzzy})
	}
}

// simpleQuery builds the ranked query of a simple request: each word (or
// service name, or phrase) is a clause that may match in any prose field,
// weighted by field. The query returned needs every clause; p.relaxed needs
// most of them, and there a question missing clauses loses by how specific
// they are. Words typed together raise the score where they stand together.
func (e *Engine) simpleQuery(ctx context.Context, parsed parsed, p *plan) (query.Query, error) {
	var should, must, not []query.Query
	var plain []string     // the should-words, for the word pairs
	var specific []float64 // of each should-clause
	cls := parsed.clauses
	for i := 0; i < len(cls); i++ {
		c := cls[i]
		var q query.Query
		text := c.text
		switch {
		case c.code:
			q = e.codeClause(c.text, p)
		case c.phrase:
			q = e.phraseClause(c, p)
			if c.op == opShould {
				plain = append(plain, c.text)
			}
		default:
			n := 1
			q, n = e.wordClause(ctx, cls, i, p)
			i += n - 1
			var words []string
			for _, w := range cls[i-n+1 : i+1] {
				words = append(words, w.text)
			}
			text = strings.Join(words, " ")
			if c.op == opShould {
				plain = append(plain, words...)
			}
		}
		if q == nil {
			continue
		}
		switch c.op {
		case opMust:
			must = append(must, q)
		case opNot:
			not = append(not, q)
		default:
			should = append(should, q)
			specific = append(specific, e.specificity(ctx, text, p))
		}
	}
	var pairs [][2]string
	if len(plain) >= 2 && len(plain) <= 6 && len(must)+len(not) == 0 && e.opts.Weights.Proximity > 0 {
		pairs = e.wordPairs(plain, p)
	}
	if len(should)+len(must) == 0 {
		if len(not) == 0 {
			return query.NewMatchNoneQuery(), nil // only stop words: nothing to find
		}
		must = append(must, query.NewMatchAllQuery())
	}
	build := func(min int) query.Query {
		var ranked query.Query
		if len(should) > 0 {
			ranked = &sumQuery{parts: should, coord: e.opts.Weights.Coordination, min: min, weights: specific}
		}
		if len(must)+len(not) > 0 {
			b := query.NewBooleanQuery(must, nil, not)
			if ranked != nil {
				b.Should = ranked
			}
			ranked = b
		}
		if pairs != nil {
			// Words found together raise the score of what the words
			// match, without being clauses they are measured against.
			ranked = &pairsQuery{main: ranked, field: index.FieldQuestion, pairs: pairs, factor: e.opts.Weights.Proximity}
		}
		return ranked
	}
	if min := minShould(len(should)); min < len(should) {
		p.relaxed = build(min)
	}
	return build(len(should)), nil
}

// wordPairs are the pairs of words typed next to each other, as analysed
// terms with typos corrected. A question whose text has them next to each
// other ("read replica" for "sql server read replca") ranks higher than one
// that merely holds the words far apart. (The choices too cost a third more
// search time and ranked no better.)
func (e *Engine) wordPairs(plain []string, p *plan) [][2]string {
	var entries [][]string
	for _, text := range plain {
		terms := e.analyze(text)
		for i, t := range terms {
			if c, ok := p.corrected[t]; ok {
				terms[i] = c
			}
		}
		if len(terms) > 0 {
			entries = append(entries, terms)
		}
	}
	var out [][2]string
	for k := 1; k < len(entries); k++ {
		out = append(out, [2]string{entries[k-1][len(entries[k-1])-1], entries[k][0]})
	}
	return out
}

// wordClause builds the clause of the word at cls[i], or of the service
// name that starts there, and returns how many words it took.
func (e *Engine) wordClause(ctx context.Context, cls []clause, i int, p *plan) (query.Query, int) {
	words := []string{}
	for j := i; j < len(cls) && !cls[j].phrase && !cls[j].code && cls[j].op == cls[i].op; j++ {
		words = append(words, cls[j].text)
	}
	if e.dict != nil && len(words) > 0 {
		if n, services := e.dict.Forms(words, 0); n > 0 {
			return e.serviceClause(strings.Join(words[:n], " "), services, p), n
		}
	}
	w := cls[i].text
	terms := e.analyze(w)
	if len(terms) == 0 {
		return nil, 1 // a stop word
	}
	var alts []query.Query
	if len(terms) > 1 {
		p.addPhrase(terms)
		return e.fieldsPhrase(w, 1), 1
	}
	stats := e.termStats(ctx, terms[0])
	weights := e.fieldWeights()
	if stats[index.FieldQuestion]+stats[index.FieldChoices]+stats[index.FieldExplanation] == 0 {
		// Only the discussion has this word: there it is the evidence, so
		// the comments count as much as a question text would.
		weights[len(weights)-1].weight = e.opts.Weights.Question
	}
	alts = append(alts, newSumQuery(termsIn(terms[0], weights, 1)...))
	p.addMarks(terms, 0)
	if syn := e.synonymClause(w, p); syn != nil {
		alts = append(alts, syn)
	}
	df := uint64(0)
	for _, n := range stats {
		df += n
	}
	if f := fuzziness(w); f > 0 && df < fuzzyMaxDF && p.typos < maxTypoWords {
		p.typos++
		// One typo is corrected before stemming (see corrections); a long
		// word with no one-typo correction may carry two, which Bleve's
		// fuzzy matching of the stem finds (its automaton is slow to build,
		// so only then).
		corr := e.corrections(ctx, w, terms[0])
		for i, c := range corr {
			if i == 0 {
				p.corrected[terms[0]] = c
			}
			alts = append(alts, newSumQuery(e.fieldsTerm(c, e.opts.Weights.Fuzzy)...))
			p.addMarks([]string{c}, 0)
		}
		if f > 1 && len(corr) == 0 {
			alts = append(alts, newSumQuery(e.fieldsFuzzy(terms[0], f, e.opts.Weights.Fuzzy)...))
			p.addMarks(terms, f)
		}
	}

	return newSumQuery(alts...), 1
}

// specificity is how well a clause tells questions apart: the inverse
// document frequency of its rarest term (a typo counts as its correction).
// A question missing "computetargetexception" has missed more of "zero
// nodes computetargetexception" than one missing "zero".
func (e *Engine) specificity(ctx context.Context, text string, p *plan) float64 {
	n := float64(max(e.ix.Meta.Questions, 1))
	best := 1.0
	for _, t := range e.analyze(text) {
		if c, ok := p.corrected[t]; ok {
			t = c
		}
		var df uint64
		for _, d := range e.termStats(ctx, t) {
			df = max(df, d)
		}
		best = max(best, 1+math.Log(n/float64(df+1)))
	}
	return best
}

// minShould is how many of n ranked clauses a question must match once
// the query is relaxed: one of one or two, half of three or more.
// Questions matching fewer would rank far below anyway; leaving them out
// keeps facet counts meaningful and fast.
func minShould(n int) int {
	if n <= 2 {
		return 1
	}
	return (n + 1) / 2
}
