package index

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/examsearch/examsearch/data"
)

// Synonyms maps a lowercased word to the other words of its group.
type Synonyms map[string][]string

// ParseSynonyms reads comma-separated groups of words, one a line.
func ParseSynonyms(raw []byte) (Synonyms, error) {
	out := Synonyms{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var group []string
		for _, w := range strings.Split(text, ",") {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
				group = append(group, w)
			}
		}
		if len(group) < 2 {
			return nil, fmt.Errorf("synonyms line %d: a group needs two words or more", line)
		}
		for _, w := range group {
			for _, o := range group {
				if o != w {
					out[w] = append(out[w], o)
				}
			}
		}
	}
	return out, sc.Err()
}

// DefaultSynonyms parses data/synonyms.txt.
func DefaultSynonyms() (Synonyms, error) {
	s, err := ParseSynonyms(data.Synonyms())
	if err != nil {
		return nil, fmt.Errorf("data/synonyms.txt: %w", err)
	}
	return s, nil
}
