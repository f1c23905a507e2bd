package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

// sortOrder is every question in the order of one sort, as Bleve's
// document numbers, made once: browsing reads its pages off docs, and a
// text search sorted other than by relevance keeps the matches of lowest
// rank. Having Bleve sort instead read every match's sort values from the
// index files: 30-90 ms a search on the shared corpus (the home page took
// 100 ms).
type sortOrder struct {
	once sync.Once
	docs []uint64 // every document, in order
	rank []uint32 // of document d: its place in docs plus one (0: none)
	err  error
}

// newSortOrders are the orders of every sort but relevance, to be made.
func newSortOrders() map[Sort]*sortOrder {
	out := map[Sort]*sortOrder{}
	for _, s := range Sorts {
		if s != SortRelevance {
			out[s] = &sortOrder{}
		}
	}
	return out
}

// sortOrder is the order of s (not relevance), made on first use.
func (e *Engine) sortOrder(ctx context.Context, s Sort) (*sortOrder, error) {
	o, ok := e.orders[s]
	if !ok {
		return nil, fmt.Errorf("no order kept for sort %q", s)
	}
	o.once.Do(func() {
		o.docs, o.err = e.sortBy(context.WithoutCancel(ctx), sortKeys[s])
		if o.err != nil {
			o.err = fmt.Errorf("%s order: %w", s, o.err)
			return
		}
		o.rank = make([]uint32, e.facetIx.docs())
		for i, d := range o.docs {
			o.rank[d] = uint32(i + 1)
		}
	})
	return o, o.err
}

// sortBy orders every document as Bleve sorts by keys (fields, "-" before
// a descending one, then "_id"): from each field's terms, ranked in the
// order Bleve compares them, and IDs read only where the fields tie. A
// document without a value sorts last either way, as in Bleve.
func (e *Engine) sortBy(ctx context.Context, keys []string) ([]uint64, error) {
	if len(keys) == 0 || keys[len(keys)-1] != "_id" {
		return nil, fmt.Errorf("sort %v does not end on _id", keys)
	}
	r, err := openReader(e.ix)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n := e.facetIx.docs()
	fields := keys[:len(keys)-1]
	ranks := make([][]uint32, len(fields)) // by field, of each document; MaxUint32: none
	for i, key := range fields {
		field, desc := strings.CutPrefix(key, "-")
		if ranks[i], err = termRanks(r, field, n, desc); err != nil {
			return nil, fmt.Errorf("rank %s: %w", field, err)
		}
	}
	cmpFields := func(a, b uint64) int {
		for _, rk := range ranks {
			if c := int64(rk[a]) - int64(rk[b]); c != 0 {
				return int(c)
			}
		}
		return 0
	}
	docs := e.facetIx.all.ToArray()
	slices.SortFunc(docs, cmpFields)
	for i := 0; i < len(docs); { // documents alike in every field go by ID
		j := i + 1
		for j < len(docs) && cmpFields(docs[j], docs[i]) == 0 {
			j++
		}
		if j-i > 1 {
			if err := sortByID(r, docs[i:j]); err != nil {
				return nil, err
			}
		}
		i = j
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// termRanks is, for each of n documents, the rank of its term in field
// among the field's terms (reversed when desc); math.MaxUint32 when it
// has none.
func termRanks(r bindex.IndexReader, field string, n uint64, desc bool) ([]uint32, error) {
	rank := make([]uint32, n)
	for i := range rank {
		rank[i] = math.MaxUint32
	}
	terms, err := fieldTerms(r, field)
	if err != nil {
		return nil, err
	}
	for i, t := range terms {
		v := uint32(i)
		if desc {
			v = uint32(len(terms) - 1 - i)
		}
		err := eachPosting(r, field, t, func(doc uint64) {
			// Terms come in Bleve's order: a document's first is the one
			// Bleve sorts it by, descending or not.
			if doc < n && rank[doc] == math.MaxUint32 {
				rank[doc] = v
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return rank, nil
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

// sortValues are the values Bleve sorts hit q by under s, as a cursor
// holds them: what the question's document holds in each field, then its
// ID.
func sortValues(q *index.Question, s Sort) []string {
	doc := index.Document(q)
	var out []string
	for _, key := range sortKeys[s] {
		field := strings.TrimPrefix(key, "-")
		if field == "_id" {
			out = append(out, q.ID)
			continue
		}
		v, _ := doc[field].(string)
		out = append(out, v)
	}
	return out
}

// cursorRank is the place in o of the hit the cursor was made after, and
// whether this index holds that question (a cursor may outlive a build).
func (e *Engine) cursorRank(o *sortOrder, c cursor) (uint32, bool, error) {
	r, err := openReader(e.ix)
	if err != nil {
		return 0, false, err
	}
	defer r.Close()
	id, err := r.InternalID(c.After[len(c.After)-1])
	if err != nil || id == nil {
		return 0, false, err
	}
	if d := id.Value(); d < uint64(len(o.rank)) && o.rank[d] > 0 {
		return o.rank[d], true, nil
	}
	return 0, false, nil
}
