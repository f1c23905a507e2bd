package zapwrite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/examsearch/examsearch/index/zapwrite"
	"github.com/examsearch/examsearch/index/zapwrite/zapwritetest"
)

// FuzzWriteIsZapsMerge writes random documents both ways, with Write
// from runs and with zap (a segment made by zap.New, then merged by zap
// as Bleve merges segments), and checks the two files are the same byte
// for byte but for the order of each field's sections and the checksum.
// The documents: up to 3,000 (so terms span several chunks), in batches of
// any size; a field with positions, one with doc values, one without
// either, terms from a vocabulary of any size.
func FuzzWriteIsZapsMerge(f *testing.F) {
	f.Add(uint64(1), uint16(0), uint16(0), uint8(0))
	f.Add(uint64(2), uint16(2999), uint16(999), uint8(3))
	f.Add(uint64(3), uint16(1500), uint16(37), uint8(200))
	f.Fuzz(func(t *testing.T, seed uint64, numDocs, batchSize uint16, vocab uint8) {
		n := int(numDocs)%3000 + 1
		size := int(batchSize)%n + 1
		words := int(vocab)%60 + 1
		docs := randomDocs(rand.New(rand.NewPCG(seed, 7)), n, words)
		dir := t.TempDir()
		ours, theirs := filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
		if err := zapwrite.Write(context.Background(), ours, fuzzFields, runsOf(docs, size)); err != nil {
			t.Fatal(err)
		}
		zapMerged(t, docs, theirs)
		zapwritetest.Same(t, ours, theirs, fmt.Sprintf("%d documents in batches of %d, %d words", n, size, words))
	})
}

var fuzzFields = []zapwrite.Field{
	{Name: zapwrite.IDField, Options: bindex.IndexField | bindex.StoreField},
	{Name: "kw", Options: bindex.IndexField | bindex.DocValues},
	{Name: "plain", Options: bindex.IndexField},
	{Name: "text", Options: bindex.IndexField | bindex.IncludeTermVectors},
}

// fuzzDoc is a document: per field after _id, its tokens in order.
type fuzzDoc struct {
	id     string
	tokens [3][]string
}

func randomDocs(rnd *rand.Rand, n, words int) []fuzzDoc {
	docs := make([]fuzzDoc, n)
	for d := range docs {
		docs[d].id = fmt.Sprintf("doc-%x-%d", rnd.Uint32(), d)
		for f := range docs[d].tokens {
			count := rnd.IntN(6)
			if d == 0 {
				count++ // every field defined
			}
			for range count {
				docs[d].tokens[f] = append(docs[d].tokens[f], fmt.Sprintf("w%d", rnd.IntN(words)))
			}
		}
	}
	return docs
}

// runsOf inverts docs with run builders, size documents a batch.
func runsOf(docs []fuzzDoc, size int) []zapwrite.Batch {
	builders := make([]*zapwrite.RunBuilder, len(fuzzFields))
	for i, f := range fuzzFields {
		builders[i] = zapwrite.NewRunBuilder(i, f.Options.IncludeDocValues())
	}
	var batches []zapwrite.Batch
	for first := 0; first < len(docs); first += size {
		part := docs[first:min(len(docs), first+size)]
		b := zapwrite.Batch{}
		for local, d := range part {
			b.IDs = append(b.IDs, d.id)
			builders[0].Add(local, d.id, 1, 1, nil)
			for f, tokens := range d.tokens {
				var order []string
				locs := map[string][]zapwrite.Loc{}
				for i, tok := range tokens {
					if _, ok := locs[tok]; !ok {
						order = append(order, tok)
					}
					locs[tok] = append(locs[tok], zapwrite.Loc{Pos: uint64(i + 1), Start: uint64(3 * i), End: uint64(3*i + 2)})
				}
				for _, tok := range order {
					var at []zapwrite.Loc
					if fuzzFields[f+1].Options.IncludeTermVectors() {
						at = locs[tok]
					}
					builders[f+1].Add(local, tok, uint64(len(locs[tok])), uint64(len(tokens)), at)
				}
			}
		}
		for _, rb := range builders {
			b.Runs = append(b.Runs, rb.Finish(len(part)))
		}
		batches = append(batches, b)
	}
	return batches
}

// zapMerged writes docs at path as Bleve would: a segment made by zap of
// their documents, merged by zap into one at path.
func zapMerged(t *testing.T, docs []fuzzDoc, path string) {
	t.Helper()
	analysed := make([]bindex.Document, len(docs))
	for i, d := range docs {
		doc := document.NewDocument(d.id)
		for f, tokens := range d.tokens {
			field := fuzzFields[f+1]
			tfs := bindex.TokenFrequencies{}
			for p, tok := range tokens {
				tf := tfs[tok]
				if tf == nil {
					tf = &bindex.TokenFreq{Term: []byte(tok)}
					tfs[tok] = tf
				}
				tf.SetFrequency(tf.Frequency() + 1)
				if field.Options.IncludeTermVectors() {
					tf.Locations = append(tf.Locations, &bindex.TokenLocation{Position: p + 1, Start: 3 * p, End: 3*p + 2})
				}
			}
			doc.AddField(&analysedField{name: field.Name, options: field.Options, length: len(tokens), freqs: tfs})
		}
		doc.AddIDField()
		doc.VisitFields(func(f bindex.Field) {
			if _, ok := f.(*analysedField); !ok {
				f.Analyze()
			}
		})
		analysed[i] = doc
	}
	var zp zap.ZapPlugin
	seg, _, err := zp.New(analysed)
	if err != nil {
		t.Fatal(err)
	}
	made := path + ".made"
	if err := seg.(segment.UnpersistedSegment).Persist(made); err != nil {
		t.Fatal(err)
	}
	opened, err := zp.Open(made)
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	if _, _, err := zp.Merge([]segment.Segment{opened}, []*roaring.Bitmap{nil}, path, make(chan struct{}), nil); err != nil {
		t.Fatal(err)
	}
}

// analysedField is a field of a Bleve document already analysed.
type analysedField struct {
	name    string
	options bindex.FieldIndexingOptions
	length  int
	freqs   bindex.TokenFrequencies
}

func (f *analysedField) Name() string                                      { return f.name }
func (f *analysedField) ArrayPositions() []uint64                          { return nil }
func (f *analysedField) Options() bindex.FieldIndexingOptions              { return f.options }
func (f *analysedField) Analyze()                                          {}
func (f *analysedField) Value() []byte                                     { return nil }
func (f *analysedField) NumPlainTextBytes() uint64                         { return 0 }
func (f *analysedField) Size() int                                         { return len(f.name) + 64 }
func (f *analysedField) EncodedFieldType() byte                            { return 't' }
func (f *analysedField) AnalyzedLength() int                               { return f.length }
func (f *analysedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
