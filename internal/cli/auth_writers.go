package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/secret"
)

const authModesHelp = `Modes: by default the files are written (atomically; a file changed on disk meanwhile is
not overwritten). --dry-run prints the unified diff and writes nothing. --check prints the
diff and exits 1 when the files differ from what would be written, 0 when they do not:
the drift gate for CI. Running it twice changes nothing the second time. Everything
outside the edited members keeps its bytes; a YAML twin (apiDefinition.swagger.yaml) is
edited too, its comments kept.

Exit status: 0 when done (with --check: nothing would change), 1 when --check found a
difference, 2 for a usage error, an unreadable or unparsable file, or other
authentication that needs --replace.`

const authReplaceHelp = `Any other security definition, any credential connection parameter (securestring,
oauthSetting, username and password, token:* parameters the files do not read) and
connectionParameterSets are replaced only with --replace: without it, ppconn says what is
there and writes nothing; with it, the output lists what it replaced. Other parameters,
such as a host name used by a policy, stay.`

// authDirArg is the connector folder argument.
func authDirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// authValues prints the values of a writer, with where each came from.
func authValues(w io.Writer, title, dir string, values []auth.Value) {
	fmt.Fprintf(w, "%s for %s:\n", title, escape.Text(dir))
	nw, vw := 0, 0
	for i := range values {
		// a value from the files may hold a secret (client_secret=… in
		// a body template)
		values[i].Value = escape.Text(secret.MaskText(values[i].Value))
		nw, vw = max(nw, len(values[i].Name)), max(vw, len(values[i].Value))
	}
	for _, v := range values {
		fmt.Fprintf(w, "  %-*s  %-*s  %s\n", nw, v.Name, vw, v.Value, v.Source)
	}
	fmt.Fprintln(w)
}

// authWhat says what a writer wrote in a file.
func authWhat(res *auth.Result) func(*auth.File) string {
	return func(f *auth.File) string {
		switch {
		case res.Set != "" && len(res.Replaced) > 0:
			return fmt.Sprintf("connection parameter set %q removed", res.Set)
		case res.Set != "":
			return fmt.Sprintf("connection parameter set %q, with the parameters %s", res.Set, quoteJoin(res.Params))
		}
		if f.Doc == nil || f.Doc.Role == connector.RoleProperties {
			if len(res.Params) == 0 {
				return "no credential connection parameter"
			}
			return "connection parameters " + quoteJoin(res.Params)
		}
		if res.Scheme == "" {
			return `"securityDefinitions": {} and "security": [] (no authentication)`
		}
		return fmt.Sprintf("security definition %q and the root security requirement", res.Scheme)
	}
}

func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return joinAnd(q)
}

// pick returns the first set value of a setting, and its source.
func pick(vals ...[2]string) (string, string) {
	for _, v := range vals {
		if v[0] != "" {
			return v[0], v[1]
		}
	}
	return "", ""
}

// ---- apikey ----

func newAuthAPIKeyCmd() *cobra.Command {
	var v auth.APIKey
	o := &authWriteOptions{}
	cmd := &cobra.Command{
		Use:   "apikey [CONNECTOR-DIR]",
		Short: "Sign in with an API key sent in a header or the query string",
		Long: `Make a connector authenticate with an API key, as the portal's Security tab does with
"Authentication type: API Key". CONNECTOR-DIR is the connector folder (default ".").

In the swagger it writes one security definition, named "` + auth.APIKeySchemeName + `" as the portal names it
(an existing apiKey definition keeps its name, description and extensions):

    "` + auth.APIKeySchemeName + `": {"type": "apiKey", "in": "header", "name": "X-API-Key"}

and the root requirement "security": [{"` + auth.APIKeySchemeName + `": []}]. In apiProperties.json it
writes the connection parameter "` + auth.APIKeyParam + `" (type securestring, uiDefinition displayName,
description, tooltip, constraints tabIndex 2, clearText false, required "true"): the
portal's name and shape. An existing api_key keeps its label, description and tooltip
unless --label is given. With no apiProperties.json, it creates one.

--in, --name and --label may also come from PPCONN_APIKEY_IN, PPCONN_APIKEY_NAME and
PPCONN_APIKEY_LABEL, then from auth.apikey (in, name, label) in .ppconn.yaml (found from
CONNECTOR-DIR upwards, or --config; --no-config reads none). --in and --name are required
unless one of these or the definition's apiKey definition gives them; the definition's are
then kept. No API key is ever written: makers enter it when they create
a connection.

` + authReplaceHelp + `

` + authModesHelp,
		Example: `  # a key in the X-API-Key header
  ppconn auth apikey --in header --name X-API-Key connectors/contoso

  # a key in the query string (?code=...), replacing basic authentication
  ppconn auth apikey --in query --name code --replace connectors/contoso

  # the label makers see, and a CI drift gate
  ppconn auth apikey --in header --name Ocp-Apim-Subscription-Key --label "Subscription key" --dry-run
  ppconn auth apikey --in header --name Ocp-Apim-Subscription-Key --check`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := authDirArg(args)
			c, err := auth.Load(dir)
			if err != nil {
				return usageErr(err)
			}
			file := auth.APIKeyFileLayer(c)
			layers, err := authSources(dir, o.config, o.noConfig, func(a config.Auth) config.Values { return a.APIKey })
			if err != nil {
				return err
			}
			from := func(name, flagV, fileV, fileFrom string) (string, string) {
				vals := append([][2]string{{flagValue(cmd, name, flagV), "--" + name}}, authLayered(layers, name)...)
				return pick(append(vals, [2]string{fileV, fileFrom})...)
			}
			in, inFrom := from("in", v.In, file.In, "the definition")
			name, nameFrom := from("name", v.Name, file.Name, "the definition")
			if in == "" || name == "" {
				return usageError("--in (header or query) and --name (the header or query parameter, such as X-API-Key) are required: the definition has no apiKey definition to take them from")
			}
			label, labelFrom := from("label", v.Label, "", "")
			val := auth.APIKey{In: in, Name: name, Label: label}
			if err := val.Check(); err != nil {
				return usageErr(err)
			}
			res, err := authPlan(cmd, c, auth.APIKeyKind(val), auth.Options{Replace: o.replace})
			if err != nil {
				return usageErr(err)
			}
			if label == "" {
				label, labelFrom = "(kept)", "apiProperties.json, or the portal's API Key"
			}
			return authApply(cmd, "apikey", res, o, func(w io.Writer, changed []*auth.File) {
				authValues(w, "API key authentication", c.Dir, []auth.Value{{Name: "in", Value: in, Source: inFrom}, {Name: "name", Value: name, Source: nameFrom}, {Name: "label", Value: label, Source: labelFrom}})
				authReport(w, res, changed, o.dryRun, authWhat(res), "Replaced", auth.APIKeySteps(val))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&v.In, "in", "", "where the key goes: header or query")
	f.StringVar(&v.Name, "name", "", "the header or query parameter that carries the key, such as X-API-Key")
	f.StringVar(&v.Label, "label", "", `the parameter label makers see (default: the file's, else "API Key")`)
	o.flags(cmd, "replace other security definitions and credential connection parameters")
	o.configFlags(cmd)
	return cmd
}

// flagValue is the value of a flag when it was given, else "".
func flagValue(cmd *cobra.Command, name, v string) string {
	if cmd.Flags().Changed(name) {
		return v
	}
	return ""
}

// ---- basic ----

func newAuthBasicCmd() *cobra.Command {
	o := &authWriteOptions{}
	cmd := &cobra.Command{
		Use:   "basic [CONNECTOR-DIR]",
		Short: "Sign in with a user name and password (basic authentication)",
		Long: `Make a connector authenticate with basic authentication, as the portal's Security tab
does with "Authentication type: Basic authentication". CONNECTOR-DIR is the connector
folder (default ".").

In the swagger it writes one security definition, "` + auth.BasicSchemeName + `": {"type": "basic"} (an
existing basic definition keeps its name), and the root requirement
"security": [{"` + auth.BasicSchemeName + `": []}]. In apiProperties.json it writes the connection parameters
"username" (securestring, clearText true, tabIndex 2) and "password" (securestring,
clearText false, tabIndex 3), each with the uiDefinition the portal writes; existing
ones keep their labels, descriptions and tooltips, and a username of type string stays
a string. No user name or password is ever written.

` + authReplaceHelp + `

` + authModesHelp,
		Example: `  ppconn auth basic connectors/contoso
  ppconn auth basic --replace --dry-run connectors/contoso   # from an API key: see the diff first
  ppconn auth basic --check connectors/contoso               # CI: exit 1 on drift`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := auth.Load(authDirArg(args))
			if err != nil {
				return usageErr(err)
			}
			res, err := authPlan(cmd, c, auth.BasicKind(), auth.Options{Replace: o.replace})
			if err != nil {
				return usageErr(err)
			}
			return authApply(cmd, "basic", res, o, func(w io.Writer, changed []*auth.File) {
				authValues(w, "Basic authentication", c.Dir, nil)
				authReport(w, res, changed, o.dryRun, authWhat(res), "Replaced", auth.BasicSteps())
			})
		},
	}
	o.flags(cmd, "replace other security definitions and credential connection parameters")
	return cmd
}

// ---- none ----

func newAuthNoneCmd() *cobra.Command {
	o := &authWriteOptions{}
	cmd := &cobra.Command{
		Use:   "none [CONNECTOR-DIR]",
		Short: "Remove the authentication: no security definition, no credential parameter",
		Long: `Make a connector call its API without authentication, as the portal's Security tab does
with "Authentication type: No authentication". CONNECTOR-DIR is the connector folder
(default ".").

It writes what the portal writes: "securityDefinitions": {} and "security": [] in the
swagger, operation-level security requirements removed; in apiProperties.json it removes
the credential connection parameters (securestring, oauthSetting, username and
password, token:* parameters the files do not read) and connectionParameterSets. Other
parameters, such as a host name used by a policy, stay. Removing is what it is for, so it
needs no --replace: the output lists what it removed.

` + authModesHelp,
		Example: `  ppconn auth none --dry-run connectors/contoso   # see what goes
  ppconn auth none connectors/contoso
  ppconn auth none --check connectors/contoso     # CI: exit 1 when authentication came back`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := auth.Load(authDirArg(args))
			if err != nil {
				return usageErr(err)
			}
			res, err := auth.PlanKind(c, auth.NoneKind(), auth.Options{})
			if err != nil {
				return usageErr(err)
			}
			return authApply(cmd, "none", res, o, func(w io.Writer, changed []*auth.File) {
				authValues(w, "No authentication", c.Dir, nil)
				authReport(w, res, changed, o.dryRun, authWhat(res), "Removed", auth.NoneSteps(len(res.Replaced) > 0))
			})
		},
	}
	o.flags(cmd, "")
	return cmd
}

// ---- oauth2 ----

type authOAuth2Options struct {
	clientID, authURL, tokenURL, refreshURL, redirectMode, connectorID string
	scopes                                                             []string
	templates                                                          bool
	queryTemplate, tokenBody, refreshBody                              string
}

func newAuthOAuth2Cmd() *cobra.Command {
	v := &authOAuth2Options{}
	o := &authWriteOptions{}
	cmd := &cobra.Command{
		Use:   "oauth2 [CONNECTOR-DIR]",
		Short: "Sign in with a generic OAuth 2.0 provider (identityProvider oauth2)",
		Long: `Make a connector sign in with OAuth 2.0 at any provider, as the portal's Security tab does
with "Identity provider: Generic OAuth 2". CONNECTOR-DIR is the connector folder
(default "."). For Microsoft Entra ID use ppconn auth aad.

In the swagger it writes one oauth2 security definition, "` + auth.OAuth2SchemeName + `" (an existing generic
one keeps its name, description and extensions, and each scope its description):

    {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "<--authorization-url>",
     "tokenUrl": "<--token-url>", "scopes": {"<scope>": "<scope>", ...}}

and the root requirement "security": [{"` + auth.OAuth2SchemeName + `": ["<scope>", ...]}]. In
apiProperties.json it writes the connection parameter "token": type oauthSetting,
oAuthSettings identityProvider oauth2, clientId, scopes, redirectMode, redirectUrl only
for Global, properties IsFirstParty "False" and IsOnbehalfofLoginSupported false, and
customParameters authorizationUrl, tokenUrl and refreshUrl, each {"value": ...}. A
uiDefinition and other members it does not manage stay.

Values, each from the first of these that sets it: the flags; the environment
(PPCONN_CLIENT_ID, PPCONN_AUTHORIZATION_URL, PPCONN_TOKEN_URL, PPCONN_REFRESH_URL,
PPCONN_SCOPES comma-separated, PPCONN_REDIRECT_MODE); auth.oauth2 in .ppconn.yaml
(client-id, authorization-url, token-url, refresh-url, scopes, redirect-mode; found from
CONNECTOR-DIR upwards, or --config; --no-config reads none); the generic OAuth 2 token
already in apiProperties.json (so that running again keeps them); the defaults:
--refresh-url is --token-url, no scopes, redirect mode GlobalPerConnector for new
settings. An existing redirectMode Global (or none) stays Global, since moving breaks
sign-in until the new URI is registered: --redirect-mode GlobalPerConnector, or ppconn
auth migrate-redirect, moves it. The client id has no default: a placeholder,
` + auth.ClientIDPlaceholder + `, is written and reported.

--templates writes identityProvider "oauth2generic" instead, for providers whose requests
the platform must build from templates: customParameters authorizationUrlTemplate,
authorizationUrlQueryStringTemplate, tokenUrlTemplate, tokenBodyTemplate,
refreshUrlTemplate and refreshBodyTemplate, with the platform's placeholders ({ClientId},
{ClientSecret}, {RedirectUrl}, {Scopes}, {State}, {Code}, {RefreshToken}). The query and
bodies default to the authorization code flow's (--query-template, --token-body,
--refresh-body change them), and the URLs may hold a {placeholder} of a connection
parameter. An existing oauth2generic token keeps its templates; other customParameters
keys it has (scopeListDelimiter) stay. Without --templates the file's provider is kept.

It never writes a client secret: a clientSecret found in apiProperties.json is removed,
and its value is never printed. The next steps say where the secret goes, the redirect
URI to register at the provider (pass --connector-id to have it printed exactly), and
where to record the secret's expiry date for ppconn lint.

` + authReplaceHelp + `

` + authModesHelp,
		Example: `  # GitHub-style OAuth app
  ppconn auth oauth2 --client-id Iv1.0123456789abcdef \
      --authorization-url https://github.com/login/oauth/authorize \
      --token-url https://github.com/login/oauth/access_token --scope repo --scope read:user

  # keep the files' values, only move to the per-connector redirect URI
  ppconn auth oauth2 --redirect-mode GlobalPerConnector --connector-id contoso-5f12ab34cd56ef78

  # oauth2generic: the same URLs as templates, with a token body of your own
  ppconn auth oauth2 --templates --authorization-url https://login.contoso.com/authorize \
      --token-url https://login.contoso.com/token \
      --token-body 'grant_type=authorization_code&code={Code}&redirect_uri={RedirectUrl}&client_id={ClientId}&client_secret={ClientSecret}'

  # CI drift gate
  ppconn auth oauth2 --check --authorization-url https://login.contoso.com/authorize --token-url https://login.contoso.com/token`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAuthOAuth2(cmd, authDirArg(args), v, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&v.clientID, "client-id", "", "the client id of the OAuth app (default: a placeholder)")
	f.StringVar(&v.authURL, "authorization-url", "", "the provider's authorization endpoint (https)")
	f.StringVar(&v.tokenURL, "token-url", "", "the provider's token endpoint (https)")
	f.StringVar(&v.refreshURL, "refresh-url", "", "the provider's refresh endpoint (default: --token-url)")
	f.StringArrayVar(&v.scopes, "scope", nil, `a scope to request; repeat for several (--scope "" sets none)`)
	f.StringVar(&v.redirectMode, "redirect-mode", "", `GlobalPerConnector or Global (default "GlobalPerConnector" for new settings)`)
	f.StringVar(&v.connectorID, "connector-id", "", "the connector's id (the end of its redirect URI), to print the redirect URI to register")
	f.BoolVar(&v.templates, "templates", false, "write identityProvider oauth2generic: the URLs as templates, with the query and body templates (default: the file's provider)")
	f.StringVar(&v.queryTemplate, "query-template", "", "with --templates: the authorization URL's query string (default: the authorization code flow's)")
	f.StringVar(&v.tokenBody, "token-body", "", "with --templates: the body of the token request")
	f.StringVar(&v.refreshBody, "refresh-body", "", "with --templates: the body of the refresh request")
	o.flags(cmd, "replace other security definitions and credential connection parameters")
	o.configFlags(cmd)
	return cmd
}

func runAuthOAuth2(cmd *cobra.Command, dir string, v *authOAuth2Options, o *authWriteOptions) error {
	if err := auth.CheckConnectorID(v.connectorID); err != nil {
		return usageErr(err)
	}
	c, err := auth.Load(dir)
	if err != nil {
		return usageErr(err)
	}
	var props *connector.Document
	if c.Props != nil {
		props = c.Props.Doc
	}
	file, _ := auth.OAuth2FileLayer(props)
	layers, err := authSources(dir, o.config, o.noConfig, func(a config.Auth) config.Values { return a.OAuth2 })
	if err != nil {
		return err
	}
	const fromFile = "apiProperties.json"
	var val auth.OAuth2
	var values []auth.Value
	set := func(name, flag, fileV, def, defFrom string) string {
		vals := [][2]string{{flagValue(cmd, flag, cmdString(cmd, flag)), "--" + flag}}
		if _, ok := auth.EnvVars[name]; ok {
			vals = append(vals, authLayered(layers, name)...)
		}
		x, from := pick(append(vals, [2]string{fileV, fromFile}, [2]string{def, defFrom})...)
		values = append(values, auth.Value{Name: name, Value: x, Source: from})
		return x
	}
	val.ClientID = set("client-id", "client-id", file.ClientID, auth.ClientIDPlaceholder, "placeholder")
	val.AuthorizationURL = set("authorization-url", "authorization-url", file.AuthorizationURL, "", "")
	val.TokenURL = set("token-url", "token-url", file.TokenURL, "", "")
	// A token URL given on the command line (or by the environment or the
	// configuration) is the refresh URL too, unless a refresh URL is
	// given: the file's would be stale.
	fileRefresh := file.RefreshURL
	if values[len(values)-1].Source != fromFile {
		fileRefresh = ""
	}
	val.RefreshURL = set("refresh-url", "refresh-url", fileRefresh, val.TokenURL, "default (the token URL)")
	if val.AuthorizationURL == "" || val.TokenURL == "" {
		return usageError("--authorization-url and --token-url are required: apiProperties.json has no generic OAuth 2 token to take them from")
	}
	scopesFrom := "default"
	layerScopes := func() bool {
		for _, l := range layers {
			if l.Scopes != nil {
				val.Scopes, scopesFrom = l.Scopes, authSourceName("scopes", l.Name)
				return true
			}
		}
		return false
	}
	switch {
	case cmd.Flags().Changed("scope"):
		val.Scopes, scopesFrom = []string{}, "--scope"
		for _, s := range v.scopes {
			if s != "" {
				val.Scopes = append(val.Scopes, s)
			}
		}
	case layerScopes():
	case file.Scopes != nil:
		val.Scopes, scopesFrom = file.Scopes, fromFile
	default:
		val.Scopes = []string{}
	}
	shown := strings.Join(val.Scopes, ", ")
	if shown == "" {
		shown = "(none)"
	}
	values = append(values, auth.Value{Name: "scopes", Value: shown, Source: scopesFrom})
	val.RedirectMode = set("redirect-mode", "redirect-mode", file.RedirectMode, auth.RedirectPerConnector, "default")
	val.Templates = file.Templates
	if cmd.Flags().Changed("templates") {
		val.Templates = v.templates
	}
	if val.Templates {
		if !file.Templates {
			file.QueryTemplate, file.TokenBody, file.RefreshBody = "", "", ""
		}
		val.QueryTemplate = set("query-template", "query-template", file.QueryTemplate, auth.DefaultQueryTemplate, "default")
		val.TokenBody = set("token-body", "token-body", file.TokenBody, auth.DefaultTokenBody, "default")
		val.RefreshBody = set("refresh-body", "refresh-body", file.RefreshBody, auth.DefaultRefreshBody, "default")
	} else {
		for _, t := range []string{"query-template", "token-body", "refresh-body"} {
			if cmd.Flags().Changed(t) {
				return usageError("--%s needs --templates (identityProvider oauth2generic)", t)
			}
		}
	}
	if err := val.Check(); err != nil {
		return usageErr(err)
	}
	migrated := file.RedirectMode == auth.RedirectGlobal && val.RedirectMode == auth.RedirectPerConnector
	res, err := authPlan(cmd, c, auth.OAuth2Kind(val), auth.Options{Replace: o.replace})
	if err != nil {
		return usageErr(err)
	}
	return authApply(cmd, "oauth2", res, o, func(w io.Writer, changed []*auth.File) {
		authValues(w, "Generic OAuth 2.0 sign-in", c.Dir, values)
		authReport(w, res, changed, o.dryRun, authWhat(res), "Replaced", auth.OAuth2Steps(val, v.connectorID, res.FileRedirectURL, migrated))
	})
}

// cmdString is the value of a string flag.
func cmdString(cmd *cobra.Command, name string) string {
	s, _ := cmd.Flags().GetString(name)
	return s
}
