package search

import (
	"context"
	"slices"
	"strings"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index"
)

const (
	maxCorrections  = 2 // corrected terms searched for one unknown word
	minCorrectionDF = 2 // documents a correction must be in
	letters         = "abcdefghijklmnopqrstuvwxyz"
)

// corrections are the index terms that the word would be indexed as with
// one typo fixed, most frequent first. Fuzzy matching compares stems, and a
// typo in a suffix defeats it: "samplng" stems to itself, two edits from
// "sampl", the stem of "sampling". Here every word one edit from what was
// typed is stemmed and looked up instead, as spelling correctors do.
func (e *Engine) corrections(ctx context.Context, word string, typed string) []string {
	r, err := openReader(e.ix)
	if err != nil {
		return nil
	}
	defer r.Close()
	rc, ok := r.(bindex.IndexReaderContains)
	if !ok {
		return nil
	}
	var dicts []bindex.FieldDictContains
	for _, f := range index.ProseFields {
		d, err := rc.FieldDictContains(f)
		if err != nil {
			return nil
		}
		dicts = append(dicts, d)
	}
	has := func(term string) bool {
		for _, d := range dicts {
			if ok, err := d.Contains([]byte(term)); ok && err == nil {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{typed: true}
	type cand struct {
		term string
		df   uint64
	}
	var cands []cand
	for _, v := range edits1(strings.ToLower(word)) {
		terms := e.analyze(v)
		if len(terms) != 1 || seen[terms[0]] {
			continue
		}
		t := terms[0]
		seen[t] = true
		if !has(t) {
			continue
		}
		df := uint64(0)
		for _, n := range e.termStats(ctx, t) {
			df += n
		}
		if df >= minCorrectionDF {
			cands = append(cands, cand{t, df})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int { return int(b.df) - int(a.df) })
	var out []string
	for _, c := range cands[:min(len(cands), maxCorrections)] {
		out = append(out, c.term)
	}
	return out
}

// edits1 are the words one deletion, transposition, replacement or
// insertion of a letter away from w.
func edits1(w string) []string {
	var out []string
	for i := 0; i <= len(w); i++ {
		head, tail := w[:i], w[i:]
		if tail != "" {
			out = append(out, head+tail[1:])
		}
		if len(tail) > 1 {
			out = append(out, head+tail[1:2]+tail[:1]+tail[2:])
		}
		for _, c := range letters {
			if tail != "" && byte(c) != tail[0] {
				out = append(out, head+string(c)+tail[1:])
			}
			out = append(out, head+string(c)+tail)
		}
	}
	return out
}
