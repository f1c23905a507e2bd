package index

import (
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"
)

// wordsByRune is Words reading every rune, the way it read text before
// its ASCII table: FuzzWords checks that both find the same words.
func wordsByRune(input []byte, fn func(term []byte, start, end int, copied bool)) {
	var scratch []byte
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		term, lower := []byte(nil), true
		for i < len(input) {
			r, size = rune(input[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(input[i:])
			}
			if isWordRune(r) {
				if lower && (r >= utf8.RuneSelf || r >= 'A' && r <= 'Z') {
					lower, term = false, append(scratch[:0], input[start:i]...)
				}
				if !lower {
					term = appendLower(term, r)
				}
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
