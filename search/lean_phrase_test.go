package search

import (
	"context"
	"testing"

	"github.com/examsearch/examsearch/index/indextest"
)

// A phrase among other words is looked for only at the walk's candidates
// where they are fewer than the documents holding all its words (pages and
// scores against Bleve's are in TestRankedSearchAgreesWithBleve, whose
// queries include these); else, and alone, it is sought from match to
// match.
func TestPhraseLookedForAtCandidates(t *testing.T) {
	ix := indextest.BuildQuestions(t, generatedCorpus(300))
	e, err := New(ix, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := openTestReader(t, e)
	for _, c := range []struct {
		q    string
		lazy bool // some phrase is; none else
	}{{`"virtual machine" erase`, true}, {`"virtual machine"`, false}} {
		lm, err := newLeanMatches(context.Background(), planFor(t, e, c.q).text, r, nil, nil)
		if err != nil || lm == nil {
			t.Fatalf("%s: no lean walk: %v", c.q, err)
		}
		phrases, lazy, matches := 0, 0, 0
		for _, leaves := range lm.leafs {
			for _, l := range leaves {
				if l.phrase == nil {
					continue
				}
				phrases++
				if l.phrase.lazy {
					lazy++
				}
			}
		}
		if (lazy > 0) != c.lazy {
			t.Errorf("%s: %d of %d phrases lazy", c.q, lazy, phrases)
		}
		for {
			_, _, ok, err := lm.next()
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			matches++
		}
		lm.close()
		if phrases == 0 || matches == 0 {
			t.Errorf("%s: %d phrases, %d matches: the test proves nothing", c.q, phrases, matches)
		}
	}
}
