package index

// A question's word pairs are kept beside the Bleve index, in the store
// (see Store.PairDocs): each two terms of its text that stand next to
// each other (no word between them, not even a stop word) make the term
// "first second", and the store keeps the documents of each. Search
// raises a match whose text holds the query's words side by side; from
// these it knows where they are without reading positions, and which
// ranges of documents hold none. They are not a field of the Bleve index:
// zap made a dictionary entry and a postings list of one or two documents
// for most of them in every segment and again in the merge, a seventh of
// the build.

// PairTerm is the term that stands for term a followed by term b.
func PairTerm(a, b string) string { return a + " " + b }

// analyzePairs returns the distinct word pairs of text, as terms of
// PairTerm, in the order they first stand in it.
func (a *proseAnalysis) analyzePairs(text []byte) []string {
	lx := a.take()
	defer a.give(lx)
	a.scan(lx, text)
	return lx.pairTerms()
}

// pairTerms are the distinct word pairs of the text lx last scanned.
func (lx *lexicon) pairTerms() []string {
	type pair struct{ a, b int32 }
	var seen map[pair]bool
	var out []string
	for i := 1; i < len(lx.occs); i++ {
		prev, cur := lx.occs[i-1], lx.occs[i]
		if cur.pos != prev.pos+1 {
			continue
		}
		k := pair{prev.n, cur.n}
		if seen == nil {
			seen = make(map[pair]bool, len(lx.occs))
			out = make([]string, 0, len(lx.occs)-i)
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, PairTerm(lx.forms[prev.n].key, lx.forms[cur.n].key))
		}
	}
	return out
}
