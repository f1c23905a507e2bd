package search

import (
	"math"
	"slices"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The terms with hot lists or ranges also keep their champions: the few
// documents where they weigh most in the field (sqrt(freq)×norm), found
// while their postings are read at warm-up, with what they weigh there. A
// search's best matches are most often among its terms' champions, which
// makes them where a walk learns its page's floor before it starts (see
// primeFloor).

// championsPerList is how many champions a term keeps in a field.
const championsPerList = 32

// champions gathers the documents where a term weighs most.
type champions struct {
	docs    []uint32
	weights []float64
	least   int // the place of the lightest, once full
}

// add offers doc, where the term weighs w.
func (c *champions) add(doc uint32, w float64) {
	if len(c.docs) < championsPerList {
		c.docs, c.weights = append(c.docs, doc), append(c.weights, w)
		if len(c.docs) == championsPerList {
			c.findLeast()
		}
		return
	}
	if w <= c.weights[c.least] {
		return
	}
	c.docs[c.least], c.weights[c.least] = doc, w
	c.findLeast()
}

func (c *champions) findLeast() {
	c.least = 0
	for i, w := range c.weights {
		if w < c.weights[c.least] {
			c.least = i
		}
	}
}

// list is what a term keeps of its champions: nil when it has none.
func (c *champions) list() *champList {
	if len(c.docs) == 0 {
		return nil
	}
	order := make([]int, len(c.docs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(c.docs[a]) - int(c.docs[b]) })
	l := &champList{docs: make([]uint32, len(order)), weights: make([]float32, len(order))}
	for i, o := range order {
		l.docs[i], l.weights[i] = c.docs[o], roundDown(c.weights[o])
	}
	return l
}

// champList is a term's champions in document order, each with its
// weight there before the query's factors, rounded down.
type champList struct {
	docs    []uint32
	weights []float32
}

// weightAt is what the term weighs at doc, if doc is a champion.
func (l *champList) weightAt(doc uint64) (float64, bool) {
	if l == nil {
		return 0, false
	}
	i, found := slices.BinarySearch(l.docs, uint32(doc))
	if !found {
		return 0, false
	}
	return float64(l.weights[i]), true
}

// roundDown is x as a float32 no higher than x.
func roundDown(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

// champions are the champions of term in field, for segment seg; nil when
// none were found.
func (h *hotLists) champions(seg segment.Segment, field, term string) *champList {
	if h == nil || h.seg != seg {
		return nil
	}
	return h.champs[posKey(field, term)]
}
