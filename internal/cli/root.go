// Package cli is ppconn's command line: one file per command, in the
// manner of cobra's own layout.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// Exit codes, the same for every command.
const (
	ExitOK       = 0
	ExitFindings = 1 // findings (or changes) at or above --fail-on
	ExitUsage    = 2 // a bad invocation, an unreadable path, a bad config
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// checkJobs refuses a --jobs (-j) given as 0 or less: the default, the
// number of CPUs, is what leaving the flag out gives.
func checkJobs(cmd *cobra.Command, jobs int) error {
	if cmd.Flags().Changed("jobs") && jobs < 1 {
		return usageError("-j %d: give 1 or more connectors at once, or leave -j out for one per CPU", jobs)
	}
	return nil
}

// usageErr makes err a usage error (exit 2), printed as it is: a list of
// errors stays one line per error.
func usageErr(err error) error {
	return &exitError{code: ExitUsage, err: err}
}

// errFindings makes the command exit 1 without printing anything more.
var errFindings = &exitError{code: ExitFindings}

// NewRoot builds the ppconn command tree.
func NewRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "ppconn",
		Short: "Lint, format, diff and configure Power Platform custom connectors, offline",
		Long: `ppconn understands Power Platform custom connector files (apiDefinition.swagger.json,
apiProperties.json, script.csx) offline. It reports what Power Platform would refuse at
import, what Microsoft certification would fail, and what the guidance recommends, each
at file:line:column with a JSON pointer, before you paste or upload anything.

Nothing ppconn does reaches the network.`,
		Example: `  ppconn lint                                  # lint the connector in this folder
  ppconn lint --profile certification .        # as strict as Microsoft certification
  ppconn lint --format json connectors/        # every connector below a folder, as JSON
  ppconn diff git:HEAD:acme acme               # what my edits change for existing flows
  ppconn auth aad --resource-uri https://graph.microsoft.com   # Azure AD OAuth in both files
  ppconn fmt -w . && ppconn fix -d .           # format, then preview the safe fixes
  ppconn convert apiDefinition.swagger.json --to yaml   # paste-ready for the Swagger editor
  ppconn explain no-unknown-keywords           # what a rule checks, and why
  ppconn lsp                                   # the language server editors start (docs/editors.md)`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newLintCmd(), newRulesCmd(), newExplainCmd(), newVersionCmd(),
		newFmtCmd(), newConvertCmd(), newDiffCmd(), newAuthCmd(), newFixCmd(), newSyncCmd(), newLSPCmd())
	root.AddCommand(newTextconvCmd(), newLogCmd()) // git-native (#15 item 7)
	setVersionFlag(root)
	return root
}

// Execute runs ppconn with the process arguments and returns the exit code.
func Execute() int {
	return Run(os.Args[1:], os.Stdout, os.Stderr)
}

// Run runs ppconn with args and returns the exit code; tests call it.
func Run(args []string, stdout, stderr io.Writer) int {
	root := NewRoot(stdout, stderr)
	root.SetArgs(args)
	var cmd *cobra.Command
	var err error
	if group, word := unknownSubcommand(root, args); group != nil {
		// cobra checks the commands of the root only: 'ppconn auth aadd'
		// printed the help of auth and exited 0.
		cmd, err = group, fmt.Errorf("unknown command %q for %q", word, group.CommandPath())
	} else {
		cmd, err = root.ExecuteC()
	}
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "ppconn: %s\n", safeError(ee.err))
		}
		return ee.code
	}
	// Anything cobra itself rejects (unknown flag or command, a flag
	// group, the number of arguments) is a usage error, in ppconn's words.
	if cmd == nil {
		cmd = root
	}
	for i, l := range cobraError(cmd, err) {
		if i == 0 {
			l = "ppconn: " + l
		}
		fmt.Fprintf(stderr, "%s\n", safeError(errors.New(l)))
	}
	return ExitUsage
}

// safeError is an error's text as ppconn prints it: it names files and
// quotes values of the connector, so it is escaped into one line (no
// control character, no line break, no CI command) and its secrets are
// masked. A list of errors (errors.Join, config.Errors) is printed one
// escaped line per error: the only line breaks are ppconn's own.
func safeError(err error) string {
	lines := errorLines(err)
	for i, l := range lines {
		lines[i] = escape.Text(secret.MaskText(l))
	}
	return strings.Join(lines, "\n")
}

// errorLines splits a list of errors into its members' texts, and leaves
// any other error whole, line breaks included (escape.Text shows them).
func errorLines(err error) []string {
	if list, ok := err.(interface{ Unwrap() []error }); ok {
		errs := list.Unwrap()
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Error()
		}
		if len(errs) > 0 && strings.Join(msgs, "\n") == err.Error() {
			var lines []string
			for _, e := range errs {
				lines = append(lines, errorLines(e)...)
			}
			return lines
		}
	}
	return []string{err.Error()}
}

// badConfigError is a usage error for a bad .ppconn.yaml: a heading line,
// then each problem of err on a line of its own.
func badConfigError(err error) error {
	return &exitError{code: ExitUsage, err: errors.Join(errBadConfig, err)}
}

// errBadConfig heads the list of a configuration's problems.
var errBadConfig error = heading("bad configuration:")

// heading is the first line of a list of errors.
type heading string

func (h heading) Error() string { return string(h) }

// showDiff is the unified diff of a file ppconn would rewrite, as printed
// by fmt -d, fix -d and auth --dry-run: secrets masked (the known values,
// and whatever secret.MaskText recognises), every line escaped.
func showDiff(from, to string, old, new []byte, known ...string) string {
	return escape.Lines(secret.MaskText(rewrite.UnifiedDiff(from, to, old, new), known...))
}

// showEditDiff is showDiff for a file ppconn edits (fix -d, auth
// --dry-run). When either side is minified JSON (nBold's published
// definition is one 76 KB line), both are shown on their canonical
// rendering, as diff --text shows them, so that a two-line change prints
// two lines and not the file twice; the header says so.
func showEditDiff(from, to string, old, new []byte, known ...string) string {
	if rewrite.Minified(old) || rewrite.Minified(new) {
		a, errA := canonicalJSON(old)
		b, errB := canonicalJSON(new)
		if errA == nil && errB == nil {
			const note = "\t(minified: shown on its canonical rendering)"
			return showDiff(from+note, to+note, a, b, known...)
		}
	}
	return showDiff(from, to, old, new, known...)
}

// canonicalJSON is the canonical JSON rendering of src, with diff --text's
// indent; an empty src (a file being created) stays empty.
func canonicalJSON(src []byte) ([]byte, error) {
	if len(src) == 0 {
		return src, nil
	}
	if connector.SniffFormat(src) != connector.JSON {
		return nil, errNotJSON
	}
	doc := &connector.Document{Format: connector.JSON}
	connector.Parse(doc, src, connector.DefaultLimits)
	if doc.Root == nil {
		return nil, errNotJSON
	}
	return rewrite.Canonical(doc, connector.JSON, diff.CanonicalIndent)
}

var errNotJSON = errors.New("not a JSON document")
