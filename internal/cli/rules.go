package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/rules"
)

func newRulesCmd() *cobra.Command {
	var format, profileName string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its level and severity",
		Long: `List every rule ppconn checks: its id, level (import, certification, guidance), the
severity it gets under --profile, whether ppconn can fix it, and its title.
Use 'ppconn explain ID' for the full text of one rule.`,
		Example: `  ppconn rules
  ppconn rules --profile certification
  ppconn rules --format json | jq '.[] | select(.level == "import") | .id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			profile, err := lint.LookupProfile(profileName)
			if err != nil {
				return usageError("--profile: %v", err)
			}
			list := rules.Registry().Rules()
			switch format {
			case "table":
				return rulesTable(cmd, list, profile)
			case "json":
				return rulesJSON(cmd, list, profile)
			}
			return usageError("--format %q: use table or json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&profileName, "profile", "custom", "profile that gives the severities: custom or certification")
	return cmd
}

func rulesTable(cmd *cobra.Command, list []*lint.Rule, p lint.Profile) error {
	w := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tLEVEL\tSEVERITY\tFIX\tTITLE")
	for _, r := range list {
		fix := ""
		if r.Fixable {
			fix = "yes"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Level, p.SeverityOf(r), fix, r.Title)
	}
	fmt.Fprintf(w, "\n%d rules (profile %s)\n", len(list), p.Name)
	return w.Flush()
}

type ruleJSON struct {
	ID             string        `json:"id"`
	Level          string        `json:"level"`
	Severity       string        `json:"severity"`
	Title          string        `json:"title"`
	ValidatorCodes []string      `json:"validatorCodes"`
	Fixable        bool          `json:"fixable"`
	Doc            string        `json:"doc"`
	Source         string        `json:"source"`
	Since          string        `json:"since"`
	Options        []lint.Option `json:"options,omitempty"`
}

func rulesJSON(cmd *cobra.Command, list []*lint.Rule, p lint.Profile) error {
	out := make([]ruleJSON, 0, len(list))
	for _, r := range list {
		codes := r.ValidatorCodes
		if codes == nil {
			codes = []string{}
		}
		out = append(out, ruleJSON{
			ID: r.ID, Level: r.Level.String(), Severity: p.SeverityOf(r).String(), Title: r.Title,
			ValidatorCodes: codes, Fixable: r.Fixable, Doc: r.Doc, Source: r.Source, Since: r.Since, Options: r.Options,
		})
	}
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
