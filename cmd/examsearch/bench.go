package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/examsearch/examsearch/search"
	"github.com/examsearch/examsearch/ui"
)

type benchConfig struct {
	index, queries string
	conc, reps     int
	facets         bool
	duration       time.Duration
	swapEvery      time.Duration
	data           multiFlag // with data: build at each scale, then serve
	scales         []int
	work           string
	cpuProfile     string
}

// runBench serves the index on loopback and runs a query mix through the
// JSON API: timed passes single-threaded and with concurrent clients, or,
// with --duration, a load test of a mixed workload (plain, faceted,
// highlighted, deep pages, invalid requests), optionally swapping the index
// under it. With --data it builds the data at each of --scales first and
// prints one table (see runScales).
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg benchConfig
	fs := newFlagSet("bench", stderr)
	fs.StringVar(&cfg.index, "index", defaultIndexPath(), "index directory")
	fs.StringVar(&cfg.queries, "queries", "", "file of queries, one a line (required)")
	fs.IntVar(&cfg.conc, "conc", 2, "concurrent clients")
	fs.IntVar(&cfg.reps, "reps", 3, "timed passes over the queries")
	fs.BoolVar(&cfg.facets, "facets", true, "ask for facets and highlighting (false: plain top 10)")
	fs.DurationVar(&cfg.duration, "duration", 0, "run a mixed load test this long instead of timed passes")
	fs.DurationVar(&cfg.swapEvery, "swap-every", 0, "with --duration: reopen and swap the index this often")
	fs.Var(&cfg.data, "data", "build this data (folder, .zip, .tar.gz; repeatable) at each scale, then serve and measure it, each in a process of its own")
	scales := fs.String("scales", "1", "with --data: corpus sizes to measure, as copies of it (1,2,4)")
	fs.StringVar(&cfg.work, "work", "", "with --data: folder for the indexes (default: a temporary one, removed after)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the benchmark (server and clients, one process) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	qs, err := readLines(cfg.queries)
	if err != nil {
		return err
	}
	if len(cfg.data) > 0 {
		if cfg.scales, err = parseScales(*scales); err != nil {
			return err
		}
		return runScales(ctx, cfg, qs, stdout, stderr)
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	start := time.Now()
	open := func(path string) (*search.Engine, io.Closer, error) {
		eng, ix, err := openEngine(path, search.Options{})
		return eng, ix, err
	}
	eng, closer, err := open(cfg.index)
	if err != nil {
		return err
	}
	ready := time.Since(start)
	// Timed warmed up, as a server serves once warmed up.
	if err := eng.Warm(ctx); err != nil {
		closer.Close()
		return err
	}
	warm := time.Since(start) - ready
	live := search.NewLive(eng, closer)
	defer live.Close()
	srv, err := ui.New(live, ui.Options{MaxSearches: 64})
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
	b := &bencher{base: "http://" + ln.Addr().String(), client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.conc + 1}}}
	fmt.Fprintf(stdout, "index %s: %d questions, ready in %s, warmed up in %s more\n", cfg.index, live.Meta().Questions, ready.Round(time.Millisecond), warm.Round(time.Millisecond))
	if cfg.duration > 0 {
		return b.load(ctx, cfg, qs, live, open, stdout)
	}
	return b.passes(cfg, qs, stdout)
}

type bencher struct {
	base   string
	client *http.Client
}

// warm tells whether the server says it has warmed up (/readyz).
func (b *bencher) warm() bool {
	resp, err := b.client.Get(b.base + "/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var ready struct {
		Warm bool `json:"warm"`
	}
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&ready) == nil && ready.Warm
}

// get runs one request and returns its latency and status.
func (b *bencher) get(path string) (time.Duration, int, error) {
	t := time.Now()
	resp, err := b.client.Get(b.base + path)
	if err != nil {
		return 0, 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t), resp.StatusCode, nil
}

func searchPath(q string, facets bool) string {
	v := url.Values{"q": {q}, "size": {"10"}}
	if !facets {
		v.Set("facets", "false")
		v.Set("highlight", "false")
	}
	return "/api/v1/search?" + v.Encode()
}

// passResult is one mode's timings: single-threaded and concurrent.
type passResult struct {
	single, multi []time.Duration
	qps           float64 // concurrent
}

// measure warms up, then times reps passes over qs with one client and
// with conc clients.
func (b *bencher) measure(qs []string, reps, conc int, facets bool) (passResult, error) {
	var res passResult
	one := func(q string) (time.Duration, error) {
		d, status, err := b.get(searchPath(q, facets))
		if err == nil && status != 200 {
			err = fmt.Errorf("query %q: status %d", q, status)
		}
		return d, err
	}
	for _, q := range qs { // warm-up
		if _, err := one(q); err != nil {
			return res, err
		}
	}
	for range reps {
		for _, q := range qs {
			d, err := one(q)
			if err != nil {
				return res, err
			}
			res.single = append(res.single, d)
		}
	}
	var mu sync.Mutex
	var firstErr error
	work := make(chan string)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for q := range work {
				d, err := one(q)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				res.multi = append(res.multi, d)
				mu.Unlock()
			}
		}()
	}
	for range reps {
		for _, q := range qs {
			work <- q
		}
	}
	close(work)
	wg.Wait()
	res.qps = float64(len(res.multi)) / time.Since(t0).Seconds()
	return res, firstErr
}

func (b *bencher) passes(cfg benchConfig, qs []string, stdout io.Writer) error {
	res, err := b.measure(qs, cfg.reps, cfg.conc, cfg.facets)
	if err != nil {
		return err
	}
	mode := "faceted+highlighted"
	if !cfg.facets {
		mode = "plain"
	}
	fmt.Fprintf(stdout, "%d queries x %d passes through the HTTP API, %s\n", len(qs), cfg.reps, mode)
	fmt.Fprintf(stdout, "  1 client:  p50 %s  p95 %s  p99 %s\n", pct(res.single, .50), pct(res.single, .95), pct(res.single, .99))
	fmt.Fprintf(stdout, "  %d clients: p50 %s  p95 %s  p99 %s  %.0f queries/s\n", cfg.conc, pct(res.multi, .50), pct(res.multi, .95), pct(res.multi, .99), res.qps)
	return nil
}

// load runs the mixed workload for cfg.duration and reports errors, p99,
// throughput and memory: after a warm-up and at the end.
func (b *bencher) load(ctx context.Context, cfg benchConfig, qs []string, live *search.Live, open search.Opener, stdout io.Writer) error {
	mix := func(r *rand.Rand) string {
		q := qs[r.IntN(len(qs))]
		switch r.IntN(10) {
		case 0, 1:
			return searchPath(q, false)
		case 2:
			return "/api/v1/search?" + url.Values{"q": {q}, "page": {"90"}, "size": {"10"}}.Encode() // deep page
		case 3:
			return "/api/v1/search?" + url.Values{"q": {q}, "exam": {"DP-100", "AZ-104"}, "provider": {"Microsoft"}}.Encode()
		case 4:
			return "/api/v1/search?" + url.Values{"q": {q + ` title:"open`}, "mode": {"advanced"}}.Encode() // invalid
		case 5:
			return "/api/v1/search?size=1000" // invalid
		case 6: // sorted, with a query or browsing
			sorts := []string{"newest", "upvoted", "disputed", "exam"}
			if r.IntN(2) == 0 {
				q = ""
			}
			return "/api/v1/search?" + url.Values{"q": {q}, "sort": {sorts[r.IntN(len(sorts))]}}.Encode()
		}
		return searchPath(q, true)
	}
	warm := time.Now().Add(cfg.duration / 6)
	end := time.Now().Add(cfg.duration)
	var warmRSS int64
	var mu sync.Mutex
	var lat []time.Duration
	var n5xx, nConn, n4xx atomic.Int64
	stopSwap := make(chan struct{})
	var swaps atomic.Int64
	if cfg.swapEvery > 0 {
		go func() {
			t := time.NewTicker(cfg.swapEvery)
			defer t.Stop()
			for {
				select {
				case <-stopSwap:
					return
				case <-t.C:
					if eng, closer, err := open(cfg.index); err == nil {
						live.Swap(eng, closer)
						live.Warm(ctx, slog.New(slog.DiscardHandler)) // as a server does
						swaps.Add(1)
					}
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for i := range cfg.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 42))
			for time.Now().Before(end) && ctx.Err() == nil {
				d, status, err := b.get(mix(r))
				switch {
				case err != nil:
					nConn.Add(1)
				case status >= 500:
					n5xx.Add(1)
				case status >= 400:
					n4xx.Add(1)
				}
				if time.Now().After(warm) {
					mu.Lock()
					if warmRSS == 0 {
						warmRSS = rss()
					}
					lat = append(lat, d)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(stopSwap)
	endRSS := rss()
	fmt.Fprintf(stdout, "load test: %s, %d clients, mixed queries (plain, faceted, highlighted, filtered, sorted, deep page, invalid), %d index swaps\n",
		cfg.duration, cfg.conc, swaps.Load())
	fmt.Fprintf(stdout, "  requests %d (after warm-up), %.0f/s; 5xx %d; connection errors %d; 4xx (the invalid ones) %d\n",
		len(lat), float64(len(lat))/(cfg.duration.Seconds()*5/6), n5xx.Load(), nConn.Load(), n4xx.Load())
	fmt.Fprintf(stdout, "  p50 %s  p95 %s  p99 %s\n", pct(lat, .5), pct(lat, .95), pct(lat, .99))
	fmt.Fprintf(stdout, "  RSS after warm-up %d MiB, at the end %d MiB (%+.1f%%)\n", warmRSS>>20, endRSS>>20, 100*float64(endRSS-warmRSS)/float64(max(1, warmRSS)))
	if n5xx.Load() > 0 || nConn.Load() > 0 {
		return fmt.Errorf("load test failed: %d 5xx, %d connection errors", n5xx.Load(), nConn.Load())
	}
	return nil
}

// rss reads this process's resident set size from /proc (0 elsewhere).
func rss() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
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
