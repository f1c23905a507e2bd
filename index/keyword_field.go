package index

import bindex "github.com/blevesearch/bleve_index_api"

// keywordField is a field of a Bleve document that the keyword analyser
// indexes (a facet, filter or sort key): its whole value is its one term,
// made here without the analyser's token stream. There are thirteen such
// fields a question, for which Bleve's text field made a million token
// streams for the shared corpus.
type keywordField struct {
	name    string
	array   []uint64
	value   []byte
	options bindex.FieldIndexingOptions
	freqs   bindex.TokenFrequencies
	tf      bindex.TokenFreq
}

func (f *keywordField) Name() string              { return f.name }
func (f *keywordField) ArrayPositions() []uint64  { return f.array }
func (f *keywordField) Value() []byte             { return f.value }
func (f *keywordField) EncodedFieldType() byte    { return 't' }
func (f *keywordField) NumPlainTextBytes() uint64 { return uint64(len(f.value)) }
func (f *keywordField) AnalyzedLength() int       { return 1 }
func (f *keywordField) Size() int                 { return len(f.value) + len(f.name) + 96 }
func (f *keywordField) AnalyzedTokenFrequencies() bindex.TokenFrequencies {
	return f.freqs
}

func (f *keywordField) Options() bindex.FieldIndexingOptions { return f.options }

// Analyze makes the field's one term, as the keyword tokenizer does even
// of an empty value.
func (f *keywordField) Analyze() {
	f.tf.Term = f.value
	f.tf.SetFrequency(1)
	f.freqs = bindex.TokenFrequencies{string(f.value): &f.tf}
}
