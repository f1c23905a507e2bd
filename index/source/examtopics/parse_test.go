package examtopics

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// parseCrafted parses testdata/crafted_page.json.
func parseCrafted(t *testing.T) Page {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "crafted_page.json"))
	if err != nil {
		t.Fatal(err)
	}
	page, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func TestParseGolden(t *testing.T) {
	page := parseCrafted(t)
	got, _ := json.MarshalIndent(page, "", "  ")
	sharedtest.Golden(t, filepath.Join("testdata", "crafted_page.golden.json"), got, *update)
}

func TestParseCrafted(t *testing.T) {
	page := parseCrafted(t)
	if page.Exam != "ACME Certified Thing ACM-101" || page.Provider != "Acme" || len(page.Questions) != 2 || len(page.Notes) != 1 {
		t.Fatalf("exam %q provider %q questions %d notes %v", page.Exam, page.Provider, len(page.Questions), page.Notes)
	}
	hot, multi := page.Questions[0], page.Questions[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"discussion id from URL", hot.DiscussionID, "777"},
		{"topic from URL", hot.Topic, "Topic 2"},
		{"number from URL", hot.Number, 5},
		{"exam code", hot.ExamCode, "ACM-101"},
		{"placeholder became an image", strings.Contains(hot.Text, "![Question image 1](https://example.invalid/q.png)"), true},
		{"no placeholder left", strings.Contains(hot.Text, "//IMG//"), false},
		{"generic kept as text", strings.Contains(hot.Text, "<String>"), true},
		{"answer words are not letters", hot.Answer, ""},
		{"hotspot", hot.Type, index.TypeHotspot},
		{"reply flattened", len(hot.Comments), 2},
		{"reply points at parent", hot.Comments[1].ReplyTo, "1"},
		{"selected answer", hot.Comments[0].Selected, "B"},
		{"upvotes", hot.Comments[0].Upvotes, 7},
		{"truncated URL: topic from field", multi.Topic, "Topic 1"},
		{"truncated URL: number from question_id", multi.Number, 9},
		{"choices in letter order", multi.Choices[0].Letter + multi.Choices[2].Letter, "AC"},
		{"multiple choice", multi.Type, index.TypeMultiple},
		{"votes", len(multi.Community), 2},
		{"community top", multi.CommunityAnswer(), "AB"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestParseBroken(t *testing.T) {
	for _, tc := range []struct {
		file    string
		notPage bool
	}{{"truncated.json", false}, {"html_page.json", false}, {"not_page.json", true}} {
		raw, _ := os.ReadFile(filepath.Join("testdata", tc.file))
		_, err := Parse(raw)
		if err == nil {
			t.Errorf("%s: no error", tc.file)
		}
		if errors.Is(err, ErrNotPage) != tc.notPage {
			t.Errorf("%s: ErrNotPage=%v, want %v (%v)", tc.file, errors.Is(err, ErrNotPage), tc.notPage, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"crafted_page.json", "truncated.json", "html_page.json", "not_page.json"} {
		if raw, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(`{"pageProps":{"questions":[{"url":"/view/1-exam-x-topic-1-question-2-discussion/","discussion":[{"comments":[{"comments":[]}]}]}],"exam":{"name":"X"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := Parse(data)
		if err != nil {
			return
		}
		for _, q := range page.Questions {
			if q.Exam != page.Exam || strings.Contains(q.Text, imagePlaceholder) && len(q.Images) > 0 {
				t.Fatalf("inconsistent question %+v", q)
			}
		}
	})
}

// BenchmarkParse parses the first JSON page of the shared corpus.
func BenchmarkParse(b *testing.B) {
	var raw []byte
	sharedPages(b, func(_ int, f *zip.File) bool { return f.UncompressedSize64 > 10000 }, func(_ string, page []byte) bool {
		raw = page
		return false
	})
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCollapseComments collapses the spaces of the comments of every
// tenth page of the shared corpus, as parsing does (most need nothing).
func BenchmarkCollapseComments(b *testing.B) {
	var texts []string
	size := 0
	var walk func([]wireComment)
	walk = func(cs []wireComment) {
		for _, c := range cs {
			_, text := index.SplitSelected(c.Content)
			texts = append(texts, strings.Clone(text))
			size += len(text)
			walk(c.Replies)
		}
	}
	sharedPages(b, func(i int, _ *zip.File) bool { return i%10 == 0 }, func(_ string, raw []byte) bool {
		var p page
		if decode(raw, &p) == nil && p.PageProps != nil { // not one of the broken pages
			for _, q := range p.PageProps.Questions {
				walk(q.Discussion)
			}
		}
		return true
	})
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			_ = index.CollapseSpace(t)
		}
	}
}
