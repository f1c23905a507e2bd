package search

import (
	"context"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Warm makes the hot lists (see hotlists.go) and what the first browse or
// sorted search of the index would otherwise wait for (the sorts' orders),
// so that searches are fast and the home page too from the first visit:
// about a second on the shared corpus. Servers call it in the background;
// searches run meanwhile, slower.
func (e *Engine) Warm(ctx context.Context) error {
	// The orders first: the hot lists then fill memory that making the
	// orders used and let go, rather than the heap growing for both.
	for _, s := range Sorts {
		if s == SortRelevance {
			continue
		}
		if _, err := e.sortOrder(ctx, s); err != nil {
			return err
		}
	}
	if err := e.makeHotLists(ctx); err != nil {
		return err
	}
	e.warmed.Store(true)
	return nil
}

// Warmed tells whether Warm has finished.
func (e *Engine) Warmed() bool { return e.warmed.Load() }

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

// browse answers a request with no text in an order other than relevance:
// the page is read off the sort's order, kept to the documents the filters
// allow, from the start or from the cursor's hit. ok is false when the
// cursor's hit is not in this index (a cursor may outlive a build).
func (e *Engine) browse(ctx context.Context, p *plan, req *Request) (res *Result, ok bool, err error) {
	order, err := e.sortOrder(ctx, req.Sort)
	if err != nil {
		return nil, false, err
	}
	from := 0 // place in order.docs of the first candidate
	if req.Cursor != "" {
		c, err := decodeCursor(req.Cursor, req.Sort, len(sortKeys[req.Sort]))
		if err != nil {
			return nil, false, err
		}
		rank, found, err := e.cursorRank(order, c)
		if err != nil || !found {
			return nil, false, err
		}
		from = int(rank)
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
	res = &Result{Query: req.Query, Total: total, Page: req.Page, Size: req.Size, Sort: req.Sort, Notes: p.notes}
	res.Pages = int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
	skip := (req.Page - 1) * req.Size
	if req.Cursor != "" {
		skip = 0
	}
	var page []uint64
	for _, d := range order.docs[from:] {
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
		return nil, false, err
	}
	if res.Hits, err = e.hits(ctx, refs, p, req); err != nil {
		return nil, false, err
	}
	if n := len(res.Hits); n == req.Size && uint64(req.Page*req.Size) < res.Total || req.Cursor != "" && n == req.Size {
		q, err := e.ix.Store.Get(res.Hits[n-1].ID)
		if err != nil {
			return nil, false, err
		}
		res.NextCursor = nextCursor(req.Sort, sortValues(q, req.Sort), 0)
	}
	if !req.NoFacets {
		var matched []uint64
		if allowed != nil {
			matched = allowed.ToArray()
		}
		if res.Facets, err = e.facets(ctx, p, req, matched, nil); err != nil {
			return nil, false, err
		}
	}
	return res, true, nil
}
