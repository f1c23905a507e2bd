package search

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index/indextest"
)

// allScores runs q through Bleve and returns every match's score by ID.
func allScores(t *testing.T, e *Engine, q query.Query) map[string]float64 {
	t.Helper()
	r := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	sr, err := e.bleveSearch(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range sr.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// A name holding the typed word, read as a bonus, scores what Bleve's own
// phrase (or, without positions, conjunction) searchers score.
func TestBonusPhrasesScoreAsBlevePhrases(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(300))
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ typed, form string }{
		{"account", "storage account"},
		{"machine", "virtual machine network"},
		{"cache", "query cache"},
	} {
		typed := newSumQuery(e.fieldsTerm(e.analyze(c.typed)[0], 1)...)
		form := e.fieldsPhrase(c.form, e.opts.Weights.Expansion)
		want := allScores(t, e, newSumQuery(typed, form))
		got := allScores(t, e, &bonusQuery{main: typed, forms: [][]bonusPhrase{e.phraseBonus(e.analyze(c.form), e.opts.Weights.Expansion)}})
		plain := allScores(t, e, typed)
		if len(got) != len(want) || len(want) < 50 {
			t.Fatalf("%q: %d matches, want %d (at least 50)", c.form, len(got), len(want))
		}
		raised := 0
		for id, w := range want {
			if g, ok := got[id]; !ok || g != w { // to the last bit
				t.Errorf("%q: %s scores %v, want %v", c.form, id, g, w)
			}
			if w > plain[id] {
				raised++
			}
		}
		if raised == 0 {
			t.Errorf("%q: the phrase raised no score; the test proves nothing", c.form)
		}
		t.Logf("%q: %d matches, %d raised by the phrase", c.form, len(want), raised)
	}
}

// The lean walk scores a word with bonus phrases as Bleve's searchers do,
// reading zap's postings or hot lists.
func TestBonusInLeanWalk(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(300))
	for _, c := range []struct {
		name string
		hc   *hotConfig
	}{{"zap", nil}, {"hot lists", &hotConfig{min: 2, bytesPerDoc: 1 << 20}}, {"ranges", &hotConfig{min: 2, ceilBytes: 1 << 20}}} {
		t.Run(c.name, func(t *testing.T) {
			e, err := New(ix, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if c.hc != nil {
				e = warmEngine(t, ix, *c.hc)
			}
			bonusInLeanWalk(t, e, c.hc != nil && c.hc.bytesPerDoc > 0, c.hc != nil && c.hc.ceilBytes > 0)
		})
	}
}

func bonusInLeanWalk(t *testing.T, e *Engine, hot, ranged bool) {
	word := func(w string) query.Query { return newSumQuery(e.fieldsTerm(e.analyze(w)[0], 1)...) }
	account := &bonusQuery{main: word("account"), forms: [][]bonusPhrase{e.phraseBonus(e.analyze("storage account"), e.opts.Weights.Expansion)}}
	q := &pairsQuery{main: &sumQuery{parts: []query.Query{account, word("zone")}, min: 2, coord: 4},
		field: "question", pairs: [][2]string{{"account", "zone"}}, factor: 1}
	alone := &pairsQuery{main: &sumQuery{parts: []query.Query{account}, min: 1}, field: "question", factor: 1}
	for _, q := range []query.Query{q, alone} {
		p := &plan{text: q}
		lm, err := newLeanMatches(context.Background(), q, openTestReader(t, e), e.hotLists(), e.ix.Store)
		if err != nil || lm == nil || len(lm.bonuses) == 0 {
			t.Fatalf("the lean walk does not take the query, or sees no bonus (%v)", err)
		}
		if c := lm.bonuses[0].forms[0][0].terms[0]; (c.hot != nil) != hot || (c.ceil != nil) != ranged {
			t.Fatalf("the bonus phrase's cursor reads a hot list: %v, want %v; ranges: %v, want %v", c.hot != nil, hot, c.ceil != nil, ranged)
		}
		lm.close()
		want := bleveRanking(t, e, p, 1000)
		if len(want) < 20 {
			t.Fatalf("%d matches: too few to tell", len(want))
		}
		// Small pages too: their floor rises early, and the word-pair
		// bonus is not looked for where it cannot help.
		for _, size := range []int{1, 3, 10, 100} {
			for page := 1; page <= 3; page++ {
				req := Request{Query: "x", Size: size, Page: page}
				if err := req.Normalize(); err != nil {
					t.Fatal(err)
				}
				rk, err := e.rankedSearch(context.Background(), p, &req, nil, false)
				if err != nil {
					t.Fatal(err)
				}
				from := min(len(want), (page-1)*size)
				if w := want[from:min(len(want), page*size)]; !slices.Equal(rk.top, w) || rk.total != uint64(len(want)) {
					t.Fatalf("size %d page %d: lean walk %d of %d hits %.5v\nBleve %d of %d hits %.5v", size, page, len(rk.top), rk.total, rk.top, len(w), len(want), w)
				}
			}
		}
	}
}

func openTestReader(t *testing.T, e *Engine) bindex.IndexReader {
	t.Helper()
	r, err := openReader(e.ix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
