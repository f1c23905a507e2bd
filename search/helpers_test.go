package search_test

import "os"

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "examsearch-search-test-") }
