package index

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// documentBuilder knows how the mapping indexes each field of a
// question's document (documentFields, which Document gives the mapping
// as a map): the same fields, analysers and options, taken from the
// mapping, with prose analysed by proseAnalysis. The build inverts
// questions with it (inverter) without walking a map through the mapping
// by reflection or making a Bleve document; tests make Bleve documents
// with it to compare the two.
type documentBuilder struct {
	fields map[string]fieldRecipe
	names  []string // of fields, sorted
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
		b.names = append(b.names, name)
	}
	slices.Sort(b.names)
	return b, nil
}
