package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// facetResults turns Bleve's facet counts into ours, in display order,
// with every selected value listed even when it falls outside the top.
func facetResults(results []*bleve.SearchResult, own []Facet, p *plan) []FacetResult {
	var out []FacetResult
	for _, f := range Facets {
		sr := results[0]
		if i := slices.Index(own, f); i >= 0 {
			sr = results[i+1]
		}
		fr, ok := sr.Facets[string(f)]
		if !ok {
			continue
		}
		res := FacetResult{Name: f, Other: fr.Other}
		for _, t := range fr.Terms.Terms() {
			res.Values = append(res.Values, FacetValue{Value: t.Term, Count: t.Count, Selected: slices.Contains(p.filters[f], t.Term)})
		}
		for _, v := range p.filters[f] {
			if !slices.ContainsFunc(res.Values, func(x FacetValue) bool { return x.Value == v }) {
				res.Values = append(res.Values, FacetValue{Value: v, Count: 0, Selected: true})
			}
		}
		out = append(out, res)
	}
	return out
}

// FacetValues lists the values of one facet that start with prefix (case
// ignored), most frequent first: there are hundreds of exams.
func (e *Engine) FacetValues(ctx context.Context, f Facet, prefix string, limit int) ([]FacetValue, error) {
	if f.field() == "" {
		return nil, invalid("name", fmt.Sprintf("unknown facet %q", f))
	}
	if limit <= 0 || limit > MaxFacetSize {
		limit = MaxFacetSize
	}
	r := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 0, 0, false)
	r.AddFacet(string(f), bleve.NewFacetRequest(f.field(), 100000))
	sr, err := e.bleveSearch(ctx, r)
	if err != nil {
		return nil, err
	}
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	var out []FacetValue
	for _, t := range sr.Facets[string(f)].Terms.Terms() {
		if prefix == "" || strings.HasPrefix(strings.ToLower(t.Term), prefix) || containsWordPrefix(t.Term, prefix) {
			out = append(out, FacetValue{Value: t.Term, Count: t.Count})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// containsWordPrefix lets "saa" find "AWS Certified Solutions Architect -
// Associate SAA-C03".
func containsWordPrefix(value, prefix string) bool {
	for _, w := range strings.Fields(strings.ToLower(value)) {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}
