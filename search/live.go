package search

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/examsearch/examsearch/index"
)

// Live serves searches from whichever engine is current and swaps engines
// without failing a request: a search holds the engine it started on, and
// a replaced engine's index is closed only when its last search is done.
type Live struct {
	mu  sync.Mutex
	cur *generation
}

type generation struct {
	eng     *Engine
	closer  io.Closer
	refs    int
	retired bool
	closed  bool
}

// closable tells, under the Live's lock, whether g is now to be closed
// (retired and unused), and marks it so: a generation is closed once,
// whatever still asks for it after.
func (g *generation) closable() bool {
	if !g.retired || g.refs > 0 || g.closed {
		return false
	}
	g.closed = true
	return g.closer != nil
}

// NewLive serves eng, closing closer when eng is replaced and unused.
func NewLive(eng *Engine, closer io.Closer) *Live {
	return &Live{cur: &generation{eng: eng, closer: closer}}
}

func (l *Live) acquire() *generation {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cur.refs++
	return l.cur
}

func (l *Live) release(g *generation) {
	l.mu.Lock()
	g.refs--
	done := g.closable()
	l.mu.Unlock()
	if done {
		_ = g.closer.Close()
	}
}

// Swap makes eng current. The old engine's index is closed once the
// searches running on it have finished.
func (l *Live) Swap(eng *Engine, closer io.Closer) {
	l.mu.Lock()
	old := l.cur
	l.cur = &generation{eng: eng, closer: closer}
	old.retired = true
	done := old.closable()
	l.mu.Unlock()
	if done {
		_ = old.closer.Close()
	}
}

// Close retires the current engine.
func (l *Live) Close() error {
	l.mu.Lock()
	g := l.cur
	g.retired = true
	done := g.closable()
	l.mu.Unlock()
	if done {
		return g.closer.Close()
	}
	return nil
}

// Warm prepares the current engine (Engine.Warm) in the background,
// holding it the while: an engine swapped out or closed meanwhile keeps its
// index open until the warming is done.
func (l *Live) Warm(ctx context.Context, log *slog.Logger) {
	g := l.acquire()
	go func() {
		defer l.release(g)
		if err := g.eng.Warm(ctx); err != nil {
			log.Warn("warming the index", "build_id", g.eng.Meta().BuildID, "err", err)
		}
	}()
}

// Search runs on the current engine.
func (l *Live) Search(ctx context.Context, req Request) (*Result, error) {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Search(ctx, req)
}

// Question reads from the current engine.
func (l *Live) Question(ctx context.Context, id string) (*index.Question, error) {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Question(ctx, id)
}

// Warmed tells whether the current engine is warmed up (Engine.Warmed).
func (l *Live) Warmed() bool {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Warmed()
}

// Exams lists the current index's exams.
func (l *Live) Exams() []index.ExamInfo {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Exams()
}

// FacetValues reads from the current engine.
func (l *Live) FacetValues(ctx context.Context, f Facet, prefix string, limit int) ([]FacetValue, error) {
	g := l.acquire()
	defer l.release(g)
	return g.eng.FacetValues(ctx, f, prefix, limit)
}

// Meta describes the current index.
func (l *Live) Meta() index.Meta {
	g := l.acquire()
	defer l.release(g)
	return g.eng.Meta()
}

// Opener opens the index at a path as an engine, with what closes it.
type Opener func(path string) (*Engine, io.Closer, error)

// Watch swaps to a new build of the index at path when one appears: on
// every tick of every, and whenever trigger fires (SIGHUP). A build that
// cannot be opened is logged and the current one kept. It returns when ctx
// ends.
func (l *Live) Watch(ctx context.Context, path string, every time.Duration, trigger <-chan struct{}, open Opener, log *slog.Logger) {
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		case <-trigger:
		}
		meta, err := index.ReadMeta(path)
		if err != nil || meta.BuildID == l.Meta().BuildID {
			continue
		}
		eng, closer, err := open(path)
		if err != nil {
			log.Error("new index build not served", "path", path, "build_id", meta.BuildID, "err", err)
			continue
		}
		l.Swap(eng, closer)
		l.Warm(ctx, log)
		log.Info("serving a new index build", "path", path, "build_id", meta.BuildID, "questions", meta.Questions)
	}
}
