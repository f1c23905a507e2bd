//go:build linux

package index

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// replaceDir moves the finished directory src to dst. When dst exists the
// two are exchanged in one atomic step (renameat2 RENAME_EXCHANGE), so dst
// always names a complete index, and the old one is then removed.
func replaceDir(src, dst string) error {
	err := unix.Renameat2(unix.AT_FDCWD, src, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return os.RemoveAll(src) // src now holds the old index
	case errors.Is(err, unix.ENOENT):
		return os.Rename(src, dst) // nothing at dst yet
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS):
		return replaceDirSlow(src, dst) // file systems without the exchange
	}
	return err
}
