package search

import (
	"context"
	"fmt"
	"sync"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// examOrder is every question in exam order (provider, exam, topic and
// number, id) as Bleve's document numbers with their IDs, made on first
// use. Browsing without a query walks it instead of having Bleve sort the
// whole index for every page: the home page took 100 ms.
type examOrder struct {
	once sync.Once
	docs []uint64
	ids  []string
	err  error
}

func (e *Engine) examOrder(ctx context.Context) (*examOrder, error) {
	o := e.order
	o.once.Do(func() {
		n := int(e.facetIx.all.GetCardinality())
		r := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), max(n, 1), 0, false)
		r.SortBy(sortKeys[SortExam])
		sr, err := e.bleveSearch(context.WithoutCancel(ctx), r)
		if err != nil {
			o.err = fmt.Errorf("exam order: %w", err)
			return
		}
		for _, h := range sr.Hits {
			o.docs = append(o.docs, h.IndexInternalID.Value())
			o.ids = append(o.ids, h.ID)
		}
	})
	return o, o.err
}

// Warm makes what the first browse of the index would otherwise wait for
// (the exam order, half a second on the whole corpus), so that the home page
// is fast from the first visit. Servers call it in the background.
func (e *Engine) Warm(ctx context.Context) error {
	_, err := e.examOrder(ctx)
	return err
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
	var refs []hitRef
	for i, d := range order.docs {
		if len(refs) == req.Size {
			break
		}
		if allowed != nil && !allowed.Contains(d) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		refs = append(refs, hitRef{id: order.ids[i]})
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
