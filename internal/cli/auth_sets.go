package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/escape"
)

// authSetKey carries the set of auth sets add to the writer it runs.
type authSetKey struct{}

// authPlan is where every writer plans its kind: the whole authentication
// (auth.PlanKind), or, run by auth sets add, one connectionParameterSets
// value written by the same code (auth.PlanSetAdd).
func authPlan(cmd *cobra.Command, c *auth.Connector, k auth.Kind, opt auth.Options) (*auth.Result, error) {
	if s, ok := cmd.Context().Value(authSetKey{}).(*auth.SetSpec); ok && s != nil {
		return auth.PlanSetAdd(c, *s, k)
	}
	return auth.PlanKind(c, k, opt)
}

func newAuthSetsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sets",
		Short: "Multi-auth: list, add and remove connectionParameterSets (which the portal cannot author)",
		Long: `A connector with connectionParameterSets in apiProperties.json lets the maker pick how to
sign in when creating a connection (multi-auth). The portal's wizard cannot write them;
these commands do, in apiProperties.json only: with sets, the platform takes each set's
sign-in from its parameters, and the definition keeps its security definition.

  ppconn auth sets list [CONNECTOR-DIR]
  ppconn auth sets add <apikey|basic|oauth2|aad> NAME [flags of that writer] [CONNECTOR-DIR]
  ppconn auth sets remove NAME [CONNECTOR-DIR]

add writes the parameters of a set with the code of the writer of that kind (ppconn auth
apikey, basic, oauth2 or aad: the same flags, values from the same sources). On a
connector with a single authentication it converts it first: the present parameters
become a set (--current-name, default from their kind: api-auth, basic-auth, oauth, aad)
and stay in connectionParameters. remove takes a set away; when one is left, the
connector has a single authentication again. add then remove gives back the original
bytes.`,
		Example: `  ppconn auth sets list connectors/contoso
  ppconn auth sets add basic basic-auth connectors/contoso
  ppconn auth sets add apikey api-auth --in header --name X-API-Key --display-name "API key" connectors/contoso
  ppconn auth sets add basic basic-auth connectors/contoso && ppconn auth sets remove basic-auth connectors/contoso   # the original bytes again`,
	}
	add := &cobra.Command{
		Use:   "add <apikey|basic|oauth2|aad> NAME [CONNECTOR-DIR]",
		Short: "Add a connectionParameterSets value of a kind, written by that kind's writer",
	}
	add.AddCommand(
		authSetWriter(newAuthAPIKeyCmd(), "apikey"),
		authSetWriter(newAuthBasicCmd(), "basic"),
		authSetWriter(newAuthOAuth2Cmd(), "oauth2"),
		authSetWriter(newAuthAADCmd(), "aad"),
	)
	cmd.AddCommand(newAuthSetsListCmd(), add, newAuthSetsRemoveCmd())
	return cmd
}

// authSetWriter makes a writer command the "sets add <kind>" command:
// the first argument is the set's name, and the writer plans a set
// (authPlan) instead of the whole authentication.
// setExampleArgs are the NAME and flags of each kind's --help example: what
// that writer needs when the connector holds nothing to take them from.
var setExampleArgs = map[string]string{
	"apikey": "api-key --in header --name X-API-Key",
	"basic":  "basic-auth",
	"oauth2": "github --authorization-url https://github.com/login/oauth/authorize --token-url https://github.com/login/oauth/access_token",
	"aad":    "entra --resource-uri https://graph.microsoft.com",
}

func authSetWriter(w *cobra.Command, kind string) *cobra.Command {
	s := &auth.SetSpec{}
	run := w.RunE
	w.Use = kind + " NAME [CONNECTOR-DIR]"
	w.Short = "Add a set that signs in as ppconn auth " + kind + " does (the same flags)"
	w.Long = `Add the connectionParameterSets value NAME to apiProperties.json, with the connection
parameters ppconn auth ` + kind + ` writes, from the same flags and sources of values (see
ppconn auth ` + kind + ` --help), and the parameters that carry no credential (a host name a
policy reads), which every set needs. A single-auth connector is converted first: its
parameters become the set --current-name and stay in connectionParameters. The definition
is not edited. --dry-run prints the diff; --check and --replace do not apply to a set.`
	w.Example = "  ppconn auth sets add " + kind + " " + setExampleArgs[kind] + " connectors/contoso"
	w.Args = cobra.RangeArgs(1, 2)
	w.RunE = func(cmd *cobra.Command, args []string) error {
		if f := cmd.Flags().Lookup("check"); f != nil && f.Changed {
			return usageError("--check does not apply to auth sets add (a second add of the same set is refused): list the sets with ppconn auth sets list")
		}
		s.Name = args[0]
		cmd.SetContext(context.WithValue(cmd.Context(), authSetKey{}, s))
		return run(cmd, args[1:])
	}
	f := w.Flags()
	f.StringVar(&s.DisplayName, "display-name", "", "the set's label makers pick from (default: the kind's, such as API Key)")
	f.StringVar(&s.Description, "description", "", "the set's description (default: its label)")
	f.StringVar(&s.Current, "current-name", "", "on a single-auth connector, the name of the set its present authentication becomes (default: from its kind)")
	for _, name := range []string{"replace", "check"} {
		if f.Lookup(name) != nil {
			_ = f.MarkHidden(name)
		}
	}
	return w
}

func newAuthSetsListCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "list [CONNECTOR-DIR]",
		Short: "List the connectionParameterSets of a connector, with their parameters",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("--format %q: use text or json", format)
			}
			c, err := auth.Load(authDirArg(args))
			if err != nil {
				return usageErr(err)
			}
			s := auth.Show(c)
			out := cmd.OutOrStdout()
			if format == "json" {
				sets := s.Sets
				if sets == nil {
					sets = []auth.ParameterSet{}
				}
				b, err := json.MarshalIndent(sets, "", "  ")
				if err != nil {
					return &exitError{code: ExitUsage, err: err}
				}
				_, err = out.Write(append(escape.JSON(b), '\n'))
				return err
			}
			if len(s.Sets) == 0 {
				fmt.Fprintf(out, "%s has no connectionParameterSets: a single authentication, %s.\n", safe(c.Dir), escape.Text(s.Type))
				writeAuthParams(out, "Connection parameters", s.Parameters)
				return nil
			}
			fmt.Fprintf(out, "%s: %d connectionParameterSets\n", safe(c.Dir), len(s.Sets))
			for _, set := range s.Sets {
				writeAuthParams(out, fmt.Sprintf("Parameter set %s (%s)", safe(set.Name), safe(set.DisplayName)), set.Parameters)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

func newAuthSetsRemoveCmd() *cobra.Command {
	o := &authWriteOptions{}
	cmd := &cobra.Command{
		Use:   "remove NAME [CONNECTOR-DIR]",
		Short: "Remove a connectionParameterSets value; with one left, the connector has a single authentication again",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := auth.Load(authDirArg(args[1:]))
			if err != nil {
				return usageErr(err)
			}
			res, err := auth.PlanSetRemove(c, args[0])
			if err != nil {
				return usageErr(err)
			}
			return authApply(cmd, "sets remove", res, o, func(w io.Writer, changed []*auth.File) {
				authReport(w, res, changed, o.dryRun, authWhat(res), "Removed", nil)
			})
		},
	}
	o.flags(cmd, "")
	return cmd
}
