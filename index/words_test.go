package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// wordsByRune finds words as Words defines them, written another way: the
// text decoded into runes first, then read rune by rune. FuzzWords checks
// that both find the same words.
func wordsByRune(input []byte, fn func(term []byte, start, end int, copied bool)) {
	type decoded struct {
		r  rune
		at int
	}
	var rs []decoded
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		rs = append(rs, decoded{r, i})
		i += size
	}
	at := func(k int) int {
		if k < len(rs) {
			return rs[k].at
		}
		return len(input)
	}
	word := func(k int) bool { return k < len(rs) && isWordRune(rs[k].r) }
	letter := func(k int) bool { return k < len(rs) && unicode.IsLetter(rs[k].r) }
	// A term is the input's own bytes only when they are lowercase ASCII
	// letters and digits.
	emit := func(term []rune, start, rawEnd, end int) {
		copied := string(term) != string(input[start:rawEnd]) ||
			strings.IndexFunc(string(term), func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) >= 0
		fn([]byte(string(term)), start, end, copied)
	}
	for k := 0; k < len(rs); {
		if !word(k) {
			k++
			continue
		}
		start, term := at(k), []rune(nil)
		for k < len(rs) {
			switch r := rs[k].r; {
			case word(k):
				term = append(term, unicode.ToLower(r))
				k++
				continue
			case (r == '\'' || r == '’') && letter(k+1) && (rs[k+1].r == 's' || rs[k+1].r == 'S') && !word(k+2):
				emit(term, start, at(k), at(k+1)+1) // possessive: dropped
				k += 2
				term = nil
			case (r == '\'' || r == '’') && letter(k+1):
				term = append(term, '\'')
				k++
				continue
			}
			break
		}
		if term != nil {
			emit(term, start, at(k), at(k))
		}
	}
}

// wordList is what Words gives, as text.
func wordList(words func([]byte, func([]byte, int, int, bool)), input []byte) []string {
	var out []string
	words(input, func(term []byte, start, end int, copied bool) {
		out = append(out, fmt.Sprintf("%q %d %d %v", term, start, end, copied))
	})
	return out
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "The model's GPU-based inferencing: deploying token_auth_enabled KEYS", "Ünïcode İstanbul ΣΑΣ’s x'y 'quoted' s3://bucket/Key", "bad \xff bytes \xc3", "don't JAMES'S it’S A's"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		if got, want := wordList(Words, input), wordList(wordsByRune, input); !slices.Equal(got, want) {
			t.Fatalf("Words(%q) = %v, reading every rune %v", input, got, want)
		}
	})
}
