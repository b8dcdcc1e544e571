package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// Markdown renders a summary for a pull-request comment or a GitHub job
// summary ($GITHUB_STEP_SUMMARY): the counts, a table of findings (at most
// Max rows, the most severe first) and the count of findings by rule.
// Messages are escaped so that a connector's text can neither format the
// comment nor mention anyone.
type Markdown struct {
	W io.Writer
	// FailOn is --fail-on; it decides the status line. Off: never fails.
	FailOn lint.Severity
	// Max bounds the rows of the findings table; 0 means 100.
	Max int

	findings []lint.Finding
	total    int
	failed   bool
	byRule   map[string]*[3]int
}

// Result keeps the findings to show.
func (m *Markdown) Result(_ lint.Result, findings []lint.Finding) error {
	if m.byRule == nil {
		m.byRule = map[string]*[3]int{}
	}
	limit := m.Max
	if limit <= 0 {
		limit = 100
	}
	for _, f := range findings {
		m.total++
		if m.FailOn != lint.Off && f.Severity >= m.FailOn {
			m.failed = true
		}
		c := m.byRule[f.Rule]
		if c == nil {
			c = &[3]int{}
			m.byRule[f.Rule] = c
		}
		if f.Severity >= lint.Info {
			c[lint.Error-f.Severity]++
		}
		m.findings = append(m.findings, f)
		if len(m.findings) > 4*limit {
			m.trim(limit)
		}
	}
	return nil
}

// trim keeps the limit most severe findings, in input order otherwise.
func (m *Markdown) trim(limit int) {
	sort.SliceStable(m.findings, func(i, j int) bool { return m.findings[i].Severity > m.findings[j].Severity })
	if len(m.findings) > limit {
		m.findings = m.findings[:limit]
	}
}

func mdEscape(s string) string { return escape.Markdown(secret.MaskText(s)) }

// mdPath makes a path safe inside a code span in a table cell.
var mdPath = strings.NewReplacer("`", "'", "|", `\|`)

// Close writes the whole summary.
func (m *Markdown) Close(s Summary) error {
	limit := m.Max
	if limit <= 0 {
		limit = 100
	}
	m.trim(limit)
	var b strings.Builder
	status := "✅"
	if m.failed {
		status = "❌"
	}
	fmt.Fprintf(&b, "## %s ppconn lint\n\n%s\n", status, mdEscape(s.String()))
	if m.total > 0 {
		b.WriteString("\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		for _, f := range m.findings {
			fmt.Fprintf(&b, "| %s | [%s](%s) | `%s:%d:%d` | %s |\n", f.Severity, mdEscape(f.Rule), HelpURI(f.Rule),
				mdPath.Replace(escape.Text(displayPath(f.File))), f.Line, f.Column, mdEscape(f.Message))
		}
		if m.total > len(m.findings) {
			fmt.Fprintf(&b, "\n_%d more findings are not shown; run `ppconn lint` for all of them._\n", m.total-len(m.findings))
		}
		ids := make([]string, 0, len(m.byRule))
		for id := range m.byRule {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		b.WriteString("\n<details><summary>Findings by rule</summary>\n\n| Rule | Errors | Warnings | Infos |\n|---|---:|---:|---:|\n")
		for _, id := range ids {
			c := m.byRule[id]
			fmt.Fprintf(&b, "| [%s](%s) | %d | %d | %d |\n", id, HelpURI(id), c[0], c[1], c[2])
		}
		b.WriteString("\n</details>\n")
	}
	_, err := io.WriteString(m.W, b.String())
	return err
}
