package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/escape"
)

func newAuthShowCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show [CONNECTOR-DIR]",
		Short: "Show what the portal's Security tab will show for the connector, and where the files disagree",
		Long: `Read a connector's authentication from its files and print it as the portal's Security
tab shows it: the authentication type; for OAuth 2.0 the identity provider, client id,
login URL, tenant ID, resource URL and scopes (Azure Active Directory), or the
authorization, token and refresh URLs (generic OAuth 2), the redirect mode and the
redirect URI to register at the identity provider; for an API key its parameter name and
location; the connection parameters a maker fills in when creating a connection; the
connectionParameterSets of a multi-auth connector.

Then it lists where the files disagree: the JSON and YAML twins holding different
security, a security definition with no matching connection parameter (or the
reverse), an Entra ID definition authorizing at another host or tenant than
apiProperties.json's loginUri and tenantId, scopes requested but not defined.

It reads the files only and writes nothing. --format json prints the same as one JSON
object (the "disagreements" list is empty when the files agree).

Exit status: 0 (whether or not the files agree: ppconn lint is the gate), 2 for a usage
error or a file that cannot be read or parsed.`,
		Example: `  # the values to check against the nBold guide (login URL, tenant ID, resource URL, scope)
  ppconn auth show connectors/nbold

  # the same, for a script
  ppconn auth show --format json connectors/nbold | jq .oauth.clientId`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			if format != "text" && format != "json" {
				return usageError("--format %q: use text or json", format)
			}
			c, err := auth.Load(dir)
			if err != nil {
				return usageErr(err)
			}
			s := auth.Show(c)
			out := cmd.OutOrStdout()
			if format == "json" {
				b, err := json.MarshalIndent(s, "", "  ")
				if err != nil {
					return &exitError{code: ExitUsage, err: err}
				}
				if _, err := out.Write(append(escape.JSON(b), '\n')); err != nil {
					return &exitError{code: ExitUsage, err: err}
				}
			} else {
				writeSecurity(out, s)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

// safe shows a value from a connector file on a terminal, escaped;
// "(not set)" when empty.
func safe(s string) string {
	if s == "" {
		return "(not set)"
	}
	return escape.Text(s)
}

func writeSecurity(w io.Writer, s *auth.Security) {
	type row struct{ k, v string }
	var rows []row
	add := func(k, v string) { rows = append(rows, row{k, v}) }
	flush := func(indent string) {
		width := 0
		for _, r := range rows {
			width = max(width, len(r.k))
		}
		for _, r := range rows {
			fmt.Fprintf(w, "%s%-*s  %s\n", indent, width+1, r.k+":", r.v)
		}
		rows = nil
	}
	fmt.Fprintf(w, "Security of %s\n", safe(s.Dir))
	add("Authentication type", s.Type)
	if o := s.OAuth; o != nil {
		add("Identity provider", safe(o.Provider))
		add("Client id", safe(o.ClientID))
		switch o.IdentityProvider {
		case "aad", "aadcertificate":
			add("Login URL", safe(o.LoginURL))
			add("Tenant ID", safe(o.TenantID))
			add("Resource URL", safe(o.ResourceURL))
			add("Enable on-behalf-of login", safe(o.OnBehalfOf))
		case "oauth2generic":
			keys := make([]string, 0, len(o.Templates))
			for k := range o.Templates {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				add(k, safe(o.Templates[k]))
			}
		default:
			add("Authorization URL", safe(o.AuthorizationURL))
			add("Token URL", safe(o.TokenURL))
			add("Refresh URL", safe(o.RefreshURL))
		}
		scopes := make([]string, len(o.Scopes))
		for i, sc := range o.Scopes {
			scopes[i] = safe(sc)
		}
		add("Scope", safe(strings.Join(scopes, " ")))
		add("Redirect mode", safe(o.RedirectMode))
		add("Redirect URL", safe(o.RedirectURI))
	}
	if sc := s.Scheme; sc != nil {
		add("Security definition", safe(sc.Name)+" ("+safe(sc.Type)+")")
		if sc.Type == "apiKey" {
			add("Parameter name", safe(sc.ParamName))
			add("Parameter location", safe(sc.In))
		}
	}
	flush("  ")
	if len(s.Sets) == 0 {
		writeAuthParams(w, "Connection parameters", s.Parameters)
	}
	for _, set := range s.Sets {
		writeAuthParams(w, fmt.Sprintf("Parameter set %s (%s)", safe(set.Name), safe(set.DisplayName)), set.Parameters)
	}
	if len(s.Disagreements) == 0 {
		fmt.Fprintln(w, "The files agree.")
		return
	}
	fmt.Fprintln(w, "Where the files disagree:")
	for _, d := range s.Disagreements {
		fmt.Fprintf(w, "  - %s\n", escape.Text(d))
	}
}

// writeAuthParams lists connection parameters under a title.
func writeAuthParams(w io.Writer, title string, ps []auth.Parameter) {
	fmt.Fprintf(w, "%s:\n", title)
	if len(ps) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, p := range ps {
		label := ""
		if p.DisplayName != "" {
			label = " " + safe(p.DisplayName)
		}
		var notes []string
		notes = append(notes, safe(p.Type))
		if p.Required {
			notes = append(notes, "required")
		}
		if p.Hidden {
			notes = append(notes, "hidden")
		}
		fmt.Fprintf(w, "  %s:%s (%s)\n", safe(p.Name), label, strings.Join(notes, ", "))
	}
}
