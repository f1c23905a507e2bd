package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/RoaringBitmap/roaring/v2/roaring64"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// ranked is what a search by relevance collects in one pass over the
// text query's matches.
type ranked struct {
	total uint64
	top   []hitRef // the page, best first
	last  []string // sort values of the page's last hit, for its cursor
	match []uint64 // every document of the result, for the facets (if asked for)
	text  []uint64 // every match of the text alone, when filters drop some
}

// errCursorGone is a cursor's hit that this index does not hold.
var errCursorGone = errors.New("the cursor's hit is not in this index")

// rankedSearch runs the text query by relevance, or in the order of
// another sort: it walks the matches once, applies the filters from the
// facet bitmaps, keeps the best from+size in a heap (by score, or by place
// in the sort's order) and records the result for the facets. Done here
// rather than by Bleve's collector, it reads a document's ID only for the
// hits shown, the filters take no part in the score, the text matches that
// the disjunctive facets need come from the same pass, and, by relevance,
// the searcher learns the lowest score that still makes the page, below
// which it skips work (see pairsSearcher.boost).
func (e *Engine) rankedSearch(ctx context.Context, p *plan, req *Request, pass *roaring64.Bitmap, keepText bool) (*ranked, error) {
	var order *sortOrder // nil: by relevance
	if req.Sort != SortRelevance {
		var err error
		if order, err = e.sortOrder(ctx, req.Sort); err != nil {
			return nil, err
		}
	}
	var after *hitRef
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor, req.Sort, len(sortKeys[req.Sort]))
		if err != nil {
			return nil, err
		}
		if order != nil {
			rank, found, err := e.cursorRank(order, c)
			if err != nil {
				return nil, err
			}
			if !found {
				return nil, errCursorGone
			}
			after = &hitRef{rank: rank}
		} else {
			score, err := strconv.ParseFloat(c.After[0], 64)
			if err != nil {
				return nil, invalid("cursor", "cursor is not one this server gave out")
			}
			after = &hitRef{score: score, id: c.After[1]}
		}
	}
	r, err := openReader(e.ix)
	if err != nil {
		return nil, fmt.Errorf("open index reader: %w", err)
	}
	defer r.Close()
	ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return bindex.DefaultScoringModel }))
	k := req.Size
	if after == nil {
		k += (req.Page - 1) * req.Size
	}
	var rank []uint32
	if order != nil {
		rank = order.rank
	}
	walks, err := e.walks(ctx, p.text, r, k, rank, after == nil, pass)
	if err != nil {
		return nil, err
	}
	parts := make([]*spanResult, len(walks))
	errs := make([]error, len(walks))
	collect := func(i int) {
		w := &walks[i]
		if w.open != nil {
			if errs[i] = w.open(w); errs[i] != nil {
				parts[i] = &spanResult{}
				return
			}
		}
		defer w.close()
		parts[i] = &spanResult{top: w.top, match: e.docBufs.get()}
		if keepText {
			parts[i].text = e.docBufs.get()
		}
		if w.spans == nil {
			errs[i] = collectSpan(ctx, *w, after, pass, keepText, req, parts[i])
			return
		}
		// The candidates' bitmap holds the matches of every span: the first
		// walk records them all at once.
		if i == 0 {
			parts[i].recordAll(w.matched, pass, keepText, req.NoFacets)
		}
		for {
			lo, hi, ok := w.spans.take()
			if !ok {
				return
			}
			if errs[i] = w.seek(lo, hi); errs[i] != nil {
				return
			}
			span := *w
			span.hi, span.recorded = hi, true
			if errs[i] = collectSpan(ctx, span, after, pass, keepText, req, parts[i]); errs[i] != nil {
				return
			}
		}
	}
	if len(walks) == 1 {
		collect(0)
	} else { // each over part of the documents, at the same time
		var wg sync.WaitGroup
		for i := range walks {
			wg.Go(func() { collect(i) })
		}
		wg.Wait()
	}
	if err := errors.Join(errs...); err != nil {
		for _, part := range parts {
			e.docBufs.put(part.match, part.text)
		}
		return nil, err
	}
	out := &ranked{total: parts[0].total, match: parts[0].match, text: parts[0].text}
	top := parts[0].top
	if len(parts) > 1 {
		top = newTopK(k, r, rank)
		out = &ranked{match: e.docBufs.get()}
		if keepText {
			out.text = e.docBufs.get()
		}
		for _, part := range parts {
			out.total += part.total
			out.match = append(out.match, part.match...)
			out.text = append(out.text, part.text...)
			for _, h := range part.top.heap {
				top.offerScored(h)
			}
			e.docBufs.put(part.match, part.text)
		}
	}
	hits := top.sorted()
	if after == nil {
		hits = hits[min(len(hits), (req.Page-1)*req.Size):]
	}
	for _, h := range hits {
		id, err := top.id(h)
		if err != nil {
			return nil, err
		}
		out.top = append(out.top, hitRef{id: id, score: h.score})
		out.last = []string{"", id}
	}
	if n := len(out.top); order != nil && n > 0 {
		q, err := e.ix.Store.Get(out.top[n-1].id)
		if err != nil {
			return nil, err
		}
		out.last = sortValues(q, req.Sort)
	}
	return out, nil
}

// spanResult is what one walk over a range of documents collected.
type spanResult struct {
	total       uint64
	match, text []uint64
	top         *topK
}

// collectSpan runs a walk into out: every match is recorded and the best
// kept in the walk's page.
func collectSpan(ctx context.Context, w walk, after *hitRef, pass *roaring64.Bitmap, keepText bool, req *Request, out *spanResult) error {
	for n := 0; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if w.top.shared != nil { // the other walk's floor, if higher
			w.top.prime(w.top.shared.get())
		}
		doc, score, ok, err := w.next()
		if err != nil {
			return err
		}
		if !ok || doc >= w.hi {
			break
		}
		kept := pass == nil || pass.Contains(doc)
		if w.matched == nil {
			out.record(doc, kept, keepText, req.NoFacets)
		}
		if !kept || after != nil && !w.top.after(doc, score, after) {
			continue
		}
		w.top.offer(doc, score)
	}
	if w.matched != nil && !w.recorded {
		out.recordAll(w.matched, pass, keepText, req.NoFacets)
	}
	return nil
}

// record counts a match in; kept: the filters let it through.
func (out *spanResult) record(doc uint64, kept, keepText, noFacets bool) {
	if keepText {
		out.text = append(out.text, doc)
	}
	if kept {
		out.total++
		if !noFacets {
			out.match = append(out.match, doc)
		}
	}
}

// recordAll counts in every document of matched, as collectSpan would one
// by one.
func (out *spanResult) recordAll(matched *roaring.Bitmap, pass *roaring64.Bitmap, keepText, noFacets bool) {
	it := matched.ManyIterator()
	var buf [256]uint64
	for {
		n := it.NextMany64(0, buf[:])
		if n == 0 {
			return
		}
		docs := buf[:n]
		if pass == nil && !keepText {
			out.total += uint64(len(docs))
			if !noFacets {
				out.match = append(out.match, docs...)
			}
			continue
		}
		for _, doc := range docs {
			out.record(doc, pass == nil || pass.Contains(doc), keepText, noFacets)
		}
	}
}

// walk goes through the query's matches in document order, up to hi
// (excluded), keeping its own page in top.
type walk struct {
	// open, when set, makes next and close, on the goroutine that walks.
	open func(w *walk) error
	next func() (doc uint64, score float64, ok bool, err error)
	// matched, when set, are all the walk's matches: next yields only
	// those that may make the page.
	matched *roaring.Bitmap
	close   func() error
	hi      uint64 // the walk ends before this document
	top     *topK
	// spans, when set, are shared with another walk: each walks the next
	// span not taken yet, moved there by seek, until none is left.
	spans *spans
	seek  func(lo, hi uint64) error
	// recorded: matched is recorded by another pass (see spans).
	recorded bool
}

// spans hands out the spans of documents that walks share, in order, each
// to the first walk free for it: a query's work is seldom spread evenly
// over the documents (a service's questions lie together, by exam), and
// two walks over fixed halves had one of them idle up to nine tenths of
// the time.
type spans struct {
	bounds []uint64 // span i is [bounds[i], bounds[i+1])
	taken  atomic.Int32
}

// take is the next span not taken yet; ok is false when none is left.
func (s *spans) take() (lo, hi uint64, ok bool) {
	i := int(s.taken.Add(1)) - 1
	if i+1 >= len(s.bounds) {
		return 0, 0, false
	}
	return s.bounds[i], s.bounds[i+1], true
}

// walkSpans is how many spans two walks share: enough that the one left
// last has little to do alone.
const walkSpans = 8

// walks are the passes a search makes over the query's matches: the lean
// walk when the query suits it (two of them when dividing is worth it: a
// large index and no other search running, so that the other core is
// idle; under load dividing only adds work), else Bleve's searchers. Two
// walks that prune share spans of the candidates (see spans), others take
// either half of the documents. A walk's page floor is the lowest score
// that can still make it, below which the word-pair bonus is not looked
// for.
func (e *Engine) walks(ctx context.Context, q query.Query, r bindex.IndexReader, k int, rank []uint32, prime bool, pass *roaring64.Bitmap) ([]walk, error) {
	first := walk{top: newTopK(k, r, rank), hi: leanDone}
	lm, err := newLeanMatches(ctx, q, r, e.hotLists(), e.ix.Store)
	if err != nil {
		return nil, err
	}
	if lm == nil {
		first.next, first.close, err = e.bleveWalk(ctx, q, r, first.top.floor)
		return []walk{first}, err
	}
	floor := 0.0 // a floor to start from (see primeFloor)
	if prime && rank == nil && lm.matched != nil && lm.matched.GetCardinality() >= uint64(e.primeMin) {
		floor = lm.primeFloor(k, pass)
	}
	first.top.prime(floor)
	lm.floor = first.top.floor
	first.next, first.close, first.matched = lm.next, lm.close, lm.matched
	if !e.idle() || e.facetIx.docs() < 2*e.halfDocs {
		return []walk{first}, nil
	}
	if lm.matched != nil {
		return e.sharedWalks(ctx, q, r, lm, first)
	}
	// The second half's walk is made and moved to its start on its own
	// goroutine, while the first walks.
	mid := lm.split(e.facetIx.docs())
	first.hi, lm.end = mid, mid
	second := walk{top: newTopK(k, r, first.top.rank), hi: leanDone}
	second.top.prime(floor)
	second.open = func(w *walk) error {
		lm2, err := newLeanMatches(ctx, q, r, e.hotLists(), e.ix.Store)
		if err == nil && lm2 == nil {
			err = errors.New("second half of a lean walk: the query no longer suits the walk") // cannot be: the same query on the same reader
		}
		if err == nil {
			err = lm2.seek(mid)
		}
		if err != nil {
			if lm2 != nil {
				lm2.close()
			}
			return err
		}
		lm2.floor = w.top.floor
		w.next, w.close = lm2.next, lm2.close // no candidates' bitmap: see sharedWalks
		return nil
	}
	return []walk{first, second}, nil
}

// sharedWalks are two walks that share the spans of documents of the
// query's candidates (see spans): lm's, and a second made on its own
// goroutine while the first walks.
func (e *Engine) sharedWalks(ctx context.Context, q query.Query, r bindex.IndexReader, lm *leanMatches, first walk) ([]walk, error) {
	sp := &spans{bounds: lm.spanBounds(e.facetIx.docs(), walkSpans)}
	first.spans, first.seek = sp, lm.seekSpan
	second := walk{top: newTopK(first.top.k, r, first.top.rank), spans: sp}
	second.top.prime(first.top.primed)
	first.top.shared = &sharedFloor{}
	second.top.shared = first.top.shared
	second.open = func(w *walk) error {
		lm2, err := newLeanMatchesOf(ctx, q, r, e.hotLists(), e.ix.Store, lm.matched)
		if err == nil && lm2 == nil {
			err = errors.New("second walk: the query no longer suits the walk") // cannot be: the same query on the same reader
		}
		if err != nil {
			return err
		}
		lm2.floor = w.top.floor
		w.next, w.close, w.matched, w.seek, w.recorded = lm2.next, lm2.close, lm2.matched, lm2.seekSpan, true
		return nil
	}
	return []walk{first, second}, nil
}

// bleveWalk walks the query's matches through Bleve's searchers.
func (e *Engine) bleveWalk(ctx context.Context, q query.Query, r bindex.IndexReader, floor *float64) (next func() (uint64, float64, bool, error), closer func() error, err error) {
	s, err := q.Searcher(ctx, r, e.ix.Bleve.Mapping(), bsearch.SearcherOptions{})
	if err != nil {
		return nil, nil, err
	}
	if ps, ok := s.(*pairsSearcher); ok {
		ps.floor = floor
	}
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	next = func() (uint64, float64, bool, error) {
		m, err := s.Next(sctx)
		if m == nil || err != nil {
			return 0, 0, false, err
		}
		doc, score := m.IndexInternalID.Value(), m.Score
		sctx.DocumentMatchPool.Put(m)
		return doc, score, true, nil
	}
	return next, s.Close, nil
}

// topK keeps the k best documents seen, by score and then by ID as Bleve
// sorts "-_score, _id", in a min-heap whose root is the worst kept; or,
// with rank set, the k of lowest rank (a place in a sort's order).
type topK struct {
	k    int
	r    bindex.IndexReader
	heap []*scored
	rank []uint32 // of each document; nil: by score
	// floor is the score a document must beat to enter once the heap is
	// full, read by the searcher to skip work; -1 until then, and always
	// when ranking by order, where every score must be exact.
	floor  *float64
	primed float64 // the floor is never below it (see prime); 0: none
	err    error   // the first ID that could not be read, for ties
	// shared, when set, is the highest floor of the walks this one shares
	// spans with (see sharedFloor).
	shared *sharedFloor
}

// sharedFloor is the highest page floor of walks that share spans: each
// walk's page holds its best k, and the page shown is the best k of
// theirs, so a document under one walk's floor cannot make it from any.
type sharedFloor struct{ bits atomic.Uint64 }

// raise lifts the shared floor to f, if higher.
func (s *sharedFloor) raise(f float64) {
	for {
		old := s.bits.Load()
		if math.Float64frombits(old) >= f || s.bits.CompareAndSwap(old, math.Float64bits(f)) {
			return
		}
	}
}

// get is the shared floor; 0 before any walk's page is full.
func (s *sharedFloor) get() float64 { return math.Float64frombits(s.bits.Load()) }

type scored struct {
	doc   uint64
	score float64
	ext   string // the external ID, read only when scores tie
}

func newTopK(k int, r bindex.IndexReader, rank []uint32) *topK {
	floor := -1.0
	return &topK{k: k, r: r, rank: rank, floor: &floor}
}

// worse tells whether a ranks after b.
func (t *topK) worse(a, b *scored) bool {
	if t.rank != nil {
		return t.place(a.doc) > t.place(b.doc)
	}
	if a.score != b.score {
		return a.score < b.score
	}
	return t.ext(a) > t.ext(b)
}

// place is a document's rank in the order; one it lacks goes last.
func (t *topK) place(doc uint64) uint32 {
	if doc < uint64(len(t.rank)) && t.rank[doc] > 0 {
		return t.rank[doc]
	}
	return math.MaxUint32
}

func (t *topK) ext(s *scored) string {
	if s.ext == "" {
		id, err := t.r.ExternalID(docID(s.doc))
		if err != nil && t.err == nil {
			t.err = fmt.Errorf("read ID of document %d: %w", s.doc, err)
		}
		s.ext = id
	}
	return s.ext
}

// id is the document's external ID, or the first error met reading one.
func (t *topK) id(s *scored) (string, error) {
	id := t.ext(s)
	return id, t.err
}

// after tells whether a document ranks after the cursor's hit.
func (t *topK) after(doc uint64, score float64, c *hitRef) bool {
	if t.rank != nil {
		return t.place(doc) > c.rank
	}
	if score != c.score {
		return score < c.score
	}
	return t.ext(&scored{doc: doc}) > c.id
}

func (t *topK) offer(doc uint64, score float64) {
	if t.k <= 0 {
		return
	}
	if len(t.heap) == t.k {
		if t.rank != nil && t.place(doc) > t.place(t.heap[0].doc) || t.rank == nil && score < t.heap[0].score {
			return
		}
	}
	t.offerScored(&scored{doc: doc, score: score})
}

func (t *topK) offerScored(c *scored) {
	if t.k <= 0 {
		return
	}
	if len(t.heap) == t.k {
		if !t.worse(t.heap[0], c) {
			return
		}
		t.heap[0] = c
		t.down(0)
	} else {
		t.heap = append(t.heap, c)
		t.up(len(t.heap) - 1)
	}
	if len(t.heap) == t.k && t.rank == nil {
		*t.floor = t.heap[0].score
		if t.primed > 0 {
			*t.floor = max(*t.floor, t.primed)
		}
		if t.shared != nil {
			t.shared.raise(*t.floor)
		}
	}
}

// prime sets the floor at score at least, from the start: score is one
// the page will reach (see primeFloor). 0: none.
func (t *topK) prime(score float64) {
	if score <= 0 || t.rank != nil {
		return
	}
	t.primed = max(t.primed, score)
	*t.floor = max(*t.floor, score)
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.worse(t.heap[i], t.heap[p]) {
			return
		}
		t.heap[i], t.heap[p] = t.heap[p], t.heap[i]
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		l, m := 2*i+1, i
		if l < len(t.heap) && t.worse(t.heap[l], t.heap[m]) {
			m = l
		}
		if r := l + 1; r < len(t.heap) && t.worse(t.heap[r], t.heap[m]) {
			m = r
		}
		if m == i {
			return
		}
		t.heap[i], t.heap[m] = t.heap[m], t.heap[i]
		i = m
	}
}

// sorted returns the kept documents best first.
func (t *topK) sorted() []*scored {
	out := slices.Clone(t.heap)
	slices.SortFunc(out, func(a, b *scored) int {
		if t.worse(a, b) {
			return 1
		}
		if t.worse(b, a) {
			return -1
		}
		return cmp.Compare(a.doc, b.doc)
	})
	return out
}

// docID is Bleve's internal ID of document number n.
func docID(n uint64) bindex.IndexInternalID {
	return bindex.NewIndexInternalID(nil, n)
}
