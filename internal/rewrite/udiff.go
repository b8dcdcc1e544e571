package rewrite

import (
	"bytes"
	"fmt"
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

// maxDiffLines bounds the line diff: up to this many lines in both texts
// together, go-diff computes an exact (Myers) diff; beyond, only the
// common first and last lines are matched and the middle is replaced.
// go-diff's own bound is a deadline (1 s by default), which made fmt's
// and convert's output depend on the load of the machine; this one
// depends only on the input. Myers costs (N+M)·D: 40,000 lines of
// nothing in common take about a second, and the largest connector of
// Microsoft's repository has 17,500 lines.
const maxDiffLines = 40_000

// lineDiff is the line diff of a and b, the same on every machine.
func lineDiff(a, b string) []diffmatchpatch.Diff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: the result must not depend on the clock
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	if utf8.RuneCountInString(ca)+utf8.RuneCountInString(cb) <= maxDiffLines {
		return dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	}
	ra, rb := []rune(ca), []rune(cb)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	var diffs []diffmatchpatch.Diff
	add := func(t diffmatchpatch.Operation, r []rune) {
		if len(r) > 0 {
			diffs = append(diffs, diffmatchpatch.Diff{Type: t, Text: string(r)})
		}
	}
	add(diffmatchpatch.DiffEqual, ra[:p])
	add(diffmatchpatch.DiffDelete, ra[p:len(ra)-s])
	add(diffmatchpatch.DiffInsert, rb[p:len(rb)-s])
	add(diffmatchpatch.DiffEqual, ra[len(ra)-s:])
	return dmp.DiffCharsToLines(diffs, lines)
}

// Minified reports whether src is a minified file: more than 1000 bytes on
// fewer than three lines, where a line diff shows the whole file twice.
func Minified(src []byte) bool {
	return len(src) > 1000 && bytes.Count(src, []byte{'\n'}) < 3
}
