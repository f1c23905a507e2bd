package search

import (
	"context"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// fieldWeight is one prose field with its boost, and whether it keeps term
// positions (phrases work there).
type fieldWeight struct {
	field     string
	weight    float64
	positions bool
}

func (e *Engine) fieldWeights() []fieldWeight {
	w := e.opts.Weights
	return []fieldWeight{{index.FieldQuestion, w.Question, true}, {index.FieldChoices, w.Choices, true},
		{index.FieldExplanation, w.Explanation, true}, {index.FieldComments, w.Comments, false}}
}

func (e *Engine) fieldsTerm(term string, factor float64) []query.Query {
	return termsIn(term, e.fieldWeights(), factor)
}

func termsIn(term string, weights []fieldWeight, factor float64) []query.Query {
	var out []query.Query
	for _, fw := range weights {
		tq := query.NewTermQuery(term)
		tq.SetField(fw.field)
		// Bleve applies a term's boost only under its own composite
		// searchers (through the query norm), never under a sum.
		out = append(out, scaled(tq, fw.weight*factor))
	}
	return out
}

// fieldsPhrase matches text as a phrase in the fields that keep positions
// and as all of its words in the others; one word is a plain term.
func (e *Engine) fieldsPhrase(text string, factor float64) query.Query {
	terms := e.analyze(text)
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return newSumQuery(e.fieldsTerm(terms[0], factor)...)
	}
	// A phrase scores the sum of its words; divided by their number it
	// weighs like the one concept it stands for.
	factor /= float64(len(terms))
	var out []query.Query
	for _, fw := range e.fieldWeights() {
		if fw.positions {
			out = append(out, scaled(query.NewPhraseQuery(terms, fw.field), fw.weight*factor))
			continue
		}
		var all []query.Query
		for _, t := range terms {
			tq := query.NewTermQuery(t)
			tq.SetField(fw.field)
			all = append(all, tq)
		}
		out = append(out, scaled(query.NewConjunctionQuery(all), fw.weight*factor))
	}
	return newSumQuery(out...)
}

// phraseBonus is fieldsPhrase's phrase of terms as bonus phrases: the
// same fields and weights, read only where the rest of the word matched.
func (e *Engine) phraseBonus(terms []string, factor float64) []bonusPhrase {
	factor /= float64(len(terms))
	var out []bonusPhrase
	for _, fw := range e.fieldWeights() {
		out = append(out, bonusPhrase{field: fw.field, terms: terms, positions: fw.positions, scale: fw.weight * factor})
	}
	return out
}

func (e *Engine) fieldsFuzzy(term string, fuzziness int, factor float64) []query.Query {
	var out []query.Query
	for _, fw := range e.fieldWeights() {
		fq := query.NewFuzzyQuery(term)
		fq.SetField(fw.field)
		fq.SetFuzziness(fuzziness)
		fq.SetPrefix(1)
		fq.SetBoost(fw.weight * factor)
		out = append(out, fq)
	}
	return out
}

// analyze runs text through the prose analyzer: lowercased, stop words
// dropped, stemmed, exactly as the index saw the questions.
func (e *Engine) analyze(text string) []string {
	var out []string
	for _, t := range e.analyzer.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// fuzziness is how many typos a word may carry: never for acronyms (typed
// in capitals), numbers or short words.
func fuzziness(w string) int {
	n := utf8.RuneCountInString(w)
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	if strings.ToUpper(w) == w {
		return 0
	}
	switch {
	case n > fuzzyMaxLen:
		return 0
	case n >= fuzzyMinLen2:
		return 2
	case n >= fuzzyMinLen1:
		return 1
	}
	return 0
}

// termStats counts the documents that hold term in each prose field. The
// index never changes under an engine, so counts are kept (up to
// maxCachedStats terms, then forgotten all at once).
func (e *Engine) termStats(ctx context.Context, term string) map[string]uint64 {
	if st, ok := e.stats.get(term); ok {
		return st
	}
	out := map[string]uint64{}
	r, err := openReader(e.ix)
	if err != nil {
		return out
	}
	defer r.Close()
	for _, f := range index.ProseFields {
		tfr, err := r.TermFieldReader(ctx, []byte(term), f, false, false, false)
		if err != nil {
			return out
		}
		out[f] = tfr.Count()
		tfr.Close()
	}
	e.stats.put(term, out)
	return out
}

const maxCachedStats = 50000

// statsCache holds termStats' counts; safe for concurrent use.
type statsCache struct {
	mu sync.Mutex
	m  map[string]map[string]uint64
}

func (c *statsCache) get(term string) (map[string]uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.m[term]
	return st, ok
}

func (c *statsCache) put(term string, st map[string]uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedStats {
		c.m = map[string]map[string]uint64{}
	}
	c.m[term] = st
}

// appendQuery appends q when there is one.
func appendQuery(list []query.Query, q query.Query) []query.Query {
	if q == nil {
		return list
	}
	return append(list, q)
}
