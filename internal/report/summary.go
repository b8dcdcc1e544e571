// Package report renders lint results: text for people, JSON for tools.
// Each writer streams: it gets one target's result at a time, in order, so
// that a run over a thousand connectors never holds them all.
package report

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/lint"
)

// Summary counts what a run found.
type Summary struct {
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Files      int `json:"files"`
	Connectors int `json:"connectors"`
	// HiddenWarnings and HiddenInfos count the findings left out of the
	// report (below --min-severity, or by --quiet), which the summary line
	// names so that it never says "no problems" while it hides some.
	HiddenWarnings int `json:"-"`
	HiddenInfos    int `json:"-"`
}

// Add counts one target's result.
func (s *Summary) Add(r lint.Result, findings []lint.Finding) {
	s.Connectors++
	s.Files += r.Files
	for _, f := range findings {
		switch f.Severity {
		case lint.Error:
			s.Errors++
		case lint.Warning:
			s.Warnings++
		case lint.Info:
			s.Infos++
		}
	}
}

// Hide counts findings left out of the report.
func (s *Summary) Hide(findings []lint.Finding) {
	for _, f := range findings {
		switch f.Severity {
		case lint.Warning:
			s.HiddenWarnings++
		case lint.Info:
			s.HiddenInfos++
		}
	}
}

// String is the one-line summary of the text format: "2 errors, 5
// warnings in 3 files (1 connector)", and, when findings are hidden,
// "0 errors (93 warnings, 172 info not shown) in 3 files (1 connector)".
func (s Summary) String() string {
	where := fmt.Sprintf("in %s (%s)", plural(s.Files, "file"), plural(s.Connectors, "connector"))
	hidden := counts(0, s.HiddenWarnings, s.HiddenInfos)
	shown := counts(s.Errors, s.Warnings, s.Infos)
	if len(shown)+len(hidden) == 0 {
		return "no problems " + where
	}
	if len(shown) == 0 {
		shown = []string{"0 errors"}
		if s.HiddenWarnings == 0 {
			shown = append(shown, "0 warnings")
		}
	}
	lead := strings.Join(shown, ", ")
	if len(hidden) > 0 {
		lead += " (" + strings.Join(hidden, ", ") + " not shown)"
	}
	return lead + " " + where
}

// counts words the non-zero counts: "2 errors", "1 warning", "5 info".
func counts(errors, warnings, infos int) []string {
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{errors, "error"}, {warnings, "warning"}, {infos, "info"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.word))
		}
	}
	return parts
}

func plural(n int, word string) string {
	return fmt.Sprintf("%d %s", n, pluralWord(n, word))
}

// pluralWord is word for n things ("info" has no plural).
func pluralWord(n int, word string) string {
	if n == 1 || word == "info" {
		return word
	}
	return word + "s"
}

// Writer renders a run.
type Writer interface {
	// Result renders the findings of one target (already filtered).
	Result(r lint.Result, findings []lint.Finding) error
	// Close renders the end of the report.
	Close(s Summary) error
}
