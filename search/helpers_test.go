package search_test

import (
	"fmt"
	"os"
	"testing"
)

// sharedDir holds the index that engine builds once for the whole package;
// TestMain removes it when the tests are done (the index outlives any one
// test, so no test's TempDir can hold it).
var sharedDir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "examsearch-search-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = d
	code := m.Run()
	if testIndex != nil {
		testIndex.Close()
	}
	if err := os.RemoveAll(d); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}
