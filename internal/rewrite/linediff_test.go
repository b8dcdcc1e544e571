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
	// beyond the bound, lines unique in both texts anchor an exact diff
	a, b = interleaved(maxDiffLines)
	if got, want := diffChangedLines(lineDiff(a, b)), maxDiffLines; got != want {
		t.Errorf("beyond the bound: %d lines changed, want the exact %d", got, want)
	}
	// without such lines, the middle is replaced, the same on every run
	a = "first\n" + strings.Repeat("x\ny\n", maxDiffLines/2) + "last\n"
	b = "first\n" + strings.Repeat("y\nx\n", maxDiffLines/2) + "last\n"
	first := lineDiff(a, b)
	if got, want := diffChangedLines(first), 2*maxDiffLines; got != want {
		t.Errorf("without anchors: %d lines changed, want %d (all but the common lines first and last)", got, want)
	}
	if again := lineDiff(a, b); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Error("the coarse diff differs between runs")
	}
}

// TestLineDiffBig (#19 item 8): two long texts that differ in a few lines
// far apart give a diff of those lines only (before, past 40,000 lines
// everything between the first and the last change was replaced), and
// over 1.1 million distinct lines do not panic (go-diff numbers lines as
// runes and runs out).
func TestLineDiffBig(t *testing.T) {
	var a, b strings.Builder
	for i := range 60_000 {
		fmt.Fprintf(&a, "    line: %d\n    same: true\n", i)
		if i%20_000 == 7 {
			fmt.Fprintf(&b, "    line: %d changed\n    same: true\n", i)
		} else {
			fmt.Fprintf(&b, "    line: %d\n    same: true\n", i)
		}
	}
	d := UnifiedDiff("a", "b", []byte(a.String()), []byte(b.String()))
	if got := strings.Count(d, "\n+ "); got != 3 {
		t.Errorf("%d lines inserted, want 3:\n%.2000s", got, d)
	}
	if got := strings.Count(d, "\n- "); got != 3 {
		t.Errorf("%d lines deleted, want 3", got)
	}
	if got, want := strings.Count(d, "@@ -"), 3; got != want {
		t.Errorf("%d hunks, want %d", got, want)
	}

	var many strings.Builder
	many.WriteString("[\n")
	for i := range 1_200_000 {
		fmt.Fprintf(&many, "  \"v%07d\",\n", i)
	}
	many.WriteString("]\n")
	d = UnifiedDiff("a", "b", []byte("[]\n"), []byte(many.String()))
	if got := strings.Count(d, "\n+") - 1; got != 1_200_002 { // less the +++ header
		t.Errorf("%d lines inserted, want 1,200,002", got)
	}
}
