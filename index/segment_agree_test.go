package index_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/examsearch/examsearch/index"
)

// TestSegmentIsZapsMerge checks that the segment the build writes itself
// (index/zapwrite, from the questions inverted batch by batch) is, byte
// for byte, the segment zap makes of the same questions by making
// segments and merging them: the same stored IDs, dictionaries, postings,
// chunks, doc values and fields. Only the order in which zap lists a
// field's sections (a Go map's) and so the file's checksum may differ.
func TestSegmentIsZapsMerge(t *testing.T) {
	sets := map[string][]index.Question{"sample": realQuestions(t)}
	if testing.Short() {
		t.Log("short: the shared corpus's questions are left out")
	} else {
		qs := sharedBuildQuestions(t)
		sets["shared"] = qs[len(qs)/3 : len(qs)/3+5000]
	}
	for name, qs := range sets {
		for _, size := range []int{1, 37, 1000} {
			if name == "shared" && size == 1 {
				continue // 5,000 segments for zap to merge
			}
			t.Run(fmt.Sprintf("%s %d in batches of %d", name, len(qs), size), func(t *testing.T) {
				dir := t.TempDir()
				zapPath, ours := filepath.Join(dir, "zap"), filepath.Join(dir, "ours")
				if err := index.ZapSegment(qs, size, zapPath); err != nil {
					t.Fatal(err)
				}
				if err := index.WriteSegment(qs, size, ours); err != nil {
					t.Fatal(err)
				}
				want, got := canonicalSegment(t, zapPath), canonicalSegment(t, ours)
				if len(got) != len(want) {
					t.Errorf("our segment has %d bytes, zap's %d", len(got), len(want))
				}
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("our segment differs from zap's first at byte %d of %d: %x... against %x...", i, len(want), got[i:min(len(got), i+16)], want[i:min(len(want), i+16)])
					}
				}
			})
		}
	}
}

// canonicalSegment reads the zap segment at path with each field's list of
// sections in order of type, and without its checksum.
func canonicalSegment(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The footer: ..., sections index offset (8), chunk mode (4), version (4), CRC (4).
	sections := binary.BigEndian.Uint64(b[len(b)-20:])
	pos := sections
	n, k := binary.Uvarint(b[pos:])
	pos += uint64(k)
	for range n {
		field := binary.BigEndian.Uint64(b[pos:])
		pos += 8
		p := field
		nameLen, k := binary.Uvarint(b[p:])
		p += uint64(k) + nameLen
		_, k = binary.Uvarint(b[p:]) // options
		p += uint64(k)
		numSections, k := binary.Uvarint(b[p:])
		p += uint64(k)
		list := b[p : p+10*numSections]
		entries := make([][]byte, numSections)
		for i := range entries {
			entries[i] = slices.Clone(list[10*i : 10*i+10])
		}
		slices.SortFunc(entries, func(x, y []byte) int { return bytes.Compare(x[:2], y[:2]) })
		copy(list, bytes.Join(entries, nil))
	}
	return b[:len(b)-4]
}
