package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui"
)

type serveConfig struct {
	index       string
	addr        string
	data        multiFlag
	timeout     time.Duration
	logQueries  bool
	maxSearches int
	reloadEvery time.Duration
	gcPercent   int
}

func serveFlags(name string, stderr io.Writer, cfg *serveConfig) *flagSet {
	fs := newFlagSet(name, stderr)
	fs.StringVar(&cfg.index, "index", defaultIndexPath(), "index directory")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.Var(&cfg.data, "data", "build the index from these dumps first when it is missing or outdated (repeatable)")
	fs.DurationVar(&cfg.timeout, "timeout", 5*time.Second, "longest a search may run")
	fs.BoolVar(&cfg.logQueries, "log-queries", false, "write query text to the access log")
	fs.IntVar(&cfg.maxSearches, "max-searches", 0, "searches at once before answering 503 (default 4 per CPU)")
	fs.DurationVar(&cfg.reloadEvery, "reload-interval", 10*time.Second, "how often to look for a new build of the index (0: only on SIGHUP)")
	// The heap a server keeps is mostly arrays without pointers (the hot
	// lists, the sort orders, the facet columns), which the collector
	// marks at once: collecting at half again that heap, not twice it,
	// costs little and keeps 20-40 MB less on the shared corpus.
	fs.IntVar(&cfg.gcPercent, "gc-percent", 50, "Go's GOGC for the server (GOGC wins when set)")
	return fs
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg serveConfig
	fs := serveFlags("serve", stderr, &cfg)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if len(cfg.data) > 0 {
		inputs := make([]source.Input, len(cfg.data))
		for i, d := range cfg.data {
			inputs[i] = source.Input{Path: d}
		}
		if err := ensureIndex(ctx, cfg.index, inputs, "", stderr, log); err != nil {
			return err
		}
	}
	return serve(ctx, cfg, stdout, log)
}

// runDemo builds the embedded sample into the cache folder (once) and
// serves it: the README's main command.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer, log *slog.Logger) error {
	var cfg serveConfig
	fs := serveFlags("", stderr, &cfg)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	label, err := sampleLabel()
	if err != nil {
		return err
	}
	in := []source.Input{{FS: data.Sample(), Name: "sample"}}
	if err := ensureIndex(ctx, cfg.index, in, label, stderr, log); err != nil {
		return err
	}
	return serve(ctx, cfg, stdout, log)
}

// ensureIndex builds the index at path unless a current one is there.
func ensureIndex(ctx context.Context, path string, inputs []source.Input, label string, stderr io.Writer, log *slog.Logger) error {
	meta, err := index.ReadMeta(path)
	if err == nil && meta.MappingVersion == index.MappingVersion && (label == "" || meta.Source == label) {
		return nil
	}
	log.Info("building the index", "path", path)
	rep, err := buildIndexWith(ctx, inputs, path, source.Options{}, 1, index.BuildOptions{Source: label}, stderr, log)
	if err != nil {
		return err
	}
	log.Info("index ready", "questions", rep.Questions, "skipped_files", len(rep.Skipped))
	return nil
}

// sampleLabel names the embedded sample by a hash of its files, so that a
// new binary with a new sample rebuilds the demo index.
func sampleLabel() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(data.Sample(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(data.Sample(), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read embedded sample: %w", err)
	}
	return "sample:" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

func serve(ctx context.Context, cfg serveConfig, stdout io.Writer, log *slog.Logger) error {
	if cfg.gcPercent > 0 && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cfg.gcPercent)
	}
	opts := search.Options{Timeout: cfg.timeout}
	open := func(path string) (*search.Engine, io.Closer, error) { return openEngine(path, opts) }
	eng, closer, err := open(cfg.index)
	if err != nil {
		if errors.Is(err, index.ErrNoIndex) || errors.Is(err, index.ErrOldMapping) || errors.Is(err, index.ErrIncomplete) {
			return fmt.Errorf("%w (build it with: examsearch index --data DUMPS --index %s, or pass --data to serve)", err, cfg.index)
		}
		return err
	}
	live := search.NewLive(eng, closer)
	defer live.Close()
	live.Warm(ctx, log)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	trigger := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				select {
				case trigger <- struct{}{}:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	go live.Watch(ctx, cfg.index, cfg.reloadEvery, trigger, open, log)
	srv, err := ui.New(live, ui.Options{Logger: log, LogQueries: cfg.logQueries, MaxSearches: cfg.maxSearches})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      cfg.timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    32 << 10,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	fmt.Fprintf(stdout, "examsearch: serving %d questions at http://%s/ (API under /api/v1)\n", live.Meta().Questions, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shutdownCtx)
}
