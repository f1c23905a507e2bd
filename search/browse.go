package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// examOrder is every question in exam order (provider, exam, topic and
// number, id) as Bleve's document numbers, made once. Browsing without a
// query walks it instead of having Bleve sort the whole index for every page:
// the home page took 100 ms.
type examOrder struct {
	once sync.Once
	docs []uint64
	err  error
}

func (e *Engine) examOrder(ctx context.Context) (*examOrder, error) {
	o := e.order
	o.once.Do(func() {
		o.docs, o.err = e.sortByExam(context.WithoutCancel(ctx))
		if o.err != nil {
			o.err = fmt.Errorf("exam order: %w", o.err)
		}
	})
	return o, o.err
}

// sortByExam orders every document as Bleve sorts by sortKeys[SortExam],
// from what is in memory and the order field's terms: the provider and exam
// columns hold each document's value by rank (terms are ranked in the order
// Bleve compares them), and IDs are read only where the rest ties. Having
// Bleve sort read every document's sort values (and ID) from the index
// files made half a second of work and kept tens of MiB of them resident.
func (e *Engine) sortByExam(ctx context.Context) ([]uint64, error) {
	r, err := openReader(e.ix)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n := e.facetIx.docs()
	rank := make([]uint32, n) // the order key's rank + 1; 0: none
	dict, err := r.FieldDict(index.FieldOrder)
	if err != nil {
		return nil, err
	}
	var terms []string
	for t, err := dict.Next(); t != nil || err != nil; t, err = dict.Next() {
		if err != nil {
			dict.Close()
			return nil, err
		}
		terms = append(terms, t.Term)
	}
	dict.Close()
	for i, t := range terms {
		docs, err := postings(r, index.FieldOrder, t)
		if err != nil {
			return nil, err
		}
		for it := docs.Iterator(); it.HasNext(); {
			if d := it.Next(); d < n {
				rank[d] = uint32(i + 1)
			}
		}
	}
	prov, exam := e.facetIx.cols[FacetProvider], e.facetIx.cols[FacetExam]
	// A missing value sorts last, as Bleve's does by default.
	last := func(v uint32) uint32 {
		if v == 0 {
			return math.MaxUint32
		}
		return v
	}
	key := func(d uint64) [3]uint32 {
		return [3]uint32{last(prov.first(d)), last(exam.first(d)), last(rank[d])}
	}
	docs := e.facetIx.all.ToArray()
	slices.SortFunc(docs, func(a, b uint64) int {
		ka, kb := key(a), key(b)
		return slices.Compare(ka[:], kb[:])
	})
	// Questions alike in all three go by ID.
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && key(docs[j]) == key(docs[i]) {
			j++
		}
		if j-i > 1 {
			if err := sortByID(r, docs[i:j]); err != nil {
				return nil, err
			}
		}
		i = j
	}
	return docs, ctx.Err()
}

func sortByID(r bindex.IndexReader, docs []uint64) error {
	ids := map[uint64]string{}
	for _, d := range docs {
		id, err := r.ExternalID(docID(d))
		if err != nil {
			return err
		}
		ids[d] = id
	}
	slices.SortFunc(docs, func(a, b uint64) int { return strings.Compare(ids[a], ids[b]) })
	return nil
}

// Warm makes what the first browse of the index would otherwise wait for
// (the exam order, half a second on the whole corpus), so that the home page
// is fast from the first visit. Servers call it in the background.
func (e *Engine) Warm(ctx context.Context) error {
	_, err := e.examOrder(ctx)
	return err
}

// refs are the documents' IDs.
func (e *Engine) refs(docs []uint64) ([]hitRef, error) {
	r, err := openReader(e.ix)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := make([]hitRef, len(docs))
	for i, d := range docs {
		if out[i].id, err = r.ExternalID(docID(d)); err != nil {
			return nil, fmt.Errorf("read ID of document %d: %w", d, err)
		}
	}
	return out, nil
}

// browse answers a request with no text in exam order: the page is read
// off the exam order, kept to the documents the filters allow.
func (e *Engine) browse(ctx context.Context, p *plan, req *Request) (*Result, error) {
	order, err := e.examOrder(ctx)
	if err != nil {
		return nil, err
	}
	var allowed *roaring64.Bitmap // nil: every question
	for f, vals := range p.filters {
		if len(vals) == 0 {
			continue
		}
		fb := e.facetIx.filter(f, vals)
		if allowed == nil {
			allowed = fb
		} else {
			allowed.And(fb)
		}
	}
	total := uint64(len(order.docs))
	if allowed != nil {
		total = allowed.GetCardinality()
	}
	res := &Result{Query: req.Query, Total: total, Page: req.Page, Size: req.Size, Sort: req.Sort, Notes: p.notes}
	res.Pages = int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
	skip := (req.Page - 1) * req.Size
	var page []uint64
	for _, d := range order.docs {
		if len(page) == req.Size {
			break
		}
		if allowed != nil && !allowed.Contains(d) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		page = append(page, d)
	}
	refs, err := e.refs(page)
	if err != nil {
		return nil, err
	}
	if res.Hits, err = e.hits(ctx, refs, p, req); err != nil {
		return nil, err
	}
	if n := len(res.Hits); n == req.Size && uint64(req.Page*req.Size) < res.Total {
		q, err := e.ix.Store.Get(res.Hits[n-1].ID)
		if err != nil {
			return nil, err
		}
		res.NextCursor = nextCursor(SortExam, []string{q.Provider, q.Exam, index.OrderKey(q), q.ID}, 0)
	}
	if !req.NoFacets {
		var matched []uint64
		if allowed != nil {
			matched = allowed.ToArray()
		}
		if res.Facets, err = e.facets(ctx, p, req, matched, nil); err != nil {
			return nil, err
		}
	}
	return res, nil
}
