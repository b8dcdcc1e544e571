package rewrite

import (
	"bytes"
	"reflect"
	"strings"

	// go-diff is the project's chosen diff library (fmt -d uses it too);
	// its line mode aligns the re-emitted YAML with the source.
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/ppconn/ppconn/internal/connector"
)

// restoreBlankLines puts back the blank lines of orig that yaml.v3 dropped
// from out, and drops the blank lines yaml.v3 added (it writes one after
// every folded scalar). Blank lines mean nothing in YAML outside block
// scalars, so the two texts are aligned line by line and only blank lines
// move; collapse writes a run of blank lines as one, as gofmt does.
//
// The result is checked: when it does not parse to the same value as
// want, out is returned unchanged. orig and out must use "\n" line endings.
func restoreBlankLines(orig, out []byte, collapse bool, want any) []byte {
	if !bytes.Contains(orig, []byte("\n\n")) && !bytes.Contains(out, []byte("\n\n")) && !bytes.Contains(orig, []byte("\n \n")) {
		return out
	}
	diffs := lineDiff(string(orig), string(out))

	var res strings.Builder
	res.Grow(len(out) + len(out)/16)
	lastBlank := true // no blank line at the top
	pending := 0      // blank lines owed after the next insertion
	blank := func(n int) {
		if collapse && n > 1 {
			n = 1
		}
		for ; n > 0 && !(collapse && lastBlank); n-- {
			res.WriteByte('\n')
			lastBlank = true
		}
	}
	write := func(text string) {
		for _, l := range splitLines(text) {
			res.WriteString(l)
			lastBlank = isBlank(l)
		}
	}
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			blank(pending)
			pending = 0
			write(d.Text)
		case diffmatchpatch.DiffDelete:
			ls := splitLines(d.Text)
			lead := 0
			for lead < len(ls) && isBlank(ls[lead]) {
				lead++
			}
			blank(pending + lead)
			pending = 0
			if lead < len(ls) {
				trail := 0
				for i := len(ls) - 1; i >= lead && isBlank(ls[i]); i-- {
					trail++
				}
				pending = trail
			}
		case diffmatchpatch.DiffInsert:
			// Blank lines that only yaml.v3 wrote are dropped; text that
			// changed is written as it is, blank lines in it included
			// (they may be part of a block scalar).
			if strings.TrimLeft(d.Text, " \t\r\n") != "" {
				write(d.Text)
			}
			blank(pending)
			pending = 0
		}
	}
	got := []byte(res.String())
	if len(got) > 0 && got[len(got)-1] != '\n' {
		got = append(got, '\n')
	}
	for bytes.HasSuffix(got, []byte("\n\n")) {
		got = got[:len(got)-1]
	}
	check := &connector.Document{Format: connector.YAML}
	connector.Parse(check, got, connector.DefaultLimits)
	if check.Root == nil || len(check.Problems) > 0 || !reflect.DeepEqual(check.Root.Interface(), want) {
		return out
	}
	return got
}

// splitLines splits text after each "\n", keeping the line endings.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

func isBlank(l string) bool { return strings.TrimRight(l, " \t\r\n") == "" }
