package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// Text renders findings the way compilers do:
//
//	path/apiDefinition.swagger.json:12:5: error no-unknown-keywords: message
//	        "securityDefinitions": {
//	        ^
type Text struct {
	W     io.Writer
	Color bool
	// NoSource leaves out the source line and caret.
	NoSource bool
	// NoSummary leaves out the summary line.
	NoSummary bool
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiGreen = "\x1b[32m"
)

var severityColor = map[lint.Severity]string{lint.Error: "\x1b[31m", lint.Warning: "\x1b[33m", lint.Info: "\x1b[36m"}

func (t *Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + ansiReset
}

// Result writes one target's findings.
func (t *Text) Result(r lint.Result, findings []lint.Finding) error {
	docs := map[string]*connector.Document{}
	if r.Package != nil {
		for _, d := range r.Package.Documents() {
			docs[d.Path] = d
		}
	}
	lines := excerptLines{}
	for _, f := range findings {
		loc := t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", escape.Text(f.File), f.Line, f.Column))
		if _, err := fmt.Fprintf(t.W, "%s %s %s: %s\n", loc, t.paint(severityColor[f.Severity], f.Severity.String()), t.paint(ansiDim, escape.Text(f.Rule)), escape.Text(secret.MaskText(f.Message))); err != nil {
			return err
		}
		if d := docs[f.File]; d != nil && !t.NoSource && !f.Sensitive {
			if err := t.excerpt(lines.get(d, f.Line), f); err != nil {
				return err
			}
		}
		for _, rel := range f.Related {
			loc := t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", escape.Text(rel.File), rel.Line, rel.Column))
			if _, err := fmt.Fprintf(t.W, "    %s note: %s\n", loc, escape.Text(secret.MaskText(rel.Message))); err != nil {
				return err
			}
		}
	}
	return nil
}

// excerptWidth bounds the source shown around the column, so that a finding
// in a minified file prints one readable line, not a megabyte.
const excerptWidth = 100

// excerptLine is a source line as an excerpt shows it: secrets masked,
// control characters escaped and tabs expanded, with, for each rune of the
// source line, where it starts in the shown text. Lines are prepared once
// per document and line, so that a thousand findings on one minified line
// cost one pass over it, not a thousand.
type excerptLine struct {
	shown []rune
	at    []int32 // at[i]: index in shown of the source line's rune i; one more entry for the end
}

// excerptLines caches the prepared lines and the secret values of the
// documents of one Result.
type excerptLines map[*connector.Document]*excerptDoc

type excerptDoc struct {
	secrets map[int][]string // secret values by line
	lines   map[int]*excerptLine
}

func (e excerptLines) get(d *connector.Document, n int) *excerptLine {
	ed := e[d]
	if ed == nil {
		ed = &excerptDoc{secrets: secret.Values(d), lines: map[int]*excerptLine{}}
		e[d] = ed
	}
	l := ed.lines[n]
	if l == nil {
		l = newExcerptLine(d.Line(n), ed.secrets[n])
		ed.lines[n] = l
	}
	return l
}

func newExcerptLine(src string, known []string) *excerptLine {
	spans := secret.Spans(src, known...)
	l := &excerptLine{shown: make([]rune, 0, len(src)), at: make([]int32, 0, len(src)+1)}
	emit := func(s string) {
		l.shown = append(l.shown, []rune(s)...)
	}
	for i := 0; i < len(src); {
		if len(spans) > 0 && i >= spans[0][0] {
			pos := int32(len(l.shown))
			for j := i; j < spans[0][1]; {
				_, size := utf8.DecodeRuneInString(src[j:])
				l.at = append(l.at, pos)
				j += size
			}
			emit(secret.Mask(src[spans[0][0]:spans[0][1]]))
			i = spans[0][1]
			spans = spans[1:]
			continue
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		l.at = append(l.at, int32(len(l.shown)))
		switch {
		case r == '\t':
			emit("    ")
		case r == utf8.RuneError && size <= 1 || r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r > 0x2000:
			emit(escape.Text(src[i : i+size]))
		default:
			l.shown = append(l.shown, r)
		}
		i += size
	}
	l.at = append(l.at, int32(len(l.shown)))
	return l
}

func (t *Text) excerpt(l *excerptLine, f lint.Finding) error {
	if len(l.shown) == 0 || f.Column < 1 {
		return nil
	}
	col := int(l.at[min(f.Column-1, len(l.at)-1)])
	start, end := 0, len(l.shown)
	prefix, suffix := "", ""
	if len(l.shown) > excerptWidth {
		start = max(0, col-excerptWidth/2)
		end = min(len(l.shown), start+excerptWidth)
		if start > 0 {
			prefix = "…"
		}
		if end < len(l.shown) {
			suffix = "…"
		}
	}
	caret := strings.Repeat(" ", utf8.RuneCountInString(prefix)+col-start)
	// The source line is the connector's text: escaped and defanged, so
	// that neither a terminal nor a CI log takes it for a command.
	_, err := fmt.Fprintf(t.W, "    %s\n    %s%s\n", escape.Text(prefix+string(l.shown[start:end])+suffix), caret, t.paint(ansiGreen, "^"))
	return err
}

// Close writes the summary line.
func (t *Text) Close(s Summary) error {
	if t.NoSummary {
		return nil
	}
	_, err := fmt.Fprintln(t.W, s.String())
	return err
}
