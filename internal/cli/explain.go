package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/rules"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Show what a rule checks, why, and how to fix it",
		Example: `  ppconn explain info-title-max-30
  ppconn explain syntax-error`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, r := range rules.Registry().Rules() {
				ids = append(ids, r.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			r := rules.Registry().Lookup(args[0])
			if r == nil {
				return usageError("no rule %q%s; 'ppconn rules' lists them all", args[0], rules.Registry().DidYouMean(args[0]))
			}
			return WriteRuleDoc(cmd.OutOrStdout(), r)
		},
	}
}

// WriteRuleDoc writes the markdown documentation of a rule; the same text
// is generated into docs/rules/<id>.md.
func WriteRuleDoc(w io.Writer, r *lint.Rule) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "- Level: %s (custom profile: %s; certification profile: %s)\n", r.Level,
		lint.Profiles[0].SeverityOf(r), lint.Profiles[1].SeverityOf(r))
	switch {
	case r.DefaultOff:
		b.WriteString("- Off by default: give it a severity in .ppconn.yaml to run it\n")
	case r.InfoOnly:
		b.WriteString("- Info in every profile: advice most accepted connectors do not follow\n")
	case r.Profile != "":
		fmt.Fprintf(&b, "- Runs only under the %s profile (--profile %s); elsewhere give it a severity in .ppconn.yaml to run it\n", r.Profile, r.Profile)
	}
	if len(r.ValidatorCodes) > 0 {
		fmt.Fprintf(&b, "- Validator codes: %s\n", strings.Join(r.ValidatorCodes, ", "))
	}
	if r.Validator == lint.ValidatorUnknown {
		b.WriteString("- Validator severity: unknown (no pipeline log or page shows it)\n")
	} else {
		fmt.Fprintf(&b, "- Validator severity: %s (source: %s)\n", r.Validator, r.ValidatorSource)
	}
	if r.Enforced != "" {
		fmt.Fprintf(&b, "- Enforced by Microsoft: %s\n", r.Enforced)
	}
	fmt.Fprintf(&b, "- Fixable: %v\n- Since: %s\n- Source: %s\n", r.Fixable, r.Since, r.Source)
	for _, o := range r.Options {
		fmt.Fprintf(&b, "- Option `%s` (default %v): %s\n", o.Name, o.Default, o.Doc)
	}
	fmt.Fprintf(&b, "\n%s\n", r.Doc)
	_, err := io.WriteString(w, b.String())
	return err
}
