package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// AnalyzerPairs says with Bleve's own analysis what the word pairs of a
// text are (see PairTerm): AnalyzerProse's terms, two by two where they
// stand side by side. The build's pairs must agree with it.
const AnalyzerPairs = "examsearch_pairs"

func init() {
	if err := registry.RegisterAnalyzer(AnalyzerPairs, pairsAnalyzer); err != nil {
		panic(err)
	}
}

func pairsAnalyzer(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	a, err := proseAnalyzer(config, cache)
	if err != nil {
		return nil, err
	}
	d := a.(*analysis.DefaultAnalyzer)
	d.TokenFilters = append(d.TokenFilters, pairsFilter{})
	return d, nil
}

// pairsFilter turns a stream of prose terms into their word pairs.
type pairsFilter struct{}

func (pairsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i := 1; i < len(input); i++ {
		prev, cur := input[i-1], input[i]
		if cur.Position != prev.Position+1 {
			continue
		}
		out = append(out, &analysis.Token{
			Term:     []byte(PairTerm(string(prev.Term), string(cur.Term))),
			Start:    prev.Start,
			End:      cur.End,
			Position: len(out) + 1,
			Type:     analysis.AlphaNumeric,
		})
	}
	return out
}
