package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

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
			p.addPhrase(e.analyze(o))
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
	p.addPhrase(e.analyze(c.text))
	return e.fieldsPhrase(c.text, 1)
}

// serviceClause matches what the person typed, or any other name of the
// same services a little lower: "aks" finds "Azure Kubernetes Service".
func (e *Engine) serviceClause(typed string, services []index.Service, p *plan) query.Query {
	alts := appendQuery(nil, e.fieldsPhrase(typed, 1))
	typedTerms := e.analyze(typed)
	p.addPhrase(typedTerms)
	seen := map[string]bool{strings.ToLower(typed): true}
	var other []query.Query
	var bonus [][]bonusPhrase // names holding the typed word: "Amazon S3" for "s3"
	forms := 0
	for _, s := range services {
		for _, f := range rewrites(s) {
			if seen[strings.ToLower(f)] || forms >= maxForms {
				continue
			}
			seen[strings.ToLower(f)] = true
			terms := e.analyze(f)
			if len(typedTerms) == 1 && len(terms) > 1 && slices.Contains(terms, typedTerms[0]) {
				bonus = append(bonus, e.phraseBonus(terms, e.opts.Weights.Expansion))
				forms++
			} else if q := e.fieldsPhrase(f, e.opts.Weights.Expansion); q != nil {
				other = append(other, q)
				forms++
			}
			p.addPhrase(terms)
		}
	}
	q := newSumQuery(append(alts, other...)...)
	if len(bonus) > 0 {
		return &bonusQuery{main: q, forms: bonus}
	}
	return q
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
	p.addPhrase(e.analyze(code))
	return newSumQuery(appendQuery([]query.Query{scaled(tq, e.opts.Weights.ExamCode)}, e.fieldsPhrase(code, 1))...)
}
