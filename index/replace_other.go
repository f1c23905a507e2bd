//go:build !linux

package index

func replaceDir(src, dst string) error { return replaceDirSlow(src, dst) }
