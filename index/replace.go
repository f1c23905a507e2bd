package index

import (
	"errors"
	"io/fs"
	"os"
)

// replaceDirSlow moves dst aside, src into place, then removes the old one.
// Between the two renames dst is missing for a moment; Open reports that
// case by name.
func replaceDirSlow(src, dst string) error {
	old := dst + ".old"
	os.RemoveAll(old)
	if err := os.Rename(dst, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		_ = os.Rename(old, dst)
		return err
	}
	return os.RemoveAll(old)
}
