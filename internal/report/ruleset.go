package report

import (
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/lint"
)

// RuleSet tells the formats that describe rules (SARIF, JUnit, markdown)
// which rules the run had and the severity each got.
type RuleSet struct {
	Registry *lint.Registry
	// Severity is the severity a rule's findings get; Off means the rule
	// did not run. Nil means the rule's level under the custom profile.
	Severity func(*lint.Rule) lint.Severity
}

func (rs RuleSet) severity(r *lint.Rule) lint.Severity {
	if rs.Severity != nil {
		return rs.Severity(r)
	}
	return lint.Profiles[0].SeverityOf(r)
}

func (rs RuleSet) rules() []*lint.Rule {
	if rs.Registry == nil {
		return nil
	}
	return rs.Registry.Rules()
}

// DocsBase is where each rule's page is published: DocsBase + id + ".md".
const DocsBase = "https://github.com/ppconn/ppconn/blob/main/docs/rules/"

// HelpURI is the documentation page of a rule.
func HelpURI(id string) string { return DocsBase + id + ".md" }

// firstParagraph is the first paragraph of a markdown doc, on one line.
func firstParagraph(doc string) string {
	doc = strings.TrimSpace(doc)
	if i := strings.Index(doc, "\n\n"); i >= 0 {
		doc = doc[:i]
	}
	return strings.Join(strings.Fields(doc), " ")
}

// displayPath is a finding's file as CI systems want it: cleaned and
// slash-separated.
func displayPath(p string) string {
	return filepath.ToSlash(filepath.Clean(p))
}

// Multi sends a run to several writers, for --output: a report to a file
// while the terminal still gets text.
type Multi []Writer

// Result writes one target's findings to every writer.
func (m Multi) Result(r lint.Result, findings []lint.Finding) error {
	for _, w := range m {
		if err := w.Result(r, findings); err != nil {
			return err
		}
	}
	return nil
}

// Close closes every writer.
func (m Multi) Close(s Summary) error {
	var first error
	for _, w := range m {
		if err := w.Close(s); err != nil && first == nil {
			first = err
		}
	}
	return first
}
