package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/search/eval"
)

// openEngine opens an index read-only with the shipped dictionary.
func openEngine(path string, opts search.Options) (*search.Engine, *index.Index, error) {
	ix, err := index.Open(path)
	if err != nil {
		return nil, nil, err
	}
	dict, err := index.DefaultDictionary()
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	eng, err := search.New(ix, dict, opts)
	if err != nil {
		ix.Close()
		return nil, nil, err
	}
	return eng, ix, nil
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", stderr)
	path := fs.String("index", defaultIndexPath(), "index directory")
	var exams, providers multiFlag
	fs.Var(&exams, "exam", "only this exam, by name or code (repeatable)")
	fs.Var(&providers, "provider", "only this provider (repeatable)")
	size := fs.Int("size", 10, "hits to show")
	sortBy := fs.String("sort", "", "relevance, newest, upvoted, disputed or exam")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	eng, ix, err := openEngine(*path, search.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	req := search.Request{Query: strings.Join(fs.Args(), " "), Size: *size, Sort: search.Sort(*sortBy)}
	for _, e := range exams {
		req.AddFilter(search.FacetExam, e)
	}
	for _, p := range providers {
		req.AddFilter(search.FacetProvider, p)
	}
	res, err := eng.Search(ctx, req)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, res)
	}
	fmt.Fprintf(stdout, "%d questions match (%.1f ms)\n", res.Total, res.TookMS)
	for i, h := range res.Hits {
		text := h.Question
		if len(text) > 160 {
			text = text[:160] + "…"
		}
		fmt.Fprintf(stdout, "%2d. [%s] %s %s Q%d  id=%s  answer=%s\n    %s\n", i+1, h.Provider, h.Exam, h.Topic, h.Number, h.ID, h.Answer,
			strings.ReplaceAll(text, "\n", " "))
	}
	return nil
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", stderr)
	path := fs.String("index", defaultIndexPath(), "index directory")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "examsearch eval: give one file of judged queries (JSON lines)")
		return errUsage
	}
	judged, err := eval.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	eng, ix, err := openEngine(*path, search.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	rep, err := eval.Run(ctx, eng, judged)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(stdout, rep)
	}
	rep.Print(stdout)
	return nil
}
