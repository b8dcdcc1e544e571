package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
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
	for _, f := range findings {
		loc := t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", defang(f.File), f.Line, f.Column))
		if _, err := fmt.Fprintf(t.W, "%s %s %s: %s\n", loc, t.paint(severityColor[f.Severity], f.Severity.String()), t.paint(ansiDim, f.Rule), defang(f.Message)); err != nil {
			return err
		}
		if d := docs[f.File]; d != nil && !t.NoSource {
			if err := t.excerpt(d, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// excerptWidth bounds the source shown around the column, so that a finding
// in a minified file prints one readable line, not a megabyte.
const excerptWidth = 100

func (t *Text) excerpt(d *connector.Document, f lint.Finding) error {
	if f.Sensitive {
		return nil // the line holds the secret the message masks
	}
	line := []rune(maskSecretValues(d.Line(f.Line)))
	if len(line) == 0 || f.Column < 1 {
		return nil
	}
	col := min(f.Column-1, len(line))
	start, end := 0, len(line)
	prefix, suffix := "", ""
	if len(line) > excerptWidth {
		start = max(0, col-excerptWidth/2)
		end = min(len(line), start+excerptWidth)
		if start > 0 {
			prefix = "…"
		}
		if end < len(line) {
			suffix = "…"
		}
	}
	var caret strings.Builder
	caret.WriteString(prefix)
	for _, r := range line[start:col] {
		if r == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	// The source line is the connector's text: defanged, so that a CI log
	// never takes it for a command.
	_, err := fmt.Fprintf(t.W, "    %s\n    %s%s\n", defang(prefix+string(line[start:end])+suffix), caret.String(), t.paint(ansiGreen, "^"))
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

// secretMember matches a member whose name says it holds a secret, with
// its string value: an excerpt shows at most the value's first 3
// characters, whatever rule the finding is about.
var secretMember = regexp.MustCompile(`(?i)("[^"]*(?:secret|password|passwd|api[_-]?key|apikey|access[_-]?token|subscription[_-]?key)[^"]*"\s*:\s*")([^"\\]{0,3})((?:[^"\\]|\\.)*)(")`)

func maskSecretValues(line string) string {
	return secretMember.ReplaceAllStringFunc(line, func(m string) string {
		parts := secretMember.FindStringSubmatch(m)
		if parts[3] == "" {
			return m
		}
		return parts[1] + parts[2] + "…" + parts[4]
	})
}
