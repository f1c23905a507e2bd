package index

import (
	"html"
	"strings"
	"testing"
	"unicode"
)

func TestExamCode(t *testing.T) {
	for name, want := range map[string]string{
		"DP-100": "DP-100", "AWS Certified AI Practitioner AIF-C01": "AIF-C01", "Professional Cloud Architect": "",
		"312-50v12": "312-50v12", "NSE4_FGT-7.2": "NSE4_FGT-7.2", "CISSP": "CISSP", "2V0-21.19 PSE": "2V0-21.19",
		"Vault Associate 002": "", "COBIT 2019": "", "AWS Certified Developer Associate": "",
	} {
		if got := ExamCode(name); got != want {
			t.Errorf("ExamCode(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	for in, want := range map[string]string{"B": "B", "BD": "BD", "A, C": "AC", "B -": "B", "Explanation": "", "See explanation below.": "", "С": "", "": ""} {
		if got := ParseAnswer(in); got != want {
			t.Errorf("ParseAnswer(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextKey(t *testing.T) {
	md := "DRAG DROP -\n\nYou  plan to use &amp; AKS.\n\n![Question Image](../images/q1.png)"
	js := "DRAG DROP -\nYou plan to use & AKS.\n//IMG//"
	if TextKey(md) != TextKey(js) {
		t.Errorf("%q != %q", TextKey(md), TextKey(js))
	}
}

var stripCases = map[string]string{
	"a ![x](y.png) b":              "a   b",
	"a ![broken b":                 "a ![broken b",
	"![x](y) ![z](w)c":             "   c",
	"![a\nb](c) ![d](e)":           "![a\nb](c)  ",
	"![a](b c) ![d](e)":            "![a](b c)  ",
	"![![![x](y)":                  " ",
	"![x](y\n) ![z](w)":            "![x](y\n)  ",
	"![x](](](y)":                  " ",
	"![x](y":                       "![x](y",
	"![](): ![x](a b)![y](c)d](e)": " : ![x](a b) d](e)",
}

func TestStripImages(t *testing.T) {
	for in, want := range stripCases {
		if got := StripImages(in); got != want {
			t.Errorf("StripImages(%q) = %q, want %q", in, got, want)
		}
		if ref := stripImagesEachAfresh(in); ref != want {
			t.Errorf("reference(%q) = %q, want %q: the case is wrong", in, ref, want)
		}
	}
}

// stripImagesEachAfresh is StripImages looking up the end of every "![" afresh:
// simple, and quadratic.
func stripImagesEachAfresh(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "![")
		if i < 0 {
			break
		}
		end := -1
		rest := s[i:]
		if close := strings.Index(rest, "]("); close >= 0 && !strings.Contains(rest[:close], "\n") {
			if paren := strings.IndexByte(rest[close+2:], ')'); paren >= 0 && !strings.ContainsAny(rest[close+2:close+2+paren], "\n ") {
				end = close + 2 + paren + 1
			}
		}
		if end < 0 {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[i+end:]
	}
	b.WriteString(s)
	return b.String()
}

func FuzzStripImages(f *testing.F) {
	for in := range stripCases {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := StripImages(s), stripImagesEachAfresh(s); got != want {
			t.Fatalf("StripImages(%q) = %q, looking each up afresh %q", s, got, want)
		}
	})
}

// A megabyte of image openers is read once, not once an opener (6.8 s).
func BenchmarkStripImagesOpeners(b *testing.B) {
	s := strings.Repeat("![x](", 200_000)
	for b.Loop() {
		StripImages(s)
	}
}

func TestSplitSelected(t *testing.T) {
	sel, rest := SplitSelected("Selected Answer: BD\nBecause.")
	if sel != "BD" || rest != "Because." {
		t.Errorf("got %q %q", sel, rest)
	}
	if sel, rest := SplitSelected("No vote here"); sel != "" || rest != "No vote here" {
		t.Errorf("got %q %q", sel, rest)
	}
}

// collapseSpaceByLines is CollapseSpace as first written, line by line with
// the standard library: the reference it must agree with.
func collapseSpaceByLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

var collapseCases = []struct{ in, want string }{
	{"", ""},
	{"   \n\t\n", ""},
	{"one", "one"},
	{"  two   words  ", "two words"},
	{"a\nb", "a\nb"},
	{"a \n b", "a\nb"},
	{"a\n\n\n\nb", "a\n\nb"},
	{"a\n \t \nb\n\n", "a\n\nb"},
	{"\n\nlead", "lead"},
	{"win\r\ndows\r\n\r\nend", "win\ndows\n\nend"},
	{"lone\rcarriage", "lone carriage"},
	{"nbsp\u00a0and\u2003em\u0085nel", "nbsp and em nel"},
	{"bad \xff\xfe bytes", "bad \xff\xfe bytes"},
	{"naïve  café\n\n\n résumé", "naïve café\n\nrésumé"},
	// Given back as it is when nothing changes; one change anywhere is made.
	{"a\n\nb c\nd é", "a\n\nb c\nd é"},
	{"one  two", "one two"},
	{"x y\n\n\nz", "x y\n\nz"},
	{"end ", "end"},
	{"a\u00a0b", "a b"},
	{"\u2003lead", "lead"},
	{"a \nb", "a\nb"},
	{"a\n\n b", "a\n\nb"},
}

func TestCollapseSpace(t *testing.T) {
	for _, c := range collapseCases {
		if got := CollapseSpace(c.in); got != c.want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", c.in, got, c.want)
		}
		if ref := collapseSpaceByLines(c.in); ref != c.want {
			t.Errorf("reference(%q) = %q, want %q: the case is wrong", c.in, ref, c.want)
		}
		if got := collapsed(c.in); got != (c.in == c.want) {
			t.Errorf("collapsed(%q) = %v, but CollapseSpace makes it %q", c.in, got, c.want)
		}
		if !collapsed(c.want) {
			t.Errorf("collapsed(%q) = false for CollapseSpace's own result", c.want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, c := range collapseCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := collapseSpaceByLines(s)
		if got := CollapseSpace(s); got != want {
			t.Fatalf("CollapseSpace(%q) = %q, the line-by-line way %q", s, got, want)
		}
		if got := collapsed(s); got != (s == want) {
			t.Fatalf("collapsed(%q) = %v, but the line-by-line way makes it %q", s, got, want)
		}
	})
}

// TextKey reads ASCII byte by byte and the rest rune by rune: both agree
// with lowercasing every letter and digit of the text rune by rune.
func FuzzTextKey(f *testing.F) {
	for _, s := range []string{"", "Which TWO: 42 GB?", "Ünïcode İstanbul ΣΑΣ", "bad \xff bytes", "&amp; <b>x</b> ![img](a.png) //IMG//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		t0, _ := TrimBanner(StripImages(html.UnescapeString(s)))
		var want strings.Builder
		for _, r := range strings.ReplaceAll(t0, "//IMG//", " ") {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				want.WriteRune(unicode.ToLower(r))
			}
		}
		if got := TextKey(s); got != want.String() {
			t.Fatalf("TextKey(%q) = %q, want %q", s, got, want.String())
		}
	})
}
