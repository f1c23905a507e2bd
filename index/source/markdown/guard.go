package markdown

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrTooComplex is markdown of a shape goldmark would take too long over
// (see maxParagraph); the error names the line.
var ErrTooComplex = errors.New("too complex for a question file")

// Goldmark takes time quadratic in some shapes of input: every unclosed
// link destination ("](" with no ")") scans to the end of its paragraph,
// and each level of nested block quotes or lists walks the levels above
// it. A 48 KB paragraph of "![x](" took 1.6 s, 488 KB 141 s; 100,000
// nested quotes (97 KB) 13.5 s. Question files are nothing like that (the
// longest paragraph of the dp-100 dump is 6 KB, nothing nests deeper than
// one list, a paragraph holds a few links), so such a file is refused,
// naming the line, before goldmark reads it: paragraphs of at most
// maxParagraph bytes, at most maxNesting levels, and link destinations
// times the length of their paragraphs at most maxLinkScan over the file
// (about 50 ms of scanning). What is left is linear, at most about a
// second a megabyte, and a file is at most maxFile bytes (the largest of
// the dp-100 dump is 11 KB).
const (
	maxFile      = 1 << 20
	maxParagraph = 32 << 10
	maxNesting   = 16
	maxLinkScan  = 16 << 20
)

// Guard refuses markdown whose paragraphs or nesting would make goldmark
// slow (see maxParagraph).
func Guard(data []byte) error {
	if len(data) > maxFile {
		return fmt.Errorf("%w: %d KB is more than a question file holds (at most %d KB)", ErrTooComplex, len(data)>>10, maxFile>>10)
	}
	run, start := 0, 0    // bytes of the current paragraph, and its first line
	links, scan := 0, 0   // link destinations opened in it; scanning so far
	end := func() error { // of a paragraph
		if scan += links * run; scan > maxLinkScan {
			return fmt.Errorf("%w: the paragraph from line %d opens %d links in %d KB", ErrTooComplex, start, links, run>>10)
		}
		run, links = 0, 0
		return nil
	}
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if err := end(); err != nil {
				return err
			}
			continue
		}
		if run == 0 {
			start = n
		}
		if run += len(line) + 1; run > maxParagraph {
			return fmt.Errorf("%w: the paragraph from line %d is over %d KB long; a question's are a few KB", ErrTooComplex, start, maxParagraph>>10)
		}
		links += bytes.Count(line, []byte("]("))
		if d := nesting(line); d > maxNesting {
			return fmt.Errorf("%w: line %d nests %d block quotes or lists; at most %d", ErrTooComplex, n, d, maxNesting)
		}
	}
	return end()
}

// nesting counts the block quote and list markers that open a line ("> ",
// "- ", "* ", "+ ", "1. ", "1) "), up to one more than maxNesting.
func nesting(line []byte) int {
	d := 0
	for d <= maxNesting {
		line = bytes.TrimLeft(line, " \t")
		switch {
		case len(line) > 0 && line[0] == '>':
			line = line[1:]
		case len(line) > 1 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && (line[1] == ' ' || line[1] == '\t'):
			line = line[2:]
		default:
			i := 0
			for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
				i++
			}
			if i == 0 || i+1 >= len(line) || line[i] != '.' && line[i] != ')' || line[i+1] != ' ' && line[i+1] != '\t' {
				return d
			}
			line = line[i+2:]
		}
		d++
	}
	return d
}
