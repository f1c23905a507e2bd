package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/RoaringBitmap/roaring/v2"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// pairsQuery matches what main matches and multiplies each match's score
// by 1 + factor × the share of the pairs of terms that stand next to each
// other in field. Only main's documents are looked at, each pair's two
// terms read with their positions at exactly that document: a phrase
// searcher asked for a document would go on scanning for the next one
// that has the phrase, which made this bonus a sixth of the search time.
type pairsQuery struct {
	main   query.Query
	field  string
	pairs  [][2]string
	factor float64
}

func (q *pairsQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	main, err := q.main.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	s := &pairsSearcher{Searcher: main, factor: q.factor, explain: opts.Explain}
	if s.pairs, err = openPairs(ctx, r, q.field, q.pairs); err != nil {
		_ = s.Close()
		return nil, err
	}
	for _, p := range s.pairs {
		s.readers = append(s.readers, [2]posReader{p[0], p[1]})
	}
	return s, nil
}

// openPairs opens a cursor on each pair's two terms, with positions.
func openPairs(ctx context.Context, r bindex.IndexReader, field string, pairs [][2]string) ([]pairCursor, error) {
	var out []pairCursor
	for _, p := range pairs {
		var pc pairCursor
		for i, term := range p {
			c, err := openTermCursor(ctx, r, term, field, false, true, nil)
			if err != nil {
				closePairs(append(out, pc))
				return nil, fmt.Errorf("positions of %q in %s: %w", term, field, err)
			}
			pc[i] = c
		}
		out = append(out, pc)
	}
	return out, nil
}

func closePairs(pairs []pairCursor) error {
	var cursors []*termCursor
	for _, p := range pairs {
		cursors = append(cursors, p[:]...)
	}
	return closeWith(nil, cursors)
}

// posReader reads a term's positions document by document; documents must
// be asked for in increasing order. nil: the term is not in the document.
type posReader interface {
	positions(doc uint64) ([]uint64, error)
	holds(doc uint64) bool // whether the term may be in doc (true when unknown)
}

// together counts the pairs whose terms stand next to each other in doc.
func together(pairs [][2]posReader, doc uint64) (int, error) {
	found := 0
	for _, p := range pairs {
		a, err := p[0].positions(doc)
		if err != nil || a == nil {
			if err != nil {
				return 0, err
			}
			continue
		}
		b, err := p[1].positions(doc)
		if err != nil {
			return 0, err
		}
		if b != nil && adjacentPos(a, b) {
			found++
		}
	}
	return found, nil
}

// adjacentPos tells whether some position of b follows one of a.
func adjacentPos(a, b []uint64) bool {
	for _, pa := range a {
		for _, pb := range b {
			if pb == pa+1 {
				return true
			}
		}
	}
	return false
}

type pairsSearcher struct {
	search.Searcher
	pairs   []pairCursor
	readers [][2]posReader // the same cursors, read for positions
	factor  float64
	explain bool
	// floor, when set, is the score a match must beat to be shown (kept
	// by the collector); a match that cannot beat it even with every pair
	// together is not looked at.
	floor *float64
}

// pairCursor reads the two terms of a pair.
type pairCursor [2]*termCursor

// termCursor reads one term's documents forward, with positions: on an
// index of one segment from its zap postings directly (jumping between
// their chunks), else through Bleve's term reader.
type termCursor struct {
	r       bindex.TermFieldReader // Bleve's reader, or
	it      segment.PostingsIterator
	jump    chunkJump
	doc     uint64 // the iterator's current document
	count   uint64 // documents holding the term
	cur     *bindex.TermFieldDoc
	entry   bindex.TermFieldDoc // cur, read from it
	vecs    []bindex.TermFieldVector
	done    bool
	pos     []uint64
	docs    *roaring.Bitmap // the term's documents, when known
	hot     *hotList        // set: read from it
	hotAt   int             // the place in hot; cur is nil before the first
	hotLocs bool            // read positions from hot
	ceil    rangeCeil       // without hot: the term's ranges, if read
}

// openTermCursor opens a cursor on term in field, reading frequencies and
// norms when freqNorm is set and positions when positions is: from its hot
// list when there is one.
func openTermCursor(ctx context.Context, r bindex.IndexReader, term, field string, freqNorm, positions bool, hot *hotLists) (*termCursor, error) {
	if snap, ok := r.(*scorch.IndexSnapshot); ok && len(snap.Segments()) == 1 {
		ss := snap.Segments()[0]
		if h := hot.list(ss.Segment(), field, term, positions); h != nil {
			return &termCursor{hot: h, count: uint64(len(h.docs)), docs: h.bm, hotLocs: positions}, nil
		}
		pl, err := postingsOf(ss, term, field)
		if err != nil {
			return nil, err
		}
		c := &termCursor{done: pl == nil, ceil: hot.ceiling(ss.Segment(), field, term)}
		if pl != nil {
			c.count = pl.Count()
			c.it = pl.Iterator(freqNorm, freqNorm, positions, nil)
			c.jump = newChunkJump(c.it, ss.Segment(), c.count, clean(ss))
			c.docs = postingsBitmap(c.it)
		}
		return c, nil
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, freqNorm, freqNorm, positions)
	if err != nil {
		return nil, err
	}
	return &termCursor{r: tfr, count: tfr.Count()}, nil
}

func (c *termCursor) holds(doc uint64) bool {
	return c.docs == nil || c.docs.Contains(uint32(doc))
}

// positions are the term's positions in document doc, nil when it is not
// there.
func (c *termCursor) positions(doc uint64) ([]uint64, error) {
	e, err := c.at(docID(doc))
	if err != nil || e == nil {
		return nil, err
	}
	c.pos = c.pos[:0]
	for _, v := range e.Vectors {
		c.pos = append(c.pos, v.Pos)
	}
	return c.pos, nil
}

// at is the term's entry for document id, or nil when the document lacks
// it. Documents must be asked for in increasing order.
func (c *termCursor) at(id bindex.IndexInternalID) (*bindex.TermFieldDoc, error) {
	if c.done {
		return nil, nil
	}
	if c.hot != nil {
		return c.atHot(id.Value()), nil
	}
	if c.it != nil {
		return c.atPosting(id)
	}
	if c.cur == nil || bytes.Compare(c.cur.ID, id) < 0 {
		next, err := c.r.Advance(id, c.cur)
		if err != nil {
			return nil, err
		}
		if next == nil {
			c.done = true
			return nil, nil
		}
		c.cur = next
	}
	if bytes.Equal(c.cur.ID, id) {
		return c.cur, nil
	}
	return nil, nil
}

// atPosting is at on the zap postings: the entry Bleve's reader would give.
func (c *termCursor) atPosting(id bindex.IndexInternalID) (*bindex.TermFieldDoc, error) {
	doc := id.Value()
	if c.cur == nil || c.doc < doc {
		c.jump.before(c.doc, c.cur != nil, doc)
		p, err := c.it.Advance(doc)
		if err != nil {
			return nil, err
		}
		if p == nil {
			c.done = true
			return nil, nil
		}
		c.doc = p.Number()
		c.vecs = c.vecs[:0]
		for _, l := range p.Locations() {
			c.vecs = append(c.vecs, bindex.TermFieldVector{Field: l.Field(), ArrayPositions: l.ArrayPositions(), Pos: l.Pos(), Start: l.Start(), End: l.End()})
		}
		c.entry = bindex.TermFieldDoc{ID: docID(c.doc), Freq: p.Frequency(), Norm: p.Norm(), Vectors: c.entry.Vectors[:0]}
		for i := range c.vecs {
			c.entry.Vectors = append(c.entry.Vectors, &c.vecs[i])
		}
		c.cur = &c.entry
	}
	if c.doc == doc {
		return c.cur, nil
	}
	return nil, nil
}

func (c *termCursor) close() error {
	if c == nil || c.r == nil {
		return nil
	}
	return c.r.Close()
}

func (s *pairsSearcher) boost(m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if m == nil || err != nil || len(s.pairs) == 0 {
		return m, err
	}
	if s.floor != nil && m.Score*(1+s.factor) < *s.floor {
		return m, nil
	}
	found, err := together(s.readers, m.IndexInternalID.Value())
	if err != nil {
		return nil, err
	}
	if found > 0 {
		factor := 1 + s.factor*float64(found)/float64(len(s.pairs))
		m.Score *= factor
		if s.explain {
			m.Expl = &search.Explanation{Value: m.Score, Message: fmt.Sprintf("%d of %d word pairs together, ×%g:", found, len(s.pairs), factor), Children: []*search.Explanation{m.Expl}}
		}
	}
	return m, nil
}

func (s *pairsSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.boost(s.Searcher.Next(ctx))
}

func (s *pairsSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	return s.boost(s.Searcher.Advance(ctx, id))
}

func (s *pairsSearcher) Close() error {
	return errors.Join(closeWith(s.Searcher, nil), closePairs(s.pairs))
}

// closeWith closes a searcher and the term cursors read beside it.
func closeWith(s search.Searcher, cursors []*termCursor) error {
	var errs []error
	if s != nil {
		errs = append(errs, s.Close())
	}
	for _, c := range cursors {
		errs = append(errs, c.close())
	}
	return errors.Join(errs...)
}
