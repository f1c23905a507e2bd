package source

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/sharedtest"
)

const mixed = "testdata/mixed"

func load(t *testing.T, opts Options, inputs ...Input) *Result {
	t.Helper()
	res, err := Load(context.Background(), inputs, opts)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return res
}

func skipsByFile(rep *index.Report) map[string]index.SkipReason {
	out := map[string]index.SkipReason{}
	for _, s := range rep.Skipped {
		out[filepath.Base(strings.ReplaceAll(s.Path, "!", "/"))] = s.Reason
	}
	return out
}

func TestLoadMixedFolder(t *testing.T) {
	res := load(t, Options{}, Input{Path: mixed})
	rep := res.Report
	wantSkips := map[string]index.SkipReason{
		"empty.json":     index.SkipEmpty,
		"ACM-101_2.json": index.SkipHTMLPage,
		"ACM-101_3.json": index.SkipMalformed,
		"ACM-101_4.json": index.SkipBinary,
		"question_3.md":  index.SkipNoQuestion,
	}
	got := skipsByFile(rep)
	for f, r := range wantSkips {
		if got[f] != r {
			t.Errorf("%s: skipped as %q, want %q", f, got[f], r)
		}
	}
	if len(got) != len(wantSkips) {
		t.Errorf("skipped %v, want exactly %v", got, wantSkips)
	}
	for _, s := range rep.Skipped {
		if s.Path == "" || s.Reason == "" {
			t.Errorf("skip without path or reason: %+v", s)
		}
	}
	// logo.png, index.md and saved-links.txt are unrelated, not errors.
	if rep.Ignored != 3 {
		t.Errorf("ignored %d files, want 3", rep.Ignored)
	}
	// Two good JSON pages of two questions each, two markdown questions.
	if rep.BySource["examtopics"] != 4 || rep.BySource["markdown"] != 2 || len(res.Questions) != 6 {
		t.Errorf("by source %v, %d questions", rep.BySource, len(res.Questions))
	}
	if len(rep.Notes) == 0 {
		t.Errorf("the invalid question of the page was not noted")
	}
	for _, q := range res.Questions {
		if q.Source == "markdown" && (q.Exam != "ACME-CERTIFIED-THING-ACM-101" || q.Provider != "Acme") {
			t.Errorf("markdown exam from saved-links.txt: got %q/%q", q.Exam, q.Provider)
		}
	}
}

func TestLoadMergesIntoIndexQuestions(t *testing.T) {
	res := load(t, Options{}, Input{Path: mixed})
	qs, merged := index.Merge(res.Questions)
	// The duplicate page folds 2 records; markdown question 1 is the JSON's 778.
	if merged != 3 || len(qs) != 3 {
		t.Fatalf("merged %d into %d questions", merged, len(qs))
	}
	var q778 *index.Question
	for i := range qs {
		if qs[i].ID == "778" {
			q778 = &qs[i]
		}
	}
	if q778 == nil {
		t.Fatalf("no question 778 in %+v", qs)
	}
	if q778.Topic != "Topic 1" || q778.Number != 9 || len(q778.Comments) != 1 || q778.Comments[0].Author != "bob" || len(q778.Community) != 2 {
		t.Errorf("merged question: %+v", q778)
	}
}

func TestLoadExamFlagAndFolderName(t *testing.T) {
	dir := t.TempDir()
	qdir := filepath.Join(dir, "az-900", "questions")
	if err := os.MkdirAll(qdir, 0o755); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(filepath.Join(mixed, "md-dump/acm-101/questions/question_2.md"))
	if err := os.WriteFile(filepath.Join(qdir, "question_2.md"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if q := load(t, Options{}, Input{Path: dir}).Questions[0]; q.Exam != "AZ-900" || q.ExamCode != "AZ-900" {
		t.Errorf("from folder name: %q (%q)", q.Exam, q.ExamCode)
	}
	if q := load(t, Options{Exam: "My Exam", Provider: "Me"}, Input{Path: dir}).Questions[0]; q.Exam != "My Exam" || q.Provider != "Me" {
		t.Errorf("from flags: %q %q", q.Exam, q.Provider)
	}
}

func TestLoadTooLarge(t *testing.T) {
	res := load(t, Options{MaxFileSize: 600}, Input{Path: mixed})
	if got := skipsByFile(res.Report)["ACM-101_1.json"]; got != index.SkipTooLarge {
		t.Errorf("large page skipped as %q", got)
	}
	if res.Report.BySource["markdown"] != 2 {
		t.Errorf("other files lost: %v", res.Report.BySource)
	}
}

func TestLoadArchivesMatchFolder(t *testing.T) {
	want := questionKeys(load(t, Options{}, Input{Path: mixed}).Questions)
	dir := t.TempDir()
	for name, write := range map[string]func(string, string) error{"dump.zip": writeZip, "dump.tar.gz": writeTarGz, "dump-no-extension": writeZip} {
		p := filepath.Join(dir, name)
		if err := write(mixed, p); err != nil {
			t.Fatal(err)
		}
		res := load(t, Options{}, Input{Path: p})
		if got := questionKeys(res.Questions); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: questions %v, want %v", name, got, want)
		}
		if len(res.Report.Skipped) != 5 {
			t.Errorf("%s: %d skipped", name, len(res.Report.Skipped))
		}
		for _, s := range res.Report.Skipped {
			if !strings.HasPrefix(s.Path, p+"!") {
				t.Errorf("%s: skip path %q does not name the archive", name, s.Path)
			}
		}
	}
}

func TestLoadRejectsWhatIsNotAnInput(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(p, []byte("hello"), 0o644)
	for _, in := range []string{p, filepath.Join(t.TempDir(), "missing")} {
		if _, err := Load(context.Background(), []Input{{Path: in}}, Options{}); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

// TestLoadSharedCorpus reads the whole shared ExamTopics dump in place.
func TestLoadSharedCorpus(t *testing.T) {
	shared := sharedtest.Require(t)
	if testing.Short() {
		t.Skip("skipping the whole corpus in -short mode")
	}
	res := load(t, Options{}, Input{Path: filepath.Join(shared, "corpus", "examtopics.zip")})
	rep := res.Report
	comments := 0
	for _, q := range res.Questions {
		comments += len(q.Comments)
	}
	t.Logf("files %d, questions read %d, comments read %d, skipped %d, ignored %d", rep.Files, len(res.Questions), comments, len(rep.Skipped), rep.Ignored)
	if rep.Files != 15171 || len(res.Questions) != 72052 {
		t.Errorf("files %d questions %d, want 15171 and 72052", rep.Files, len(res.Questions))
	}
	if len(rep.Skipped) != 15 {
		t.Errorf("%d files skipped, want the 15 broken ones", len(rep.Skipped))
	}
	for _, s := range rep.Skipped {
		t.Logf("skipped %s", s)
		if s.Reason != index.SkipHTMLPage || !strings.Contains(s.Path, "examtopics.zip!examtopics/") {
			t.Errorf("unexpected skip %s", s)
		}
	}
	merged, _ := index.Merge(res.Questions)
	mc := 0
	for _, q := range merged {
		mc += len(q.Comments)
	}
	t.Logf("after merging: %d questions, %d comments", len(merged), mc)
	if mc != 661796 {
		t.Errorf("%d comments after merging duplicates, want 661796", mc)
	}
}

func questionKeys(qs []index.Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Exam+"/"+q.Topic+"/"+q.DiscussionID+"/"+q.Text[:min(20, len(q.Text))])
	}
	sort.Strings(out)
	return out
}

func writeZip(src, dst string) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		w, err := zw.Create("dump-main/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		r, err := os.Open(p)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(w, r)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}

func writeTarGz(src, dst string) error {
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: "./dump-main/" + filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(raw)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = tw.Write(raw)
		return err
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// BenchmarkLoadShared reads the whole shared ExamTopics dump, as a build's
// first phase does: the zip inflated and its pages parsed on every core.
func BenchmarkLoadShared(b *testing.B) {
	in := []Input{{Path: filepath.Join(sharedtest.Require(b), "corpus", "examtopics.zip")}}
	for b.Loop() {
		res, err := Load(context.Background(), in, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Questions) < 70000 {
			b.Fatalf("%d questions read", len(res.Questions))
		}
	}
}
