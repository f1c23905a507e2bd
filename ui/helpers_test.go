package ui_test

import "os"

func mkdirTemp() (string, error) { return os.MkdirTemp("", "examsearch-ui-test-") }
