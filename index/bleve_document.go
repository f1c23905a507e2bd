package index

import (
	"fmt"
	"maps"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// documentBuilder makes the Bleve document of a question straight from
// the fields Document gives it, as the mapping would (the same fields,
// analysers and options, taken from the mapping), without walking the map
// through the mapping by reflection, and with prose analysed by
// proseAnalysis. It was a fifth of the build's CPU.
type documentBuilder struct {
	fields map[string]fieldRecipe
	prose  *proseAnalysis
}

// fieldRecipe is how the mapping indexes a field.
type fieldRecipe struct {
	options   bindex.FieldIndexingOptions
	analyzer  analysis.Analyzer // nil for prose
	positions bool
	pairs     bool // prose's word pairs
}

func newDocumentBuilder(im mapping.IndexMapping) (*documentBuilder, error) {
	impl, ok := im.(*mapping.IndexMappingImpl)
	if !ok || impl.DefaultMapping == nil {
		return nil, fmt.Errorf("document builder: unexpected mapping %T", im)
	}
	prose, err := newProseAnalysis()
	if err != nil {
		return nil, fmt.Errorf("document builder: %w", err)
	}
	b := &documentBuilder{fields: map[string]fieldRecipe{}, prose: prose}
	for name, dm := range impl.DefaultMapping.Properties {
		if len(dm.Fields) != 1 {
			continue // _all, disabled
		}
		fm := dm.Fields[0]
		r := fieldRecipe{options: fm.Options(), positions: fm.IncludeTermVectors, pairs: fm.Analyzer == AnalyzerPairs}
		if fm.Analyzer != AnalyzerProse && !r.pairs {
			if r.analyzer = im.AnalyzerNamed(fm.Analyzer); r.analyzer == nil {
				return nil, fmt.Errorf("document builder: field %s: no analyzer %q", name, fm.Analyzer)
			}
		}
		b.fields[name] = r
	}
	return b, nil
}

// build returns the Bleve document of q.
func (b *documentBuilder) build(q *Question) (*document.Document, error) {
	fields := Document(q)
	doc := document.NewDocument(q.ID)
	var question, pairs *proseField
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		r, ok := b.fields[name]
		if !ok {
			return nil, fmt.Errorf("field %s is not in the mapping", name)
		}
		switch v := fields[name].(type) {
		case string:
			f := b.field(name, r, nil, v)
			if pf, ok := f.(*proseField); ok && name == FieldQuestion {
				question = pf
			} else if ok && name == FieldQuestionPairs {
				pairs = pf
			}
			doc.AddField(f)
		case []string:
			if r.analyzer == nil {
				return nil, fmt.Errorf("prose field %s holds a list", name)
			}
			for i, s := range v {
				doc.AddField(b.field(name, r, []uint64{uint64(i)}, s))
			}
		default:
			return nil, fmt.Errorf("field %s: unexpected value %T", name, v)
		}
	}
	// The question's text is scanned once for its terms and its word
	// pairs: its field is analysed first (fields are added by name).
	if question != nil && pairs != nil && string(question.text) == string(pairs.text) {
		question.pairsTo = pairs
	}
	return doc, nil
}

func (b *documentBuilder) field(name string, r fieldRecipe, arrayPositions []uint64, value string) document.Field {
	if r.analyzer == nil {
		return &proseField{name: name, text: []byte(value), positions: r.positions, pairs: r.pairs, an: b.prose}
	}
	return document.NewTextFieldCustom(name, arrayPositions, []byte(value), r.options, r.analyzer)
}
