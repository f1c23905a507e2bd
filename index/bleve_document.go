package index

import (
	"fmt"
	"slices"

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

// build returns the Bleve document of q, and its question's field, which
// once analysed holds the question's word pairs. Its prose is analysed
// into arena (nil: allocated).
func (b *documentBuilder) build(q *Question, arena *analysisArena) (*document.Document, *proseField, error) {
	doc := document.NewDocument(q.ID)
	var question *proseField
	for _, df := range documentFields(q) {
		r, ok := b.fields[df.name]
		if !ok {
			return nil, nil, fmt.Errorf("field %s is not in the mapping", df.name)
		}
		if !df.isList {
			f := b.field(df.name, r, nil, df.text, arena)
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
			doc.AddField(b.field(df.name, r, []uint64{uint64(i)}, s, arena))
		}
	}
	return doc, question, nil
}

func (b *documentBuilder) field(name string, r fieldRecipe, arrayPositions []uint64, value string, arena *analysisArena) document.Field {
	if r.analyzer == nil {
		return &proseField{name: name, text: []byte(value), positions: r.positions, an: b.prose, arena: arena}
	}
	return document.NewTextFieldCustom(name, arrayPositions, []byte(value), r.options, r.analyzer)
}

// defineAll adds to doc, without a value, each field of the mapping that
// none of a segment's documents holds (seen), so that every segment
// defines the same fields: zap's merge then copies the segments' postings
// as they are encoded instead of decoding and encoding them again (which
// it does for all the segments as soon as one of them lacks a field, as
// the few holding no exam code did). A field without a value has no term,
// no length and no doc value: the index is the same.
func (b *documentBuilder) defineAll(doc *document.Document, seen map[string]bool) {
	for _, name := range b.names {
		if seen[name] {
			continue
		}
		// With the options its fields with values have: zap keeps a
		// field's options as the segments agree on them.
		r := b.fields[name]
		options := r.options
		if r.analyzer == nil {
			options = (&proseField{positions: r.positions}).Options()
		}
		doc.AddField(&absentField{name: name, options: options})
	}
}

// absentField is a field of a document without a value: it names the
// field, with its options, and has nothing to index.
type absentField struct {
	name    string
	options bindex.FieldIndexingOptions
}

func (f *absentField) Name() string                                      { return f.name }
func (f *absentField) ArrayPositions() []uint64                          { return nil }
func (f *absentField) Options() bindex.FieldIndexingOptions              { return f.options }
func (f *absentField) Analyze()                                          {}
func (f *absentField) Value() []byte                                     { return nil }
func (f *absentField) NumPlainTextBytes() uint64                         { return 0 }
func (f *absentField) Size() int                                         { return len(f.name) + 16 }
func (f *absentField) EncodedFieldType() byte                            { return 't' }
func (f *absentField) AnalyzedLength() int                               { return 0 }
func (f *absentField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return nil }
