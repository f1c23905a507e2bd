package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/zapwrite"
)

// TestProseAnalysisMatchesAnalyzer analyses every text of the bundled
// sample, one after another as a build does, and compares each text's
// length and term frequencies (locations too) with what AnalyzerProse's
// tokens give, and its word pairs with AnalyzerPairs', with lexicons of
// every size: large enough for all words, full after a few words, and none.
func TestProseAnalysisMatchesAnalyzer(t *testing.T) {
	an, err := registry.NewCache().AnalyzerNamed(AnalyzerProse)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := registry.NewCache().AnalyzerNamed(AnalyzerPairs)
	if err != nil {
		t.Fatal(err)
	}
	// With a lexicon of 3 words: long words (never remembered) fill its
	// terms, then words of one stem come when it has room for words but
	// not for their term.
	long := strings.Repeat("x", maxCachedWordLen)
	texts := [][]byte{
		[]byte(long + "a " + long + "b " + long + "c"),
		[]byte("deploying"),
		[]byte("deploying deploys the deployed"),
		[]byte("deployed and deploys"),
	}
	dirs := []string{filepath.Join("..", "data", "sample")}
	if shared := sharedtest.Dir(t); shared != "" {
		dirs = append(dirs, filepath.Join(shared, "corpus", "dp-100"))
	}
	for _, dir := range dirs {
		err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") && !strings.HasSuffix(path, ".json") {
				return err
			}
			data, err := os.ReadFile(path)
			for len(data) > 0 { // texts of a comment's size, a few questions' too
				n := min(len(data), 100+len(texts)%7*200)
				texts, data = append(texts, data[:n]), data[n:]
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) < 104 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, maxWords := range []int{maxLexiconWords, 40, 3, 0} {
		pa, err := newProseAnalysis()
		if err != nil {
			t.Fatal(err)
		}
		pa.maxWords = maxWords
		for i, text := range texts {
			positions := i%2 == 0
			tokens := an.Analyze(text)
			options := bindex.IndexField
			if positions {
				options |= bindex.IncludeTermVectors
			}
			want := analysis.TokenFrequency(tokens, nil, options)
			n, got := pa.analyze(text, positions, nil)
			if n != len(tokens) || !reflect.DeepEqual(got, want) {
				t.Fatalf("lexicon of %d words, text %d (%q...): length %d, want %d; frequencies equal: %v",
					maxWords, i, text[:min(40, len(text))], n, len(tokens), reflect.DeepEqual(got, want))
			}
			var wantPairs []string // distinct, in the order they first stand
			for _, tok := range pairs.Analyze(text) {
				if !slices.Contains(wantPairs, string(tok.Term)) {
					wantPairs = append(wantPairs, string(tok.Term))
				}
			}
			if gotPairs := pa.analyzePairs(text); !slices.Equal(gotPairs, wantPairs) {
				t.Fatalf("lexicon of %d words, text %d (%q...): word pairs %q, want %q",
					maxWords, i, text[:min(40, len(text))], gotPairs, wantPairs)
			}
		}
	}
}

// BenchmarkProseAnalysis analyses the markdown questions of dp-100 (their
// discussions included) one after another into a field's run, as a
// build's worker inverts a field without positions.
func BenchmarkProseAnalysis(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(sharedtest.Require(b), "corpus", "dp-100", "questions", "*.md"))
	var texts [][]byte
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts, size = append(texts, data), size+len(data)
	}
	_, docs, err := newMappedBuilder()
	if err != nil {
		b.Fatal(err)
	}
	v := newInverter(docs)
	rb := zapwrite.NewRunBuilder(1, false)
	b.SetBytes(int64(size))
	for b.Loop() {
		for i, text := range texts {
			v.invertProse(rb, i, string(text), false, false, nil)
		}
		rb.Finish(len(texts))
	}
}

// A text's word pairs are its terms that stand side by side, stop words
// between them keeping them apart; each is listed once.
func TestPairTerms(t *testing.T) {
	pa, err := newProseAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"cloud zone", []string{"cloud zone"}},
		{"Cloud, zone. Cloud zone cloud", []string{"cloud zone", "zone cloud"}},
		{"cloud of the zone", nil},
		{"zone zone zone", []string{"zone zone"}},
		{"deploying clusters", []string{PairTerm("deploi", "cluster")}},
		{"cloud", nil},
		{"", nil},
	} {
		if got := pa.analyzePairs([]byte(c.text)); !slices.Equal(got, c.want) {
			t.Errorf("%q: pairs %q, want %q", c.text, got, c.want)
		}
	}
}
