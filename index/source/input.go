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

// entry is one file of an input, read whole.
type entry struct {
	path string // label-qualified, as the report shows it
	rel  string // slash path inside the input
	data []byte
	err  error // set when the file could not be read or was too large
	size int64
}

// errTooLarge marks a file over Options.MaxFileSize; its data is not read.
var errTooLarge = errors.New("over the size limit")

// walk calls fn for every regular file of in, in a stable order for folders
// and zips, in archive order for tar.gz.
func walk(ctx context.Context, in Input, maxSize int64, fn func(entry) error) error {
	if in.FS != nil {
		return walkFS(ctx, in.FS, in.Name+"/", maxSize, fn)
	}
	info, err := os.Stat(in.Path)
	if err != nil {
		return fmt.Errorf("open %s: %w", in.Path, err)
	}
	if info.IsDir() {
		// Absolute, so that a server started elsewhere finds the images
		// beside the files.
		root, err := filepath.Abs(in.Path)
		if err != nil {
			return fmt.Errorf("open %s: %w", in.Path, err)
		}
		return walkFS(ctx, os.DirFS(root), root+"/", maxSize, fn)
	}
	kind, err := archiveKind(in.Path)
	if err != nil {
		return err
	}
	switch kind {
	case "zip":
		zr, err := zip.OpenReader(in.Path)
		if err != nil {
			return fmt.Errorf("open zip %s: %w", in.Path, err)
		}
		defer zr.Close()
		return walkFS(ctx, zr, in.Path+"!", maxSize, fn)
	case "gzip":
		return walkTarGz(ctx, in.Path, maxSize, fn)
	}
	return fmt.Errorf("%s: not a folder, .zip or .tar.gz archive", in.Path)
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
		e.data, e.err = fs.ReadFile(fsys, p)
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
