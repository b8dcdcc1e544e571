package rewrite

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	// go-diff is the project's chosen diff library: pure Go and
	// maintained; its line mode gives the Myers diff of two texts that UnifiedDiff formats.
	"github.com/sergi/go-diff/diffmatchpatch"
)

type diffLine struct {
	op   byte // ' ', '-' or '+'
	text string
}

// UnifiedDiff returns the unified diff (3 lines of context, as diff -u
// and gofmt -d print it) that turns a into b, with the given file names in
// the header; "" when the texts are equal. A last line without a final
// newline is marked as diff marks it.
func UnifiedDiff(nameA, nameB string, a, b []byte) string {
	return UnifiedDiffContext(nameA, nameB, a, b, 3)
}

// UnifiedDiffContext is UnifiedDiff with context lines of context.
func UnifiedDiffContext(nameA, nameB string, a, b []byte, context int) string {
	if string(a) == string(b) {
		return ""
	}
	var all []diffLine
	for _, d := range lineDiff(string(a), string(b)) {
		op := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		for _, l := range splitLines(d.Text) {
			all = append(all, diffLine{op, l})
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	oldLine, newLine := 1, 1 // numbers of all[i]
	for i := 0; i < len(all); {
		if all[i].op == ' ' {
			i++
			oldLine++
			newLine++
			continue
		}
		// A hunk: back up to context lines, then extend while changes are
		// closer than 2*context lines apart.
		start := i
		for k := 0; k < context && start > 0 && all[start-1].op == ' '; k++ {
			start--
		}
		hOld, hNew := oldLine-(i-start), newLine-(i-start)
		end := i
		for end < len(all) {
			if all[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(all) && all[run].op == ' ' {
				run++
			}
			if run == len(all) || run-end > 2*context {
				end += min(context, run-end)
				break
			}
			end = run
		}
		var nOld, nNew int
		for _, l := range all[start:end] {
			if l.op != '+' {
				nOld++
			}
			if l.op != '-' {
				nNew++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(hOld, nOld), hunkRange(hNew, nNew))
		for _, l := range all[start:end] {
			out.WriteByte(l.op)
			out.WriteString(l.text)
			if !strings.HasSuffix(l.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		for _, l := range all[i:end] {
			if l.op != '+' {
				oldLine++
			}
			if l.op != '-' {
				newLine++
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// maxDiffLines bounds the exact line diff: up to this many lines in both
// texts together, go-diff computes an exact (Myers) diff. Beyond, lines
// that occur once in each text anchor the texts (patience diff) and each
// stretch between anchors is diffed exactly when it is within the bound,
// replaced otherwise. go-diff's own bound is a deadline (1 s by default),
// which made fmt's and convert's output depend on the load of the
// machine; this one depends only on the input. Myers costs (N+M)·D:
// 40,000 lines of nothing in common take about a second, and the largest
// connector of Microsoft's repository has 17,500 lines.
const maxDiffLines = 40_000

// lineDiff is the line diff of a and b, the same on every machine.
func lineDiff(a, b string) []diffmatchpatch.Diff {
	la, lb := splitLines(a), splitLines(b)
	if len(la)+len(lb) > maxDiffLines {
		// go-diff's line mode numbers the lines of both texts as runes,
		// and panics past 1.1 million distinct lines
		return bigLineDiff(la, lb)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the result must not depend on the clock
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	return dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
}

// anchorLevels bounds how often a stretch too long for an exact diff is
// split again at the lines unique within it.
const anchorLevels = 4

// bigLineDiff is the line diff of two long texts, split into lines.
func bigLineDiff(la, lb []string) []diffmatchpatch.Diff {
	ids := make(map[string]int32, len(la))
	number := func(ls []string) []int32 {
		out := make([]int32, len(ls))
		for i, l := range ls {
			id, ok := ids[l]
			if !ok {
				id = int32(len(ids))
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &lineDiffer{a: la, b: lb}
	d.diff(number(la), number(lb), 0, 0, 0)
	return d.flush()
}

// lineDiffer collects the diff of a and b line by line, then merges runs.
type lineDiffer struct {
	a, b []string
	ops  []diffmatchpatch.Operation
	text []string
}

func (d *lineDiffer) add(op diffmatchpatch.Operation, lines []string) {
	for _, l := range lines {
		d.ops = append(d.ops, op)
		d.text = append(d.text, l)
	}
}

// diff diffs the line numbers xa of a (from line offA) and xb of b (from
// offB).
func (d *lineDiffer) diff(xa, xb []int32, offA, offB, level int) {
	p := 0
	for p < len(xa) && p < len(xb) && xa[p] == xb[p] {
		p++
	}
	d.add(diffmatchpatch.DiffEqual, d.a[offA:offA+p])
	xa, xb, offA, offB = xa[p:], xb[p:], offA+p, offB+p
	s := 0
	for s < len(xa) && s < len(xb) && xa[len(xa)-1-s] == xb[len(xb)-1-s] {
		s++
	}
	xa, xb = xa[:len(xa)-s], xb[:len(xb)-s]
	defer d.add(diffmatchpatch.DiffEqual, d.a[offA+len(xa):offA+len(xa)+s])
	switch {
	case len(xa) == 0 || len(xb) == 0:
		d.add(diffmatchpatch.DiffDelete, d.a[offA:offA+len(xa)])
		d.add(diffmatchpatch.DiffInsert, d.b[offB:offB+len(xb)])
	case len(xa)+len(xb) <= maxDiffLines:
		d.exact(xa, xb, offA, offB)
	default:
		anchors := uniqueAnchors(xa, xb)
		if len(anchors) == 0 || level >= anchorLevels {
			d.add(diffmatchpatch.DiffDelete, d.a[offA:offA+len(xa)])
			d.add(diffmatchpatch.DiffInsert, d.b[offB:offB+len(xb)])
			return
		}
		ia, ib := 0, 0
		for _, an := range anchors {
			d.diff(xa[ia:an[0]], xb[ib:an[1]], offA+ia, offB+ib, level+1)
			d.add(diffmatchpatch.DiffEqual, d.a[offA+an[0]:offA+an[0]+1])
			ia, ib = an[0]+1, an[1]+1
		}
		d.diff(xa[ia:], xb[ib:], offA+ia, offB+ib, level+1)
	}
}

// exact is go-diff's Myers diff of two stretches within maxDiffLines,
// their lines renumbered as runes from 1.
func (d *lineDiffer) exact(xa, xb []int32, offA, offB int) {
	local := make(map[int32]rune, len(xa))
	toRunes := func(x []int32) []rune {
		out := make([]rune, len(x))
		for i, id := range x {
			r, ok := local[id]
			if !ok {
				r = rune(len(local) + 1)
				local[id] = r
			}
			out[i] = r
		}
		return out
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	ia, ib := offA, offB
	for _, df := range dmp.DiffMainRunes(toRunes(xa), toRunes(xb), false) {
		n := utf8.RuneCountInString(df.Text)
		switch df.Type {
		case diffmatchpatch.DiffEqual:
			d.add(df.Type, d.a[ia:ia+n])
			ia, ib = ia+n, ib+n
		case diffmatchpatch.DiffDelete:
			d.add(df.Type, d.a[ia:ia+n])
			ia += n
		case diffmatchpatch.DiffInsert:
			d.add(df.Type, d.b[ib:ib+n])
			ib += n
		}
	}
}

// uniqueAnchors returns the pairs (i, j) with xa[i] == xb[j], the line
// occurring once in xa and once in xb, that form the longest sequence
// increasing in both i and j.
func uniqueAnchors(xa, xb []int32) [][2]int {
	count := make(map[int32][2]int, len(xa))
	for _, id := range xa {
		c := count[id]
		c[0]++
		count[id] = c
	}
	at := make(map[int32]int)
	for j, id := range xb {
		if c, ok := count[id]; ok && c[0] == 1 {
			c[1]++
			count[id] = c
			at[id] = j
		}
	}
	var pairs [][2]int
	for i, id := range xa {
		if c := count[id]; c[0] == 1 && c[1] == 1 {
			pairs = append(pairs, [2]int{i, at[id]})
		}
	}
	// longest increasing subsequence of the j's (patience sorting)
	var tails []int // tails[k]: index in pairs of the smallest tail of a run of k+1
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= p[1] })
		if n > 0 {
			prev[k] = tails[n-1]
		} else {
			prev[k] = -1
		}
		if n == len(tails) {
			tails = append(tails, k)
		} else {
			tails[n] = k
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([][2]int, len(tails))
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k, i = k-1, prev[i] {
		out[k] = pairs[i]
	}
	return out
}

// flush merges the collected lines into runs: each run of changes as its
// deleted lines, then its inserted lines, as go-diff orders them.
func (d *lineDiffer) flush() []diffmatchpatch.Diff {
	var out []diffmatchpatch.Diff
	var eq, del, ins strings.Builder
	emit := func(op diffmatchpatch.Operation, b *strings.Builder) {
		if b.Len() > 0 {
			out = append(out, diffmatchpatch.Diff{Type: op, Text: b.String()})
			b.Reset()
		}
	}
	for i, op := range d.ops {
		switch op {
		case diffmatchpatch.DiffEqual:
			emit(diffmatchpatch.DiffDelete, &del)
			emit(diffmatchpatch.DiffInsert, &ins)
			eq.WriteString(d.text[i])
		case diffmatchpatch.DiffDelete:
			emit(diffmatchpatch.DiffEqual, &eq)
			del.WriteString(d.text[i])
		case diffmatchpatch.DiffInsert:
			emit(diffmatchpatch.DiffEqual, &eq)
			ins.WriteString(d.text[i])
		}
	}
	emit(diffmatchpatch.DiffEqual, &eq)
	emit(diffmatchpatch.DiffDelete, &del)
	emit(diffmatchpatch.DiffInsert, &ins)
	return out
}

// Minified reports whether src is a minified file: more than 1000 bytes on
// fewer than three lines, where a line diff shows the whole file twice.
func Minified(src []byte) bool {
	return len(src) > 1000 && bytes.Count(src, []byte{'\n'}) < 3
}
