package search_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/examsearch/examsearch/data"
	"github.com/examsearch/examsearch/index"
	"github.com/examsearch/examsearch/index/source"
	"github.com/examsearch/examsearch/search"
)

func buildAt(t *testing.T, dir string) {
	t.Helper()
	res, err := source.Load(context.Background(), []source.Input{{FS: data.Sample(), Name: "sample"}}, source.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dict, _ := index.DefaultDictionary()
	if err := index.Build(context.Background(), dir, res.Questions, res.Report, index.BuildOptions{Dictionary: dict}); err != nil {
		t.Fatal(err)
	}
}

func openAt(t *testing.T, dir string) (*search.Engine, *index.Index) {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	dict, _ := index.DefaultDictionary()
	e, err := search.New(ix, dict, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e, ix
}

// TestLiveSwapUnderLoad rebuilds the index in place and swaps to it while
// searches run: none fails, and the new build is served afterwards.
func TestLiveSwapUnderLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "live.index")
	buildAt(t, dir)
	e1, ix1 := openAt(t, dir)
	live := search.NewLive(e1, ix1)
	first := live.Meta().BuildID

	var failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := live.Search(context.Background(), search.Request{Query: "storage", Size: 5})
				if err != nil || res.Total == 0 {
					failures.Add(1)
				}
			}
		}()
	}
	for range 3 {
		buildAt(t, dir) // a new build swapped into the same path
		e2, ix2 := openAt(t, dir)
		live.Swap(e2, ix2)
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d searches failed during swaps", n)
	}
	if live.Meta().BuildID == first {
		t.Errorf("still serving the first build")
	}
	if err := live.Close(); err != nil {
		t.Error(err)
	}
}

// closeAfter reports when an index is closed and whether the engine's
// warming had finished by then.
type closeAfter struct {
	ix     *index.Index
	closed chan struct{}
	times  atomic.Int32
}

func (c *closeAfter) Close() error {
	if c.times.Add(1) > 1 {
		return nil // counted; closing twice crashes Bleve
	}
	defer close(c.closed)
	return c.ix.Close()
}

// Warming holds the engine: closing the Live, or swapping, while the exam
// order is being made closes the index only once it is done (closing it
// under the warming crashed the server in a test run), and only once.
func TestLiveWarmHoldsTheIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "live.index")
	buildAt(t, dir)
	for range 20 {
		e, ix := openAt(t, dir)
		c := &closeAfter{ix: ix, closed: make(chan struct{})}
		live := search.NewLive(e, c)
		live.Warm(context.Background(), slog.New(slog.DiscardHandler))
		if err := live.Close(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-c.closed:
		case <-time.After(10 * time.Second):
			t.Fatal("the index was never closed")
		}
		// Asking a closed Live again closes nothing twice.
		_ = live.Meta()
		_ = live.Close()
		if n := c.times.Load(); n != 1 {
			t.Fatalf("index closed %d times", n)
		}
		// The engine of a closed index says so rather than crashing.
		for _, req := range []search.Request{{}, {Query: "aks gpu"}} {
			if _, err := e.Search(context.Background(), req); !errors.Is(err, search.ErrClosed) {
				t.Fatalf("search %+v on a closed index: err %v", req, err)
			}
		}
	}
}
