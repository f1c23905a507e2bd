package index

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripImages removes markdown image links (![alt](src)) from text: image
// placeholders are not words to index. An image link is "![", an alt on
// the same line, "](", then a src without spaces or line breaks, and ")".
// The text is read once: where the next "](", line break and src end lie
// is remembered as the reading goes on (looking them up afresh for every
// "![" made a megabyte of "![" take 6.8 s).
func StripImages(s string) string {
	if !strings.Contains(s, "![") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0           // s[:last] is written or dropped
	close, nl := -1, -1 // the next "](" and line break at or after where they were looked for
	stop := -1          // the first ')', ' ' or line break after close+2
	for i := 0; ; {
		j := strings.Index(s[i:], "![")
		if j < 0 {
			break
		}
		i += j
		if close < i+2 {
			k := strings.Index(s[i+2:], "](")
			if k < 0 {
				break // no image link from here on
			}
			close = i + 2 + k
			if stop < close+2 {
				if k := strings.IndexAny(s[close+2:], ") \n"); k >= 0 {
					stop = close + 2 + k
				} else {
					stop = len(s)
				}
			}
		}
		if nl < i {
			if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
				nl = i + k
			} else {
				nl = len(s)
			}
		}
		if close < nl && stop < len(s) && s[stop] == ')' {
			b.WriteString(s[last:i])
			b.WriteByte(' ')
			i, last = stop+1, stop+1
			continue
		}
		i += 2
	}
	b.WriteString(s[last:])
	return b.String()
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
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII, most of it, byte by byte
			switch asciiWord[c] {
			case lowerWord:
				b.WriteByte(c)
			case upperWord:
				b.WriteByte(c + 'a' - 'A')
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
		i += size
	}
	return b.String()
}

// Classes of ASCII bytes in words (Words, TextKey, Tokens).
const (
	notWord = iota
	lowerWord
	upperWord
)

// asciiWord classes each ASCII byte: a lowercase letter or digit, an
// uppercase letter, or no part of a word.
var asciiWord = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			t[c] = lowerWord
		case c >= 'A' && c <= 'Z':
			t[c] = upperWord
		}
	}
	return t
}()

// asciiSpace tells the ASCII bytes unicode.IsSpace holds to be spaces.
var asciiSpace = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsSpace(rune(c))
	}
	return t
}()

// isSpace is unicode.IsSpace, through a table for ASCII.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// CollapseSpace trims s and turns every run of blank lines into one and runs
// of spaces into one space, keeping single line breaks: words on a line are
// joined by one space, lines by a line break, and lines with words that
// blank lines separate by one blank line. It allocates only its result
// (it was a quarter of the parsing), and nothing when s is already so, as
// nine comments in ten of the shared corpus are.
func CollapseSpace(s string) string {
	if collapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	breaks, space := 0, false // since the last word: line breaks, other spaces
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '\n':
			breaks++
		case isSpace(r):
			space = true
		default:
			start := i
			for i += size; i < len(s); i += size {
				if r, size = rune(s[i]), 1; r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(s[i:])
				}
				if isSpace(r) {
					break
				}
			}
			if b.Len() > 0 {
				switch {
				case breaks >= 2:
					b.WriteString("\n\n")
				case breaks == 1:
					b.WriteByte('\n')
				case space:
					b.WriteByte(' ')
				}
			}
			b.WriteString(s[start:i])
			breaks, space = 0, false
			continue
		}
		i += size
	}
	return b.String()
}

// collapsed reports whether CollapseSpace leaves s as it is: no space at
// either end, and words parted by one space, one line break or one blank
// line.
func collapsed(s string) bool {
	gap := -1 // where the spaces since the last word start; -1 in a word
	for i := 0; i < len(s); {
		// Within a word in ASCII, and one space between such words: most
		// of a text, stepped over without looking up runes.
		if c := s[i]; gap < 0 && c < utf8.RuneSelf && (' ' < c || c == ' ' && i > 0 && i+1 < len(s) && ' ' < s[i+1] && s[i+1] < utf8.RuneSelf) {
			i++
			continue
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == '\n' || isSpace(r):
			if i == 0 {
				return false
			}
			if gap < 0 {
				gap = i
			}
		case gap >= 0:
			if g := s[gap:i]; g != " " && g != "\n" && g != "\n\n" {
				return false
			}
			gap = -1
		}
		i += size
	}
	return gap < 0
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
