package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index/sharedtest"
)

// Shapes of markdown that goldmark reads in quadratic time are refused
// before it reads them, naming where; question files pass.
func TestGuardRefusesSlowShapes(t *testing.T) {
	heading := "# Question 1\n\nWhich service?\n\n"
	tests := []struct {
		name, md string
		err      string // part of the error; "": none
	}{
		{"a question", heading + "A. AKS\nB. ACI\n", ""},
		{"images in a paragraph", heading + strings.Repeat("![diagram](https://img.example/a.png) text ", 20) + "\n", ""},
		{"nested as deep as allowed", heading + strings.Repeat("> ", maxNesting) + "x\n", ""},
		{"nested too deep", heading + strings.Repeat("> ", maxNesting+1) + "x\n", "line 5 nests 17"},
		{"lists nested too deep", heading + strings.Repeat("- ", 40) + "x\n", "line 5 nests 17"},
		{"numbered lists nested too deep", heading + strings.Repeat("1. ", 20) + "x\n", "nests 17"},
		{"quotes without spaces", heading + strings.Repeat(">", 1000) + " x\n", "nests 17"},
		{"paragraph too long", heading + strings.Repeat("word ", 7000) + "\n", "paragraph from line 5 is over 32 KB"},
		{"long paragraph over many lines", heading + strings.Repeat("a line of words\n", 2500), "paragraph from line 5"},
		{"paragraphs as long as allowed", heading + strings.Repeat(strings.Repeat("word ", 6000)+"\n\n", 3), ""},
		{"unclosed link destinations", heading + strings.Repeat("![x](", 6000) + "\n", "opens 6000 links in 29 KB"},
		{"unclosed links over paragraphs", heading + strings.Repeat(strings.Repeat("[a](<b", 2000)+"\n\n", 10), "opens 2000 links"},
		{"file too large", heading + strings.Repeat("a short paragraph\n\n", 60000), "more than a question file holds"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Guard([]byte(tc.md))
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("got %v, want an error with %q", err, tc.err)
			}
			if tc.err != "" {
				if !errors.Is(err, ErrTooComplex) {
					t.Fatalf("%v is not ErrTooComplex", err)
				}
				if _, perr := Parse([]byte(tc.md)); perr == nil || perr.Error() != err.Error() {
					t.Fatalf("Parse: %v, want the guard's error", perr)
				}
			}
		})
	}
}

// Every question file of the shared dp-100 dump and the seed pass.
func TestGuardPassesTheDumps(t *testing.T) {
	shared := sharedtest.Dir(t)
	if shared == "" {
		t.Skip("no shared corpus")
	}
	files, _ := filepath.Glob(filepath.Join(shared, "corpus", "dp-100", "questions", "*.md"))
	files = append(files, filepath.Join(shared, "seeds", "000_f0aaffd1bd3074a6.txt"))
	if len(files) < 500 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Guard(raw); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
