package index

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// TokenizerWords names the prose tokenizer: runs of letters and digits,
// lowercased, with possessive 's dropped; identifiers such as
// token_auth_enabled are split into their words, so that "token auth"
// finds them and "token_auth_enabled" finds them as a phrase. It does the work of
// Bleve's Unicode word segmenter, lowercase and possessive filters in one
// pass, several times faster, which matters for 660k comments.
const TokenizerWords = "examsearch_words"

func init() {
	// Bleve's registry is how analysis components are named in a mapping;
	// registering at init is its documented use.
	if err := registry.RegisterTokenizer(TokenizerWords, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(AnalyzerProse, proseAnalyzer); err != nil {
		panic(err)
	}
}

func proseAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(TokenizerWords)
	if err != nil {
		return nil, err
	}
	stop, err := cache.TokenFilterNamed(en.StopName)
	if err != nil {
		return nil, err
	}
	stem, err := cache.TokenFilterNamed(porter.Name)
	if err != nil {
		return nil, err
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{stop, newStemCache(stem)}}, nil
}

// Stems are remembered for words up to maxCachedWordLen bytes, up to
// maxCachedStems words; later words are stemmed each time.
const (
	maxCachedStems   = 300_000
	maxCachedWordLen = 24
)

// stemCache remembers the stems of the words it has seen. A corpus says the
// same few thousand words over and over, and the Porter stemmer (runes in,
// runes out) was a tenth of the build. Safe for concurrent use, as Bleve
// analyses documents in parallel.
type stemCache struct {
	stem  analysis.TokenFilter
	mu    sync.RWMutex
	stems map[string][]byte
}

func newStemCache(stem analysis.TokenFilter) *stemCache {
	return &stemCache{stem: stem, stems: map[string][]byte{}}
}

func (c *stemCache) Filter(input analysis.TokenStream) analysis.TokenStream {
	var one [1]*analysis.Token
	for _, t := range input {
		if t.KeyWord {
			continue
		}
		c.mu.RLock()
		s, ok := c.stems[string(t.Term)]
		c.mu.RUnlock()
		if ok {
			t.Term = s // shared: nothing after this filter changes terms
			continue
		}
		word := string(t.Term)
		one[0] = t
		c.stem.Filter(one[:])
		if len(word) <= maxCachedWordLen {
			c.mu.Lock()
			if len(c.stems) < maxCachedStems {
				c.stems[word] = t.Term
			}
			c.mu.Unlock()
		}
	}
	return input
}

type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	pool := make([]analysis.Token, 0, len(input)/6+1)
	var arena []byte // lowercased copies of words that were not lowercase
	pos := 0
	Words(input, func(term []byte, start, end int, copied bool) {
		if copied {
			if len(arena)+len(term) > cap(arena) {
				arena = make([]byte, 0, max(1024, len(term)))
			}
			arena = append(arena, term...)
			term = arena[len(arena)-len(term) : len(arena) : len(arena)]
		}
		pos++
		pool = append(pool, analysis.Token{Term: term, Start: start, End: end, Position: pos, Type: analysis.AlphaNumeric})
		out = append(out, &pool[len(pool)-1])
		if len(pool) == cap(pool) {
			pool = make([]analysis.Token, 0, 64)
		}
	})
	return out
}

// Words calls fn with each word of input as the prose tokenizer sees it:
// lowercased, possessive dropped, with its byte offsets. A lowercase ASCII
// word is input's own bytes; otherwise (copied) term is a scratch buffer
// that is only valid during the call. ASCII bytes are classed through a
// table, the rest decoded rune by rune (FuzzWords compares it with
// reading every rune).
func Words(input []byte, fn func(term []byte, start, end int, copied bool)) {
	var scratch []byte
	for i := 0; i < len(input); {
		if c := input[i]; c < utf8.RuneSelf {
			if asciiWord[c] == notWord {
				i++
				continue
			}
		} else if r, size := utf8.DecodeRune(input[i:]); !isWordRune(r) {
			i += size
			continue
		}
		start := i
		term, lower := []byte(nil), true
		for i < len(input) {
			r, size := rune(input[i]), 1
			if r < utf8.RuneSelf {
				switch asciiWord[r] {
				case lowerWord:
					if !lower {
						term = append(term, byte(r))
					}
					i++
					continue
				case upperWord:
					if lower {
						lower, term = false, append(scratch[:0], input[start:i]...)
					}
					term = append(term, byte(r)+'a'-'A')
					i++
					continue
				}
			} else if r, size = utf8.DecodeRune(input[i:]); isWordRune(r) {
				if lower {
					lower, term = false, append(scratch[:0], input[start:i]...)
				}
				term = appendLower(term, r)
				i += size
				continue
			}
			if (r == '\'' || r == '’') && i+size < len(input) && startsWithLetter(input[i+size:]) {
				if rest := input[i+size:]; (rest[0] == 's' || rest[0] == 'S') && (len(rest) == 1 || !startsWithWord(rest[1:])) {
					end := i
					i += size + 1 // possessive: "model's" is "model"
					if lower {
						fn(input[start:end:end], start, i, false)
					} else {
						scratch = term
						fn(term, start, i, true)
					}
					goto next
				}
				if lower {
					lower, term = false, append(scratch[:0], input[start:i]...)
				}
				term = append(term, '\'')
				i += size
				continue
			}
			break
		}
		if lower { // plain lowercase ASCII: the input's own bytes will do
			fn(input[start:i:i], start, i, false)
		} else {
			scratch = term
			fn(term, start, i, true)
		}
	next:
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r] != notWord
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func appendLower(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

func startsWithLetter(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}

func startsWithWord(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return isWordRune(r)
}
