package zapwrite_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/examsearch/examsearch/index/zapwrite"
)

// A segment of 3,000 documents in batches of 1,000: an ID each; a body of
// "common" (every document, at its first position), "rare" (document 7,
// twice) and "w<d mod 10>" (a term of many chunks); a tag "even" or "odd"
// with doc values, "seven" beside it in document 7, none in documents
// 0, 1,000 and 2,000.
const numDocs = 3000

var fields = []zapwrite.Field{
	{Name: zapwrite.IDField, Options: bindex.IndexField | bindex.StoreField},
	{Name: "body", Options: bindex.IndexField | bindex.IncludeTermVectors},
	{Name: "tag", Options: bindex.IndexField | bindex.DocValues},
}

func id(d int) string { return fmt.Sprintf("d%04d", d) }

// bodyLen is the number of terms in document d's body.
func bodyLen(d int) uint64 {
	if d == 7 {
		return 4
	}
	return 2
}

func tags(d int) []string {
	switch {
	case d%1000 == 0:
		return nil
	case d == 7:
		return []string{"odd", "seven"}
	case d%2 == 0:
		return []string{"even"}
	}
	return []string{"odd"}
}

func batches(t *testing.T) []zapwrite.Batch {
	t.Helper()
	var out []zapwrite.Batch
	runs := []*zapwrite.RunBuilder{zapwrite.NewRunBuilder(0, false), zapwrite.NewRunBuilder(1, false), zapwrite.NewRunBuilder(2, true)}
	for first := 0; first < numDocs; first += 1000 {
		b := zapwrite.Batch{}
		for local := range 1000 {
			d := first + local
			b.IDs = append(b.IDs, id(d))
			runs[0].Add(local, id(d), 1, 1, nil)
			// Terms of a document in any order.
			runs[1].Add(local, fmt.Sprintf("w%d", d%10), 1, bodyLen(d), []zapwrite.Loc{{Pos: 2, Start: 7, End: 9}})
			runs[1].Add(local, "common", 1, bodyLen(d), []zapwrite.Loc{{Pos: 1, Start: 0, End: 6}})
			if d == 7 {
				runs[1].Add(local, "rare", 2, bodyLen(d), []zapwrite.Loc{{Pos: 3, Start: 10, End: 14}, {Pos: 4, Start: 15, End: 19}})
			}
			for _, tag := range tags(d) {
				runs[2].Add(local, tag, 1, uint64(len(tags(d))), nil)
			}
		}
		for _, rb := range runs {
			b.Runs = append(b.Runs, rb.Finish(1000))
		}
		out = append(out, b)
	}
	return out
}

// TestWriteIsReadByZap writes the segment and reads it back with zap:
// stored IDs, dictionaries, postings with frequencies, norms and
// locations, one-hit terms and doc values.
func TestWriteIsReadByZap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "segment.zap")
	if err := zapwrite.Write(context.Background(), path, fields, batches(t)); err != nil {
		t.Fatal(err)
	}
	s, err := (&zap.ZapPlugin{}).Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	seg := s.(*zap.Segment)
	if seg.Count() != numDocs {
		t.Fatalf("%d documents, want %d", seg.Count(), numDocs)
	}
	if got := seg.Fields(); !slices.Equal(got, []string{"_id", "body", "tag"}) {
		t.Fatalf("fields %v", got)
	}
	for _, d := range []int{0, 7, 999, 1000, 2999} {
		got, err := seg.DocID(uint64(d))
		if err != nil || string(got) != id(d) {
			t.Fatalf("document %d has ID %q (%v), want %q", d, got, err, id(d))
		}
		found := postings(t, seg, "_id", id(d))
		if len(found) != 1 || found[0].doc != uint64(d) {
			t.Fatalf("the ID %s finds %v", id(d), found)
		}
	}
	if got, want := terms(t, seg, "body"), []string{"common", "rare", "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"}; !slices.Equal(got, want) {
		t.Fatalf("body's terms %v, want %v", got, want)
	}
	common := postings(t, seg, "body", "common")
	if len(common) != numDocs {
		t.Fatalf("common is in %d documents, want %d", len(common), numDocs)
	}
	for d, p := range common {
		if want := (posting{uint64(d), 1, norm(bodyLen(d)), "1:0-6"}); p != want {
			t.Fatalf("common's posting %d: %+v, want %+v", d, p, want)
		}
	}
	if got, want := postings(t, seg, "body", "rare"), []posting{{7, 2, norm(4), "3:10-14 4:15-19"}}; !slices.Equal(got, want) {
		t.Fatalf("rare's postings %+v, want %+v", got, want)
	}
	if got := postings(t, seg, "body", "w3"); len(got) != 300 || got[0].doc != 3 || got[299].doc != 2993 || got[150].locs != "2:7-9" {
		t.Fatalf("w3's postings: %d, from %+v to %+v", len(got), got[0], got[len(got)-1])
	}
	if got, want := postings(t, seg, "tag", "seven"), []posting{{7, 1, norm(2), ""}}; !slices.Equal(got, want) {
		t.Fatalf("seven's postings %+v, want %+v (a one-hit term)", got, want)
	}
	if got := postings(t, seg, "tag", "even"); len(got) != numDocs/2-3 {
		t.Fatalf("even is in %d documents, want %d", len(got), numDocs/2-3)
	}
	var dvs segment.DocVisitState
	for _, d := range []int{0, 1, 7, 8, 1000, 1001, 2047, 2999} {
		var got []string
		dvs, err = seg.VisitDocValues(uint64(d), []string{"tag"}, func(field string, term []byte) {
			got = append(got, string(term))
		}, dvs)
		if err != nil {
			t.Fatal(err)
		}
		if want := tags(d); !slices.Equal(got, want) {
			t.Fatalf("document %d's doc values %q, want %q", d, got, want)
		}
	}
}

// posting is what zap reads of a posting; locs as "pos:start-end ...".
type posting struct {
	doc, freq uint64
	norm      float64
	locs      string
}

// norm is the norm zap reads for a field of n terms.
func norm(n uint64) float64 { return float64(float32(1 / math.Sqrt(float64(n)))) }

func postings(t *testing.T, seg *zap.Segment, field, term string) []posting {
	t.Helper()
	dict, err := seg.Dictionary(field)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := dict.PostingsList([]byte(term), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []posting
	it := pl.Iterator(true, true, true, nil)
	for {
		p, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return out
		}
		var locs []string
		for _, l := range p.Locations() {
			if l.Field() != field {
				t.Fatalf("a location of %s in %s names the field %s", term, field, l.Field())
			}
			locs = append(locs, fmt.Sprintf("%d:%d-%d", l.Pos(), l.Start(), l.End()))
		}
		out = append(out, posting{p.Number(), p.Frequency(), p.Norm(), strings.Join(locs, " ")})
	}
}

func terms(t *testing.T, seg *zap.Segment, field string) []string {
	t.Helper()
	dict, err := seg.Dictionary(field)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	it := dict.AutomatonIterator(nil, nil, nil)
	for {
		e, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return out
		}
		out = append(out, e.Term)
	}
}

// TestWriteRefuses checks that what Write cannot write is refused with
// the reason, and leaves no file behind.
func TestWriteRefuses(t *testing.T) {
	good := batches(t)
	for _, tc := range []struct {
		name    string
		fields  []zapwrite.Field
		batches []zapwrite.Batch
		want    string
	}{
		{"no documents", fields, nil, "no documents"},
		{"_id not first", []zapwrite.Field{fields[1], fields[0], fields[2]}, good, "first field must be _id"},
		{"fields out of order", []zapwrite.Field{fields[0], fields[2], fields[1]}, good, "not in order"},
		{"a run missing", fields[:2], good, "has 3 runs for 2 fields"},
		{"doc values uncompressed", []zapwrite.Field{fields[0], fields[1], {Name: "tag", Options: fields[2].Options | bindex.SkipDVCompression}}, good, "field tag: doc values without chunks or compression"},
		{"doc values not kept", []zapwrite.Field{fields[0], {Name: "body", Options: bindex.IndexField | bindex.DocValues}, fields[2]}, good, "doc values of 0 documents out of 1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "segment.zap")
			err := zapwrite.Write(context.Background(), path, tc.fields, tc.batches)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Fatalf("error %v, want one naming %s and %q", err, path, tc.want)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Fatalf("a refused segment left %s (%v)", path, err)
			}
		})
	}
}

// TestWriteStopsWhenCancelled checks that a cancelled write stops, says
// so, and removes its file.
func TestWriteStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "segment.zap")
	if err := zapwrite.Write(ctx, path, fields, batches(t)); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Fatalf("error %v, want the cancellation", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a cancelled write left %s (%v)", path, err)
	}
}
