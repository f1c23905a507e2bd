// Package zapwritetest helps tests compare zap segment files: zap lists
// each field's sections in a Go map's order, so two writers of the same
// segment agree byte for byte only once that order is set.
package zapwritetest

import (
	"bytes"
	"encoding/binary"
	"os"
	"slices"
	"testing"
)

// Canonical reads the zap segment at path with each field's list of
// sections in order of type, and without its checksum (which covers that
// order).
func Canonical(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 40 {
		t.Fatalf("%s: %d bytes, shorter than a footer", path, len(b))
	}
	// The footer ends: sections index offset (8), chunk mode (4), version (4), CRC (4).
	pos := binary.BigEndian.Uint64(b[len(b)-20:])
	n, k := binary.Uvarint(b[pos:])
	pos += uint64(k)
	for range n {
		p := binary.BigEndian.Uint64(b[pos:])
		pos += 8
		nameLen, k := binary.Uvarint(b[p:])
		p += uint64(k) + nameLen
		_, k = binary.Uvarint(b[p:]) // options
		p += uint64(k)
		sections, k := binary.Uvarint(b[p:])
		p += uint64(k)
		list := b[p : p+10*sections] // per section: its type (2 bytes), its address (8)
		entries := make([][]byte, sections)
		for i := range entries {
			entries[i] = slices.Clone(list[10*i : 10*i+10])
		}
		slices.SortFunc(entries, func(x, y []byte) int { return bytes.Compare(x[:2], y[:2]) })
		copy(list, bytes.Join(entries, nil))
	}
	return b[:len(b)-4]
}

// Same fails t unless the segments at got and want are the same but for
// the order of their fields' sections, naming the first byte that differs.
func Same(t testing.TB, got, want, what string) {
	t.Helper()
	g, w := Canonical(t, got), Canonical(t, want)
	if bytes.Equal(g, w) {
		return
	}
	i := 0
	for i < min(len(g), len(w)) && g[i] == w[i] {
		i++
	}
	t.Fatalf("%s: our segment (%d bytes) differs from zap's (%d) first at byte %d: %x... against %x...",
		what, len(g), len(w), i, g[i:min(len(g), i+16)], w[i:min(len(w), i+16)])
}
