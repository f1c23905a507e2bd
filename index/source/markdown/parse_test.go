package markdown

import (
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

func TestParseGolden(t *testing.T) {
	for _, name := range []string{"one_block.md", "hostile.md", "bad_utf8.md", "image_only.md"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Parse(raw)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			got, _ := json.MarshalIndent(res, "", "  ")
			sharedtest.Golden(t, filepath.Join("testdata", strings.TrimSuffix(name, ".md")+".golden.json"), got, *update)
		})
	}
}

func TestParseCrafted(t *testing.T) {
	read := func(name string) Result {
		t.Helper()
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Parse(raw)
		if err != nil {
			t.Fatalf("parse %s: %v", name, err)
		}
		return res
	}
	t.Run("details in one raw block", func(t *testing.T) {
		q := read("one_block.md").Question
		if q.Number != 7 || q.Answer != "A" || len(q.Choices) != 3 || q.Choices[1].Text != "Use hot storage" {
			t.Fatalf("got number %d answer %q choices %+v", q.Number, q.Answer, q.Choices)
		}
		if !strings.Contains(q.Explanation, "costs less & keeps") || len(q.Comments) != 1 {
			t.Fatalf("explanation %q, %d comments", q.Explanation, len(q.Comments))
		}
		c := q.Comments[0]
		if c.Author != "ann" || c.Upvotes != 5 || c.Selected != "A" || c.Text != "Cold is right <3" || c.Date.Year() != 2024 {
			t.Fatalf("comment %+v", c)
		}
	})
	t.Run("scripts removed and noted", func(t *testing.T) {
		res := read("hostile.md")
		if len(res.Question.Comments) != 1 || strings.Contains(res.Question.Comments[0].Text, "alert") {
			t.Fatalf("script text kept: %+v", res.Question.Comments)
		}
		if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "script") {
			t.Fatalf("no note about the script: %v", res.Notes)
		}
		if res.Question.Type != index.TypeYesNo {
			t.Fatalf("type %s", res.Question.Type)
		}
	})
	t.Run("invalid UTF-8 replaced", func(t *testing.T) {
		res := read("bad_utf8.md")
		if !strings.Contains(res.Question.Text, "\uFFFD") || len(res.Notes) == 0 {
			t.Fatalf("text %q notes %v", res.Question.Text, res.Notes)
		}
	})
	t.Run("image only", func(t *testing.T) {
		q := read("image_only.md").Question
		if q.Type != index.TypeHotspot || len(q.AnswerImages) != 1 || len(q.Images) != 1 || q.Answer != "" {
			t.Fatalf("got %+v", q)
		}
	})
	t.Run("no question", func(t *testing.T) {
		raw, _ := os.ReadFile(filepath.Join("testdata", "no_heading.md"))
		if _, err := Parse(raw); !errors.Is(err, ErrNoQuestion) {
			t.Fatalf("want ErrNoQuestion, got %v", err)
		}
		for _, in := range []string{"", "plain words", "# Question 1\n\n"} {
			if _, err := Parse([]byte(in)); err == nil {
				t.Errorf("Parse(%q) succeeded", in)
			}
		}
	})
}

func TestParseSeed(t *testing.T) {
	shared := sharedtest.Require(t)
	raw, err := os.ReadFile(filepath.Join(shared, "seeds", "000_f0aaffd1bd3074a6.txt"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := res.Question
	if q.Number != 374 || q.Answer != "B" || len(q.Choices) != 4 || q.Choices[1].Text != "Azure Kubernetes Service" {
		t.Fatalf("number %d answer %q choices %+v", q.Number, q.Answer, q.Choices)
	}
	if !strings.Contains(q.Explanation, "GPU") {
		t.Errorf("explanation does not mention GPU: %q", q.Explanation)
	}
	// The seed holds eight <blockquote> comments.
	if len(q.Comments) != 8 {
		t.Fatalf("%d comments", len(q.Comments))
	}
	for _, c := range q.Comments {
		if c.Author == "" || c.Date.IsZero() {
			t.Errorf("comment without author or date: %+v", c)
		}
	}
	if c := q.Comments[0]; c.Author != "ACSC" || c.Upvotes != 19 {
		t.Errorf("first comment %+v", c)
	}
	if q.Type != index.TypeSingle || q.Created.Format("2006-01-02") != "2021-03-27" {
		t.Errorf("type %s created %s", q.Type, q.Created)
	}
}

func TestParseAllDP100(t *testing.T) {
	shared := sharedtest.Require(t)
	files, err := filepath.Glob(filepath.Join(shared, "corpus", "dp-100", "questions", "*.md"))
	if err != nil || len(files) != 521 {
		t.Fatalf("want 521 files, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Parse(raw)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		q := res.Question
		if q.Number == 0 || strings.TrimSpace(q.Text) == "" {
			t.Errorf("%s: number %d, text %q", f, q.Number, q.Text)
		}
		if q.Answer == "" && len(q.AnswerImages) == 0 {
			t.Errorf("%s: no answer letters and no answer image", f)
		}
		if len(q.Choices) == 0 && q.Type != index.TypeImageOnly && q.Type != index.TypeHotspot && q.Type != index.TypeDragDrop {
			t.Errorf("%s: no choices but type %s", f, q.Type)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"one_block.md", "hostile.md", "bad_utf8.md", "image_only.md", "no_heading.md"} {
		if raw, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(raw)
		}
	}
	if shared := sharedtest.Dir(f); shared != "" {
		if raw, err := os.ReadFile(filepath.Join(shared, "seeds", "000_f0aaffd1bd3074a6.txt")); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("# Question 1\n\n<details><summary>Show Discussions</summary><blockquote><p>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(data)
		if err == nil && res.Question.Number < 0 {
			t.Fatalf("negative number")
		}
	})
}

// BenchmarkParse parses the seed question (markdown with the discussion in
// HTML blocks).
func BenchmarkParse(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(sharedtest.Require(b), "seeds", "000_f0aaffd1bd3074a6.txt"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Parse(raw); err != nil {
			b.Fatal(err)
		}
	}
}
