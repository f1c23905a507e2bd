package index

import (
	"fmt"
	"slices"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index/zapwrite"
)

// segmentFields are the fields of the index's segment as zap lists them:
// _id first (indexed and stored), then the mapping's fields by name, each
// with the options its documents' fields have.
func (b *documentBuilder) segmentFields() []zapwrite.Field {
	fields := []zapwrite.Field{{Name: zapwrite.IDField, Options: bindex.IndexField | bindex.StoreField}}
	for _, name := range b.names {
		r := b.fields[name]
		options := r.options
		if r.analyzer == nil {
			options = proseOptions(r.positions)
		}
		fields = append(fields, zapwrite.Field{Name: name, Options: options})
	}
	return fields
}

// inverter turns batches of questions into the runs of their segment's
// fields, as Bleve's mapping would analyse the questions' documents
// (documentBuilder's fields, analysers and options) but without a Bleve
// document or a map of term frequencies per field: prose goes from the
// lexicon's scan straight into its field's run. A build has one per
// worker.
type inverter struct {
	docs    *documentBuilder
	number  map[string]int // a field's number in fields
	runs    []*zapwrite.RunBuilder
	locs    []zapwrite.Loc    // a text's locations, by term
	at      []int32           // where each term's next location goes in locs
	counts  map[string]uint64 // a keyword field's terms in a document
	keyword []string          // those terms, in the order found
}

func newInverter(docs *documentBuilder) *inverter {
	v := &inverter{docs: docs, number: map[string]int{}, counts: map[string]uint64{}}
	for i, f := range docs.segmentFields() {
		v.number[f.Name] = i
		v.runs = append(v.runs, zapwrite.NewRunBuilder(i, f.Options.IncludeDocValues()))
	}
	return v
}

// invert inverts qs, the segment's documents from first on, into a batch,
// and adds their word pairs to pairs.
func (v *inverter) invert(qs []Question, first uint32, pairs *[]pairOcc) (zapwrite.Batch, error) {
	batch := zapwrite.Batch{IDs: make([]string, len(qs))}
	var qpairs []string
	for doc := range qs {
		q := &qs[doc]
		batch.IDs[doc] = q.ID
		v.runs[0].Add(doc, q.ID, 1, 1, nil)
		for _, df := range documentFields(q) {
			i, ok := v.number[df.name]
			if !ok {
				return batch, fmt.Errorf("index question %s (%s): field %s is not in the mapping", q.ID, q.SourcePath, df.name)
			}
			r := v.docs.fields[df.name]
			if r.analyzer != nil {
				v.invertKeywords(v.runs[i], doc, r, df)
				continue
			}
			if df.isList {
				return batch, fmt.Errorf("index question %s (%s): prose field %s holds a list", q.ID, q.SourcePath, df.name)
			}
			withPairs := df.name == FieldQuestion
			v.invertProse(v.runs[i], doc, df.text, r.positions, withPairs, &qpairs)
			if withPairs {
				for _, term := range qpairs {
					*pairs = append(*pairs, pairOcc{term, first + uint32(doc)})
				}
			}
		}
	}
	batch.Runs = make([]zapwrite.Run, len(v.runs))
	for i, rb := range v.runs {
		batch.Runs[i] = rb.Finish(len(qs))
	}
	return batch, nil
}

// invertProse adds text's terms to its field's run for document doc, as
// the lexicon's scan finds them (AnalyzerProse's terms: stop words out,
// Porter stems, positions counting the stop words), with their locations
// when the field keeps positions, and when withPairs, its word pairs into
// pairs.
func (v *inverter) invertProse(rb *zapwrite.RunBuilder, doc int, text string, positions, withPairs bool, pairs *[]string) {
	a := v.docs.prose
	lx := a.take()
	defer a.give(lx)
	a.scan(lx, []byte(text))
	if withPairs {
		*pairs = lx.pairTerms()
	}
	counts := slices.Grow(lx.counts[:0], len(lx.forms))[:len(lx.forms)]
	clear(counts)
	lx.counts = counts
	for _, o := range lx.occs {
		counts[o.n]++
	}
	norm := uint64(len(lx.occs))
	if !positions {
		for n, t := range lx.forms {
			rb.Add(doc, t.key, uint64(counts[n]), norm, nil)
		}
		return
	}
	// Each term's locations together, in the order of the text.
	v.locs = slices.Grow(v.locs[:0], len(lx.occs))[:len(lx.occs)]
	v.at = slices.Grow(v.at[:0], len(lx.forms))[:len(lx.forms)]
	off := int32(0)
	for n := range lx.forms {
		v.at[n] = off
		off += int32(counts[n])
	}
	for _, o := range lx.occs {
		v.locs[v.at[o.n]] = zapwrite.Loc{Pos: uint64(o.pos), Start: uint64(o.start), End: uint64(o.end)}
		v.at[o.n]++
	}
	for n, t := range lx.forms {
		end := v.at[n]
		rb.Add(doc, t.key, uint64(counts[n]), norm, v.locs[end-int32(counts[n]):end])
	}
}

// invertKeywords adds a keyword field's values (its text, or each of its
// list) to its run for document doc, analysed by the field's analyser:
// each term with the number of its tokens, in a field as long as all the
// values' tokens (as Bleve merges the values of one field). Keyword
// fields keep no positions.
func (v *inverter) invertKeywords(rb *zapwrite.RunBuilder, doc int, r fieldRecipe, df docField) {
	clear(v.counts)
	v.keyword = v.keyword[:0]
	length := uint64(0)
	add := func(value string) {
		for _, t := range r.analyzer.Analyze([]byte(value)) {
			length++
			term := string(t.Term)
			if _, ok := v.counts[term]; !ok {
				v.keyword = append(v.keyword, term)
			}
			v.counts[term]++
		}
	}
	if df.isList {
		for _, s := range df.list {
			add(s)
		}
	} else {
		add(df.text)
	}
	skip := r.options.SkipFreqNorm()
	for _, term := range v.keyword {
		freq := v.counts[term]
		if skip {
			freq = 0
		}
		rb.Add(doc, term, freq, length, nil)
	}
}
