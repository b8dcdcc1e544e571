package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/escape"
)

func newAuthMigrateRedirectCmd() *cobra.Command {
	o := &authWriteOptions{}
	var connectorID string
	cmd := &cobra.Command{
		Use:   "migrate-redirect [CONNECTOR-DIR]",
		Short: "Move OAuth sign-in from the retired shared redirect URI to the connector's own",
		Long: `Move every OAuth setting of apiProperties.json (Microsoft Entra ID "aad", generic OAuth 2
"oauth2" and "oauth2generic"; in connectionParameters and in each connectionParameterSets
value) whose redirectMode is "Global", or missing (which the platform reads as Global), to
"GlobalPerConnector": the per-connector redirect URI certification requires, and the
portal's "Update to unique redirect URL". A redirectUrl that is not a per-connector URI is
removed: the platform writes the connector's own when it is saved. Other modes
("Direct") and other providers are left alone, and said so.

What breaks: until the new redirect URI is registered at the identity provider (the app
registration for Entra ID, the OAuth app's callback URLs elsewhere), every sign-in fails
with a redirect_uri mismatch. So register it first, beside the shared
https://global.consent.azure-apim.net/redirect, then import the updated connector. The
next steps print the URI: https://global.consent.azure-apim.net/redirect/<connector-id>,
exactly with --connector-id (the name at the end of the connector's redirect URI, or
that whole URI).

Only apiProperties.json changes, member by member; its other bytes stay.

` + authModesHelp,
		Example: `  ppconn auth migrate-redirect --dry-run connectors/contoso
  ppconn auth migrate-redirect --connector-id contoso-5f12ab34cd56ef78 connectors/contoso
  ppconn auth migrate-redirect --check connectors/contoso   # CI: exit 1 while a Global redirect is left`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := auth.CheckConnectorID(connectorID); err != nil {
				return usageErr(err)
			}
			c, err := auth.Load(authDirArg(args))
			if err != nil {
				return usageErr(err)
			}
			res, moved, err := auth.PlanMigrateRedirect(c)
			if err != nil {
				return usageErr(err)
			}
			return authApply(cmd, "migrate-redirect", res, o, func(w io.Writer, changed []*auth.File) {
				fmt.Fprintf(w, "Redirect migration for %s:\n", escape.Text(c.Dir))
				if len(moved) == 0 {
					fmt.Fprintln(w, "  nothing to migrate: no aad, oauth2 or oauth2generic setting has redirectMode Global or none")
				}
				for _, m := range moved {
					from := m.From
					if from == "" {
						from = "(none)"
					}
					fmt.Fprintf(w, "  %s (%s): redirectMode %s -> %s\n", escape.Text(m.Parameter), escape.Text(m.Provider), escape.Text(from), auth.RedirectPerConnector)
				}
				fmt.Fprintln(w)
				what := func(*auth.File) string { return "redirectMode " + auth.RedirectPerConnector }
				authReport(w, res, changed, o.dryRun, what, "Replaced", auth.MigrateSteps(moved, connectorID))
			})
		},
	}
	cmd.Flags().StringVar(&connectorID, "connector-id", "", "the connector's id (the end of its redirect URI), to print the redirect URI to register")
	o.flags(cmd, "")
	return cmd
}
