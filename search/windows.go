package search

import (
	"bytes"
	"slices"
)

// Windows are worth it for probes of at least minWindowProbe letters (a
// probe of one or two letters starts a good share of all words), and
// windows closer than joinGap bytes are read as one (a window costs a
// call of Words).
const (
	minWindowProbe = 3
	joinGap        = 64
	denseProbes    = 16 // an occurrence every 16 bytes or closer: read whole
)

// window is a stretch text[from:to] that highlighting reads; apart is set
// when words lie between it and the window before.
type window struct {
	from, to int
	apart    bool
}

// windows are the stretches of text that hold every word that may be
// marked: a marked word starts with a probe (see probe), so the words
// around the probes' occurrences, each stretch from and to a byte that no
// word holds (neither letter, digit nor apostrophe), where Words reads
// exactly as it does through the whole text. Windows with no word between
// them are joined, so that words next to each other stay next to each
// other for phrases; so are windows close to each other. low is text
// lowercased by appendLower. Texts that are not all ASCII, whose lowercase
// may move bytes, are read whole, as are texts when a probe is not ASCII.
func (m *matcher) windows(text string, low []byte) []window {
	whole := append(m.wins[:0], window{from: 0, to: len(text)})
	m.wins = whole
	if len(m.probes) == 0 || !isASCII(text) {
		return whole
	}
	at := m.at[:0]
	for _, p := range m.probes {
		if len(p) < minWindowProbe || !isASCII(p) {
			return whole
		}
		for i := 0; ; {
			j := bytes.Index(low[i:], []byte(p))
			if j < 0 {
				break
			}
			at = append(at, i+j)
			i += j + 1
		}
		if len(at) > len(low)/denseProbes {
			m.at = at
			return whole // probes everywhere: windows would save nothing
		}
	}
	slices.Sort(at)
	m.at = at
	wins := m.wins[:0]
	for _, p := range at {
		if k := len(wins); k > 0 && p < wins[k-1].to {
			continue // in the last window already: each byte is scanned once
		}
		from, to := p, p
		for from > 0 && inWord(low[from-1]) {
			from--
		}
		for to < len(low) && inWord(low[to]) {
			to++
		}
		if k := len(wins); k > 0 && (from <= wins[k-1].to+joinGap || !hasWord(low[wins[k-1].to:from])) {
			wins[k-1].to = max(wins[k-1].to, to)
			continue
		}
		wins = append(wins, window{from: from, to: to, apart: len(wins) > 0})
	}
	m.wins = wins
	return wins
}

// inWord tells whether an ASCII byte may be part of a word: a letter, a
// digit or an apostrophe ("don't").
func inWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '\''
}

// hasWord tells whether ASCII text holds a letter or a digit.
func hasWord(b []byte) bool {
	for _, c := range b {
		if c != '\'' && inWord(c) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
