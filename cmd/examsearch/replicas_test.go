package main

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test start this binary as the real examsearch command.
func TestMain(m *testing.M) {
	if os.Getenv("EXAMSEARCH_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestTwoReplicasShareOneIndex starts two server processes on the same
// index directory, made read-only, as replicas sharing a volume would.
func TestTwoReplicasShareOneIndex(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "shared.index")
	if code, _, errs := runCmd(t, "index", "--data", "../../data/sample", "--index", dst); code != 0 {
		t.Fatal(errs)
	}
	if os.Geteuid() != 0 { // root ignores permissions; elsewhere make it really read-only
		filepath.Walk(dst, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				os.Chmod(p, info.Mode()&^0o222)
			}
			return nil
		})
		t.Cleanup(func() {
			filepath.Walk(dst, func(p string, info os.FileInfo, err error) error {
				if err == nil {
					os.Chmod(p, info.Mode()|0o200)
				}
				return nil
			})
		})
	}
	var bases []string
	for range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		cmd := exec.CommandContext(ctx, os.Args[0], "serve", "--index", dst, "--addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), "EXAMSEARCH_TEST_AS_MAIN=1")
		cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cancel(); cmd.Wait() })
		lines := make(chan string, 1)
		go func() {
			line, _ := bufio.NewReader(out).ReadString('\n')
			lines <- line
		}()
		select {
		case line := <-lines:
			start := strings.Index(line, "http://")
			if start < 0 {
				t.Fatalf("start-up line %q", line)
			}
			bases = append(bases, strings.TrimSuffix(strings.Fields(line[start:])[0], "/"))
		case <-time.After(20 * time.Second):
			t.Fatal("replica did not start")
		}
	}
	for _, base := range bases {
		resp, err := http.Get(base + "/api/v1/search?q=aks+gpu+inference")
		if err != nil {
			t.Fatal(err)
		}
		var res struct{ Hits []struct{ ID string } }
		json.NewDecoder(resp.Body).Decode(&res)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(res.Hits) == 0 || res.Hits[0].ID != "9100010" {
			t.Errorf("%s: %d %+v", base, resp.StatusCode, res)
		}
	}
}
