package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/auth"
	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

func newAuthCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Write a connector's authentication, in the shape the platform writes it",
		Long: `Write the authentication of a connector into its files: the security definition and
root security requirement of the swagger, and the connection parameters of
apiProperties.json, in the exact shapes Power Platform itself writes, so that the files
you commit are the ones the portal would produce. No secret is ever written.`,
		Example: `  ppconn auth show connectors/contoso
  ppconn auth aad --resource-uri https://graph.microsoft.com --client-id 11111111-2222-3333-4444-555555555555
  ppconn auth aad --preset nbold connectors/nbold
  ppconn auth apikey --in header --name X-API-Key connectors/contoso
  ppconn auth basic connectors/contoso
  ppconn auth oauth2 --authorization-url https://login.contoso.com/authorize --token-url https://login.contoso.com/token
  ppconn auth none connectors/contoso
  ppconn auth sets add basic basic-auth connectors/contoso`,
	}
	cmd.AddCommand(newAuthAADCmd(), newAuthAPIKeyCmd(), newAuthBasicCmd(), newAuthNoneCmd(), newAuthOAuth2Cmd(), newAuthMigrateRedirectCmd(), newAuthShowCmd(), newAuthSetsCmd())
	return cmd
}

type authAADOptions struct {
	clientID, tenantID, loginURI, resourceURI string
	scopes                                    []string
	redirectMode                              string
	onBehalfOf                                bool
	preset, connectorID                       string
	replace, dryRun, check                    bool
	makerApp, certificate, clientCredentials  bool
	config                                    string
	noConfig                                  bool
}

func newAuthAADCmd() *cobra.Command {
	o := &authAADOptions{}
	cmd := &cobra.Command{
		Use:   "aad [CONNECTOR-DIR]",
		Short: "Sign in with Microsoft Entra ID (Azure AD): write the oauth2 definition and the token parameter",
		Long: `Make a connector sign in with Microsoft Entra ID (Azure Active Directory) OAuth 2.0, as the
portal's Security tab does with "Identity provider: Azure Active Directory". CONNECTOR-DIR
is the connector folder (default "."); it holds apiDefinition.swagger.json (and/or a
YAML twin, which is edited too) and, usually, apiProperties.json.

In the swagger it writes one oauth2 security definition, flow accessCode, whose
authorizationUrl and tokenUrl are both the authorize URL (<login-uri>/<tenant>/oauth2/
authorize: that is how the platform writes it) with empty scopes, and the root requirement
"security": [{"<name>": []}]. An Entra ID definition that exists keeps its name (new ones
are "oauth2_auth") and is updated in place: its key order, description and extensions
stay. Operation-level security requirements that name other schemes or scopes are removed,
so that the root one applies.

In apiProperties.json it writes the connection parameter "token" (type oauthSetting,
identityProvider aad: clientId, scopes, redirectMode, redirectUrl only for Global,
properties and customParameters loginUri, tenantId, resourceUri and enableOnbehalfOfLogin)
and "token:TenantId" (the tenant claim). Members it does not manage stay, and Microsoft's
PascalCase spellings ("LoginUri") are kept. With no apiProperties.json, it creates one,
with iconBrandColor ` + auth.DefaultIconBrandColor + `.

Any other security definition, any credential connection parameter (securestring,
another oauthSetting, username and password, token:* parameters the files do not read)
and connectionParameterSets are replaced only with --replace: without it, ppconn says
what is there and writes nothing. Other parameters, such as a region used in the host,
stay.

It never writes a client secret: a clientSecret found in apiProperties.json is removed,
and its value is never printed, not even in a diff.

--maker-app (bring your own app) adds the connection parameters each maker fills in with
their own Entra ID app: token:clientId (string), token:clientSecret (securestring) and
token:resourceUri (string), each with a uiDefinition (certified snowflake's shape).
--certificate (identityProvider aadcertificate) is refused: it is for Microsoft
first-party applications only ("IsFirstParty": "True"), which a third-party connector
cannot claim.

Values, each from the first of these that sets it:
  1. the flags (--scope can be repeated, and --scope "" sets no scopes; --on-behalf-of=false
     overrides a true from elsewhere);
  2. --preset nbold: login-uri https://login.windows.net, tenant-id common, resource-uri
     https://graph.microsoft.com, scope https://graph.microsoft.com/.default;
  3. the environment: PPCONN_CLIENT_ID, PPCONN_TENANT_ID, PPCONN_LOGIN_URI,
     PPCONN_RESOURCE_URI, PPCONN_SCOPES (comma-separated), PPCONN_REDIRECT_MODE,
     PPCONN_ON_BEHALF_OF (true or false);
  4. .ppconn.yaml, found from CONNECTOR-DIR upwards (or --config): auth.aad.client-id,
     tenant-id, login-uri, resource-uri, scopes, redirect-mode, on-behalf-of;
  5. the Entra ID settings already in apiProperties.json, so that running it again keeps
     them: an existing redirectMode Global (or none) stays Global, since moving breaks
     sign-in until the new URI is registered; --redirect-mode GlobalPerConnector moves it;
  6. the defaults: tenant-id common, login-uri https://login.microsoftonline.com, no
     scopes, redirect-mode GlobalPerConnector, on-behalf-of false. The client id has none:
     a placeholder, ` + auth.ClientIDPlaceholder + `, is written and reported. The resource URI has none:
     it is required.

Then it prints the next steps: the redirect URI to register in the app registration
(https://global.consent.azure-apim.net/redirect/<connector-id>; the id exists only once
the connector is first saved, so pass --connector-id to have it printed), where the
client secret goes, the Microsoft Graph permissions of a preset, and a reminder that
client secrets expire.

Modes: by default the files are written (atomically; a file changed on disk meanwhile is
not overwritten). --dry-run prints the unified diff and writes nothing. --check needs
values from a flag, --preset, the environment or .ppconn.yaml (else it would compare the
files with themselves, and exits 2); it prints the
diff and exits 1 when the files differ from what would be written, 0 when they do not:
the drift gate for CI. Running it twice changes nothing the second time.

Exit status: 0 when done (with --check: nothing would change), 1 when --check found a
difference, 2 for a usage error, an unreadable or unparsable file, or other
authentication that needs --replace.`,
		Example: `  # Microsoft Graph, a multi-tenant app; prints the redirect URI to register
  ppconn auth aad --client-id 11111111-2222-3333-4444-555555555555 \
      --resource-uri https://graph.microsoft.com --scope User.Read --connector-id contoso-5f12ab34cd56ef78

  # nBold's values (Microsoft Graph, .default scope), replacing any other authentication
  ppconn auth aad --preset nbold --replace connectors/nbold

  # see what would change, then check in CI that the files stay as ppconn writes them
  ppconn auth aad --dry-run --resource-uri https://graph.microsoft.com
  ppconn auth aad --check --resource-uri https://graph.microsoft.com

  # each maker brings their own Entra ID app (client id, secret, resource)
  ppconn auth aad --maker-app --resource-uri https://graph.microsoft.com

  # values from the environment (or auth.aad in .ppconn.yaml)
  PPCONN_CLIENT_ID=$APP_ID PPCONN_RESOURCE_URI=https://graph.microsoft.com ppconn auth aad`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runAuthAAD(cmd, dir, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.clientID, "client-id", "", "the Application (client) ID of the app registration (default: a placeholder)")
	f.StringVar(&o.tenantID, "tenant-id", "", `the tenant: common, organizations, consumers, a GUID or a domain (default "common")`)
	f.StringVar(&o.loginURI, "login-uri", "", `the Entra sign-in endpoint (default "https://login.microsoftonline.com")`)
	f.StringVar(&o.resourceURI, "resource-uri", "", "the resource (Resource URL of the Security tab), such as https://graph.microsoft.com; required")
	f.StringArrayVar(&o.scopes, "scope", nil, "a scope to request; repeat for several (default: none)")
	f.StringVar(&o.redirectMode, "redirect-mode", "", `GlobalPerConnector or Global (default "GlobalPerConnector")`)
	f.BoolVar(&o.onBehalfOf, "on-behalf-of", false, "enable on-behalf-of login")
	f.StringVar(&o.preset, "preset", "", "start from a named set of values: "+strings.Join(auth.PresetNames(), ", "))
	f.StringVar(&o.connectorID, "connector-id", "", "the connector's id (the end of its redirect URI), to print the redirect URI to register")
	f.BoolVar(&o.makerApp, "maker-app", false, "bring your own app: add the token:clientId, token:clientSecret and token:resourceUri parameters makers fill in")
	f.BoolVar(&o.clientCredentials, "client-credentials", false, "the client credentials grant (a service principal): add the hidden token:clientId, token:clientSecret, token:resourceUri and token:grantType parameters")
	f.BoolVar(&o.certificate, "certificate", false, "sign in with a certificate (identityProvider aadcertificate): refused, see --help")
	f.BoolVar(&o.replace, "replace", false, "replace other security definitions and credential connection parameters")
	f.BoolVar(&o.dryRun, "dry-run", false, "print the unified diff and write nothing")
	f.BoolVar(&o.check, "check", false, "print the diff and exit 1 when the files differ from what would be written")
	f.StringVar(&o.config, "config", "", "read this configuration file instead of the .ppconn.yaml found from CONNECTOR-DIR upwards")
	f.BoolVar(&o.noConfig, "no-config", false, "read no configuration file")
	cmd.MarkFlagsMutuallyExclusive("dry-run", "check")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
	cmd.MarkFlagsMutuallyExclusive("maker-app", "client-credentials")
	return cmd
}

func runAuthAAD(cmd *cobra.Command, dir string, o *authAADOptions) error {
	if o.certificate {
		return usageError("%s", auth.CertificateRefusal)
	}
	if err := auth.CheckConnectorID(o.connectorID); err != nil {
		return usageErr(err)
	}
	layers, err := authLayers(cmd, dir, o)
	if err != nil {
		return err
	}
	c, err := auth.Load(dir)
	if err != nil {
		return usageErr(err)
	}
	var fileLayer auth.Layer
	if c.Props != nil {
		fileLayer = auth.FileLayer(c.Props.Doc)
		layers = append(layers, fileLayer)
	}
	settings, err := auth.Resolve(layers...)
	if err != nil {
		return usageErr(err)
	}
	settings.MakerApp, settings.ClientCredentials = o.makerApp, o.clientCredentials
	fromFiles := authFromFiles(settings.Sources)
	if o.check && len(fromFiles) == len(settings.Sources) {
		return usageError("--check has nothing to check the files against: every value would come from apiProperties.json itself or from the defaults, so a hand-edited value would pass. Give the values the files must hold: flags (--client-id, --resource-uri, ...), --preset, PPCONN_* variables, or auth.aad in .ppconn.yaml")
	}
	if o.check && len(fromFiles) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: --check: %s %s taken from the files themselves, so only %s checked for shape\n", joinAnd(fromFiles), isAre(len(fromFiles)), itThey(len(fromFiles)))
	}
	migrated := fileLayer.RedirectMode == auth.RedirectGlobal && settings.RedirectMode == auth.RedirectPerConnector
	res, err := authPlan(cmd, c, auth.AADKind(settings), auth.Options{Replace: o.replace})
	if err != nil {
		return usageErr(err)
	}
	w := &authWriteOptions{replace: o.replace, dryRun: o.dryRun, check: o.check}
	return authApply(cmd, "aad", res, w, func(report io.Writer, changed []*auth.File) {
		authSummary(report, c.Dir, settings, res, changed, o, migrated)
	})
}

// authWriteOptions are the flags every auth writer has.
type authWriteOptions struct {
	replace, dryRun, check bool
	// config and noConfig are --config and --no-config, of the writers
	// that read values (configFlags).
	config   string
	noConfig bool
}

// configFlags adds --config and --no-config.
func (o *authWriteOptions) configFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "read this configuration file instead of the .ppconn.yaml found from CONNECTOR-DIR upwards")
	f.BoolVar(&o.noConfig, "no-config", false, "read no configuration file")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
}

func (o *authWriteOptions) flags(cmd *cobra.Command, replaces string) {
	f := cmd.Flags()
	if replaces != "" {
		f.BoolVar(&o.replace, "replace", false, replaces)
	}
	f.BoolVar(&o.dryRun, "dry-run", false, "print the unified diff and write nothing")
	f.BoolVar(&o.check, "check", false, "print the diff and exit 1 when the files differ from what would be written")
	cmd.MarkFlagsMutuallyExclusive("dry-run", "check")
}

// authApply is the end of every auth writer: with --check or --dry-run
// it prints the diff (secrets masked); --check exits 1 on a difference;
// else the summary (on stderr with --dry-run) and, unless --dry-run, the
// changed files are written, each checked unchanged on disk first.
func authApply(cmd *cobra.Command, name string, res *auth.Result, o *authWriteOptions, summary func(io.Writer, []*auth.File)) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var changed []*auth.File
	for _, f := range res.Files {
		if f.Changed() {
			changed = append(changed, f)
		}
	}
	if o.check || o.dryRun {
		for _, f := range changed {
			if _, err := io.WriteString(out, authDiff(f, res.Secrets)); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
		}
	}
	if o.check {
		if len(changed) == 0 {
			return nil
		}
		var names []string
		for _, f := range changed {
			names = append(names, f.Path)
		}
		return &exitError{code: ExitFindings, err: fmt.Errorf("%s %s not what 'ppconn auth %s' writes; run it without --check to update", joinAnd(names), isAre(len(names)), name)}
	}
	report := out
	if o.dryRun {
		report = errOut
	}
	summary(report, changed)
	if o.dryRun {
		return nil
	}
	// Check every file before writing any, so that a file changed
	// meanwhile leaves the connector as it was rather than half updated
	// (WriteFileAtomic checks again, just before each rename).
	for _, f := range changed {
		now, err := os.ReadFile(f.Path)
		if f.Created() && err == nil || !f.Created() && (err != nil || !bytes.Equal(now, f.Raw)) {
			return &exitError{code: ExitUsage, err: fmt.Errorf("%s changed on disk while ppconn was working; nothing was written: run it again", f.Path)}
		}
	}
	// One transaction: every temporary file is written and synced before
	// the first rename, in the order a re-run repairs (Result.WriteOrder).
	var writes []rewrite.FileWrite
	for _, f := range res.WriteOrder() {
		writes = append(writes, rewrite.FileWrite{Path: f.Path, Data: f.New, Original: f.Raw})
	}
	if err := rewrite.WriteFilesAtomic(writes); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	return nil
}

// authLayers gathers the value sources that come before the connector's
// own files: the flags, the preset, the environment and the configuration.
func authLayers(cmd *cobra.Command, dir string, o *authAADOptions) ([]auth.Layer, error) {
	f := cmd.Flags()
	fl := auth.Layer{Name: "flag"}
	if f.Changed("client-id") {
		fl.ClientID = o.clientID
	}
	if f.Changed("tenant-id") {
		fl.TenantID = o.tenantID
	}
	if f.Changed("login-uri") {
		fl.LoginURI = o.loginURI
	}
	if f.Changed("resource-uri") {
		fl.ResourceURI = o.resourceURI
	}
	if f.Changed("scope") {
		fl.Scopes = []string{}
		for _, s := range o.scopes {
			if s != "" {
				fl.Scopes = append(fl.Scopes, s)
			}
		}
	}
	if f.Changed("redirect-mode") {
		fl.RedirectMode = o.redirectMode
	}
	if f.Changed("on-behalf-of") {
		fl.OnBehalfOf = &o.onBehalfOf
	}
	layers := []auth.Layer{fl}
	if o.preset != "" {
		p, ok := auth.Presets[o.preset]
		if !ok {
			return nil, usageError("--preset %q: the presets are %s", o.preset, strings.Join(auth.PresetNames(), ", "))
		}
		layers = append(layers, p)
	}
	sources, err := authSources(dir, o.config, o.noConfig, func(a config.Auth) config.Values { return a.AAD })
	return append(layers, sources...), err
}

// authSources are the sources of values every writer reads after its
// flags (and preset), before the connector's own files: the PPCONN_*
// environment variables, then the writer's section of .ppconn.yaml
// (found from dir upwards, or cfgPath; none with noConfig).
func authSources(dir, cfgPath string, noConfig bool, section func(config.Auth) config.Values) ([]auth.Layer, error) {
	env, err := auth.EnvLayer(os.Getenv)
	if err != nil {
		return nil, usageErr(err)
	}
	layers := []auth.Layer{env}
	if cfgPath == "" && !noConfig {
		if cfgPath, err = config.Find(dir); err != nil {
			return nil, usageErr(err)
		}
	}
	if cfgPath != "" {
		cfg, err := config.Load(cfgPath)
		if err != nil {
			return nil, badConfigError(err)
		}
		layers = append(layers, auth.ConfigLayer(section(cfg.Auth), cfgPath))
	}
	return layers, nil
}

// authLayered is the value of a string setting in each layer, with the
// source to show, for pick.
func authLayered(layers []auth.Layer, name string) [][2]string {
	var out [][2]string
	for _, l := range layers {
		out = append(out, [2]string{l.String(name), authSourceName(name, l.Name)})
	}
	return out
}

// authDiff is the unified diff of one file, with secrets masked.
func authDiff(f *auth.File, secrets []string) string {
	name := f.Path
	from := name + ".orig"
	if f.Created() {
		from = "/dev/null"
	}
	return showEditDiff(escape.Text(from), escape.Text(name), f.Raw, f.New, append(secrets, secret.All(f.Doc)...)...)
}

// joinAnd joins names as "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// authSourceName names where a value came from, for the summary.
func authSourceName(setting, layer string) string {
	switch layer {
	case "flag":
		if setting == "scopes" {
			return "--scope"
		}
		return "--" + setting
	case "environment":
		return auth.EnvVars[setting]
	}
	return layer
}

// authFromFiles lists the settings whose value comes from the
// connector's own files or the defaults, in the order of auth.Settings.
func authFromFiles(sources map[string]string) []string {
	var out []string
	for _, s := range auth.Settings {
		switch sources[s] {
		case auth.PropertiesName, "default", "placeholder":
			out = append(out, s)
		}
	}
	return out
}

func itThey(n int) string {
	if n == 1 {
		return "it is"
	}
	return "they are"
}

func authSummary(w io.Writer, dir string, a auth.AAD, res *auth.Result, changed []*auth.File, o *authAADOptions, migrated bool) {
	fmt.Fprintf(w, "Microsoft Entra ID sign-in for %s:\n", escape.Text(dir))
	scopes := strings.Join(a.Scopes, ", ")
	if scopes == "" {
		scopes = "(none)"
	}
	values := map[string]string{
		"client-id": a.ClientID, "tenant-id": a.TenantID, "login-uri": a.LoginURI, "resource-uri": a.ResourceURI,
		"scopes": scopes, "redirect-mode": a.RedirectMode, "on-behalf-of": fmt.Sprint(a.OnBehalfOf),
	}
	width := 0
	for _, s := range auth.Settings {
		values[s] = escape.Text(values[s])
		width = max(width, len(values[s]))
	}
	for _, s := range auth.Settings {
		fmt.Fprintf(w, "  %-14s %-*s  %s\n", s, width, values[s], authSourceName(s, a.Sources[s]))
	}
	fmt.Fprintln(w)
	what := authWhat(res)
	steps := auth.NextSteps(auth.StepsInput{AAD: a, ConnectorID: o.connectorID, FileRedirectURL: res.FileRedirectURL, Preset: o.preset, Migrated: migrated})
	authReport(w, res, changed, o.dryRun, what, "Replaced", steps)
}

// authReport prints what a writer wrote (or would write, with dryRun),
// what it replaced (under heading), its notes and the next steps.
func authReport(w io.Writer, res *auth.Result, changed []*auth.File, dryRun bool, what func(*auth.File) string, heading string, steps []string) {
	verb := "Wrote"
	if dryRun {
		verb = "Would write"
	}
	isChanged := map[*auth.File]bool{}
	for _, f := range changed {
		isChanged[f] = true
	}
	for _, f := range res.Files {
		switch {
		case !isChanged[f]:
			fmt.Fprintf(w, "%s: already as ppconn writes it\n", escape.Text(f.Path))
		case f.Created():
			fmt.Fprintf(w, "%s %s (new): %s\n", verb, escape.Text(f.Path), escape.Text(what(f)))
		default:
			fmt.Fprintf(w, "%s %s: %s\n", verb, escape.Text(f.Path), escape.Text(what(f)))
		}
	}
	if len(res.Replaced) > 0 {
		fmt.Fprintf(w, "\n%s:\n", heading)
		for _, it := range res.Replaced {
			fmt.Fprintf(w, "  %s: %s\n", escape.Text(filepath.Base(it.File)), escape.Text(secret.MaskText(it.What)))
		}
	}
	if len(res.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range res.Notes {
			fmt.Fprintf(w, "  - %s\n", escape.Text(secret.MaskText(n)))
		}
	}
	if len(steps) == 0 {
		return
	}
	fmt.Fprintln(w, "\nNext steps:")
	for i, s := range steps {
		lines := strings.Split(s, "\n")
		fmt.Fprintf(w, "  %d. %s\n", i+1, escape.Text(lines[0]))
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "     %s\n", escape.Text(l))
		}
	}

}
