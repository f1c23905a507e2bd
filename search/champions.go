package search

import segment "github.com/blevesearch/scorch_segment_api/v2"

// The terms with hot lists or ranges also keep their champions: the few
// documents where they weigh most in the field (sqrt(freq)×norm), found
// while their postings are read at warm-up. A search's best matches are
// most often among its terms' champions, which makes them where a walk
// learns its page's floor before it starts (see primeFloor).

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

// champions are the champions of term in field, for segment seg; nil when
// none were found.
func (h *hotLists) champions(seg segment.Segment, field, term string) []uint32 {
	if h == nil || h.seg != seg {
		return nil
	}
	return h.champs[posKey(field, term)]
}
