package index_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/zapwrite/zapwritetest"
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
				zapwritetest.Same(t, ours, zapPath, "the build's segment")
			})
		}
	}
}
