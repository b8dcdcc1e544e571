package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

func newTextconvCmd() *cobra.Command {
	lim := connector.DefaultLimits
	cmd := &cobra.Command{
		Use:   "textconv FILE",
		Short: "Print a definition's canonical YAML, for git diff and git log -p (a git textconv)",
		Long: `Print FILE, a definition or apiProperties.json (JSON or YAML), as the canonical YAML
ppconn convert --to yaml writes: one indent, one quoting, key order kept. Set as a git
textconv, it makes a plain 'git diff' or 'git log -p' of a minified, re-indented or
converted definition show only the changes that are real:

  echo '*.swagger.json diff=ppconn' >> .gitattributes
  echo 'apiProperties.json diff=ppconn' >> .gitattributes
  git config diff.ppconn.textconv "ppconn textconv"

The text is for reading, not for saving: control characters and CI commands are
escaped, secrets masked. A file that cannot be parsed is printed as it is (escaped),
with a note on standard error, so that git still shows it.

Exit status: 0, or 2 when FILE cannot be read.`,
		Example: `  ppconn textconv apiDefinition.swagger.json
  git -c diff.ppconn.textconv="ppconn textconv" log -p -- connectors/acme`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTextconv(cmd, args[0], lim)
		},
	}
	cmd.Flags().Int64Var(&lim.MaxBytes, "max-bytes", lim.MaxBytes, "files larger than this are not read")
	return cmd
}

func runTextconv(cmd *cobra.Command, file string, lim connector.Limits) error {
	if lim.MaxBytes <= 0 {
		return usageError("--max-bytes must be positive")
	}
	raw, doc, err := readDoc(file, cmd.InOrStdin(), lim)
	if err != nil {
		return usageErr(err)
	}
	text, err := canonicalYAML(doc)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: note: %v; printing the file as it is\n", err)
		text = secret.MaskText(string(raw))
	}
	if _, err := fmt.Fprint(cmd.OutOrStdout(), escape.Lines(text)); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	return nil
}

// canonicalYAML is convert --to yaml of doc with its secrets masked, or an
// error when doc could not be parsed cleanly.
func canonicalYAML(doc *connector.Document) (string, error) {
	if err := problemError(doc.Path, doc); err != nil {
		return "", err
	}
	out, err := rewrite.Canonical(doc, connector.YAML, 2)
	if err != nil {
		return "", fmt.Errorf("%s: %w", displayPath(doc.Path), err)
	}
	return secret.MaskText(string(out), secret.All(doc)...), nil
}
