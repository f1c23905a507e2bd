package search

import (
	"strings"
	"testing"
)

// The pre-screen of comments lowercases as strings.ToLower does, reusing
// its buffer.
func TestAppendLowerIsToLower(t *testing.T) {
	buf := []byte("left over from the last comment, longer than the next")
	for _, s := range []string{"", "AKS GPU Inference", "already lower", "Ünïcode İstanbul ΣΑΣ", "mixed: Kubernetes Ωmega", "trailing É"} {
		buf = appendLower(buf[:0], s)
		if got, want := string(buf), strings.ToLower(s); got != want {
			t.Errorf("appendLower(%q) = %q, want %q", s, got, want)
		}
	}
}
