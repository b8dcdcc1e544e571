package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
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
	// NoSummary leaves out the summary line and the rule table.
	NoSummary bool
	// NoRuleTable leaves out the per-rule table (--quiet).
	NoRuleTable bool
	// Rows is the height of the terminal the report goes to, 0 when it
	// goes elsewhere. On a terminal, a connector's infos are counted but
	// not listed when they would take more than a screenful, and the
	// findings of one rule in one file after the first FoldAfter are
	// counted on one line. All lists every finding wherever it goes.
	Rows int
	All  bool

	rules    map[string]*ruleCount
	unlisted [lint.Error + 1]int // counted but not listed, by severity
}

// FoldAfter is how many findings of one rule in one file a terminal lists
// before it counts the rest on one line.
const FoldAfter = 2

// ruleCount is a row of the closing rule table.
type ruleCount struct {
	rule     string
	severity lint.Severity
	count    int
	fixable  int
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

// Result writes one target's findings, file by file, errors first.
func (t *Text) Result(r lint.Result, findings []lint.Finding) error {
	docs := map[string]*connector.Document{}
	if r.Package != nil {
		for _, d := range r.Package.Documents() {
			docs[d.Path] = d
		}
	}
	findings = slices.Clone(findings)
	slices.SortStableFunc(findings, func(a, b lint.Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(b.Severity, a.Severity))
	})
	t.count(findings)
	fold := t.Rows > 0 && !t.All
	listInfos := !fold || t.infoLines(findings, docs) <= t.Rows
	lines := resultCache{known: r.Secrets, docs: map[*connector.Document]*excerptDoc{}, messages: map[string]string{}}
	listed := map[string]int{}  // by rule, in the current file
	var folded []lint.Finding   // the first finding of each rule folded in the current file
	foldedN := map[string]int{} // by rule, in the current file
	endFile := func() error {
		for _, f := range folded {
			n := foldedN[f.Rule]
			if _, err := fmt.Fprintf(t.W, "%s %d more %s %s not listed\n", t.paint(ansiBold, escape.Text(f.File)+":"), n, t.paint(ansiDim, escape.Text(f.Rule)), pluralWord(n, f.Severity.String())); err != nil {
				return err
			}
		}
		folded, listed, foldedN = nil, map[string]int{}, map[string]int{}
		return nil
	}
	for i, f := range findings {
		if i > 0 && f.File != findings[i-1].File {
			if err := endFile(); err != nil {
				return err
			}
		}
		switch {
		case f.Severity == lint.Info && !listInfos:
			t.unlisted[f.Severity]++
			continue
		case fold && listed[f.Rule] >= FoldAfter:
			if foldedN[f.Rule] == 0 {
				folded = append(folded, f)
			}
			foldedN[f.Rule]++
			t.unlisted[f.Severity]++
			continue
		}
		listed[f.Rule]++
		if err := t.finding(f, docs[f.File], lines); err != nil {
			return err
		}
	}
	return endFile()
}

// count adds findings to the rule table.
func (t *Text) count(findings []lint.Finding) {
	if t.rules == nil {
		t.rules = map[string]*ruleCount{}
	}
	for _, f := range findings {
		key := f.Rule + "\x00" + f.Severity.String()
		c := t.rules[key]
		if c == nil {
			c = &ruleCount{rule: f.Rule, severity: f.Severity}
			t.rules[key] = c
		}
		c.count++
		if f.Fixable {
			c.fixable++
		}
	}
}

// infoLines is how many lines listing the infos of findings takes.
func (t *Text) infoLines(findings []lint.Finding, docs map[string]*connector.Document) int {
	n := 0
	for _, f := range findings {
		if f.Severity != lint.Info {
			continue
		}
		n += 1 + len(f.Related)
		if docs[f.File] != nil && !t.NoSource && !f.Sensitive {
			n += 2
		}
	}
	return n
}

// finding writes one finding: its line, the source excerpt and the notes.
func (t *Text) finding(f lint.Finding, d *connector.Document, lines resultCache) error {
	loc := t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", escape.Text(f.File), f.Line, f.Column))
	if _, err := fmt.Fprintf(t.W, "%s %s %s: %s\n", loc, t.paint(severityColor[f.Severity], f.Severity.String()), t.paint(ansiDim, escape.Text(f.Rule)), lines.message(f.Message)); err != nil {
		return err
	}
	if d != nil && !t.NoSource && !f.Sensitive && !rootBrace(d, f) {
		line, col := namingLine(d, f)
		if err := t.excerpt(lines.get(d, line), col); err != nil {
			return err
		}
	}
	for _, rel := range f.Related {
		loc := t.paint(ansiBold, fmt.Sprintf("%s:%d:%d:", escape.Text(rel.File), rel.Line, rel.Column))
		if _, err := fmt.Fprintf(t.W, "    %s note: %s\n", loc, lines.message(rel.Message)); err != nil {
			return err
		}
	}
	return nil
}

// rootBrace reports whether f is about the whole document and its line
// holds only the brace that opens it: nothing names the document, so no
// excerpt is shown rather than a lone "{" (a folder without readme.md,
// a connector missing its metadata).
func rootBrace(d *connector.Document, f lint.Finding) bool {
	return f.Pointer == "" && len(bytes.Trim(d.LineBytes(f.Line), " \t\r{[")) == 0
}

// namingLine is the line and column the excerpt of f shows: f's own,
// unless that line holds only the brace or bracket that opens the object
// f is about (a parameter, an operation, a schema lacking something),
// which says nothing. Then it is the line that names the object: its
// "name" member (a parameter), its "operationId" (an operation), else its
// key when that is on a line of its own.
func namingLine(d *connector.Document, f lint.Finding) (line, col int) {
	if len(bytes.Trim(d.LineBytes(f.Line), " \t\r{[,")) != 0 || d.Root == nil || f.Pointer == "" {
		return f.Line, f.Column
	}
	n := d.Root.Resolve(f.Pointer)
	if n == nil || n.Kind != connector.Object || d.Position(n).Line != f.Line {
		return f.Line, f.Column
	}
	for _, key := range []string{"name", "operationId"} {
		if c := n.Get(key); c != nil {
			p := d.KeyPosition(c)
			return p.Line, p.Col
		}
	}
	if n.IsMember() {
		if p := d.KeyPosition(n); p.Line > 0 {
			return p.Line, p.Col
		}
	}
	return f.Line, f.Column
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

// resultCache holds what the text of one Result computes once: the
// prepared lines and the secret values of its documents, and its
// messages as shown. A nil map keeps nothing.
type resultCache struct {
	known lint.Secrets // the Result's, when the worker computed them
	docs  map[*connector.Document]*excerptDoc
	// messages: message → masked and escaped. 45% of the findings of the
	// shared corpus repeat a message of their file, and masking messages
	// (secret.MaskText's shapes) took 0.26 s of the text report's 0.96 s
	// of CPU (issue #16).
	messages map[string]string
}

// message is msg as a finding's line or note shows it: secrets masked,
// escaped.
func (e resultCache) message(msg string) string {
	shown, ok := e.messages[msg]
	if !ok {
		shown = escape.Text(secret.MaskText(msg))
		if e.messages != nil {
			e.messages[msg] = shown
		}
	}
	return shown
}

type excerptDoc struct {
	secrets map[int][]string // secret values by line
	lines   map[int]*excerptLine
}

func (e resultCache) get(d *connector.Document, n int) *excerptLine {
	ed := e.docs[d]
	if ed == nil {
		values, ok := e.known[d]
		if !ok {
			values = secret.Values(d)
		}
		ed = &excerptDoc{secrets: values, lines: map[int]*excerptLine{}}
		if e.docs != nil { // nil: nothing is kept
			e.docs[d] = ed
		}
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

func (t *Text) excerpt(l *excerptLine, column int) error {
	if len(l.shown) == 0 || column < 1 {
		return nil
	}
	col := int(l.at[min(column-1, len(l.at)-1)])
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

// Close writes the rule table and the summary lines:
//
//	rule                        severity  count  fixable
//	default-response-no-schema  warning      48        0
//	93 warnings, 172 info in 3 files (1 connector)
//	172 info not listed on the terminal: --all lists them
//	0 fixable with `ppconn fix`
func (t *Text) Close(s Summary) error {
	if t.NoSummary {
		return nil
	}
	var b strings.Builder
	if len(t.rules) > 0 && !t.NoRuleTable {
		rows := make([]*ruleCount, 0, len(t.rules))
		width := len("rule")
		for _, c := range t.rules {
			rows = append(rows, c)
			width = max(width, utf8.RuneCountInString(escape.Text(c.rule)))
		}
		slices.SortFunc(rows, func(a, b *ruleCount) int {
			return cmp.Or(cmp.Compare(b.severity, a.severity), cmp.Compare(b.count, a.count), cmp.Compare(a.rule, b.rule))
		})
		fmt.Fprintf(&b, "\n%s\n", t.paint(ansiBold, fmt.Sprintf("%-*s  %-8s  %5s  %7s", width, "rule", "severity", "count", "fixable")))
		for _, c := range rows {
			fmt.Fprintf(&b, "%-*s  %s%s  %5d  %7d\n", width, escape.Text(c.rule), t.paint(severityColor[c.severity], c.severity.String()), strings.Repeat(" ", 8-len(c.severity.String())), c.count, c.fixable)
		}
	}
	b.WriteString(s.String() + "\n")
	if parts := counts(t.unlisted[lint.Error], t.unlisted[lint.Warning], t.unlisted[lint.Info]); len(parts) > 0 {
		fmt.Fprintf(&b, "%s counted but not listed on the terminal: --all lists them, --min-severity warning leaves out the infos\n", strings.Join(parts, ", "))
	}
	fixable := 0
	for _, c := range t.rules {
		fixable += c.fixable
	}
	if len(t.rules) > 0 {
		fmt.Fprintf(&b, "%d fixable with `ppconn fix`\n", fixable)
	}
	_, err := io.WriteString(t.W, b.String())
	return err
}
