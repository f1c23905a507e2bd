package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
)

// indexConfig is what the index command's flags set.
type indexConfig struct {
	data       multiFlag
	dst        string
	asJSON     bool
	load       source.Options
	batchSize  int
	cpuProfile string
	ifMissing  bool
	memLimit   int64
	gcPercent  int
	copies     int
}

func indexFlags(stderr io.Writer, cfg *indexConfig) *flagSet {
	fs := newFlagSet("index", stderr)
	fs.Var(&cfg.data, "data", "folder, .zip or .tar.gz of exam dumps (repeatable)")
	fs.StringVar(&cfg.dst, "index", "examsearch.index", "index directory to create or replace")
	fs.BoolVar(&cfg.asJSON, "json", false, "print the summary as JSON")
	fs.StringVar(&cfg.load.Exam, "exam", "", "exam of markdown dumps (default: from saved-links.txt or the folder name)")
	fs.StringVar(&cfg.load.Provider, "provider", "", "provider of markdown dumps when nothing else tells")
	fs.Int64Var(&cfg.load.MaxFileSize, "max-file-size", source.DefaultMaxFileSize, "skip files larger than this many bytes")
	fs.IntVar(&cfg.batchSize, "batch-size", 1000, "questions a worker inverts at a time")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this file")
	fs.BoolVar(&cfg.ifMissing, "if-missing", false, "do nothing when a current index is already there (for init containers)")
	fs.IntVar(&cfg.copies, "copies", 1, "index every question this many times, copies in exams of their own (for scaling benchmarks)")
	fs.Int64Var(&cfg.memLimit, "memory-limit-mib", 850, "soft memory limit in MiB for the Go heap (0: none; GOMEMLIMIT wins when set)")
	fs.IntVar(&cfg.gcPercent, "gc-percent", 400, "Go's GOGC for the build: the heap is collected when it grows by this percentage or reaches the memory limit, which then bounds it (GOGC wins when set)")
	return fs
}

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg indexConfig
	fs := indexFlags(stderr, &cfg)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if cfg.memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(cfg.memLimit << 20)
	}
	// Collecting less often, up to the memory limit, spares the build
	// about 4 of its 55-60 CPU-seconds on the shared corpus.
	if cfg.gcPercent > 0 && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cfg.gcPercent)
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if len(cfg.data) == 0 {
		fmt.Fprintln(stderr, "examsearch index: --data is required")
		fs.Usage()
		return errUsage
	}
	if cfg.ifMissing {
		if meta, err := index.ReadMeta(cfg.dst); err == nil && meta.MappingVersion == index.MappingVersion {
			fmt.Fprintf(stdout, "index %s is there (build %s): nothing to do\n", cfg.dst, meta.BuildID)
			return nil
		}
	}
	inputs := make([]source.Input, len(cfg.data))
	for i, d := range cfg.data {
		inputs[i] = source.Input{Path: d}
	}
	rep, err := buildIndexWith(ctx, inputs, cfg.dst, cfg.load, cfg.copies, index.BuildOptions{BatchSize: cfg.batchSize}, stderr, log)
	if rep != nil {
		if cfg.asJSON {
			_ = printJSON(stdout, rep)
		} else {
			rep.Print(stdout)
		}
	}
	return err
}

// buildIndex reads the inputs and builds the index, with progress on stderr.
func buildIndexWith(ctx context.Context, inputs []source.Input, dst string, lopts source.Options, copies int, bopts index.BuildOptions, stderr io.Writer, log *slog.Logger) (*index.Report, error) {
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
	res.Questions = index.Replicate(res.Questions, copies)
	indexing := newProgress(stderr, log, "indexing", int64(len(res.Questions)))
	bopts.Dictionary, bopts.Logger = dict, log
	for _, in := range inputs { // folders and archives: images are served from inside them
		if st, err := os.Stat(in.Path); in.FS == nil && err == nil && (st.IsDir() || st.Mode().IsRegular()) {
			if abs, err := filepath.Abs(in.Path); err == nil {
				bopts.Roots = append(bopts.Roots, abs)
			}
		}
	}
	bopts.Progress = func(n int) { indexing.add(int64(n)) }
	err = index.Build(ctx, dst, res.Questions, res.Report, bopts)
	indexing.finish()
	if err != nil {
		return res.Report, fmt.Errorf("build %s: %w", dst, err)
	}
	return res.Report, nil
}
