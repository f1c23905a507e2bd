package ui

import (
	"strings"
	"testing"
)

// Markdown renders as HTML, but a field of a shape goldmark reads in
// quadratic time is shown as escaped text instead.
func TestRenderFallsBackToTextForSlowShapes(t *testing.T) {
	r := newRenderer()
	tests := []struct {
		name, md    string
		want, avoid string
	}{
		{"markdown", "Use **AKS**.\n\n- one\n- two", "<strong>AKS</strong>", "**"},
		{"unclosed link destinations", "Pick <b>one</b>: " + strings.Repeat("![x](", 9000), "Pick &lt;b&gt;one&lt;/b&gt;: ![x](![x](", "<b>"},
		{"deep quotes", strings.Repeat("> ", 40) + "deep", "&gt; &gt; &gt;", "<blockquote>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(r.HTML(tc.md))
			if !strings.Contains(got, tc.want) || strings.Contains(got, tc.avoid) {
				t.Fatalf("%.200q: want %q, not %q", got, tc.want, tc.avoid)
			}
		})
	}
}
