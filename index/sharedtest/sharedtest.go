// Package sharedtest finds ../shared (the shared corpus, seed and judged
// queries) for tests, and skips them clearly where it is absent.
package sharedtest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Dir is ../shared seen from a package folder two levels down, or
// $EXAMSEARCH_SHARED.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("EXAMSEARCH_SHARED"); d != "" {
		return d
	}
	for _, up := range []string{"../shared", "../../shared", "../../../shared", "../../../../shared"} {
		if st, err := os.Stat(up); err == nil && st.IsDir() {
			abs, _ := filepath.Abs(up)
			return abs
		}
	}
	return ""
}

// Require returns the shared folder or skips the test with a clear
// message (a user's fresh clone has no ../shared; CI makes its absence an
// error by setting EXAMSEARCH_REQUIRE_SHARED).
func Require(t testing.TB) string {
	t.Helper()
	d := Dir(t)
	if d == "" {
		if os.Getenv("EXAMSEARCH_REQUIRE_SHARED") != "" {
			t.Fatal("../shared is required here (EXAMSEARCH_REQUIRE_SHARED is set) but was not found")
		}
		t.Skip("skipping: ../shared (the shared corpus) is not present; set EXAMSEARCH_SHARED to its path to run this test")
	}
	return d
}

// Golden compares got with the golden file at path, rewriting the file
// first when update is set (go test -update).
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, append(bytes.TrimSpace(got), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("output differs from %s (run with -update if the change is meant):\n%s", path, got)
	}
}
