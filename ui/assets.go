package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"net/http"
	"path"
	"strconv"

	"github.com/gorilla/mux"
)

//go:embed static/openapi.json
var openAPISpec []byte

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// assets are the static files with a content hash for cache-busting URLs.
type assets struct {
	hashes map[string]string
}

func newAssets() (*assets, error) {
	a := &assets{hashes: map[string]string{}}
	entries, err := staticFS.ReadDir("static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		raw, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(raw)
		a.hashes[e.Name()] = hex.EncodeToString(sum[:])[:12]
	}
	return a, nil
}

// url is a file's address with its hash, so that browsers may keep it for
// a year and still get a new version at once.
func (a *assets) url(name string) string {
	return "/static/" + name + "?v=" + a.hashes[name]
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) error {
	name := path.Base(mux.Vars(r)["name"])
	if _, ok := a.hashes[name]; !ok {
		return errNoRoute
	}
	raw, err := staticFS.ReadFile("static/" + name)
	if err != nil {
		return errNoRoute
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".json":
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err = w.Write(raw)
	return err
}

// parseTemplates parses every page template once, at start-up.
func parseTemplates(a *assets) (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{
		// safe marks highlight fragments as HTML: package search escapes
		// every byte of source text and adds only <mark> tags.
		"safe":  func(s string) template.HTML { return template.HTML(s) },
		"asset": a.url,
	}).ParseFS(templateFS, "templates/*.html")
}

func itoa(n int) string { return strconv.Itoa(n) }
