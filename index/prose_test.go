package index

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/index/sharedtest"
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
			n, got := pa.analyze(text, positions)
			if n != len(tokens) || !reflect.DeepEqual(got, want) {
				t.Fatalf("lexicon of %d words, text %d (%q...): length %d, want %d; frequencies equal: %v",
					maxWords, i, text[:min(40, len(text))], n, len(tokens), reflect.DeepEqual(got, want))
			}
			pairTokens := pairs.Analyze(text)
			wantPairs := analysis.TokenFrequency(pairTokens, nil, bindex.IndexField)
			n, gotPairs := pa.analyzePairs(text)
			if n != len(pairTokens) || !reflect.DeepEqual(gotPairs, wantPairs) {
				t.Fatalf("lexicon of %d words, text %d (%q...): %d word pairs, want %d; frequencies equal: %v",
					maxWords, i, text[:min(40, len(text))], n, len(pairTokens), reflect.DeepEqual(gotPairs, wantPairs))
			}
		}
	}
}

// BenchmarkProseAnalysis analyses the markdown questions of dp-100 (their
// discussions included) one after another, as a build's worker does.
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
	pa, err := newProseAnalysis()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, text := range texts {
			pa.analyze(text, false)
		}
	}
}

// A text's word pairs are its terms that stand side by side, stop words
// between them keeping them apart.
func TestPairTerms(t *testing.T) {
	pa, err := newProseAnalysis()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want map[string]uint64
	}{
		{"cloud zone", map[string]uint64{"cloud zone": 1}},
		{"Cloud, zone. Cloud zone cloud", map[string]uint64{"cloud zone": 2, "zone cloud": 2}},
		{"cloud of the zone", map[string]uint64{}},
		{"zone zone zone", map[string]uint64{"zone zone": 2}},
		{"deploying clusters", map[string]uint64{PairTerm("deploi", "cluster"): 1}},
		{"cloud", map[string]uint64{}},
		{"", map[string]uint64{}},
	} {
		n, freqs := pa.analyzePairs([]byte(c.text))
		got := map[string]uint64{}
		total := 0
		for term, tf := range freqs {
			got[term] = uint64(tf.Frequency())
			total += tf.Frequency()
		}
		if !reflect.DeepEqual(got, c.want) || n != total {
			t.Errorf("%q: pairs %v (%d), want %v", c.text, got, n, c.want)
		}
	}
}
