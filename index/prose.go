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

// maxLexiconWords bounds what a lexicon remembers: words (and as many
// terms) beyond it are stemmed each time they occur.
const maxLexiconWords = 250_000

// proseAnalysis gives prose fields the terms AnalyzerProse gives them
// (words, stop words out, Porter stems, positions counting the stop words),
// straight into term frequencies: no token per word, and each word looked
// up once, in a lexicon that remembers what it became and in which text its
// term was last numbered. Safe for concurrent use: each analysis takes a
// lexicon of its own, so a build has one per worker and no lock per word.
type proseAnalysis struct {
	stop     analysis.TokenMap
	stem     analysis.TokenFilter
	maxWords int
	mu       sync.Mutex
	idle     []*lexicon // lexicons not in use
}

// hotSlots is the size of a lexicon's table of recent short words.
const hotSlots = 1 << 12

// lexicon is one worker's memory of the words it has analysed, and its
// working memory for the text at hand.
type lexicon struct {
	// hot holds recent short words where their hash falls, copied in: a
	// common word is found there without hashing it through the large
	// map and following the pointers of its key and value.
	hot    [hotSlots]hotWord
	words  map[string]*termEntry // word -> its term; nil for a stop word
	terms  map[string]*termEntry // term -> entry, shared by the words of one stem
	spill  map[string]*termEntry // the current text's terms the lexicon had no room for
	text   uint32                // the current text's number
	forms  []*termEntry          // the current text's terms, by their number in it
	occs   []occurrence
	counts []int // occurrences of each of forms
}

// hotWord is a word of up to 15 bytes the lexicon remembers, and its term.
type hotWord struct {
	n    uint8 // the word's length; 0: an empty slot
	word [15]byte
	term *termEntry
}

// lookup finds what word becomes, as the lexicon's words map says (ok
// false when the word is not there).
func (lx *lexicon) lookup(word []byte) (t *termEntry, ok bool) {
	if len(word) >= 16 {
		t, ok = lx.words[string(word)]
		return t, ok
	}
	h := uint32(2166136261) // FNV-1a
	for _, c := range word {
		h = (h ^ uint32(c)) * 16777619
	}
	slot := &lx.hot[h&(hotSlots-1)]
	if int(slot.n) == len(word) && string(slot.word[:slot.n]) == string(word) {
		return slot.term, true
	}
	if t, ok = lx.words[string(word)]; ok {
		slot.n, slot.term = uint8(copy(slot.word[:], word)), t
	}
	return t, ok
}

// termEntry is a term, and its number in the text it was last seen in.
type termEntry struct {
	term []byte
	key  string // term as a string, shared by every document
	text uint32
	n    int32
}

// occurrence is a term at a place in the text.
type occurrence struct {
	n          int32 // the term's number in the text
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
	return &proseAnalysis{stop: stop, stem: stem, maxWords: maxLexiconWords}, nil
}

func (a *proseAnalysis) take() *lexicon {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n := len(a.idle); n > 0 {
		lx := a.idle[n-1]
		a.idle = a.idle[:n-1]
		return lx
	}
	return &lexicon{words: map[string]*termEntry{}, terms: map[string]*termEntry{}, spill: map[string]*termEntry{}}
}

func (a *proseAnalysis) give(lx *lexicon) {
	clear(lx.forms)
	clear(lx.spill)
	lx.forms, lx.occs = lx.forms[:0], lx.occs[:0]
	a.mu.Lock()
	a.idle = append(a.idle, lx)
	a.mu.Unlock()
}

// scan reads text's terms into lx: each distinct term once in lx.forms,
// each occurrence in lx.occs, in the order of the text.
func (a *proseAnalysis) scan(lx *lexicon, text []byte) {
	lx.text++
	pos := int32(0)
	Words(text, func(word []byte, start, end int, _ bool) {
		pos++
		t, ok := lx.lookup(word)
		if !ok {
			t = a.learn(lx, word)
		}
		if t == nil {
			return // a stop word
		}
		if t.text != lx.text {
			t.text, t.n = lx.text, int32(len(lx.forms))
			lx.forms = append(lx.forms, t)
		}
		lx.occs = append(lx.occs, occurrence{n: t.n, pos: pos, start: int32(start), end: int32(end)})
	})
}

// learn finds what a word the lexicon does not know becomes: nil for a
// stop word, else its term's entry. The lexicon remembers it while it has
// room; a term it has no room for is kept for the current text only.
func (a *proseAnalysis) learn(lx *lexicon, word []byte) *termEntry {
	room := len(lx.words) < a.maxWords && len(word) <= maxCachedWordLen
	if a.stop[string(word)] {
		if room {
			lx.words[string(word)] = nil
		}
		return nil
	}
	one := [1]*analysis.Token{{Term: append([]byte(nil), word...)}}
	a.stem.Filter(one[:])
	t := lx.terms[string(one[0].Term)]
	remembered := t != nil
	if t == nil {
		t = lx.spill[string(one[0].Term)]
	}
	if t == nil {
		t = &termEntry{term: one[0].Term, key: string(one[0].Term)}
		if remembered = len(lx.terms) < a.maxWords; remembered {
			lx.terms[t.key] = t
		} else {
			lx.spill[t.key] = t
		}
	}
	// A word is remembered only with a remembered term: one pointing to
	// a spilt term would, in a later text, give its stem a second entry
	// beside the one its other words get then.
	if room && remembered {
		lx.words[string(word)] = t
	}
	return t
}

// proseOptions are the indexing options of a prose field: indexed, with
// term vectors (positions) where positions are kept.
func proseOptions(positions bool) bindex.FieldIndexingOptions {
	if positions {
		return bindex.IndexField | bindex.IncludeTermVectors
	}
	return bindex.IndexField
}
