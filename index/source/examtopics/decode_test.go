package examtopics

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/examsearch/examsearch/index/sharedtest"
)

// agree checks that decode reads data as encoding/json does: the same
// page, or an error from both.
func agree(t *testing.T, name string, data []byte) {
	t.Helper()
	var got, want page
	gotErr, wantErr := decode(data, &got), json.Unmarshal(data, &want)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%s: decode error %v, encoding/json error %v", name, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: decode and encoding/json read different pages", name)
	}
}

// TestDecodeAgreesOnEdges decodes crafted pages where a validator and a
// decoder that skips fields could part from encoding/json: garbage in a
// field nothing decodes, nesting at and past encoding/json's depth limit,
// duplicate names, names differing in case, trailing data.
func TestDecodeAgreesOnEdges(t *testing.T) {
	page := func(extra string) string {
		return `{"pageProps":{"questions":[{"url":"/view/1-x/","question_text":"Q?"}],"exam":{"name":"X"` + extra + `}}}`
	}
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	for name, data := range map[string]string{
		"garbage in a skipped field":   page(`,"skipped":[1,2,}`),
		"bad literal in skipped field": page(`,"skipped":tru`),
		"bad escape in skipped field":  page(`,"skipped":"\q"`),
		"nesting under the limit":      page(`,"skipped":` + nest(9990)),
		"nesting past the limit":       page(`,"skipped":` + nest(10001)),
		"duplicate names":              `{"pageProps":{"questions":[],"exam":{"name":"X","name":"Y"}}}`,
		"names differing in case":      `{"PAGEPROPS":{"Questions":[],"exam":{"NAME":"X"}}}`,
		"trailing data":                page(``) + ` {}`,
		"trailing space":               page(``) + " \n\t",
		"leading space":                " \n" + page(``),
		"control character in string":  `{"pageProps":{"questions":[],"exam":{"name":"X\u0001` + "\x01" + `"}}}`,
	} {
		agree(t, name, []byte(data))
	}
}

// TestDecodeAgreesWithStandardJSON decodes every page of the shared
// corpus (broken ones included) and the test pages both ways.
func TestDecodeAgreesWithStandardJSON(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		agree(t, name, raw)
	}
	pages := 0
	sharedPages(t, func(_ int, f *zip.File) bool { return true }, func(name string, raw []byte) bool {
		agree(t, name, raw)
		pages++
		return true
	})
	if pages < 1000 {
		t.Fatalf("only %d pages in the shared corpus", pages)
	}
}

func FuzzDecodeAgreesWithStandardJSON(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range names {
		if raw, err := os.ReadFile(name); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(`{"pageProps":{"questions":[{"topic":1,"choices":{"A":"x"},"discussion":[{"comments":[{"content":"\u00e9"}]}]}],"exam":{"name":"X"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Parse makes text valid UTF-8 before decoding; so does the test.
		agree(t, "fuzz input", bytes.ToValidUTF8(data, []byte("\uFFFD")))
	})
}

// TestParsedStringsAreDetached checks that every string of a parsed
// question lies in one allocation of their total length, none in the
// page's JSON buffer: a string field that detach misses (a new one in
// index.Question, say) fails it.
func TestParsedStringsAreDetached(t *testing.T) {
	page := parseCrafted(t)
	for i := range page.Questions {
		q := &page.Questions[i]
		// Fill the fields the parser leaves empty, as later stages do.
		q.ID, q.SourcePath, q.Services, q.Categories, q.AlsoIn, q.Duplicates = "id", "path", []string{"AKS"}, []string{"compute"}, []string{"AZ-104"}, []string{"x/1"}
		detach(q)
		var strs []string
		collectStrings(reflect.ValueOf(q).Elem(), &strs)
		lo, hi, total := uintptr(0), uintptr(0), 0
		for _, s := range strs {
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			if lo == 0 || p < lo {
				lo = p
			}
			hi = max(hi, p+uintptr(len(s)))
			total += len(s)
		}
		if len(strs) < 10 || hi-lo > uintptr(total) {
			t.Errorf("question %d: %d strings of %d bytes span %d bytes", i+1, len(strs), total, hi-lo)
		}
	}
}

// collectStrings gathers the non-empty strings reachable from v (time
// values aside).
func collectStrings(v reflect.Value, out *[]string) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			*out = append(*out, v.String())
		}
	case reflect.Slice:
		for i := range v.Len() {
			collectStrings(v.Index(i), out)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := range v.NumField() {
			collectStrings(v.Field(i), out)
		}
	}
}

// sharedPages calls page with each JSON page of the shared corpus's
// ExamTopics dump that want takes (by its place among the archive's files
// and its header), in the archive's order, until page returns false.
func sharedPages(tb testing.TB, want func(i int, f *zip.File) bool, page func(name string, raw []byte) bool) {
	tb.Helper()
	zr, err := zip.OpenReader(filepath.Join(sharedtest.Require(tb), "corpus", "examtopics.zip"))
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	for i, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".json") || !want(i, f) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		raw, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		if !page(f.Name, raw) {
			return
		}
	}
}
