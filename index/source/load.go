package source

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source/examtopics"
	"github.com/examsearch/examsearch/index/source/markdown"
)

// DefaultMaxFileSize bounds one file: the largest real page is under 1 MiB.
const DefaultMaxFileSize = 32 << 20

// Options tune Load. The zero value is usable.
type Options struct {
	MaxFileSize int64  // files above this are skipped; default DefaultMaxFileSize
	Exam        string // exam of markdown dumps, overriding saved-links.txt and folder names
	Provider    string // provider of markdown dumps, when nothing else tells
	Workers     int    // parsing goroutines; default GOMAXPROCS
	// Progress, when set, is called with the size of each file read.
	Progress func(bytes int64)
}

// Result is every question read, unmerged, with the account of the files.
type Result struct {
	Questions []index.Question
	Report    *index.Report
}

// parsed is what one file gave.
type parsed struct {
	e      entry
	input  int
	format Format
	qs     []index.Question
	notes  []string
	skip   *index.Skip
	links  []string
}

// Load reads every input and returns the questions found. An input that
// cannot be opened at all is an error; a bad file inside one is a skip in
// the report.
func Load(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	entries := make(chan parsed, workers*2)
	results := make(chan parsed, workers*2)
	var walkErr error
	var releases []func() error // of the inputs, once every entry is parsed
	go func() {
		defer close(entries)
		for i, in := range inputs {
			release, err := walk(ctx, in, opts.MaxFileSize, func(e entry) error {
				select {
				case entries <- parsed{e: e, input: i}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if release != nil {
				releases = append(releases, release)
			}
			if err != nil {
				walkErr = err
				cancel()
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range entries {
				results <- parseEntry(p)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	var all []parsed
	for p := range results {
		if opts.Progress != nil {
			opts.Progress(p.e.size)
		}
		all = append(all, p)
	}
	for _, release := range releases { // the walker and the workers are done
		if err := release(); err != nil && walkErr == nil {
			walkErr = fmt.Errorf("close input: %w", err)
		}
	}
	if walkErr != nil {
		return nil, walkErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return collect(all, inputs, opts), nil
}

// parseEntry recognises and parses one file. It never panics on bad input:
// the parsers are fuzzed, and whatever they reject becomes a skip.
func parseEntry(p parsed) parsed {
	e := &p.e
	e.load()
	if e.err != nil {
		reason := index.SkipUnreadable
		if errors.Is(e.err, errTooLarge) {
			reason = index.SkipTooLarge
		}
		p.skip = &index.Skip{Path: e.path, Reason: reason, Detail: e.err.Error()}
		if reason == index.SkipTooLarge {
			p.skip.Detail = fmt.Sprintf("%d bytes", e.size)
		}
		return p
	}
	format, reason, detail := detect(e.rel, e.data)
	p.format = format
	if reason != "" {
		p.skip = &index.Skip{Path: e.path, Reason: reason, Detail: detail}
		return p
	}
	switch format {
	case FormatExamTopics:
		page, err := examtopics.Parse(e.data)
		if err != nil {
			reason := index.SkipMalformed
			if errors.Is(err, examtopics.ErrNotPage) {
				reason = index.SkipNoQuestion
			}
			p.skip = &index.Skip{Path: e.path, Reason: reason, Detail: err.Error()}
			return p
		}
		p.qs, p.notes = page.Questions, page.Notes
	case FormatMarkdown:
		res, err := markdown.Parse(e.data)
		if err != nil {
			reason := index.SkipNoQuestion
			if errors.Is(err, markdown.ErrTooComplex) {
				reason = index.SkipMalformed
			}
			p.skip = &index.Skip{Path: e.path, Reason: reason, Detail: err.Error()}
			return p
		}
		res.Question.Source = "markdown"
		p.qs, p.notes = []index.Question{res.Question}, res.Notes
	case FormatLinks:
		p.links = readLinks(e.data)
	}
	for i := range p.qs {
		p.qs[i].SourcePath = e.path
	}
	e.data = nil
	return p
}

// collect turns the parsed files into the result, in a stable order.
func collect(all []parsed, inputs []Input, opts Options) *Result {
	sort.Slice(all, func(i, j int) bool {
		if all[i].input != all[j].input {
			return all[i].input < all[j].input
		}
		return all[i].e.rel < all[j].e.rel
	})
	rep := index.NewReport()
	exams := newExamFinder(opts)
	for _, p := range all {
		if p.links != nil {
			exams.addLinks(p.input, p.e.rel, p.links)
		}
	}
	n := 0
	for _, p := range all {
		n += len(p.qs)
	}
	// Sized once: growing a slice of the corpus's questions by appending
	// copied them some twenty times (0.7 s of the build, on one core).
	res := &Result{Report: rep, Questions: make([]index.Question, 0, n)}
	for _, p := range all {
		rep.Files++
		switch {
		case p.skip != nil:
			rep.Skipped = append(rep.Skipped, *p.skip)
			continue
		case len(p.qs) == 0:
			if p.format == FormatOther || p.format == FormatLinks {
				rep.Ignored++
			}
			addNotes(rep, p)
			continue
		}
		rep.Parsed++
		addNotes(rep, p)
		for _, q := range p.qs {
			if q.Source == "markdown" {
				exams.assign(&q, p.input, p.e.rel)
			}
			rep.BySource[q.Source]++
			res.Questions = append(res.Questions, q)
		}
	}
	return res
}

func addNotes(rep *index.Report, p parsed) {
	for _, n := range p.notes {
		rep.Notes = append(rep.Notes, index.Note{Path: p.e.path, Note: n})
	}
}
