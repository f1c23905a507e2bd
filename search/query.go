package search

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// Typo tolerance: one edit from 5 letters, two from 9; only for words the
// index barely knows (fewer than fuzzyMaxDF documents), since a word it
// knows well was most likely typed on purpose.
const (
	fuzzyMinLen1 = 5
	fuzzyMinLen2 = 9
	fuzzyMaxDF   = 3
	maxForms     = 6 // rewrites per clause
)

// plan is a request turned into Bleve queries.
type plan struct {
	text    query.Query        // nil: every question
	filters map[Facet][]string // resolved values, request and query together
	marks   []mark             // what highlighting looks for
	notes   []string
}

// mark is an analysed term to highlight, with the edits it may be off by.
type mark struct {
	term  string
	fuzzy int
}

func (e *Engine) plan(ctx context.Context, req *Request) (*plan, error) {
	p := &plan{filters: map[Facet][]string{}}
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
		if _, ok := fieldAliases[string(f)]; ok || f.field() != "" {
			for _, v := range vals {
				p.addFilter(f, v, e.exams)
			}
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
			p.filters[f] = appendNew(p.filters[f], name)
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
		p.filters[f] = appendNew(p.filters[f], v)
	}
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

func (p *plan) addMarks(terms []string, fuzzy int) {
	for _, t := range terms {
		p.marks = append(p.marks, mark{term: t, fuzzy: fuzzy})
	}
}

// simpleQuery builds the ranked query of a simple request: each word (or
// service name, or phrase) is a clause that may match in any prose field,
// weighted by field; clauses are ORed and Bleve's coordination factor ranks
// questions matching more of them higher.
func (e *Engine) simpleQuery(ctx context.Context, parsed parsed, p *plan) (query.Query, error) {
	var should, must, not []query.Query
	var plain []string // the should-words, for the phrase bonus
	cls := parsed.clauses
	for i := 0; i < len(cls); i++ {
		c := cls[i]
		var q query.Query
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
			if c.op == opShould {
				for _, w := range cls[i-n+1 : i+1] {
					plain = append(plain, w.text)
				}
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
		}
	}
	var bonus query.Query
	if len(plain) >= 2 && len(plain) <= 6 && len(must)+len(not) == 0 && e.opts.Weights.Phrase > 0 {
		ph := query.NewMatchPhraseQuery(strings.Join(plain, " "))
		ph.SetField(index.FieldQuestion)
		ph.SetBoost(e.opts.Weights.Phrase * e.opts.Weights.Question)
		bonus = ph
	}
	if len(should)+len(must) == 0 {
		if len(not) == 0 {
			return query.NewMatchNoneQuery(), nil // only stop words: nothing to find
		}
		must = append(must, query.NewMatchAllQuery())
	}
	var ranked query.Query
	if len(should) > 0 {
		ranked = &sumQuery{parts: should, coord: e.opts.Weights.Coordination, min: minShould(len(should))}
	}
	if len(must)+len(not) > 0 {
		b := query.NewBooleanQuery(must, nil, not)
		if ranked != nil {
			b.Should = ranked
		}
		ranked = b
	}
	if bonus != nil {
		// The whole query as a phrase adds to the score without counting
		// as a clause the others are measured against.
		return newSumQuery(ranked, bonus), nil
	}
	return ranked, nil
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
		p.addMarks(terms, 0)
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
	if f := fuzziness(w); f > 0 && df < fuzzyMaxDF {
		alts = append(alts, newSumQuery(e.fieldsFuzzy(terms[0], f, e.opts.Weights.Fuzzy)...))
		p.addMarks(terms, f)
	}
	return newSumQuery(alts...), 1
}

// minShould is how many of n ranked clauses a question must match: one of
// one or two, half of three or more. Questions matching fewer would rank
// far below anyway; leaving them out keeps facet counts meaningful and
// fast.
func minShould(n int) int {
	if n <= 2 {
		return 1
	}
	return (n + 1) / 2
}

// synonymClause matches the other words of w's synonym group a little
// lower: "photos" finds "images".
func (e *Engine) synonymClause(w string, p *plan) query.Query {
	lower := strings.ToLower(w)
	others := e.synonyms[lower]
	if others == nil && strings.HasSuffix(lower, "s") {
		others = e.synonyms[strings.TrimSuffix(lower, "s")]
	}
	var alts []query.Query
	for _, o := range others {
		if q := e.fieldsPhrase(o, e.opts.Weights.Expansion); q != nil {
			alts = append(alts, q)
			p.addMarks(e.analyze(o), 0)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(alts)
}

// phraseClause matches a quoted phrase or a hyphenated compound; a
// compound that spells a service name is rewritten like one.
func (e *Engine) phraseClause(c clause, p *plan) query.Query {
	if c.compound && e.dict != nil {
		words := strings.Fields(c.text)
		if n, services := e.dict.Forms(words, 0); n == len(words) {
			return e.serviceClause(c.text, services, p)
		}
	}
	p.addMarks(e.analyze(c.text), 0)
	return e.fieldsPhrase(c.text, 1)
}

// serviceClause matches what the person typed, or any other name of the
// same services a little lower: "aks" finds "Azure Kubernetes Service".
func (e *Engine) serviceClause(typed string, services []index.Service, p *plan) query.Query {
	alts := appendQuery(nil, e.fieldsPhrase(typed, 1))
	p.addMarks(e.analyze(typed), 0)
	seen := map[string]bool{strings.ToLower(typed): true}
	var other []query.Query
	for _, s := range services {
		for _, f := range rewrites(s) {
			if seen[strings.ToLower(f)] || len(other) >= maxForms {
				continue
			}
			seen[strings.ToLower(f)] = true
			other = appendQuery(other, e.fieldsPhrase(f, e.opts.Weights.Expansion))
			p.addMarks(e.analyze(f), 0)
		}
	}
	return newSumQuery(append(alts, other...)...)
}

// rewrites are the names a service is searched under besides what was
// typed: its canonical name, its acronyms and its former official names
// (Azure Active Directory for Microsoft Entra ID), not every informal alias.
func rewrites(s index.Service) []string {
	out := []string{s.Name}
	for _, a := range s.Aliases {
		if strings.ToUpper(a) == a || isBranded(a) {
			out = append(out, a)
		}
	}
	return out
}

// brands start the official names of cloud products.
var brands = []string{"Azure ", "Microsoft ", "Amazon ", "AWS ", "Google ", "Cloud "}

func isBranded(name string) bool {
	for _, b := range brands {
		if strings.HasPrefix(name, b) {
			return true
		}
	}
	return false
}

// codeClause ranks the exam with that code first, and still finds the code
// written in the text.
func (e *Engine) codeClause(code string, p *plan) query.Query {
	tq := query.NewTermQuery(code)
	tq.SetField(index.FieldExamCode)
	tq.SetBoost(e.opts.Weights.ExamCode)
	p.addMarks(e.analyze(code), 0)
	return newSumQuery(appendQuery([]query.Query{tq}, e.fieldsPhrase(code, 1))...)
}

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
		tq.SetBoost(fw.weight * factor)
		out = append(out, tq)
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
			pq := query.NewPhraseQuery(terms, fw.field)
			pq.SetBoost(fw.weight * factor)
			out = append(out, pq)
			continue
		}
		var all []query.Query
		for _, t := range terms {
			tq := query.NewTermQuery(t)
			tq.SetField(fw.field)
			all = append(all, tq)
		}
		cq := query.NewConjunctionQuery(all)
		cq.SetBoost(fw.weight * factor)
		out = append(out, cq)
	}
	return newSumQuery(out...)
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
	case n >= fuzzyMinLen2:
		return 2
	case n >= fuzzyMinLen1:
		return 1
	}
	return 0
}

// termStats counts the documents that hold term in each prose field.
func (e *Engine) termStats(ctx context.Context, term string) map[string]uint64 {
	out := map[string]uint64{}
	adv, err := e.ix.Bleve.Advanced()
	if err != nil {
		return out
	}
	r, err := adv.Reader()
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
	return out
}

// appendQuery appends q when there is one.
func appendQuery(list []query.Query, q query.Query) []query.Query {
	if q == nil {
		return list
	}
	return append(list, q)
}
