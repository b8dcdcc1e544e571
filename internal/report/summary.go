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

// String is the one-line summary of the text format.
func (s Summary) String() string {
	if s.Errors+s.Warnings+s.Infos == 0 {
		return fmt.Sprintf("no problems in %s (%s)", plural(s.Files, "file"), plural(s.Connectors, "connector"))
	}
	var parts []string
	for _, c := range []struct {
		n    int
		word string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Infos, "info"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.word))
		}
	}
	return fmt.Sprintf("%s in %s (%s)", strings.Join(parts, ", "), plural(s.Files, "file"), plural(s.Connectors, "connector"))
}

func plural(n int, word string) string {
	if n == 1 || word == "info" {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Writer renders a run.
type Writer interface {
	// Result renders the findings of one target (already filtered).
	Result(r lint.Result, findings []lint.Finding) error
	// Close renders the end of the report.
	Close(s Summary) error
}
