package ui

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
)

// markdownImage finds ![alt](destination) in question markdown (not HTML).
var markdownImage = regexp.MustCompile(`!\[([^\]\n]*)\]\(([^)\s]+)\)`)

// imageTypes are the only files served as images.
var imageTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}

// localImages lists the relative image paths of a question, in the order
// the page numbers them: text, then explanation, then answer images.
func localImages(q *index.Question) []string {
	var out []string
	for _, md := range []string{q.Text, q.Explanation} {
		for _, m := range markdownImage.FindAllStringSubmatch(md, -1) {
			out = append(out, m[2])
		}
	}
	return append(out, q.AnswerImages...)
}

// withLocalImages points the question's relative images at /img/ID/N; images
// on other hosts are left for the renderer's placeholder (the page loads
// nothing from elsewhere).
func withLocalImages(md string, q *index.Question, offset int) (string, int) {
	n := offset
	out := markdownImage.ReplaceAllStringFunc(md, func(m string) string {
		sub := markdownImage.FindStringSubmatch(m)
		i := n
		n++
		if isRemote(sub[2]) {
			return m
		}
		return "![" + sub[1] + "](/img/" + q.ID + "/" + strconv.Itoa(i) + ")"
	})
	return out, n
}

func isRemote(p string) bool {
	return strings.Contains(p, "://") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "data:")
}

// serveImage sends image N of a question, read from beside the dump it came
// from: only inside the folders and archives the index was built from (or
// the embedded sample), never through "..", absolute paths or symlinks out.
func (s *Server) serveImage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.search.Question(r.Context(), mux.Vars(r)["id"])
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(mux.Vars(r)["n"])
	imgs := localImages(q)
	if err != nil || n < 0 || n >= len(imgs) || isRemote(imgs[n]) || path.IsAbs(imgs[n]) {
		return errNoRoute
	}
	ctype, ok := imageTypes[strings.ToLower(path.Ext(imgs[n]))]
	if !ok {
		return errNoRoute
	}
	raw, err := s.readImage(r.Context(), q.SourcePath, imgs[n])
	if err != nil {
		return errNoRoute
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, err = w.Write(raw)
	return err
}

// maxImageSize bounds an image read from an archive.
const maxImageSize = 16 << 20

func (s *Server) readImage(ctx context.Context, sourcePath, rel string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(sourcePath, "sample/"); ok { // the embedded sample
		p := path.Clean(path.Join(path.Dir(rest), rel))
		if !fs.ValidPath(p) {
			return nil, errors.New("outside the sample")
		}
		return fs.ReadFile(data.Sample(), p)
	}
	if archive, inner, ok := strings.Cut(sourcePath, "!"); ok {
		if !slices.Contains(s.search.Meta().Roots, archive) {
			return nil, errors.New("not an archive the index was built from")
		}
		p := path.Clean(path.Join(path.Dir(inner), rel))
		if !fs.ValidPath(p) {
			return nil, errors.New("outside the archive")
		}
		return source.ReadArchiveFile(ctx, archive, p, maxImageSize)
	}
	target := filepath.Clean(filepath.Join(filepath.Dir(sourcePath), filepath.FromSlash(rel)))
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	for _, root := range s.search.Meta().Roots {
		rootReal, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		if within(rootReal, real) {
			return os.ReadFile(real)
		}
	}
	return nil, errors.New("outside the data folders")
}

// within reports whether p is root or below it.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
