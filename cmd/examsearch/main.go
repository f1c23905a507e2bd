// Command examsearch indexes certification-exam dumps and serves full-text
// search over them. Run it with no arguments to build the bundled sample and
// serve it; see "examsearch help" for the subcommands.
package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

const usage = `examsearch: full-text search for certification-exam questions

usage:
  examsearch [--addr A]            build the bundled sample (once) and serve it
  examsearch index  --data DIR|ZIP|TGZ [--data ...] --index PATH [--json]
  examsearch serve  --index PATH [--addr 127.0.0.1:8080] [--data ...]
  examsearch search --index PATH [--exam X] [--json] QUERY...
  examsearch eval   --index PATH FILE
  examsearch bench  --index PATH --queries FILE [--conc 2] [--facets=false]

run "examsearch COMMAND -h" for a command's flags
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var level slog.LevelVar // EXAMSEARCH_LOG_LEVEL=debug shows the build's phases
	if err := level.UnmarshalText([]byte(cmp.Or(os.Getenv("EXAMSEARCH_LOG_LEVEL"), "info"))); err != nil {
		fmt.Fprintf(stderr, "EXAMSEARCH_LOG_LEVEL: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: &level}))
	cmd, rest := "demo", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "index":
		err = runIndex(ctx, rest, stdout, stderr, log)
	case "demo":
		err = runDemo(ctx, rest, stdout, stderr, log)
	case "serve":
		err = runServe(ctx, rest, stdout, stderr, log)
	case "search":
		err = runSearch(ctx, rest, stdout, stderr)
	case "eval":
		err = runEval(ctx, rest, stdout, stderr)
	case "bench":
		err = runBench(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "examsearch: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		if err == errUsage {
			return 2
		}
		fmt.Fprintf(stderr, "examsearch %s: %v\n", cmd, err)
		return 1
	}
	return 0
}
