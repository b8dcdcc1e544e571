package cli

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lsp"
	"github.com/ppconn/ppconn/rules"
)

func newLSPCmd() *cobra.Command {
	var debounce time.Duration
	var stdio bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server: the connector checked as it is typed, with quick fixes",
		Long: `Run ppconn's Language Server Protocol server over standard input and output, for
an editor to start (VS Code with the ppconn extension, Neovim, Helix, Zed: see
docs/editors.md). It is not meant to be run by hand.

Whenever a file of a connector changes in the editor (a definition in JSON or YAML,
apiProperties.json, script.csx, or a .ppconn.yaml above it), the whole connector is
linted from the editor's unsaved text, and every file of it gets its diagnostics:
the same findings 'ppconn lint' prints for the same text and configuration, with
the rule id as code and a link to the rule's page. The lint starts --debounce after
the first change; later changes coalesce into one more run.

The server also offers every fix of 'ppconn fix' as a quick fix, a fix-all action
(source.fixAll.ppconn, for editor.codeActionsOnSave), suppressions (x-lint-ignore
at the node, or an ignore entry in .ppconn.yaml), hover (a rule's explanation, what
an x-ms-* extension does, a $ref's or operationId's target), completion (x-ms-*
keys, enum values, operationIds), go to definition and references for $refs and
operationIds, an outline of the operations and definitions, and formatting in the
canonical form of 'ppconn fmt'.

Logs go to standard error. Nothing reaches the network.`,
		Example: `  ppconn lsp                          # as an editor starts it (stdio)
  ppconn lsp --debounce 100ms         # lint less often while typing`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv := lsp.New(lsp.Options{
				Registry: rules.Registry(),
				Version:  version(),
				Debounce: debounce,
				Limits:   connector.DefaultLimits,
				Log:      cmd.ErrOrStderr(),
			})
			if err := srv.Serve(context.Background(), stdioConn{in: cmd.InOrStdin(), out: cmd.OutOrStdout()}); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			return nil
		},
	}
	cmd.Flags().DurationVar(&debounce, "debounce", lsp.DefaultDebounce, "wait this long after the first change before linting")
	cmd.Flags().BoolVar(&stdio, "stdio", true, "talk over standard input and output (the only transport; accepted because editors pass it)")
	return cmd
}

// stdioConn is standard input and output as one stream.
type stdioConn struct {
	in  io.Reader
	out io.Writer
}

func (c stdioConn) Read(p []byte) (int, error)  { return c.in.Read(p) }
func (c stdioConn) Write(p []byte) (int, error) { return c.out.Write(p) }

// Close closes standard input, so that a blocked read ends.
func (c stdioConn) Close() error {
	if f, ok := c.in.(*os.File); ok {
		return f.Close()
	}
	return nil
}
