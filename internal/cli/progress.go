package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progressMin is the number of connectors above which a run shows
// progress.
const progressMin = 20

// progress draws "linting 40/1000 connectors" on one line of stderr, on a
// terminal only, for runs over more than progressMin connectors, and never
// with --quiet or in CI (the CI variable set), where a log is read later.
type progress struct {
	w      io.Writer
	total  int
	count  int
	last   time.Time
	active bool
	drawn  bool
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	p := &progress{w: w, total: total}
	p.active = total > progressMin && !quiet && os.Getenv("CI") == "" && isTerminal(w)
	return p
}

// step counts one linted connector and redraws at most ten times a second.
func (p *progress) step() {
	if !p.active {
		return
	}
	p.count++
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || p.count == p.total {
		p.last = now
		p.drawn = true
		fmt.Fprintf(p.w, "\rppconn: linting %d/%d connectors", p.count, p.total)
	}
}

// clear erases the line, before findings are written to the terminal.
func (p *progress) clear() {
	if p.drawn {
		p.drawn = false
		p.last = time.Time{}
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// done erases the line for good.
func (p *progress) done() { p.clear() }
