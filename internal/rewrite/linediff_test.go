package rewrite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// interleaved is two texts of n lines where every other line differs: an
// exact diff deletes n/2 lines and inserts n/2, but its Myers cost is
// large enough that go-diff's default 1 s deadline gives up on it and
// returns a coarser diff on a loaded machine.
func interleaved(n int) (string, string) {
	var a, b strings.Builder
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&a, "same %d\n", i)
			fmt.Fprintf(&b, "same %d\n", i)
		} else {
			fmt.Fprintf(&a, "old %d\n", i)
			fmt.Fprintf(&b, "new %d\n", i)
		}
	}
	return a.String(), b.String()
}

func diffChangedLines(diffs []diffmatchpatch.Diff) int {
	n := 0
	for _, d := range diffs {
		if d.Type != diffmatchpatch.DiffEqual {
			n += strings.Count(d.Text, "\n")
		}
	}
	return n
}

// TestLineDiffHasNoDeadline: the diff behind fmt -d and the blank-line
// restoration of fmt and convert is exact whatever the machine's load
// (DiffTimeout = 0), and bounded by the input's size instead.
func TestLineDiffHasNoDeadline(t *testing.T) {
	a, b := interleaved(16_000)
	if got, want := diffChangedLines(lineDiff(a, b)), 16_000; got != want {
		t.Errorf("lineDiff changed %d lines, want the exact %d", got, want)
	}
	// beyond the bound, the diff is coarse but the same on every run
	a, b = interleaved(maxDiffLines)
	first := lineDiff(a, b)
	if got, want := diffChangedLines(first), 2*(maxDiffLines-1); got != want {
		t.Errorf("beyond the bound: %d lines changed, want %d (only the common first line kept)", got, want)
	}
}
