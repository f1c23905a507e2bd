package index

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Limits on what proseAnalysis remembers: forms of words for the whole
// build (as the stem cache), and a scratch's maps beyond which they are
// made anew rather than cleared.
const (
	maxForms        = 300_000
	maxScratchWords = 1 << 12
)

// proseAnalysis gives prose fields the terms AnalyzerProse gives them
// (words, stop words out, Porter stems, positions counting the stop words),
// straight into term frequencies: no token per word, and each distinct
// word of a text looked up once in the large map of known words, its other
// occurrences in a small map of the text's own. Safe for concurrent use.
type proseAnalysis struct {
	stop    analysis.TokenMap
	stem    analysis.TokenFilter
	mu      sync.RWMutex
	known   map[string]int32 // words seen: their number in forms
	forms   []wordForm
	scratch sync.Pool // *proseScratch
}

// wordForm is what a word becomes in the index: a term, or nothing (a
// stop word).
type wordForm struct {
	term []byte
	key  string // term as a string, shared by every document
	stop bool
}

// proseScratch is one analysis' working memory, reused through the pool.
type proseScratch struct {
	words map[string]int32 // the text's words: their term's number, or -1 (stop word)
	terms map[string]int32 // the text's terms: their number
	forms []wordForm       // by term number
	occs  []occurrence
}

// occurrence is a term at a place in the text.
type occurrence struct {
	n          int32 // the term's number
	pos        int32
	start, end int32
}

func newProseAnalysis() (*proseAnalysis, error) {
	cache := registry.NewCache()
	stop, err := cache.TokenMapNamed(en.StopName)
	if err != nil {
		return nil, fmt.Errorf("stop words: %w", err)
	}
	stem, err := cache.TokenFilterNamed(porter.Name)
	if err != nil {
		return nil, fmt.Errorf("stemmer: %w", err)
	}
	return &proseAnalysis{stop: stop, stem: stem, known: map[string]int32{}}, nil
}

func (a *proseAnalysis) getScratch() *proseScratch {
	if s, ok := a.scratch.Get().(*proseScratch); ok {
		return s
	}
	return &proseScratch{words: map[string]int32{}, terms: map[string]int32{}}
}

func (a *proseAnalysis) putScratch(s *proseScratch) {
	if len(s.words) > maxScratchWords {
		s.words, s.terms = map[string]int32{}, map[string]int32{}
	} else {
		clear(s.words)
		clear(s.terms)
	}
	clear(s.forms)
	s.forms, s.occs = s.forms[:0], s.occs[:0]
	a.scratch.Put(s)
}

// analyze returns the field length (terms after stop words) and the term
// frequencies of text, with locations when positions are kept.
func (a *proseAnalysis) analyze(text []byte, positions bool) (int, bindex.TokenFrequencies) {
	s := a.getScratch()
	defer a.putScratch(s)
	pos := int32(0)
	Words(text, func(word []byte, start, end int, _ bool) {
		pos++
		n, ok := s.words[string(word)]
		if !ok {
			n = s.term(a.form(word))
			s.words[string(word)] = n
		}
		if n >= 0 {
			s.occs = append(s.occs, occurrence{n: n, pos: pos, start: int32(start), end: int32(end)})
		}
	})
	occs := s.occs
	freqs := make(bindex.TokenFrequencies, len(s.forms))
	tfs := make([]bindex.TokenFreq, len(s.forms))
	counts := make([]int, len(s.forms))
	for _, o := range occs {
		counts[o.n]++
	}
	for n, f := range s.forms {
		tfs[n].Term = f.term
		tfs[n].SetFrequency(counts[n])
		freqs[f.key] = &tfs[n]
	}
	if positions && len(occs) > 0 {
		// Each term's locations in the order of the text, as sub-slices
		// of one slice of pointers into one slice of locations.
		locs := make([]bindex.TokenLocation, len(occs))
		ptrs := make([]*bindex.TokenLocation, len(occs))
		off := 0
		for n := range tfs {
			tfs[n].Locations = ptrs[off : off : off+counts[n]]
			off += counts[n]
		}
		for i, o := range occs {
			locs[i] = bindex.TokenLocation{Start: int(o.start), End: int(o.end), Position: int(o.pos)}
			tfs[o.n].Locations = append(tfs[o.n].Locations, &locs[i])
		}
	}
	return len(occs), freqs
}

// term numbers a word's form within the text: -1 for a stop word.
func (s *proseScratch) term(f wordForm) int32 {
	if f.stop {
		return -1
	}
	n, ok := s.terms[f.key]
	if !ok {
		n = int32(len(s.forms))
		s.terms[f.key] = n
		s.forms = append(s.forms, f)
	}
	return n
}

// form looks a word up: a stop word, or its stem, remembered.
func (a *proseAnalysis) form(word []byte) wordForm {
	a.mu.RLock()
	n, ok := a.known[string(word)]
	var f wordForm
	if ok {
		f = a.forms[n]
	}
	a.mu.RUnlock()
	if ok {
		return f
	}
	if a.stop[string(word)] {
		f = wordForm{stop: true}
	} else {
		one := [1]*analysis.Token{{Term: append([]byte(nil), word...)}}
		a.stem.Filter(one[:])
		f = wordForm{term: one[0].Term, key: string(one[0].Term)}
	}
	if len(word) <= maxCachedWordLen {
		a.mu.Lock()
		if _, ok := a.known[string(word)]; !ok && len(a.forms) < maxForms {
			a.known[string(word)] = int32(len(a.forms))
			a.forms = append(a.forms, f)
		}
		a.mu.Unlock()
	}
	return f
}

// proseField is a prose field of a Bleve document, analysed by
// proseAnalysis when Bleve asks (on its analysis workers).
type proseField struct {
	name      string
	text      []byte
	positions bool
	an        *proseAnalysis
	length    int
	freqs     bindex.TokenFrequencies
}

func (f *proseField) Name() string             { return f.name }
func (f *proseField) ArrayPositions() []uint64 { return nil }
func (f *proseField) Value() []byte            { return f.text }
func (f *proseField) EncodedFieldType() byte   { return 't' }
func (f *proseField) NumPlainTextBytes() uint64 {
	return uint64(len(f.text))
}
func (f *proseField) AnalyzedLength() int                               { return f.length }
func (f *proseField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *proseField) Size() int                                         { return len(f.text) + len(f.name) + 64 }

func (f *proseField) Options() bindex.FieldIndexingOptions {
	if f.positions {
		return bindex.IndexField | bindex.IncludeTermVectors
	}
	return bindex.IndexField
}

func (f *proseField) Analyze() {
	f.length, f.freqs = f.an.analyze(f.text, f.positions)
}
