package search

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// bonusQuery matches what main matches and adds, at each of its matches,
// the score of the phrases found there. It stands for a sum of main and the
// phrases when every phrase can match only where main does: "Amazon S3" for
// a person who typed "s3", whose every match holds the term s3 itself.
// Bleve's phrase searcher, asked for its next match, reads positions at every
// document holding both words ("amazon" is in most AWS questions); here
// positions are read only at main's matches, which the other words of the
// query have already narrowed down. Scores are Bleve's to the last bit: a
// phrase scores the sum of its terms' TF-IDF weights, normalised by the
// root of their summed squared IDFs, times its scale.
type bonusQuery struct {
	main  query.Query
	forms [][]bonusPhrase // each form of the name, as a phrase per field
}

// bonusPhrase is a phrase in one field; without positions it is all of
// its terms anywhere in the field (the comments keep no positions).
type bonusPhrase struct {
	field     string
	terms     []string
	positions bool
	scale     float64
}

func (q *bonusQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	main, err := q.main.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	s := &bonusSearcher{Searcher: main, explain: opts.Explain}
	if s.bonus, err = openBonus(ctx, r, q.forms, nil); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// bonusForms reads the names' phrases forward and scores them.
type bonusForms struct {
	forms   [][]*phraseCursor
	entries []*bindex.TermFieldDoc // a phrase's terms at the current document
}

// openBonus opens cursors on every phrase's terms (on their hot lists
// where there are), with what Bleve's scorer would weigh them by.
func openBonus(ctx context.Context, r bindex.IndexReader, forms [][]bonusPhrase, hot *hotLists) (*bonusForms, error) {
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	b := &bonusForms{}
	for _, form := range forms {
		b.forms = append(b.forms, nil)
		last := len(b.forms) - 1
		for _, p := range form {
			pc := &phraseCursor{phrase: p}
			b.forms[last] = append(b.forms[last], pc)
			for _, term := range p.terms {
				c, err := openTermCursor(ctx, r, term, p.field, true, p.positions, hot)
				if err != nil {
					_ = b.close()
					return nil, fmt.Errorf("%q in %s: %w", term, p.field, err)
				}
				pc.terms = append(pc.terms, c)
				pc.idfs = append(pc.idfs, 1+math.Log(float64(docs)/float64(c.count+1)))
			}
			counts := make([]uint64, len(pc.terms))
			for i, c := range pc.terms {
				counts[i] = c.count
			}
			pc.order, pc.norm = conjunctionWeights(counts, pc.idfs)
		}
	}
	return b, nil
}

// add is score plus each name found at document id: a name's phrases
// found summed first, as a sum searcher over them would. Documents must be
// asked for in increasing order. explain, when set, gets a line a phrase.
func (b *bonusForms) add(score float64, id bindex.IndexInternalID, explain func(p *phraseCursor, score float64)) (float64, error) {
	for _, form := range b.forms {
		sum, found := 0.0, false
		for _, p := range form {
			ps, ok, err := b.score(p, id)
			if err != nil {
				return 0, err
			}
			if !ok {
				continue
			}
			if found {
				sum += ps
			} else {
				sum, found = ps, true
			}
			if explain != nil {
				explain(p, ps)
			}
		}
		if found {
			score += sum
		}
	}
	return score, nil
}

// mostIn bounds what add can add in range rng of documents: every phrase
// found, each term at its most weight there (see hotList.most and
// rangeCeil). A term's TF-IDF weight is sqrt(freq)×norm×idf where norm is
// 1/sqrt(the field's length), so sqrt(freq)×norm is at most 1 anywhere;
// slightly raised for the float32 norm.
func (b *bonusForms) mostIn(rng int) float64 {
	sum := 0.0
	for _, form := range b.forms {
		for _, p := range form {
			sum += p.mostIn(rng)
		}
	}
	return sum * (1 + 1e-6)
}

// mostAt bounds what add can add at document doc: as mostIn for its
// range, less the phrases that cannot be there.
func (b *bonusForms) mostAt(doc uint64) float64 {
	rng := int(doc >> hotRangeBits)
	return max(0, b.mostIn(rng)-b.absentIn(rng, doc))
}

// absentIn is what mostIn(rng) counts for the phrases that cannot be at
// document doc, in range rng, as some term of theirs is not there.
func (b *bonusForms) absentIn(rng int, doc uint64) float64 {
	sum := 0.0
	for _, form := range b.forms {
		for _, p := range form {
			for _, c := range p.terms {
				if !c.holds(doc) {
					sum += p.mostIn(rng)
					break
				}
			}
		}
	}
	return sum
}

// mostIn is the most the phrase can score in range rng of documents,
// worked out once a range (it is asked for at every document).
func (p *phraseCursor) mostIn(rng int) float64 {
	if p.mostRng != rng+1 {
		s := 0.0
		for i, c := range p.terms {
			s += c.weightIn(rng) * p.idfs[i] * (p.idfs[i] * p.norm)
		}
		p.mostRng, p.most = rng+1, max(0, s*p.phrase.scale)
	}
	return p.most
}

func (b *bonusForms) close() error {
	if b == nil {
		return nil
	}
	var cursors []*termCursor
	for _, form := range b.forms {
		for _, p := range form {
			cursors = append(cursors, p.terms...)
		}
	}
	return closeWith(nil, cursors)
}

type bonusSearcher struct {
	search.Searcher
	bonus   *bonusForms
	explain bool
}

// phraseCursor reads a phrase's terms forward, with what Bleve's scorer
// would weigh them by: each term's IDF and the query norm.
type phraseCursor struct {
	phrase bonusPhrase
	terms  []*termCursor
	idfs   []float64
	norm   float64
	order  []int // of the terms, as Bleve sums them
	// most is mostIn of range mostRng-1 (0: none yet)
	most    float64
	mostRng int
}

func (s *bonusSearcher) add(m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if m == nil || err != nil {
		return m, err
	}
	var expl []*search.Explanation
	var explain func(p *phraseCursor, score float64)
	if s.explain {
		explain = func(p *phraseCursor, score float64) {
			expl = append(expl, &search.Explanation{Value: score, Message: fmt.Sprintf("phrase %q in %s", p.phrase.terms, p.phrase.field)})
		}
	}
	if m.Score, err = s.bonus.add(m.Score, m.IndexInternalID, explain); err != nil {
		return nil, err
	}
	if len(expl) > 0 {
		m.Expl = &search.Explanation{Value: m.Score, Message: "sum of:", Children: append([]*search.Explanation{m.Expl}, expl...)}
	}
	return m, nil
}

// score is the phrase's score at document id, if it is there.
func (b *bonusForms) score(p *phraseCursor, id bindex.IndexInternalID) (float64, bool, error) {
	b.entries = b.entries[:0]
	for _, c := range p.terms {
		e, err := c.at(id)
		if err != nil || e == nil {
			return 0, false, err
		}
		b.entries = append(b.entries, e)
	}
	if p.phrase.positions && !consecutive(b.entries) {
		return 0, false, nil
	}
	// The order of the arithmetic is Bleve's: tf×norm×idf times the
	// query weight idf×norm per term, summed, then scaled.
	score := 0.0
	for _, i := range p.order {
		e := b.entries[i]
		score += math.Sqrt(float64(e.Freq)) * e.Norm * p.idfs[i] * (p.idfs[i] * p.norm)
	}
	return score * p.phrase.scale, true, nil
}

// consecutive tells whether the terms stand one after the other somewhere:
// term i at position p+i for some p.
func consecutive(entries []*bindex.TermFieldDoc) bool {
	for _, first := range entries[0].Vectors {
		ok := true
		for i := 1; i < len(entries) && ok; i++ {
			ok = false
			for _, v := range entries[i].Vectors {
				if v.Pos == first.Pos+uint64(i) {
					ok = true
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func (s *bonusSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.add(s.Searcher.Next(ctx))
}

func (s *bonusSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.add(s.Searcher.Advance(ctx, id))
}

func (s *bonusSearcher) Close() error {
	return errors.Join(closeWith(s.Searcher, nil), s.bonus.close())
}
