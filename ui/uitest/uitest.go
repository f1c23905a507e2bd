// Package uitest serves a real index through the real HTTP handler, for
// tests of the web UI, the API and the deployment.
package uitest

import (
	"net/http"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui"
)

// Handler is the server's handler over ix with the default dictionary and
// options.
func Handler(t testing.TB, ix *index.Index) http.Handler {
	t.Helper()
	dict, err := index.DefaultDictionary()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := search.New(ix, dict, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := ui.New(eng, ui.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}
