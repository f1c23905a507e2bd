package search

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/examsearch/examsearch/index"
)

// The postings of the commonest terms are most of what a slow search
// reads: two common words match tens of thousands of questions, and zap
// decodes each posting's frequency, norm and positions from varints as it
// goes (about half of such a search's time). hotLists holds those terms'
// postings decoded once, in plain arrays that the lean walk steps through
// and leaps over by binary search. They are made in the background when
// the engine warms up; searches read zap until they are ready.

// hotBytesPerDoc bounds the hot lists' memory by the index's size: the
// commonest terms are taken first until their arrays would pass it (23 MB
// for the shared corpus, 29 with the positions; on the anchor mix in
// process, 256 bytes gave a p50 0.1 ms slower, 512 no faster, and the
// server's peak memory must stay under 256 MiB).
const hotBytesPerDoc = 320

// hotMinCount is the fewest documents a term must be in to be worth it.
const hotMinCount = 512

// hotConfig is what terms get hot lists: those in at least min documents,
// commonest first within bytesPerDoc bytes a document of the index.
type hotConfig struct {
	min         uint64
	bytesPerDoc int
	ceilBytes   int // for the next terms' ranges (see rangeceil.go)
}

// hotList is one term's postings in one field, in as few bytes as serve:
// 5 a posting, and 2 more and 2 a position where the field keeps them.
type hotList struct {
	docs  []uint32
	freqs []uint8        // 255: the frequency is in over
	over  map[int]uint32 // frequencies of 255 or more, by posting
	norms []float32      // the field's norm of every document, shared by its lists
	// The positions of posting i start at pos[posBase[i/64]+posOff[i]]
	// and end where the next posting's start; nil when the field keeps
	// none.
	posBase []uint32
	posOff  []uint16
	pos     []uint16
	bm      *roaring.Bitmap // docs, the index's own bitmap: not to be changed
	// most is, for each range of 1<<hotRangeBits documents, the most a
	// posting there weighs before the query's factors: sqrt(freq)×norm,
	// rounded up (see leanMatches.below).
	most []float32
}

// weightIn is the most a posting of the list weighs in range rng of
// documents before the query's factors (sqrt(freq)×norm); without a list
// (nil), 1 and a little more: the norm, 1/sqrt(the field's length), is a
// float32.
func (h *hotList) weightIn(rng int) float64 {
	switch {
	case h == nil:
		return 1 + 1e-6
	case rng < len(h.most):
		return float64(h.most[rng])
	}
	return 0
}

// freq is posting i's frequency.
func (h *hotList) freq(i int) uint64 {
	if f := h.freqs[i]; f < math.MaxUint8 {
		return uint64(f)
	}
	return uint64(h.over[i])
}

// posStart is where posting i's positions start in pos (n: the end).
func (h *hotList) posStart(i int) uint32 {
	if i == len(h.docs) {
		return uint32(len(h.pos))
	}
	return h.posBase[i>>6] + uint32(h.posOff[i])
}

// hotRangeBits sets the ranges of documents of hotList.most: 128.
const hotRangeBits = 7

// hotLists are the hot lists of one segment.
type hotLists struct {
	seg    segment.Segment
	lists  map[string]*hotList // by posKey(field, term)
	ceils  map[string]rangeCeil
	champs map[string]*champList // see champions
	// norms are each field's norms (hotList.norms), where any list read
	// them: a document's norm is its field's, in every term's postings.
	norms map[string][]float32
}

// hotState makes an engine's hot lists once and hands them out when made.
type hotState struct {
	once  sync.Once
	err   error
	ready atomic.Pointer[hotLists]
}

// hotLists are the engine's hot lists, nil until made.
func (e *Engine) hotLists() *hotLists { return e.hot.ready.Load() }

// makeHotLists makes the engine's hot lists, once.
func (e *Engine) makeHotLists(ctx context.Context) error {
	e.hot.once.Do(func() {
		r, err := openReader(e.ix)
		if err != nil {
			e.hot.err = err
			return
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok || len(snap.Segments()) != 1 {
			return // the lean walk reads only an index of one segment
		}
		docs := int(e.facetIx.docs())
		h, err := readHotLists(ctx, r, snap.Segments()[0], e.hotConfig.min, e.hotConfig.bytesPerDoc*docs, e.hotConfig.ceilBytes*docs)
		if err != nil {
			e.hot.err = fmt.Errorf("hot lists: %w", err)
			return
		}
		e.hot.ready.Store(h)
	})
	return e.hot.err
}

// hotCandidate is a term worth a hot list.
type hotCandidate struct {
	field, term string
	count       uint64
}

// readHotLists decodes the postings of the commonest terms of the prose
// fields, commonest first while they fit in budget bytes, on every core.
// A list is counted 6 bytes a posting, 10 where the field keeps positions:
// a little over its arrays' 5 and 7, which leaves room for the positions
// themselves (about one and a half a posting, 2 bytes each) and the norms.
// The next terms get their ranges (see rangeceil.go), a byte a range of
// documents, while they fit in ceilBudget bytes.
func readHotLists(ctx context.Context, r bindex.IndexReader, ss *scorch.SegmentSnapshot, least uint64, budget, ceilBudget int) (*hotLists, error) {
	if !clean(ss) {
		return nil, errors.New("the segment has deleted documents")
	}
	cands, err := hotCandidates(r, ss, least)
	if err != nil {
		return nil, err
	}
	all, size := cands, 0
	for i, c := range cands {
		each := 6
		if slices.Contains(index.PositionFields, c.field) {
			each += 4
		}
		if size += int(c.count) * each; size > budget {
			cands = cands[:i]
			break
		}
	}
	rest := all[len(cands):] // the next terms, for their ranges
	rest = rest[:min(len(rest), ceilBudget/(int(ss.Segment().Count())>>hotRangeBits+1))]
	ceils := make([]rangeCeil, len(rest))
	ceilChamps := make([]*champList, len(rest))
	err = onCores(ctx, len(rest), func(_, i int) error {
		c := rest[i]
		var err error
		if ceils[i], ceilChamps[i], err = readRangeCeil(ss, c.field, c.term); err != nil {
			return fmt.Errorf("postings of %q in %s: %w", c.term, c.field, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Each worker gathers the norms it reads in arrays of its own, merged
	// once all is read.
	docs := int(ss.Segment().Count())
	norms := make([]map[string][]float32, runtime.GOMAXPROCS(0))
	scratch := make([][]uint16, len(norms)) // each worker's positions, copied out list by list
	for w := range norms {
		norms[w] = map[string][]float32{}
	}
	lists := make([]*hotList, len(cands))
	listChamps := make([]*champList, len(cands))
	err = onCores(ctx, len(cands), func(w, i int) error {
		c := cands[i]
		if norms[w][c.field] == nil {
			norms[w][c.field] = make([]float32, docs)
		}
		l, champs, err := readHotList(ss, c.field, c.term, norms[w][c.field], &scratch[w])
		if err != nil {
			return fmt.Errorf("postings of %q in %s: %w", c.term, c.field, err)
		}
		lists[i], listChamps[i] = l, champs
		return nil
	})
	if err != nil {
		return nil, err
	}
	shared := map[string][]float32{}
	for _, f := range index.ProseFields {
		for w := range norms {
			if norms[w][f] == nil {
				continue
			}
			if shared[f] == nil {
				shared[f] = norms[w][f]
				continue
			}
			if err := mergeNorms(shared[f], norms[w][f]); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
		}
	}
	h := &hotLists{seg: ss.Segment(), lists: map[string]*hotList{}, ceils: map[string]rangeCeil{}, champs: map[string]*champList{}, norms: shared}
	for i, c := range ceils {
		if c != nil {
			key := posKey(rest[i].field, rest[i].term)
			h.ceils[key], h.champs[key] = c, ceilChamps[i]
		}
	}
	for i, l := range lists {
		if l == nil {
			continue // did not fit the arrays
		}
		c := cands[i]
		l.norms = shared[c.field]
		key := posKey(c.field, c.term)
		h.lists[key], h.champs[key] = l, listChamps[i]
	}
	return h, nil
}

// hotCandidates are the terms of the prose fields in least documents or
// more, commonest first.
func hotCandidates(r bindex.IndexReader, ss *scorch.SegmentSnapshot, least uint64) ([]hotCandidate, error) {
	var cands []hotCandidate
	for _, f := range index.ProseFields {
		terms, err := fieldTerms(r, f)
		if err != nil {
			return nil, fmt.Errorf("terms of %s: %w", f, err)
		}
		dict, err := ss.Segment().Dictionary(f)
		if err != nil {
			return nil, fmt.Errorf("dictionary of %s: %w", f, err)
		}
		var pl segment.PostingsList // reused
		for _, t := range terms {
			if pl, err = dict.PostingsList([]byte(t), nil, pl); err != nil {
				return nil, fmt.Errorf("postings of %q in %s: %w", t, f, err)
			}
			if n := pl.Count(); n >= least {
				cands = append(cands, hotCandidate{f, t, n})
			}
		}
	}
	slices.SortFunc(cands, func(a, b hotCandidate) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.field, b.field), cmp.Compare(a.term, b.term))
	})
	return cands, nil
}

// onCores calls fn(w, i) for every i in [0, n) on a goroutine per core, w
// the goroutine's number; the first error (or ctx's end) stops them.
func onCores(ctx context.Context, n int, fn func(w, i int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				if err := fn(w, i); err != nil {
					errs[w] = err
					next.Store(int64(n)) // the others stop at their next
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// mergeNorms adds the norms of from (0: not read) into into.
func mergeNorms(into, from []float32) error {
	for d, n := range from {
		switch into[d] {
		case n:
		case 0:
			into[d] = n
		default:
			if n != 0 {
				return fmt.Errorf("document %d: %w", d, errNormsDiffer)
			}
		}
	}
	return nil
}

// errNormsDiffer: a field's norm is a document's, the same in all of its
// terms' postings, or the shared norms would be wrong.
var errNormsDiffer = errors.New("a document's norm differs between two terms of the field")

// readHotList decodes one term's postings in field, its norms into
// norms, the field's (as far as read), its positions through scratch, and
// finds its champions; nil when they do not fit the arrays (a position of 65,536 or more, or as many
// positions in 64 postings).
func readHotList(ss *scorch.SegmentSnapshot, field, term string, norms []float32, scratch *[]uint16) (*hotList, *champList, error) {
	pl, err := postingsOf(ss, term, field)
	if err != nil || pl == nil {
		return nil, nil, err
	}
	n := int(pl.Count())
	positions := slices.Contains(index.PositionFields, field)
	l := &hotList{docs: make([]uint32, 0, n), freqs: make([]uint8, 0, n)}
	if positions {
		l.posBase, l.posOff = make([]uint32, 0, (n+63)/64), make([]uint16, 0, n)
	}
	it := pl.Iterator(true, true, positions, nil)
	l.bm = postingsBitmap(it)
	if l.bm == nil || l.bm.IsEmpty() {
		return nil, nil, nil
	}
	l.most = make([]float32, l.bm.Maximum()>>hotRangeBits+1)
	var champs champions
	pos := (*scratch)[:0]
	defer func() { *scratch = pos[:0] }()
	for {
		p, err := it.Next()
		if err != nil {
			return nil, nil, err
		}
		if p == nil {
			break
		}
		doc, freq, norm := p.Number(), p.Frequency(), float32(p.Norm())
		if doc >= uint64(len(norms)) || freq > math.MaxUint32 {
			return nil, nil, nil
		}
		switch norms[doc] {
		case 0:
			norms[doc] = norm
		case norm:
		default:
			return nil, nil, fmt.Errorf("document %d: %w", doc, errNormsDiffer)
		}
		i := len(l.docs)
		l.docs = append(l.docs, uint32(doc))
		l.freqs = append(l.freqs, uint8(min(freq, math.MaxUint8)))
		if freq >= math.MaxUint8 {
			if l.over == nil {
				l.over = map[int]uint32{}
			}
			l.over[i] = uint32(freq)
		}
		rng := int(doc >> hotRangeBits)
		if rng >= len(l.most) {
			return nil, nil, nil // beyond the bitmap: cannot be
		}
		w := math.Sqrt(float64(freq)) * float64(norm)
		l.most[rng] = max(l.most[rng], roundUp(w))
		champs.add(uint32(doc), w)
		if positions {
			if i%64 == 0 {
				l.posBase = append(l.posBase, uint32(len(pos)))
			}
			off := uint32(len(pos)) - l.posBase[i/64]
			if off > math.MaxUint16 {
				return nil, nil, nil
			}
			l.posOff = append(l.posOff, uint16(off))
			for _, loc := range p.Locations() {
				if loc.Pos() > math.MaxUint16 {
					return nil, nil, nil
				}
				pos = append(pos, uint16(loc.Pos()))
			}
		}
	}
	if positions {
		l.pos = slices.Clone(pos)
	}
	return l, champs.list(), nil
}

// roundUp is x as a float32 no lower than x.
func roundUp(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// fieldNorms are field's norms as far as hot lists read them (0: not
// read), for segment seg; nil when none were.
func (h *hotLists) fieldNorms(seg segment.Segment, field string) []float32 {
	if h == nil || h.seg != seg {
		return nil
	}
	return h.norms[field]
}

// list is the hot list of term in field, for a leaf of segment seg that
// wants positions or not; nil when there is none that serves.
func (h *hotLists) list(seg segment.Segment, field, term string, positions bool) *hotList {
	if h == nil || h.seg != seg {
		return nil
	}
	l := h.lists[posKey(field, term)]
	if l == nil || positions && l.posOff == nil {
		return nil
	}
	return l
}

// hotLeaf is a leaf reading a hot list, on its first document.
func hotLeaf(l *hotList, docs uint64, positions bool) *leanLeaf {
	leaf := &leanLeaf{factor: 1, weight: 1, hot: l, locs: positions, count: uint64(len(l.docs)), docs: l.bm}
	leaf.idf = 1 + math.Log(float64(docs)/float64(leaf.count+1))
	leaf.load()
	return leaf
}

// load reads the document of the hot list's posting at the leaf's place;
// its frequency, norm and positions are read when asked for (tf, positions),
// since a leaf that leaps past a candidate is not scored there.
func (l *leanLeaf) load() {
	if l.at >= len(l.hot.docs) {
		l.doc = leanDone
		return
	}
	l.doc = uint64(l.hot.docs[l.at])
}

// tf is the frequency and the norm of the leaf's current posting.
func (l *leanLeaf) tf() (freq uint64, norm float64) {
	if l.hot == nil {
		return l.freq, l.norm
	}
	return l.hot.freq(l.at), float64(l.hot.norms[l.doc])
}

// positions are the term's positions in the leaf's current document (the
// leaf must read positions).
func (l *leanLeaf) positions() []uint64 {
	if l.hot == nil {
		return l.pos
	}
	l.pos = l.pos[:0]
	for _, p := range l.hot.pos[l.hot.posStart(l.at):l.hot.posStart(l.at+1)] {
		l.pos = append(l.pos, uint64(p))
	}
	return l.pos
}

// leap moves the leaf on its hot list to the first document at or after
// target: a gallop from its place, then a binary search.
func (l *leanLeaf) leap(target uint64) {
	l.at = leapFrom(l.hot.docs, l.at+1, target)
	l.load()
}

// leapFrom is the place of the first of docs at or after target, from
// place from on: a gallop, then a binary search.
func leapFrom(docs []uint32, from int, target uint64) int {
	lo, step := from, 1
	hi := lo
	for hi < len(docs) && uint64(docs[hi]) < target {
		lo = hi + 1
		hi += step
		step *= 2
	}
	end := min(hi+1, len(docs))
	return lo + sort32(docs[lo:end], target)
}

// atHot is termCursor.at on a hot list.
func (c *termCursor) atHot(doc uint64) *bindex.TermFieldDoc {
	h := c.hot
	if c.cur == nil || c.doc < doc {
		from := 0
		if c.cur != nil {
			from = c.hotAt + 1
		}
		if c.hotAt = leapFrom(h.docs, from, doc); c.hotAt >= len(h.docs) {
			c.done = true
			return nil
		}
		c.doc = uint64(h.docs[c.hotAt])
		c.entry = bindex.TermFieldDoc{ID: docID(c.doc), Freq: h.freq(c.hotAt), Norm: float64(h.norms[c.doc]), Vectors: c.entry.Vectors[:0]}
		if c.hotLocs {
			c.vecs = c.vecs[:0]
			for _, p := range h.pos[h.posStart(c.hotAt):h.posStart(c.hotAt+1)] {
				c.vecs = append(c.vecs, bindex.TermFieldVector{Pos: uint64(p)})
			}
			for i := range c.vecs {
				c.entry.Vectors = append(c.entry.Vectors, &c.vecs[i])
			}
		}
		c.cur = &c.entry
	}
	if c.doc == doc {
		return c.cur
	}
	return nil
}

// sort32 is the place of the first of docs at or after target.
func sort32(docs []uint32, target uint64) int {
	i, _ := slices.BinarySearchFunc(docs, target, func(d uint32, t uint64) int { return cmp.Compare(uint64(d), t) })
	return i
}
