package index

import (
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// The reference the build is compared with: each question as a Bleve
// document of the mapping's fields, analysers and options (prose analysed
// by proseAnalysis, as Bleve would analyse it with AnalyzerProse), and the
// segments zap makes of such documents and merges.

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

// analyze returns the field length (terms after stop words) and the term
// frequencies of text, with locations when positions are kept, and when
// pairs is set, the text's word pairs into it from the same scan.
func (a *proseAnalysis) analyze(text []byte, positions bool, pairs *[]string) (int, bindex.TokenFrequencies) {
	lx := a.take()
	defer a.give(lx)
	a.scan(lx, text)
	if pairs != nil {
		*pairs = lx.pairTerms()
	}
	freqs := make(bindex.TokenFrequencies, len(lx.forms))
	tfs := make([]*bindex.TokenFreq, len(lx.forms))
	for n, t := range lx.forms {
		tfs[n] = &bindex.TokenFreq{Term: t.term}
		freqs[t.key] = tfs[n]
	}
	for _, o := range lx.occs {
		tf := tfs[o.n]
		tf.SetFrequency(tf.Frequency() + 1)
		if positions {
			tf.Locations = append(tf.Locations, &bindex.TokenLocation{Start: int(o.start), End: int(o.end), Position: int(o.pos)})
		}
	}
	return len(lx.occs), freqs
}

// proseField is a prose field of a Bleve document, analysed by
// proseAnalysis when Bleve asks.
type proseField struct {
	name      string
	text      []byte
	positions bool
	// withPairs has the analysis find the text's word pairs too, into
	// pairs (see analyzePairs).
	withPairs bool
	pairs     []string
	an        *proseAnalysis
	length    int
	freqs     bindex.TokenFrequencies
}

func (f *proseField) Name() string                                      { return f.name }
func (f *proseField) ArrayPositions() []uint64                          { return nil }
func (f *proseField) Value() []byte                                     { return f.text }
func (f *proseField) EncodedFieldType() byte                            { return 't' }
func (f *proseField) NumPlainTextBytes() uint64                         { return uint64(len(f.text)) }
func (f *proseField) AnalyzedLength() int                               { return f.length }
func (f *proseField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *proseField) Size() int                                         { return len(f.text) + len(f.name) + 64 }
func (f *proseField) Options() bindex.FieldIndexingOptions              { return proseOptions(f.positions) }

func (f *proseField) Analyze() {
	var pairs *[]string
	if f.withPairs {
		pairs = &f.pairs
	}
	f.length, f.freqs = f.an.analyze(f.text, f.positions, pairs)
}

// zapSegment writes the documents of qs as one zap segment at path, made
// by zap as Bleve's own indexing makes one (an _id field added, then every
// indexed field analysed).
func zapSegment(docs *documentBuilder, qs []Question, path string) error {
	analysed := make([]bindex.Document, len(qs))
	for i := range qs {
		doc, _, err := docs.build(&qs[i])
		if err != nil {
			return fmt.Errorf("index question %s: %w", qs[i].ID, err)
		}
		doc.AddIDField()
		doc.VisitFields(func(f bindex.Field) {
			if f.Options().IsIndexed() {
				f.Analyze()
			}
		})
		analysed[i] = doc
	}
	seg, _, err := (&zap.ZapPlugin{}).New(analysed)
	if err != nil {
		return fmt.Errorf("make segment %s: %w", path, err)
	}
	us, ok := seg.(segment.UnpersistedSegment)
	if !ok {
		return fmt.Errorf("make segment %s: zap made a %T, which cannot be written", path, seg)
	}
	return us.Persist(path)
}

// mergeZapSegments merges the zap segments at paths, in that order, into
// one at dst, as Bleve merges segments.
func mergeZapSegments(paths []string, dst string) (err error) {
	var zp zap.ZapPlugin
	segs := make([]segment.Segment, 0, len(paths))
	defer func() {
		for _, s := range segs {
			if cerr := s.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	for _, p := range paths {
		s, err := zp.Open(p)
		if err != nil {
			return fmt.Errorf("open segment %s: %w", p, err)
		}
		segs = append(segs, s)
	}
	_, _, err = zp.Merge(segs, make([]*roaring.Bitmap, len(segs)), dst, make(chan struct{}), nil)
	return err
}
