package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui"
)

// runBench serves the index on loopback and runs a query mix through the
// JSON API, single-threaded and with concurrent clients, printing latency
// percentiles and throughput.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	path := fs.String("index", defaultIndexPath(), "index directory")
	queries := fs.String("queries", "", "file of queries, one a line (required)")
	conc := fs.Int("conc", 2, "concurrent clients for the second run")
	reps := fs.Int("reps", 3, "timed passes over the queries")
	facets := fs.Bool("facets", true, "ask for facets and highlighting (false: plain top 10)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	qs, err := readLines(*queries)
	if err != nil {
		return err
	}
	start := time.Now()
	eng, ix, err := openEngine(*path, search.Options{})
	if err != nil {
		return err
	}
	defer ix.Close()
	srv, err := ui.New(eng, ui.Options{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go hs.Serve(ln)
	defer hs.Close()
	ready := time.Since(start)
	base := "http://" + ln.Addr().String() + "/api/v1/search?"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc + 1}}
	one := func(q string) (time.Duration, error) {
		v := url.Values{"q": {q}, "size": {"10"}}
		if !*facets {
			v.Set("facets", "false")
			v.Set("highlight", "false")
		}
		t := time.Now()
		resp, err := client.Get(base + v.Encode())
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("query %q: status %d", q, resp.StatusCode)
		}
		return time.Since(t), nil
	}
	for _, q := range qs { // warm-up
		if _, err := one(q); err != nil {
			return err
		}
	}
	var single []time.Duration
	for range *reps {
		for _, q := range qs {
			d, err := one(q)
			if err != nil {
				return err
			}
			single = append(single, d)
		}
	}
	var mu sync.Mutex
	var multi []time.Duration
	work := make(chan string)
	var wg sync.WaitGroup
	var firstErr error
	t0 := time.Now()
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range work {
				d, err := one(q)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				multi = append(multi, d)
				mu.Unlock()
			}
		}()
	}
	for range *reps {
		for _, q := range qs {
			work <- q
		}
	}
	close(work)
	wg.Wait()
	wall := time.Since(t0)
	if firstErr != nil {
		return firstErr
	}
	mode := "faceted+highlighted"
	if !*facets {
		mode = "plain"
	}
	fmt.Fprintf(stdout, "index %s: %d questions, ready in %s\n", *path, ix.Meta.Questions, ready.Round(time.Millisecond))
	fmt.Fprintf(stdout, "%d queries x %d passes through the HTTP API, %s\n", len(qs), *reps, mode)
	fmt.Fprintf(stdout, "  1 client:  p50 %s  p95 %s  p99 %s\n", pct(single, .50), pct(single, .95), pct(single, .99))
	fmt.Fprintf(stdout, "  %d clients: p50 %s  p95 %s  p99 %s  %.0f queries/s\n", *conc, pct(multi, .50), pct(multi, .95), pct(multi, .99),
		float64(len(multi))/wall.Seconds())
	return nil
}

func pct(d []time.Duration, p float64) string {
	if len(d) == 0 {
		return "-"
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := min(len(s)-1, max(0, int(p*float64(len(s))+0.5)-1))
	return fmt.Sprintf("%.2fms", float64(s[i].Microseconds())/1000)
}

func readLines(p string) ([]string, error) {
	if p == "" {
		return nil, fmt.Errorf("--queries is required")
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no queries", p)
	}
	return out, sc.Err()
}
