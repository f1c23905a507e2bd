package index

import (
	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A question's word pairs are indexed as terms of their own: each two
// terms of its text that stand next to each other (no word between them,
// not even a stop word) make the term "first second" of FieldQuestionPairs.
// Search raises a match whose text holds the query's words side by side;
// from these terms it knows where they are without reading positions, and
// which ranges of documents hold none.

// PairTerm is the term that stands for term a followed by term b.
func PairTerm(a, b string) string { return a + " " + b }

// analyzePairs returns the number of word pairs in text and their
// frequencies, as terms of PairTerm.
func (a *proseAnalysis) analyzePairs(text []byte) (int, bindex.TokenFrequencies) {
	lx := a.take()
	defer a.give(lx)
	a.scan(lx, text)
	return lx.pairs()
}

// pairs are the word pairs of the text lx last scanned: how many, and
// their frequencies.
func (lx *lexicon) pairs() (int, bindex.TokenFrequencies) {
	type pair struct{ a, b int32 }
	seen := map[pair]*bindex.TokenFreq{}
	n := 0
	for i := 1; i < len(lx.occs); i++ {
		prev, cur := lx.occs[i-1], lx.occs[i]
		if cur.pos != prev.pos+1 {
			continue
		}
		n++
		k := pair{prev.n, cur.n}
		tf := seen[k]
		if tf == nil {
			tf = &bindex.TokenFreq{Term: []byte(PairTerm(lx.forms[prev.n].key, lx.forms[cur.n].key))}
			seen[k] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
	}
	// Terms hold no spaces: two pairs never make one term.
	freqs := make(bindex.TokenFrequencies, len(seen))
	for _, tf := range seen {
		freqs[string(tf.Term)] = tf
	}
	return n, freqs
}

// pairsFilter turns a stream of prose terms into their word pairs, for
// Bleve's own analysis of FieldQuestionPairs (see AnalyzerPairs).
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
