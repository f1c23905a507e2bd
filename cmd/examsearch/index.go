package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
)

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	fs := newFlagSet("index", stderr)
	var data multiFlag
	fs.Var(&data, "data", "folder, .zip or .tar.gz of exam dumps (repeatable)")
	dst := fs.String("index", "examsearch.index", "index directory to create or replace")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	var lopts source.Options
	fs.StringVar(&lopts.Exam, "exam", "", "exam of markdown dumps (default: from saved-links.txt or the folder name)")
	fs.StringVar(&lopts.Provider, "provider", "", "provider of markdown dumps when nothing else tells")
	fs.Int64Var(&lopts.MaxFileSize, "max-file-size", source.DefaultMaxFileSize, "skip files larger than this many bytes")
	batch := fs.Int("batch", 500, "documents per Bleve batch")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to this file")
	memLimit := fs.Int64("memory-limit-mib", 850, "soft memory limit in MiB for the Go heap (0: none; GOMEMLIMIT wins when set)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(*memLimit << 20)
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if len(data) == 0 {
		fmt.Fprintln(stderr, "examsearch index: --data is required")
		fs.Usage()
		return errUsage
	}
	inputs := make([]source.Input, len(data))
	for i, d := range data {
		inputs[i] = source.Input{Path: d}
	}
	rep, err := buildIndexWith(ctx, inputs, *dst, lopts, index.BuildOptions{BatchSize: *batch}, stderr, log)
	if rep != nil {
		if *asJSON {
			_ = printJSON(stdout, rep)
		} else {
			rep.Print(stdout)
		}
	}
	return err
}

// buildIndex reads the inputs and builds the index, with progress on stderr.
func buildIndexWith(ctx context.Context, inputs []source.Input, dst string, lopts source.Options, bopts index.BuildOptions, stderr io.Writer, log *slog.Logger) (*index.Report, error) {
	dict, err := index.DefaultDictionary()
	if err != nil {
		return nil, err
	}
	reading := newProgress(stderr, log, "reading", -1)
	lopts.Progress = reading.add
	res, err := source.Load(ctx, inputs, lopts)
	reading.finish()
	if err != nil {
		return nil, err
	}
	if len(res.Questions) == 0 {
		return res.Report, errors.New("no questions found in the data: nothing to index (see the skipped files above)")
	}
	indexing := newProgress(stderr, log, "indexing", int64(len(res.Questions)))
	bopts.Dictionary, bopts.Logger = dict, log
	bopts.Progress = func(n int) { indexing.add(int64(n)) }
	err = index.Build(ctx, dst, res.Questions, res.Report, bopts)
	indexing.finish()
	if err != nil {
		return res.Report, fmt.Errorf("build %s: %w", dst, err)
	}
	return res.Report, nil
}
