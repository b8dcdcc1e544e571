package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/ppconn/ppconn/internal/lint"
)

// WriteRuleIndex writes docs/rules/README.md: one row per rule, generated
// from the same metadata as 'ppconn rules'.
func WriteRuleIndex(w io.Writer, list []*lint.Rule) error {
	var b strings.Builder
	b.WriteString("# ppconn rules\n\nGenerated from the rule metadata by `go test ./internal/cli -update`; do not edit.\n\n")
	counts := map[lint.Level]int{}
	for _, r := range list {
		counts[r.Level]++
	}
	fmt.Fprintf(&b, "%d rules: %d import, %d certification, %d guidance.\n\n", len(list), counts[lint.Import], counts[lint.Certification], counts[lint.Guidance])
	b.WriteString("| rule | level | fixable | title |\n|---|---|---|---|\n")
	for _, r := range list {
		fix := ""
		if r.Fixable {
			fix = "yes"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s |\n", r.ID, r.ID, r.Level, fix, strings.ReplaceAll(r.Title, "|", `\|`))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
