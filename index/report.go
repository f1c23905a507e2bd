package index

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// SkipReason says why a file was not indexed.
type SkipReason string

// The reasons a file is skipped. Each comes with the path in the report.
const (
	SkipEmpty      SkipReason = "empty file"
	SkipTooLarge   SkipReason = "file too large"
	SkipBinary     SkipReason = "binary content"
	SkipHTMLPage   SkipReason = "HTML page, not JSON"
	SkipMalformed  SkipReason = "malformed"
	SkipNoQuestion SkipReason = "no question"
	SkipUnreadable SkipReason = "unreadable"
)

// Skip is one file left out, with the reason and the detail of what was wrong.
type Skip struct {
	Path   string     `json:"path"`
	Reason SkipReason `json:"reason"`
	Detail string     `json:"detail,omitempty"`
}

func (s Skip) String() string {
	if s.Detail == "" {
		return fmt.Sprintf("%s: %s", s.Path, s.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", s.Path, s.Reason, s.Detail)
}

// Note is something cleaned on the way in (a removed <script>, invalid
// UTF-8): the file was indexed, but not byte for byte.
type Note struct {
	Path string `json:"path"`
	Note string `json:"note"`
}

// Report is the account of one build: what was read, merged, skipped.
type Report struct {
	Files      int            `json:"files"`       // files looked at
	Parsed     int            `json:"parsed"`      // files that gave questions
	Ignored    int            `json:"ignored"`     // unrelated files (images, index.md)
	Questions  int            `json:"questions"`   // questions indexed
	Comments   int            `json:"comments"`    // comments indexed, replies included
	BySource   map[string]int `json:"by_source"`   // questions read per source format
	ByProvider map[string]int `json:"by_provider"` // questions indexed per provider
	Merged     int            `json:"merged"`      // duplicate records folded into another
	Skipped    []Skip         `json:"skipped"`
	Notes      []Note         `json:"notes,omitempty"`
	Seconds    float64        `json:"seconds"`
	IndexPath  string         `json:"index,omitempty"`
}

// NewReport returns an empty report ready to count into.
func NewReport() *Report {
	return &Report{BySource: map[string]int{}, ByProvider: map[string]int{}, Skipped: []Skip{}}
}

// Print writes the summary for a person.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "indexed %d questions (%d comments) from %d files in %.1fs", r.Questions, r.Comments, r.Parsed, r.Seconds)
	if r.IndexPath != "" {
		fmt.Fprintf(w, " into %s", r.IndexPath)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  read per source:     %s\n", counts(r.BySource))
	fmt.Fprintf(w, "  indexed per provider: %s\n", counts(r.ByProvider))
	fmt.Fprintf(w, "  duplicates merged: %d; unrelated files ignored: %d; files skipped: %d\n", r.Merged, r.Ignored, len(r.Skipped))
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", s)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  cleaned %s: %s\n", n.Path, n.Note)
	}
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
