package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// FacetValues lists the values of one facet that start with prefix (case
// ignored), most frequent first: there are hundreds of exams.
func (e *Engine) FacetValues(ctx context.Context, f Facet, prefix string, limit int) ([]FacetValue, error) {
	if f.field() == "" {
		return nil, invalid("name", fmt.Sprintf("unknown facet %q", f))
	}
	if limit <= 0 || limit > MaxFacetSize {
		limit = MaxFacetSize
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	var out []FacetValue
	for _, fb := range e.facetIx.values[f] {
		if prefix == "" || strings.HasPrefix(strings.ToLower(fb.value), prefix) || containsWordPrefix(fb.value, prefix) {
			out = append(out, FacetValue{Value: fb.value, Count: int(fb.docs.GetCardinality())})
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
