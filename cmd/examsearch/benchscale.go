package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/examsearch/examsearch/index"
)

// scaleRow is one line of the scaling table.
type scaleRow struct {
	copies, questions int
	build             time.Duration
	indexBytes        int64
	buildRSS          int64 // peak, bytes
	startup           time.Duration
	warm              time.Duration // from ready to warmed up
	plain, faceted    passResult
	serveRSS          int64 // peak, bytes
}

// runScales builds the data at each scale and serves it, each in a process
// of its own as in production (so peak memory and start-up are the
// command's own), and measures the query mix through the HTTP API.
func runScales(ctx context.Context, cfg benchConfig, qs []string, stdout, stderr io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find this program: %w", err)
	}
	work := cfg.work
	if work == "" {
		if work, err = os.MkdirTemp("", "examsearch-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	var rows []scaleRow
	for _, n := range cfg.scales {
		fmt.Fprintf(stderr, "bench: %dx: building\n", n)
		row, err := buildScale(ctx, exe, cfg, n, filepath.Join(work, fmt.Sprintf("idx-%dx", n)))
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "bench: %dx: %d questions in %s; serving\n", n, row.questions, row.build.Round(time.Millisecond))
		if err := serveScale(ctx, exe, cfg, qs, filepath.Join(work, fmt.Sprintf("idx-%dx", n)), &row); err != nil {
			return err
		}
		rows = append(rows, row)
	}
	printScales(stdout, cfg, len(qs), rows)
	return nil
}

// buildScale runs "examsearch index --copies n" and measures it.
func buildScale(ctx context.Context, exe string, cfg benchConfig, n int, dst string) (scaleRow, error) {
	row := scaleRow{copies: n}
	args := []string{"index", "--index", dst, "--copies", strconv.Itoa(n), "--memory-limit-mib", strconv.Itoa(850 * n)}
	for _, d := range cfg.data {
		args = append(args, "--data", d)
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var errs strings.Builder
	cmd.Stderr = &errs
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return row, fmt.Errorf("bench: build %dx: %w\n%s", n, err, tail(errs.String(), 2000))
	}
	row.build = time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		row.buildRSS = ru.Maxrss << 10 // KiB on Linux
	}
	meta, err := index.ReadMeta(dst)
	if err != nil {
		return row, err
	}
	row.questions = meta.Questions
	row.indexBytes, err = dirSize(dst)
	return row, err
}

// serveScale starts "examsearch serve" on a free loopback port, times it
// to ready, runs the passes and stops it.
func serveScale(ctx context.Context, exe string, cfg benchConfig, qs []string, dst string, row *scaleRow) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, exe, "serve", "--index", dst, "--addr", addr, "--reload-interval", "0")
	var errs strings.Builder
	cmd.Stderr = &limitWriter{w: &errs, n: 1 << 20}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("bench: serve: %w", err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	b := &bencher{base: "http://" + addr, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.conc + 1}}}
	for {
		if _, status, err := b.get("/readyz"); err == nil && status == http.StatusOK {
			break
		}
		if time.Since(start) > time.Minute {
			return fmt.Errorf("bench: server not ready after a minute\n%s", tail(errs.String(), 2000))
		}
		time.Sleep(5 * time.Millisecond)
	}
	row.startup = time.Since(start)
	// The passes are timed once the server has warmed up, as it serves
	// from then on; searches before run on zap's postings, slower.
	for !b.warm() {
		if time.Since(start) > time.Minute {
			return fmt.Errorf("bench: server not warmed up after a minute\n%s", tail(errs.String(), 2000))
		}
		time.Sleep(20 * time.Millisecond)
	}
	row.warm = time.Since(start) - row.startup
	if row.plain, err = b.measure(qs, cfg.reps, cfg.conc, false); err != nil {
		return err
	}
	if row.faceted, err = b.measure(qs, cfg.reps, cfg.conc, true); err != nil {
		return err
	}
	row.serveRSS = procPeakRSS(cmd.Process.Pid)
	return nil
}

func printScales(w io.Writer, cfg benchConfig, nq int, rows []scaleRow) {
	fmt.Fprintf(w, "%d queries x %d passes through the HTTP API; concurrent: %d clients; faceted = top 10 + all facets + highlighting\n", nq, cfg.reps, cfg.conc)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scale\tquestions\tbuild s\tdocs/s\tindex MiB\tbuild peak MiB\tstart-up s\twarm-up s\tplain p50/p95/p99 ms\tfaceted p50/p95/p99 ms\tfaceted q/s\tserve peak MiB\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%dx\t%d\t%.1f\t%.0f\t%d\t%d\t%.2f\t%.2f\t%s\t%s\t%.0f\t%d\t\n", r.copies, r.questions, r.build.Seconds(),
			float64(r.questions)/r.build.Seconds(), r.indexBytes>>20, r.buildRSS>>20, r.startup.Seconds(), r.warm.Seconds(),
			triple(r.plain.single), triple(r.faceted.single), r.faceted.qps, r.serveRSS>>20)
	}
	tw.Flush()
}

func triple(d []time.Duration) string {
	return strings.Join([]string{ms(d, .5), ms(d, .95), ms(d, .99)}, " / ")
}

func ms(d []time.Duration, p float64) string { return strings.TrimSuffix(pct(d, p), "ms") }

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n, err
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// procPeakRSS is a process's peak resident set size (VmHWM), 0 if unknown.
func procPeakRSS(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	return statusField(string(raw), "VmHWM:")
}

func statusField(status, name string) int64 {
	for _, line := range strings.Split(status, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// limitWriter keeps the first n bytes written to it and drops the rest.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		if _, err := l.w.Write(p[:k]); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

var errNoScales = errors.New("--scales wants whole numbers such as 1,2,4")

func parseScales(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 64 {
			return nil, fmt.Errorf("%w: %q", errNoScales, f)
		}
		out = append(out, n)
	}
	return out, nil
}
