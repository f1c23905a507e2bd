package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/indextest"
)

// bleveRanking is what Bleve's own collector returns for the plan's text
// query by relevance: the reference rankedSearch must agree with.
func bleveRanking(t *testing.T, e *Engine, p *plan, size int) []hitRef {
	t.Helper()
	return bleveSorted(t, e, p.text, SortRelevance, size)
}

// bleveSorted is the first size hits of q as Bleve's collector sorts them.
func bleveSorted(t *testing.T, e *Engine, q query.Query, s Sort, size int) []hitRef {
	t.Helper()
	r := bleve.NewSearchRequestOptions(q, size, 0, false)
	r.SortBy(sortKeys[s])
	sr, err := e.bleveSearch(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	var out []hitRef
	for _, h := range sr.Hits {
		out = append(out, hitRef{id: h.ID, score: h.Score})
	}
	return out
}

// generatedCorpus is questions of random words from a small vocabulary, so
// that queries match many of them with varied scores, pairs of words stand
// together in some and apart in others, and each text appears in two exams
// (scores tie, and the ID decides).
func generatedCorpus(n int) []index.Question {
	words := strings.Fields("storage account blob container virtual machine network subnet gateway replica " +
		"database query index cache queue function identity policy region zone backup restore latency cost user db copy delete remove erase")
	pairs := [][2]string{{"storage", "account"}, {"virtual", "machine"}, {"machine", "network"}, {"query", "cache"}, {"blob", "container"}}
	rnd := rand.New(rand.NewPCG(7, 42))
	var qs []index.Question
	for i := range n {
		text := make([]string, 6+rnd.IntN(10))
		for j := range text {
			text[j] = words[rnd.IntN(len(words))]
			if j > 0 && rnd.IntN(4) == 0 { // a pair the queries type
				pr := pairs[rnd.IntN(len(pairs))]
				text[j-1], text[j] = pr[0], pr[1]
			}
		}
		var comments []index.Comment
		for c := range rnd.IntN(3) {
			comments = append(comments, index.Comment{Author: fmt.Sprintf("user%d", c), Text: words[rnd.IntN(len(words))] + " " + words[rnd.IntN(len(words))] + " " + words[rnd.IntN(len(words))]})
		}
		for _, exam := range []string{"Exam A", "Exam B"} {
			qs = append(qs, index.Question{ID: fmt.Sprintf("%s-%04d", exam[len(exam)-1:], i), Provider: "Generated",
				Exam: exam, Number: i + 1, Text: fmt.Sprintf("Question %d: %s?", i, strings.Join(text, " ")),
				Choices: []index.Choice{{Letter: "A", Text: words[i%len(words)]}, {Letter: "B", Text: words[(i*7)%len(words)]}},
				Answer:  "A", Type: index.TypeSingle, Comments: comments})
		}
	}
	return qs
}

func TestRankedSearchAgreesWithBleve(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(500))
	// Searches are divided in two halves when the index is large: here
	// with halves of 100 documents, and undivided.
	for _, half := range []uint64{100, 1 << 40} {
		t.Run(fmt.Sprintf("halves of %d", half), func(t *testing.T) {
			e, err := New(ix, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			e.halfDocs = half
			rankedAgreesWithBleve(t, e, ix)
		})
	}
}

// TestRankedSearchAgreesWithBleveAcrossChunks runs searches that join a
// rare word to common ones on postings of more than 1024 documents, which
// zap keeps in chunks that the walk jumps between.
func TestRankedSearchAgreesWithBleveAcrossChunks(t *testing.T) {
	qs := generatedCorpus(1500)
	for i := range qs {
		if i%23 == 0 {
			qs[i].Text += " quorum"
		}
		if i%97 == 0 {
			qs[i].Comments = append(qs[i].Comments, index.Comment{Author: "q", Text: "quorum storage account"})
		}
	}
	ix := indextest.BuildQuestions(t, qs)
	for _, half := range []uint64{700, 1 << 40} {
		t.Run(fmt.Sprintf("halves of %d", half), func(t *testing.T) {
			e, err := New(ix, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			e.halfDocs = half
			jumps := rankedAgreesWithBleve(t, e, ix, "quorum storage", "storage quorum account", "quorum \"virtual machine\"", "virtual machine quorum", "quorum zone", "quorum")
			if jumps == 0 {
				t.Fatal("no search jumped between chunks")
			}
		})
	}
}

// rankedAgreesWithBleve compares the walk's pages with Bleve's for the
// queries (a default set, then more) and returns how many leaves of the
// walks could jump between chunks of their postings.
func rankedAgreesWithBleve(t *testing.T, e *Engine, ix *index.Index, more ...string) int {
	ctx := context.Background()
	jumps := 0
	for _, q := range append([]string{"storage account", "virtual machine network", "replica", "database query cache", "blob container backup", "zone", "cost latency", "delete region", "blob-container zone", "\"virtual machine\" network", "\"virtual machine\" erase"}, more...) {
		for _, size := range []int{1, 3, 10} {
			req := Request{Query: q, Size: size}
			if err := req.Normalize(); err != nil {
				t.Fatal(err)
			}
			p, err := e.plan(ctx, &req)
			if err != nil {
				t.Fatal(err)
			}
			jumps += chunkedLeaves(t, e, p)
			if p.relaxed != nil { // most of the words, scored down for those missing
				relaxed := &plan{text: p.relaxed}
				want := bleveRanking(t, e, relaxed, 100)
				r := req
				r.Size = 100
				rk, err := e.rankedSearch(ctx, relaxed, &r, nil, false)
				if err != nil {
					t.Fatal(err)
				}
				if len(bleveRanking(t, e, relaxed, 1<<20)) <= len(bleveRanking(t, e, p, 1<<20)) {
					t.Errorf("%q: the relaxed query finds no more than the strict one", q)
				}
				if !slices.Equal(rk.top, want) {
					i := 0
					for i < min(len(want), len(rk.top)) && rk.top[i] == want[i] {
						i++
					}
					t.Errorf("%q relaxed: %d hits, Bleve %d; from hit %d: %v\nBleve %v", q, len(rk.top), len(want), i, rk.top[i:min(i+3, len(rk.top))], want[i:min(i+3, len(want))])
				}
			}
			want := bleveRanking(t, e, p, 1<<20)
			// Page by page, the collector (which skips the word-pair bonus
			// for matches that cannot make the page) gives Bleve's order.
			var got []hitRef
			var total uint64
			for page := 1; page <= 4; page++ {
				req.Page = page
				rk, err := e.rankedSearch(ctx, p, &req, nil, false)
				if err != nil {
					t.Fatal(err)
				}
				got, total = append(got, rk.top...), rk.total
			}
			if len(want) < 4*size {
				t.Fatalf("%q: only %d matches; the test needs more", q, len(want))
			}
			if total != uint64(len(want)) {
				t.Errorf("%q: total %d, Bleve %d", q, total, len(want))
			}
			if n := min(len(want), 4*size); !slices.Equal(got, want[:n]) {
				t.Errorf("%q size %d:\n got %.5v\nwant %.5v", q, size, got, want[:n])
			}
			// Filtered: Bleve's order with the other exams left out.
			if len(want) == 0 {
				continue
			}
			first, err := ix.Store.Get(want[0].id)
			if err != nil {
				t.Fatal(err)
			}
			pass := e.facetIx.filter(FacetExam, []string{first.Exam})
			req.Page, req.Size = 1, 100
			rk, err := e.rankedSearch(ctx, p, &req, pass, true)
			if err != nil {
				t.Fatal(err)
			}
			var kept []hitRef
			for _, h := range want {
				if q, err := ix.Store.Get(h.id); err == nil && q.Exam == first.Exam {
					kept = append(kept, h)
				}
			}
			if !slices.Equal(rk.top, kept[:min(len(kept), req.Size)]) || rk.total != uint64(len(kept)) || len(rk.text) != len(want) {
				t.Errorf("%q in exam %s: %d hits of %d, text %d; want %d of %d, text %d\n got %.3v\nwant %.3v",
					q, first.Exam, len(rk.top), rk.total, len(rk.text), min(len(kept), req.Size), len(kept), len(want), rk.top, kept)
			}
		}
	}
	return jumps
}

// chunkedLeaves counts the leaves of p's lean walk that jump between
// chunks of their postings.
func chunkedLeaves(t *testing.T, e *Engine, p *plan) int {
	r, err := openReader(e.ix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	lm, err := newLeanMatches(context.Background(), p.text, r, e.hotLists(), e.ix.Store)
	if err != nil || lm == nil {
		t.Fatalf("no lean walk: %v", err)
	}
	defer lm.close()
	n := 0
	for _, leaves := range lm.leafs {
		for _, l := range leaves {
			if l.jump.chunk > 0 {
				n++
			}
		}
	}
	return n
}

// A search's two halves hold about as many postings each: counted posting
// by posting through Bleve, the split leaves no more on one side than one
// document can tip.
func TestSplitBalancesPostings(t *testing.T) {
	qs := generatedCorpus(300)
	for i := range qs { // the first third of one exam, mostly at the start
		if qs[i].Exam == "Exam A" && qs[i].Number <= 100 {
			qs[i].Text += " quorum quorum"
		}
	}
	ix := indextest.BuildQuestions(t, qs)
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := openReader(e.ix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, q := range []string{"quorum", "quorum storage", "storage account", "\"virtual machine\" quorum"} {
		p := planFor(t, e, q)
		lm, err := newLeanMatches(context.Background(), p.text, r, e.hotLists(), e.ix.Store)
		if err != nil || lm == nil {
			t.Fatalf("%q: no lean walk: %v", q, err)
		}
		docs := e.facetIx.docs()
		mid := lm.split(docs)
		lm.close()
		var below, above, leaves int
		for _, f := range index.ProseFields {
			for _, term := range analyse(t, e, q) {
				tfr, err := r.TermFieldReader(context.Background(), []byte(term), f, false, false, false)
				if err != nil {
					t.Fatal(err)
				}
				if tfr.Count() > 0 {
					leaves++
				}
				for d, err := tfr.Next(nil); d != nil || err != nil; d, err = tfr.Next(nil) {
					if err != nil {
						t.Fatal(err)
					}
					if d.ID.Value() < mid {
						below++
					} else {
						above++
					}
				}
				tfr.Close()
			}
		}
		if mid == 0 || mid >= docs || below+above == 0 || abs(below-above) > 2*leaves {
			t.Errorf("%q: split at %d of %d documents leaves %d postings before and %d after", q, mid, docs, below, above)
		}
	}
}

func abs(n int) int { return max(n, -n) }

// analyse gives the terms of the query's words as the index has them.
func analyse(t *testing.T, e *Engine, q string) []string {
	var out []string
	for _, tok := range e.analyzer.Analyze([]byte(q)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// Spans start at the first document and end past the last, each first
// document after the one before, with about as many candidates in each.
func TestSpanBounds(t *testing.T) {
	for _, c := range []struct {
		name string
		docs []uint32
		n    int
	}{
		{"spread", []uint32{1, 5, 9, 200, 201, 202, 700, 900}, 4},
		{"bunched", []uint32{500, 501, 502, 503, 504, 505, 506, 507}, 4},
		{"fewer than spans", []uint32{3, 900}, 8},
		{"one", []uint32{42}, 8},
		{"none", nil, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			lm := &leanMatches{matched: roaring.BitmapOf(c.docs...)}
			bounds := lm.spanBounds(1000, c.n)
			if bounds[0] != 0 || bounds[len(bounds)-1] != 1000 || len(bounds) > c.n+1 {
				t.Fatalf("bounds %v: want 0 first, 1000 last, at most %d spans", bounds, c.n)
			}
			most := (len(c.docs) + c.n - 1) / c.n
			for i := 1; i < len(bounds); i++ {
				if bounds[i] <= bounds[i-1] {
					t.Fatalf("bounds %v: not increasing", bounds)
				}
				in := 0
				for _, d := range c.docs {
					if uint64(d) >= bounds[i-1] && uint64(d) < bounds[i] {
						in++
					}
				}
				if in > most+1 {
					t.Errorf("bounds %v: span %d holds %d of %d candidates", bounds, i-1, in, len(c.docs))
				}
			}
		})
	}
}

// The shared floor is the highest any walk raised it to, from walks
// raising it at the same time.
func TestSharedFloorKeepsTheHighest(t *testing.T) {
	var s sharedFloor
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				s.raise(float64(i*4 + w))
			}
		})
	}
	wg.Wait()
	if got := s.get(); got != 3999 {
		t.Fatalf("shared floor %v, want 3999", got)
	}
	s.raise(12)
	if got := s.get(); got != 3999 {
		t.Fatalf("a lower floor lowered it to %v", got)
	}
}
