package source

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Input is one place to read questions from.
type Input struct {
	// Path is a folder, or a .zip or .tar.gz archive of one (recognised from
	// its content). Ignored when FS is set.
	Path string
	// FS, when set, is read instead of Path (the embedded sample).
	FS fs.FS
	// Name labels the input in paths of the report when FS is set.
	Name string
}

func (in Input) label() string {
	if in.FS != nil {
		return in.Name
	}
	return in.Path
}

// entry is one file of an input, read whole: data, or read when the
// file can be read on any goroutine (from a folder or a zip: the parsing
// workers inflate a zip's files then, rather than the one that walks it).
type entry struct {
	path string // label-qualified, as the report shows it
	rel  string // slash path inside the input
	data []byte
	read func() ([]byte, error)
	err  error // set when the file could not be read or was too large
	size int64
}

// load reads the entry's data if it has not been read yet.
func (e *entry) load() {
	if e.read != nil && e.err == nil {
		e.data, e.err = e.read()
	}
	e.read = nil
}

// errTooLarge marks a file over Options.MaxFileSize; its data is not read.
var errTooLarge = errors.New("over the size limit")

// walk calls fn for every regular file of in, in a stable order for folders
// and zips, in archive order for tar.gz. An entry's read may be called
// after walk returns, until release (nil: nothing to release) is called.
func walk(ctx context.Context, in Input, maxSize int64, fn func(entry) error) (release func() error, err error) {
	if in.FS != nil {
		return nil, walkFS(ctx, in.FS, in.Name+"/", maxSize, fn)
	}
	info, err := os.Stat(in.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", in.Path, err)
	}
	if info.IsDir() {
		// Absolute, so that a server started elsewhere finds the images
		// beside the files.
		root, err := filepath.Abs(in.Path)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", in.Path, err)
		}
		return nil, walkFS(ctx, os.DirFS(root), root+"/", maxSize, fn)
	}
	// Absolute too: images are read from inside the archive later.
	archive, err := filepath.Abs(in.Path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", in.Path, err)
	}
	kind, err := archiveKind(archive)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "zip":
		zr, err := zip.OpenReader(archive)
		if err != nil {
			return nil, fmt.Errorf("open zip %s: %w", in.Path, err)
		}
		if err := walkFS(ctx, zr, archive+"!", maxSize, fn); err != nil {
			zr.Close()
			return nil, err
		}
		return zr.Close, nil
	case "gzip":
		return nil, walkTarGz(ctx, archive, maxSize, fn)
	}
	return nil, fmt.Errorf("%s: not a folder, .zip or .tar.gz archive", in.Path)
}

// ReadArchiveFile reads the file name (a clean slash path, as in the part
// of a source path after "!") from a .zip or .tar.gz archive, if it is a
// regular file of at most maxSize bytes.
func ReadArchiveFile(ctx context.Context, archive, name string, maxSize int64) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("%s: invalid path %q", archive, name)
	}
	kind, err := archiveKind(archive)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "zip":
		zr, err := zip.OpenReader(archive)
		if err != nil {
			return nil, fmt.Errorf("open zip %s: %w", archive, err)
		}
		defer zr.Close()
		info, err := fs.Stat(zr, name)
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() || info.Size() > maxSize {
			return nil, fmt.Errorf("%s!%s: not a regular file of at most %d bytes", archive, name, maxSize)
		}
		return fs.ReadFile(zr, name)
	case "gzip":
		var out []byte
		found := errors.New("found")
		err := walkTarGz(ctx, archive, maxSize, func(e entry) error {
			if e.rel != name {
				return nil
			}
			if e.err != nil {
				return e.err
			}
			out = e.data
			return found
		})
		if errors.Is(err, found) {
			return out, nil
		}
		if err == nil {
			err = fmt.Errorf("%s!%s: %w", archive, name, fs.ErrNotExist)
		}
		return nil, err
	}
	return nil, fmt.Errorf("%s: not a .zip or .tar.gz archive", archive)
}

// archiveKind tells a zip from a gzip by their magic numbers.
func archiveKind(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", p, err)
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	switch {
	case n >= 4 && bytes.Equal(head, []byte("PK\x03\x04")), n >= 4 && bytes.Equal(head, []byte("PK\x05\x06")):
		return "zip", nil
	case n >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return "gzip", nil
	}
	return "", nil
}

func walkFS(ctx context.Context, fsys fs.FS, prefix string, maxSize int64, fn func(entry) error) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		e := entry{path: prefix + p, rel: p}
		if err != nil {
			if d != nil && d.IsDir() && p != "." {
				e.err = err
				return errors.Join(fn(e), fs.SkipDir)
			}
			return fmt.Errorf("read %s: %w", e.path, err)
		}
		if !d.Type().IsRegular() { // folders, and symlinks (never followed)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			e.err = err
			return fn(e)
		}
		e.size = info.Size()
		if e.size > maxSize {
			e.err = errTooLarge
			return fn(e)
		}
		e.read = func() ([]byte, error) { return fs.ReadFile(fsys, p) }
		return fn(e)
	})
}

func walkTarGz(ctx context.Context, p string, maxSize int64, fn func(entry) error) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("open %s: %w", p, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return fmt.Errorf("open gzip %s: %w", p, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read tar %s: %w", p, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		rel := path.Clean(strings.TrimPrefix(h.Name, "./"))
		e := entry{path: p + "!" + rel, rel: rel, size: h.Size}
		if h.Size > maxSize {
			e.err = errTooLarge
		} else {
			e.data, e.err = io.ReadAll(tr)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}
