package index

import (
	"html"
	"strings"
	"unicode"
)

// StripImages removes markdown image links (![alt](src)) from text: image
// placeholders are not words to index.
func StripImages(s string) string {
	if !strings.Contains(s, "![") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "![")
		if i < 0 {
			break
		}
		end := imageEnd(s[i:])
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

// imageEnd returns the length of the image link at the start of s, or -1.
func imageEnd(s string) int {
	close := strings.Index(s, "](")
	if close < 0 || strings.ContainsAny(s[:close], "\n") {
		return -1
	}
	paren := strings.IndexByte(s[close+2:], ')')
	if paren < 0 || strings.ContainsAny(s[close+2:close+2+paren], "\n ") {
		return -1
	}
	return close + 2 + paren + 1
}

// Banners are the first line some questions carry to say how they are
// answered; they are kept in the text but ignored when comparing texts.
var banners = []string{"DRAG DROP -", "DRAG DROP", "HOTSPOT -", "HOTSPOT", "SIMULATION -", "SIMULATION"}

// TrimBanner removes a leading "DRAG DROP -"/"HOTSPOT -" banner.
func TrimBanner(s string) (string, string) {
	t := strings.TrimSpace(s)
	for _, b := range banners {
		if rest, ok := strings.CutPrefix(t, b); ok {
			if rest == "" || rest[0] == '\n' || rest[0] == ' ' {
				return strings.TrimSpace(rest), strings.TrimSuffix(b, " -")
			}
		}
	}
	return t, ""
}

// TextKey reduces a question text to the letters and digits it is made of,
// lowercased, without banner and images: two copies of one question (from the
// markdown and the JSON dump, or from two exams) have the same key whatever
// their whitespace, entities and markup.
func TextKey(s string) string {
	s, _ = TrimBanner(StripImages(html.UnescapeString(s)))
	s = strings.ReplaceAll(s, "//IMG//", " ")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// CollapseSpace trims s and turns every run of blank lines into one and runs
// of spaces into one space, keeping single line breaks.
func CollapseSpace(s string) string {
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

// SplitSelected separates a leading "Selected Answer: X" line from a comment,
// as ExamTopics prefixes the answer a commenter voted for.
func SplitSelected(s string) (selected, rest string) {
	t := strings.TrimSpace(s)
	after, ok := strings.CutPrefix(t, "Selected Answer:")
	if !ok {
		return "", t
	}
	line, rest, _ := strings.Cut(after, "\n")
	return AnswerLetters(strings.TrimSpace(line)), strings.TrimSpace(rest)
}
