package search

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/examsearch/examsearch/index"
)

// Neighbors returns the IDs of the questions before and after q in its
// exam's order ("" at either end).
func (e *Engine) Neighbors(ctx context.Context, q *index.Question) (prev, next string, err error) {
	if q.Exam == "" {
		return "", "", nil
	}
	key := []string{q.Provider, q.Exam, index.SortKey(index.TopicNumber(q.Topic), 4) + "." + index.SortKey(q.Number, 6), q.ID}
	one := func(before bool) (string, error) {
		tq := query.NewTermQuery(q.Exam)
		tq.SetField(index.FieldExam)
		r := bleve.NewSearchRequestOptions(tq, 1, 0, false)
		r.SortBy(sortKeys[SortExam])
		if before {
			r.SearchBefore = key
		} else {
			r.SearchAfter = key
		}
		sr, err := e.bleveSearch(ctx, r)
		if err != nil || len(sr.Hits) == 0 {
			return "", err
		}
		return sr.Hits[0].ID, nil
	}
	if prev, err = one(true); err != nil {
		return "", "", err
	}
	next, err = one(false)
	return prev, next, err
}

// Neighbors reads from the current engine.
func (l *Live) Neighbors(ctx context.Context, q *index.Question) (string, string, error) {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Neighbors(ctx, q)
}
