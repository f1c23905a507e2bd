package index

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

// The batches' word pairs, each list in term order, merge into one list
// a term, its documents ascending batch after batch; a term no batch has
// has no documents, and a cut list is an error naming it.
func TestWordPairsMergeAcrossSegments(t *testing.T) {
	cases := []struct {
		name string
		segs [][]pairOcc
		want map[string][]uint32
	}{
		{"one batch", [][]pairOcc{{{"b c", 2}, {"a b", 1}, {"a b", 0}}},
			map[string][]uint32{"a b": {0, 1}, "b c": {2}}},
		{"terms in some batches only", [][]pairOcc{{{"a b", 0}}, {{"c d", 5}}, {}, {{"a b", 9}, {"z z", 9}}},
			map[string][]uint32{"a b": {0, 9}, "c d": {5}, "z z": {9}}},
		{"large numbers", [][]pairOcc{{{"x y", 0}}, {{"x y", 1 << 31}, {"x y", 1<<32 - 1}}},
			map[string][]uint32{"x y": {0, 1 << 31, 1<<32 - 1}}},
		{"nothing", [][]pairOcc{{}, {}}, map[string][]uint32{}},
		{"many documents, kept as a bitmap", manyDocs(pairBitmapMin + 10), map[string][]uint32{"m n": seq(pairBitmapMin + 10), "o p": {7}}},
		{"just too few for a bitmap", manyDocs(pairBitmapMin - 1), map[string][]uint32{"m n": seq(pairBitmapMin - 1), "o p": {7}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := createStore(filepath.Join(t.TempDir(), "s.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var segs [][]byte
			for _, occs := range c.segs {
				segs = append(segs, batchPairs(occs))
			}
			if err := s.writePairs(segs); err != nil {
				t.Fatal(err)
			}
			got, err := StoredPairs(s)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("stored %v, want %v", got, c.want)
			}
			if docs, err := s.PairDocs("no such"); err != nil || !docs.IsEmpty() {
				t.Errorf("a pair no document holds: %v, %v", docs, err)
			}
		})
	}
	// A list cut inside a term's entry (not between two) is an error.
	first := len(batchPairs([]pairOcc{{"a b", 3}}))
	whole := batchPairs([]pairOcc{{"a b", 3}, {"c d", 4}})
	for cut := 1; cut < len(whole); cut++ {
		err := mergePairs([][]byte{whole[:cut]}, func(string, []uint32) error { return nil })
		if cut != first && !errors.Is(err, errPairList) {
			t.Errorf("list cut at %d of %d bytes: %v", cut, len(whole), err)
		}
	}
}

// manyDocs is pair "m n" in documents 0 to n-1, over two batches, and "o p"
// in document 7.
func manyDocs(n int) [][]pairOcc {
	segs := make([][]pairOcc, 2)
	for d := range uint32(n) {
		segs[d*2/uint32(n)] = append(segs[d*2/uint32(n)], pairOcc{"m n", d})
	}
	segs[0] = append(segs[0], pairOcc{"o p", 7})
	return segs
}

func seq(n int) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = uint32(i)
	}
	return out
}

// A stored value that is not one encodePairDocs writes is an error, never
// documents made up.
func TestPairDocsRefuseBadValues(t *testing.T) {
	bm, err := encodePairDocs(nil, seq(pairBitmapMin))
	if err != nil || bm[0] != pairBitmap {
		t.Fatalf("a bitmap's value: kind %d, %v", bm[0], err)
	}
	gaps, _ := encodePairDocs(nil, []uint32{3, 1 << 20})
	for _, v := range [][]byte{nil, {7}, {pairGaps, 0x80}, {pairBitmap, 1, 2, 3}, bm[:len(bm)-3], gaps[:len(gaps)-1]} {
		if docs, err := decodePairDocs(v); err == nil {
			t.Errorf("value %v read as %v", v, docs)
		}
	}
	for _, v := range [][]byte{bm, gaps} {
		if docs, err := decodePairDocs(v); err != nil || docs.IsEmpty() {
			t.Errorf("value %v: %v, %v", v[:4], docs, err)
		}
	}
}
