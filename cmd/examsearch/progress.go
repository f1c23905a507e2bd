package main

import (
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a bar on a terminal and a log line every few seconds
// elsewhere (CI logs, files).
type progress struct {
	bar   *progressbar.ProgressBar
	log   *slog.Logger
	what  string
	total int64

	mu   sync.Mutex
	done int64
	last time.Time
}

func newProgress(w io.Writer, log *slog.Logger, what string, total int64) *progress {
	p := &progress{log: log, what: what, total: total, last: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if total < 0 {
			p.bar = progressbar.DefaultBytes(-1, what)
		} else {
			p.bar = progressbar.Default(total, what)
		}
	}
	return p
}

func (p *progress) add(n int64) {
	if p.bar != nil {
		_ = p.bar.Add64(n)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if time.Since(p.last) >= 5*time.Second {
		p.last = time.Now()
		if p.total > 0 {
			p.log.Info(p.what, "done", p.done, "of", p.total)
		} else {
			p.log.Info(p.what, "bytes", p.done)
		}
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
