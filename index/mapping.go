package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	keywordtok "github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
)

// MappingVersion changes whenever the mapping, the document shape or the
// store's format does; an index built with another version is rebuilt,
// never served.
const MappingVersion = 9

// NewMapping is the explicit Bleve mapping: English analysis on prose,
// keywords with doc values for facets and sorting. Nothing is
// stored in Bleve: hits are rendered from the question store, and
// highlighting works from the stored question. Term positions are kept
// only where phrase queries need them.
func NewMapping() (mapping.IndexMapping, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(AnalyzerCode, map[string]any{
		"type":          custom.Name,
		"tokenizer":     keywordtok.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, fmt.Errorf("code analyzer: %w", err)
	}
	im.DefaultAnalyzer = AnalyzerProse
	im.StoreDynamic, im.IndexDynamic, im.DocValuesDynamic = false, false, false
	im.DefaultField = FieldQuestion

	dm := bleve.NewDocumentStaticMapping()
	for _, f := range ProseFields {
		dm.AddFieldMappingsAt(f, prose(f != FieldComments))
	}
	for _, f := range []string{FieldProvider, FieldExam, FieldTopic, FieldAnswer, FieldCommunity,
		FieldType, FieldDisputed, FieldYear, FieldService, FieldCategory} {
		dm.AddFieldMappingsAt(f, exact(keyword.Name))
	}
	for _, f := range []string{FieldOrder, FieldCreated, FieldUpvotes, FieldDispute} {
		dm.AddFieldMappingsAt(f, exact(keyword.Name))
	}
	dm.AddFieldMappingsAt(FieldExamCode, exact(AnalyzerCode))
	// No _all field: search names its fields, and composing one would
	// analyse every text a second time.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im, im.Validate()
}

// prose fields keep term positions (for phrase queries) where
// that is affordable: not on the comments, which are most of the text.
func prose(positions bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = AnalyzerProse
	f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, positions, false, false
	return f
}

func exact(analyzer string) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Analyzer = analyzer
	f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, true
	return f
}
