package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// documentBuilder makes the Bleve document of a question straight from
// its fields (documentFields, which Document gives the mapping as a map),
// as the mapping would (the same fields, analysers and options, taken from
// the mapping), without walking a map through the mapping by reflection,
// and with prose analysed by proseAnalysis. It was a fifth of the build's
// CPU.
type documentBuilder struct {
	fields map[string]fieldRecipe
	prose  *proseAnalysis
}

// fieldRecipe is how the mapping indexes a field.
type fieldRecipe struct {
	options   bindex.FieldIndexingOptions
	analyzer  analysis.Analyzer // nil for prose
	positions bool
}

// newMappedBuilder is the mapping and a document builder of it.
func newMappedBuilder() (mapping.IndexMapping, *documentBuilder, error) {
	im, err := NewMapping()
	if err != nil {
		return nil, nil, err
	}
	docs, err := newDocumentBuilder(im)
	return im, docs, err
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
		r := fieldRecipe{options: fm.Options(), positions: fm.IncludeTermVectors}
		if fm.Analyzer != AnalyzerProse {
			if r.analyzer = im.AnalyzerNamed(fm.Analyzer); r.analyzer == nil {
				return nil, fmt.Errorf("document builder: field %s: no analyzer %q", name, fm.Analyzer)
			}
		}
		b.fields[name] = r
	}
	return b, nil
}

// build returns the Bleve document of q, and its question's field, which
// once analysed holds the question's word pairs.
func (b *documentBuilder) build(q *Question) (*document.Document, *proseField, error) {
	doc := document.NewDocument(q.ID)
	var question *proseField
	for _, df := range documentFields(q) {
		r, ok := b.fields[df.name]
		if !ok {
			return nil, nil, fmt.Errorf("field %s is not in the mapping", df.name)
		}
		if !df.isList {
			f := b.field(df.name, r, nil, df.text)
			if pf, ok := f.(*proseField); ok && df.name == FieldQuestion {
				question, pf.withPairs = pf, true
			}
			doc.AddField(f)
			continue
		}
		if r.analyzer == nil {
			return nil, nil, fmt.Errorf("prose field %s holds a list", df.name)
		}
		for i, s := range df.list {
			doc.AddField(b.field(df.name, r, []uint64{uint64(i)}, s))
		}
	}
	return doc, question, nil
}

func (b *documentBuilder) field(name string, r fieldRecipe, arrayPositions []uint64, value string) document.Field {
	if r.analyzer == nil {
		return &proseField{name: name, text: []byte(value), positions: r.positions, an: b.prose}
	}
	return document.NewTextFieldCustom(name, arrayPositions, []byte(value), r.options, r.analyzer)
}
