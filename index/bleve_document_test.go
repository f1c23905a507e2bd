package index_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
	"github.com/examsearch/examsearch/index/source"
)

// The documents the build makes (prose analysed without a token stream)
// index exactly as Bleve's mapping indexes the map Document gives: the
// same terms, postings, frequencies, norms, positions, offsets and doc
// values, on the sample, the hostile corpus and crafted texts.
func TestDocumentsIndexAsTheMappingWould(t *testing.T) {
	qs := realQuestions(t)
	long := strings.Repeat("internationalization", 3)
	for i, text := range []string{
		"The model's GPU-based inferencing: deploying token_auth_enabled keys, Kubernetes clusters. The the the.",
		"Ünïcode İstanbul ΣΑΣ naïve café's résumé — CAFÉ Café",
		"a an the of and or but", // stop words only
		long + " " + long + "s short " + long,
		"deploy deploying deployed deploys DEPLOY Deploy's deployment",
		"",
	} {
		qs = append(qs, index.Question{ID: fmt.Sprintf("crafted-%d", i), Provider: "Crafted", Exam: "X-1", Number: i + 1,
			Text: text, Explanation: strings.ToUpper(text), Choices: []index.Choice{{Letter: "A", Text: text}},
			Comments: []index.Comment{{Text: text}, {Text: "deploying " + text}}, Services: []string{"Azure " + text, "AKS"}})
	}
	built := dump(t, qs, false)
	t.Logf("%d questions", len(qs))
	mapped := dump(t, qs, true)
	sameDump(t, built, mapped)
}

// sameDump fails unless built and mapped, dumps of indexes, are equal;
// mapped, Bleve's own, must say enough to make that mean something.
func sameDump(t *testing.T, built, mapped []string) {
	t.Helper()
	if len(mapped) < 1000 || !slices.ContainsFunc(mapped, func(s string) bool { return strings.Contains(s, "pos ") }) {
		t.Fatalf("the mapped index says too little: %d lines", len(mapped))
	}
	if !slices.Equal(built, mapped) {
		for i := range min(len(built), len(mapped)) {
			if built[i] != mapped[i] {
				t.Fatalf("indexes differ at line %d of %d/%d:\nbuilt:  %s\nmapped: %s", i, len(built), len(mapped), built[i], mapped[i])
			}
		}
		t.Fatalf("indexes differ in length: built %d lines, mapped %d", len(built), len(mapped))
	}
}

// Build inverts its questions batch by batch and writes its one segment
// itself (write.go, index/zapwrite): the index it leaves holds exactly
// what Bleve's own indexing of the mapped documents does, however the
// questions fall into batches.
func TestBuildIndexesAsBleveWould(t *testing.T) {
	want := realQuestions(t)
	mapped := dump(t, want, true)
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{1, 37, 100000} {
		t.Run(fmt.Sprintf("batches of %d", size), func(t *testing.T) {
			qs := loadQuestions(t)
			dst := filepath.Join(t.TempDir(), "idx")
			opts := index.BuildOptions{Dictionary: dict, BatchSize: size}
			if err := index.Build(context.Background(), dst, qs, index.NewReport(), opts); err != nil {
				t.Fatal(err)
			}
			ix, err := index.Open(dst)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if got := segments(t, ix.Bleve); got != 1 {
				t.Fatalf("the index has %d segments, want 1", got)
			}
			if c, _ := ix.Bleve.DocCount(); c != uint64(len(want)) {
				t.Fatalf("the index has %d documents, want %d", c, len(want))
			}
			sameDump(t, dumpIndex(t, ix.Bleve), mapped)
			samePairs(t, ix, want)
			for _, q := range want { // and the store holds every question
				got, err := ix.Store.Get(q.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Text != q.Text || got.Exam != q.Exam || len(got.Comments) != len(q.Comments) {
					t.Fatalf("question %s comes back from the store as %.60q (%d comments), not %.60q (%d)", q.ID, got.Text, len(got.Comments), q.Text, len(q.Comments))
				}
			}
		})
	}
}

// samePairs fails unless the word pairs of ix's store are those Bleve's
// AnalyzerPairs finds in the questions qs, each with the documents of the
// questions that hold it, as numbered in the Bleve index.
func samePairs(t *testing.T, ix *index.Index, qs []index.Question) {
	t.Helper()
	an, err := registry.NewCache().AnalyzerNamed(index.AnalyzerPairs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, q := range qs {
		seen := map[string]bool{}
		for _, tok := range an.Analyze([]byte(index.IndexText(q.Text))) {
			if term := string(tok.Term); !seen[term] {
				seen[term] = true
				want[term] = append(want[term], q.ID)
			}
		}
	}
	stored, err := index.StoredPairs(ix.Store)
	if err != nil {
		t.Fatal(err)
	}
	r := reader(t, ix.Bleve)
	defer r.Close()
	got := map[string][]string{}
	for term, docs := range stored {
		for _, d := range docs {
			id, err := r.ExternalID(binary.BigEndian.AppendUint64(nil, uint64(d)))
			if err != nil || id == "" {
				t.Fatalf("word pair %q: document %d is not in the index (%v)", term, d, err)
			}
			got[term] = append(got[term], id)
		}
	}
	for _, ids := range want {
		slices.Sort(ids)
	}
	for _, ids := range got {
		slices.Sort(ids)
	}
	if len(want) < 1000 {
		t.Fatalf("only %d word pairs in the questions", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		for term, ids := range want {
			if !slices.Equal(got[term], ids) {
				t.Fatalf("word pair %q: stored for %q, want %q (%d pairs stored, %d wanted)", term, got[term], ids, len(got), len(want))
			}
		}
		t.Fatalf("%d word pairs stored, want %d", len(got), len(want))
	}
}

// segments is how many segments bi's current snapshot has.
func segments(t *testing.T, bi bleve.Index) int {
	r := reader(t, bi)
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("not a scorch index: %T", r)
	}
	return len(snap.Segments())
}

// realQuestions are the questions of the sample, the hostile corpus and,
// when at hand, dp-100 (real discussions), merged and enriched as a build
// does.
func realQuestions(t *testing.T) []index.Question {
	t.Helper()
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	qs, _ := index.Merge(loadQuestions(t))
	index.Enrich(qs, dict)
	return qs
}

// loadQuestions are the questions realQuestions are made of, as read.
func loadQuestions(t *testing.T) []index.Question {
	t.Helper()
	inputs := []source.Input{{FS: data.Sample(), Name: "sample"}, {Path: "../search/testdata/hostile"}}
	if shared := sharedtest.Dir(t); shared != "" {
		inputs = append(inputs, source.Input{Path: filepath.Join(shared, "corpus", "dp-100")})
	}
	res, err := source.Load(context.Background(), inputs, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Questions
}

// dump lists everything a Bleve index of qs holds, in a canonical order.
func dump(t *testing.T, qs []index.Question, viaMapping bool) []string {
	t.Helper()
	bi, err := index.WriteBleveIndex(filepath.Join(t.TempDir(), "bleve"), qs, viaMapping)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	return dumpIndex(t, bi)
}

// dumpIndex lists everything bi holds, in a canonical order.
func dumpIndex(t *testing.T, bi bleve.Index) []string {
	t.Helper()
	r := reader(t, bi)
	defer r.Close()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(fields)
	var out []string
	for _, f := range fields {
		fd, err := r.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for de, err := fd.Next(); de != nil || err != nil; de, err = fd.Next() {
			if err != nil {
				t.Fatal(err)
			}
			// Not de.Count: zap miscounts terms met after a term of one
			// posting in a merged segment (blevesearch/zapx#445).
			ps := postings(t, r, f, de.Term)
			out = append(out, fmt.Sprintf("%s %q count %d", f, de.Term, len(ps)))
			out = append(out, ps...)
		}
		fd.Close()
	}
	dv, err := r.DocValueReader(fields)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	var docs []string
	for id, err := ids.Next(); id != nil || err != nil; id, err = ids.Next() {
		if err != nil {
			t.Fatal(err)
		}
		ext, _ := r.ExternalID(id)
		var vals []string
		if err := dv.VisitDocValues(id, func(field string, term []byte) { vals = append(vals, field+"="+string(term)) }); err != nil {
			t.Fatal(err)
		}
		slices.Sort(vals)
		docs = append(docs, fmt.Sprintf("doc %s values %q", ext, vals))
	}
	slices.Sort(docs)
	return append(out, docs...)
}

func postings(t *testing.T, r bindex.IndexReader, field, term string) []string {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var out []string
	for tfd, err := tfr.Next(nil); tfd != nil || err != nil; tfd, err = tfr.Next(nil) {
		if err != nil {
			t.Fatal(err)
		}
		ext, _ := r.ExternalID(tfd.ID)
		var b strings.Builder
		fmt.Fprintf(&b, "  %s freq %d norm %v", ext, tfd.Freq, tfd.Norm)
		for _, v := range tfd.Vectors {
			fmt.Fprintf(&b, " pos %d %d-%d %s %v", v.Pos, v.Start, v.End, v.Field, v.ArrayPositions)
		}
		out = append(out, b.String())
	}
	slices.Sort(out)
	return out
}

func reader(t *testing.T, bi bleve.Index) bindex.IndexReader {
	adv, err := bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
