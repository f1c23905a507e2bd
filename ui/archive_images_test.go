package ui_test

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
	"github.com/examsearch/examsearch/ui/uitest"
)

// TestImagesInsideArchives serves a markdown dump's images from inside the
// .zip or .tar.gz it was indexed from.
func TestImagesInsideArchives(t *testing.T) {
	for _, kind := range []string{"zip", "tar.gz"} {
		t.Run(kind, func(t *testing.T) {
			archive := filepath.Join(t.TempDir(), "dumps."+kind)
			writeArchive(t, archive, kind, os.DirFS("../data/sample/markdown"))
			base := archiveServer(t, archive)
			resp, body := fetch(t, base+"/q/microsoft-dp-100-q4")
			if resp.StatusCode != 200 || !strings.Contains(string(body), `src="/img/microsoft-dp-100-q4/0"`) {
				t.Fatalf("question page: %d, image link there: %v", resp.StatusCode, strings.Contains(string(body), "/img/"))
			}
			resp, img := fetch(t, base+"/img/microsoft-dp-100-q4/0")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(img), "\x89PNG") {
				t.Errorf("image: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if resp, _ := fetch(t, base+"/img/microsoft-dp-100-q4/9"); resp.StatusCode != 404 {
				t.Errorf("no such image: %d", resp.StatusCode)
			}
		})
	}
}

func writeArchive(t *testing.T, dst, kind string, src fs.FS) {
	t.Helper()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var add func(name string, data []byte) error
	var finish func() error
	switch kind {
	case "zip":
		zw := zip.NewWriter(f)
		add = func(name string, data []byte) error {
			w, err := zw.Create(name)
			if err == nil {
				_, err = w.Write(data)
			}
			return err
		}
		finish = zw.Close
	default:
		gz := gzip.NewWriter(f)
		tw := tar.NewWriter(gz)
		add = func(name string, data []byte) error {
			if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}); err != nil {
				return err
			}
			_, err := tw.Write(data)
			return err
		}
		finish = func() error {
			if err := tw.Close(); err != nil {
				return err
			}
			return gz.Close()
		}
	}
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return add(p, data)
	})
	if err == nil {
		err = finish()
	}
	if err != nil {
		t.Fatal(err)
	}
}

// archiveServer indexes one archive, as "examsearch index --data" does,
// and serves it.
func archiveServer(t *testing.T, archive string) string {
	t.Helper()
	res, err := source.Load(context.Background(), []source.Input{{Path: archive}}, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "a.index")
	if err := index.Build(context.Background(), dir, res.Questions, res.Report, index.BuildOptions{Dictionary: dict, Roots: []string{archive}}); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	hs := httptest.NewServer(uitest.Handler(t, ix))
	t.Cleanup(hs.Close)
	return hs.URL
}

func fetch(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}
