package rewrite

import (
	"fmt"
	"strings"

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
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(string(a), string(b))
	var all []diffLine
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines) {
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
