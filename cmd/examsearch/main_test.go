package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/examsearch/examsearch/index"
)

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestIndexCommand(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "s.index")
	code, out, errs := runCmd(t, "index", "--data", "../../data/sample", "--data", "../../index/source/testdata/mixed", "--index", dst, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep index.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("summary is not JSON: %v\n%s", err, out)
	}
	if rep.Questions < 40 || len(rep.Skipped) != 5 || rep.ByProvider["Cisco"] == 0 {
		t.Errorf("report %+v", rep)
	}
	code, out, _ = runCmd(t, "search", "--index", dst, "aks", "gpu", "inference")
	if code != 0 || !strings.Contains(out, "id=9100010") {
		t.Errorf("search: %d\n%s", code, out)
	}
}

func TestIndexCommandFailures(t *testing.T) {
	if code, _, _ := runCmd(t, "index"); code != 2 {
		t.Errorf("no --data: exit %d", code)
	}
	empty := t.TempDir()
	code, _, errs := runCmd(t, "index", "--data", empty, "--index", filepath.Join(t.TempDir(), "x"))
	if code != 1 || !strings.Contains(errs, "no questions") {
		t.Errorf("empty data: exit %d, %q", code, errs)
	}
	code, _, errs = runCmd(t, "serve", "--index", filepath.Join(t.TempDir(), "none"))
	if code != 1 || !strings.Contains(errs, "no index") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("serve without index: exit %d, %q", code, errs)
	}
	if code, _, _ := runCmd(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

// TestDemoServesAndStops runs the no-argument main job on a free port:
// builds the embedded sample, answers the API, shuts down on cancel.
func TestDemoServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--index", filepath.Join(t.TempDir(), "demo.index")}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no start-up line: %v", err)
	}
	go io.Copy(io.Discard, pr)
	start := strings.Index(line, "http://")
	end := strings.Index(line[start:], "/ ")
	if start < 0 || end < 0 {
		t.Fatalf("start-up line %q", line)
	}
	base := line[start : start+end]
	resp, err := http.Get(base + "/api/v1/search?q=ospf+stub+area")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Total int
		Hits  []struct{ Provider string }
	}
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if resp.StatusCode != 200 || res.Total == 0 || res.Hits[0].Provider != "Cisco" {
		t.Errorf("demo search: %d %+v", resp.StatusCode, res)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after shutdown", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

// TestServeReloadsNewBuild serves an index, rebuilds it in place and sees
// the server switch to the new build by itself.
func TestServeReloadsNewBuild(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "r.index")
	if code, _, errs := runCmd(t, "index", "--data", "../../data/sample", "--index", dst); code != 0 {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--index", dst, "--addr", "127.0.0.1:0", "--reload-interval", "100ms"}, pw, io.Discard)
		pw.Close()
	}()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	start := strings.Index(line, "http://")
	base := strings.TrimSuffix(strings.Fields(line[start:])[0], "/")
	ready := func() (buildID string, warm bool) {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct {
			BuildID string `json:"build_id"`
			Warm    bool   `json:"warm"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		return r.BuildID, r.Warm
	}
	buildID := func() string { id, _ := ready(); return id }
	// The server warms its index up in the background, and says when done.
	warmedUp := func() {
		deadline := time.Now().Add(10 * time.Second)
		for _, warm := ready(); !warm; _, warm = ready() {
			if time.Now().After(deadline) {
				t.Fatal("the server never said it was warmed up")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	warmedUp()
	first := buildID()
	if code, _, errs := runCmd(t, "index", "--data", "../../data/sample", "--index", dst); code != 0 {
		t.Fatal(errs)
	}
	deadline := time.Now().Add(10 * time.Second)
	for buildID() == first {
		if time.Now().After(deadline) {
			t.Fatal("the server kept the old build")
		}
		time.Sleep(50 * time.Millisecond)
	}
	warmedUp() // the new build too
	resp, err := http.Get(base + "/api/v1/search?q=ospf")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("search after reload: %v %v", err, resp)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}

// TestBenchRuns proves the benchmark and the load test run (at a small
// scale; their figures come from the full corpus).
func TestBenchRuns(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "b.index")
	if code, _, errs := runCmd(t, "index", "--data", "../../data/sample", "--index", dst); code != 0 {
		t.Fatal(errs)
	}
	qf := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(qf, []byte("aks gpu inference\nospf stub area\ns3 lifecycle glacier\n"), 0o644)
	code, out, errs := runCmd(t, "bench", "--index", dst, "--queries", qf, "--reps", "1")
	if code != 0 || !strings.Contains(out, "p99") || !strings.Contains(out, "warmed up in") {
		t.Fatalf("bench: %d %s %s", code, out, errs)
	}
	code, out, errs = runCmd(t, "bench", "--index", dst, "--queries", qf, "--duration", "2s", "--conc", "2", "--swap-every", "300ms")
	if code != 0 || !strings.Contains(out, "5xx 0; connection errors 0") {
		t.Fatalf("load test: %d %s %s", code, out, errs)
	}
}

// TestBenchScales runs the scaling benchmark on the sample at 1x and 2x:
// builds and servers are child processes (this test binary as examsearch).
func TestBenchScales(t *testing.T) {
	t.Setenv("EXAMSEARCH_TEST_AS_MAIN", "1")
	qf := filepath.Join(t.TempDir(), "q.txt")
	os.WriteFile(qf, []byte("aks gpu inference\nospf stub area\ns3 lifecycle glacier\n"), 0o644)
	code, out, errs := runCmd(t, "bench", "--data", "../../data/sample", "--scales", "1,2", "--queries", qf, "--reps", "1")
	if code != 0 {
		t.Fatalf("bench: %d %s %s", code, out, errs)
	}
	questions := map[string]int{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 10 && (f[0] == "1x" || f[0] == "2x") {
			questions[f[0]], _ = strconv.Atoi(f[1])
			if f[len(f)-1] == "0" {
				t.Errorf("no serving memory measured: %q", line)
			}
		}
	}
	if questions["1x"] == 0 || questions["2x"] != 2*questions["1x"] {
		t.Errorf("questions at 1x and 2x: %v\n%s", questions, out)
	}
	if !strings.Contains(out, "warm-up s") {
		t.Errorf("the table has no warm-up time:\n%s", out)
	}
	if code, _, _ := runCmd(t, "bench", "--data", "../../data/sample", "--scales", "1,x", "--queries", qf); code == 0 {
		t.Error("a bad --scales was accepted")
	}
}
