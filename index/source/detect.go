package source

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/examsearch/examsearch/index"
)

// Format is what a file holds, as recognised from its content.
type Format int

// The formats a file can be recognised as.
const (
	FormatOther      Format = iota // unrelated: images, index pages, notes
	FormatMarkdown                 // one question in the markdown dump format
	FormatExamTopics               // an ExamTopics JSON page
	FormatLinks                    // saved-links.txt: discussion URLs of a markdown dump
)

// questionHeading finds a "# Question N" line, the mark of a markdown question.
var questionHeading = regexp.MustCompile(`(?m)^#[ \t]+Question[ \t]+\d+[ \t]*$`)

// textExts are the extensions of files that are meant to hold questions: when
// one of them cannot be used it is reported, not silently ignored.
var textExts = map[string]bool{".json": true, ".md": true, ".markdown": true, ".txt": true}

// detect recognises a file from its content, using its name only to decide
// whether an unusable file is worth reporting. It returns the format, or a
// skip reason for a file that looks meant to hold questions but cannot.
func detect(name string, data []byte) (Format, index.SkipReason, string) {
	ext := strings.ToLower(path.Ext(name))
	meant := textExts[ext]
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(head) == 0:
		return ifMeant(meant, index.SkipEmpty, "")
	case looksBinary(data):
		return ifMeant(meant, index.SkipBinary, "")
	case head[0] == '{' || (head[0] == '[' && ext == ".json"):
		return FormatExamTopics, "", ""
	case hasPrefixFold(head, "<!doctype html") || hasPrefixFold(head, "<html"):
		if ext == ".json" {
			return FormatOther, index.SkipHTMLPage, "starts with " + strings.TrimSpace(firstLine(head, 40))
		}
		return FormatOther, "", ""
	case ext == ".json":
		return FormatOther, index.SkipMalformed, "not JSON: starts with " + firstLine(head, 40)
	case questionHeading.Match(data):
		return FormatMarkdown, "", ""
	case path.Base(name) == "saved-links.txt":
		return FormatLinks, "", ""
	case strings.HasPrefix(path.Base(name), "question") && (ext == ".md" || ext == ".markdown"):
		return FormatOther, index.SkipNoQuestion, `no "# Question N" heading`
	}
	return FormatOther, "", ""
}

func ifMeant(meant bool, r index.SkipReason, detail string) (Format, index.SkipReason, string) {
	if meant {
		return FormatOther, r, detail
	}
	return FormatOther, "", ""
}

// looksBinary reports a NUL byte near the start, as text files never have.
func looksBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

func firstLine(b []byte, n int) string {
	line, _, _ := bytes.Cut(b[:min(len(b), n)], []byte("\n"))
	return strings.ToValidUTF8(string(line), "?")
}
