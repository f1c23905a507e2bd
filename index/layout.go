package index

import "path/filepath"

// An index directory holds three things; meta.json is written last.
func blevePath(dir string) string { return filepath.Join(dir, "bleve") }
func storePath(dir string) string { return filepath.Join(dir, "questions.db") }
func metaPath(dir string) string  { return filepath.Join(dir, "meta.json") }
