package auth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// DefaultSchemeName is the name of a new security definition, as the
// portal names it.
const DefaultSchemeName = "oauth2_auth"

// DefaultIconBrandColor is the iconBrandColor of a new apiProperties.json:
// the platform requires one. It is not the blue of Microsoft's samples
// (#007ee5), which certification refuses (icon-brand-color-hex) and
// ppconn's own lint reports: what ppconn writes lints clean.
const DefaultIconBrandColor = "#4b53bc"

// PropertiesName is the file name of the connector properties.
const PropertiesName = "apiProperties.json"

// File is one file of the connector, as read and as it is to be.
type File struct {
	Path string
	// Raw is the file as read; nil for a file to create.
	Raw []byte
	Doc *connector.Document
	// New is the file as ppconn writes it; set by Plan.
	New []byte
}

// Created reports whether the file does not exist yet.
func (f *File) Created() bool { return f.Raw == nil }

// Changed reports whether the new text differs from the file.
func (f *File) Changed() bool { return f.Raw == nil || string(f.Raw) != string(f.New) }

// Connector is a connector folder read for editing.
type Connector struct {
	Dir      string
	Swaggers []*File
	// Props is apiProperties.json, nil when the folder has none.
	Props *File
}

// Load reads the connector in dir (a connector folder, or a file in one).
// A file that does not parse cleanly is refused, at file:line:column.
func Load(dir string) (*Connector, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file or folder", dir)
		}
		return nil, err
	}
	if !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		return nil, err
	}
	var t *connector.Target
	for i := range targets {
		if filepath.Clean(targets[i].Dir) == filepath.Clean(dir) {
			t = &targets[i]
		}
	}
	if t == nil {
		var below []string
		for _, x := range targets {
			below = append(below, x.Dir)
		}
		return nil, fmt.Errorf("%s is not a connector folder; ppconn auth aad edits one connector at a time, and the folders below it hold %s", dir, strings.Join(below, ", "))
	}
	if len(t.Swaggers) == 0 {
		return nil, fmt.Errorf("%s: no swagger definition (apiDefinition.swagger.json) in the folder", dir)
	}
	c := &Connector{Dir: dir}
	for _, s := range t.Swaggers {
		f, err := readFile(s, connector.RoleSwagger)
		if err != nil {
			return nil, err
		}
		c.Swaggers = append(c.Swaggers, f)
	}
	if t.Props != "" {
		if c.Props, err = readFile(t.Props, connector.RoleProperties); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func readFile(path string, role connector.Role) (*File, error) {
	lim := connector.DefaultLimits
	raw, size, err := connector.ReadFile(path, lim.ReadOptions())
	switch {
	case errors.Is(err, connector.ErrTooLarge):
		return nil, fmt.Errorf("%s: the file is more than %d bytes (%d read), more than ppconn reads", path, lim.MaxBytes, size)
	case errors.Is(err, connector.ErrOutsideTree), errors.Is(err, connector.ErrNotRegular):
		return nil, fmt.Errorf("%s: %w", path, err)
	case err != nil:
		return nil, err
	}
	doc := &connector.Document{Path: path, Role: role, Format: rewrite.FormatOf(path)}
	connector.Parse(doc, raw, lim)
	if p := rewrite.FirstProblem(doc); p != nil {
		return nil, fmt.Errorf("%s:%d:%d: %s; ppconn does not edit the file until it parses cleanly", path, p.Pos.Line, p.Pos.Col, p.Message)
	}
	if doc.Root == nil || doc.Root.Kind != connector.Object {
		return nil, fmt.Errorf("%s: the file does not hold a JSON object", path)
	}
	return &File{Path: path, Raw: raw, Doc: doc}, nil
}

// Item is something in the connector's files that ppconn replaces: a
// security definition or a connection parameter that is not the Entra ID
// one.
type Item struct {
	File    string
	Pointer string
	What    string
}

// ConflictError lists what is in the files that only --replace replaces.
type ConflictError struct {
	Items []Item
	// With names what --replace would write instead.
	With string
}

func (e *ConflictError) Error() string {
	return strings.Join(e.lines(), "\n")
}

// Unwrap gives each line of the message as an error, so that it is
// printed one escaped line each (the names in it are the connector's).
func (e *ConflictError) Unwrap() []error {
	var errs []error
	for _, l := range e.lines() {
		errs = append(errs, errors.New(l))
	}
	return errs
}

func (e *ConflictError) lines() []string {
	lines := []string{"the connector already has other authentication; nothing was written:"}
	for _, it := range e.Items {
		lines = append(lines, fmt.Sprintf("  %s: %s", filepath.Base(it.File), it.What))
	}
	with := e.With
	if with == "" {
		with = "Microsoft Entra ID sign-in"
	}
	return append(lines, "run again with --replace to replace them with "+with)
}

// Plan computes the new text of the connector's files for Microsoft Entra
// ID sign-in. It writes nothing.
func Plan(c *Connector, a AAD, opt Options) (*Result, error) {
	return PlanKind(c, AADKind(a), opt)
}

// AADKind is Microsoft Entra ID sign-in.
func AADKind(a AAD) Kind {
	return Kind{Tag: "aad", build: func(c *Connector, r *Result) *kind { return aadKind(c, a, r) }}
}

// aadKind is Microsoft Entra ID sign-in: the oauth2 definition and the
// "token" and "token:TenantId" parameters.
func aadKind(c *Connector, a AAD, r *Result) *kind {
	aadProps := c.Props != nil && aadSettingsOf(c.Props.Doc.Root) != nil
	path := ""
	if c.Props != nil {
		path = c.Props.Path
	}
	k := &kind{
		with:       "Microsoft Entra ID sign-in",
		schemeName: DefaultSchemeName,
		scheme:     schemeSpec(a),
		findScheme: func(root *connector.Node) *connector.Node { return findAADScheme(root, aadProps) },
		params: []param{
			{name: "token", ours: isAADToken, spec: func(old *connector.Node) *spec { return tokenSpec(a, old.Get("oAuthSettings"), r, path) }},
			{name: TenantParam, spec: func(*connector.Node) *spec { return tenantSpec() }},
		},
	}
	if a.MakerApp {
		k.params = append(k.params, makerAppParams()...)
	}
	if a.ClientCredentials {
		k.params = append(k.params, clientCredentialParams()...)
	}
	return k
}

// ClientCredentialParams are the connection parameters of the client
// credentials grant (a service principal), in the shape of certified
// TALXISDataFeed: hidden, not required, so that a connection made on the
// portal signs in as the user (grant type code) and one made through
// ARM or the API passes "token:grantType": "client_credentials" with the
// app's client id and secret (docs/auth.md).
var ClientCredentialParams = []string{"token:clientId", "token:clientSecret", "token:resourceUri", "token:grantType"}

// GrantTypes are the values token:grantType admits.
var GrantTypes = [][2]string{{"code", "Code"}, {"client_credentials", "Client Credentials"}}

func clientCredentialParams() []param {
	hidden := func(more ...rewrite.Member) rewrite.Object {
		return append(rewrite.Object{{Key: "required", Value: "false"}, {Key: "hidden", Value: "true"}}, more...)
	}
	mk := func(name, typ, label, what string, allowed []any, constraints rewrite.Object) param {
		return param{name: name, spec: func(*connector.Node) *spec {
			ms := []member{{"type", typ}}
			if allowed != nil {
				ms = append(ms, member{"allowedValues", allowed})
			}
			ms = append(ms, member{"uiDefinition", &spec{
				members: []member{{"displayName", label}, {"description", what}, {"constraints", constraints}},
				keep:    keepAll,
			}})
			return &spec{members: ms, keep: keepAll}
		}}
	}
	var values, choices []any
	for _, g := range GrantTypes {
		values = append(values, rewrite.Object{{Key: "value", Value: g[0]}})
		choices = append(choices, rewrite.Object{{Key: "text", Value: g[1]}, {Key: "value", Value: g[0]}})
	}
	return []param{
		mk(ClientCredentialParams[0], "string", "Client ID", "The application (client) ID the connection signs in as, with the client credentials grant", nil, hidden()),
		mk(ClientCredentialParams[1], "securestring", "Client Secret", "A client secret of that application", nil, hidden()),
		mk(ClientCredentialParams[2], "string", "Resource URL", "The resource (audience) the application requests tokens for", nil, hidden()),
		mk(ClientCredentialParams[3], "string", "Grant Type", "code signs in as the user; client_credentials as the application (service principal)",
			values, hidden(rewrite.Member{Key: "allowedValues", Value: choices})),
	}
}

// CertificateRefusal is why ppconn writes no aadcertificate sign-in.
const CertificateRefusal = "identityProvider aadcertificate (sign-in with a certificate) is for Microsoft first-party applications only: the platform requires \"IsFirstParty\": \"True\", which a third-party connector cannot claim, and certification refuses it. Sign in with a client secret instead: ppconn auth aad (the secret goes on the Security tab or to paconn --secret), or --maker-app to let each maker bring their own app"

// MakerAppParams are the connection parameters of "bring your own app":
// the maker gives the client id, secret and resource URL of their own
// Entra ID app when they create a connection (certified snowflake's
// shape: token:clientId, token:clientSecret, token:resourceUri).
var MakerAppParams = []string{"token:clientId", "token:clientSecret", "token:resourceUri"}

func makerAppParams() []param {
	mk := func(name, typ, label, what string, tab int) param {
		return param{name: name, spec: func(old *connector.Node) *spec {
			return credentialParam(old, typ, label, label, what, what, tab, false, false)
		}}
	}
	return []param{
		mk(MakerAppParams[0], "string", "Client ID", "The application (client) ID of your Microsoft Entra ID app", 0),
		mk(MakerAppParams[1], "securestring", "Client Secret", "A client secret of your Microsoft Entra ID app", 1),
		mk(MakerAppParams[2], "string", "Resource URL", "The resource (audience) your app requests tokens for", 2),
	}
}

// encodingNote says that a file that was not UTF-8 is written as UTF-8,
// which is how Power Platform reads it.
func encodingNote(f *File, r *Result) {
	if f.Doc != nil && f.Doc.Encoding == "windows-1252" && f.Changed() {
		r.Notes = append(r.Notes, fmt.Sprintf("%s was not UTF-8 (it read as Windows-1252); it is written as UTF-8, as Power Platform reads it", filepath.Base(f.Path)))
	}
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// ---- the swagger ----

// schemeSpec is the security definition as the platform writes it for
// Microsoft Entra ID (catalog §2.1): the authorize URL as tokenUrl too,
// and no scopes (they live in apiProperties.json).
func schemeSpec(a AAD) *spec {
	u := a.AuthorizeURL()
	return &spec{
		members: []member{
			{"type", "oauth2"}, {"flow", "accessCode"}, {"authorizationUrl", u}, {"tokenUrl", u}, {"scopes", rewrite.Object{}},
		},
		keep: func(c *connector.Node) bool { return c.Key == "description" || strings.HasPrefix(c.Key, "x-") },
	}
}

// findAADScheme returns the Entra ID security definition: an oauth2 one
// that signs in at an Entra ID host, or, when apiProperties.json already
// signs in with Entra ID, the first oauth2 one.
func findAADScheme(root *connector.Node, aadProps bool) *connector.Node {
	var firstOAuth *connector.Node
	for _, s := range root.Get("securityDefinitions").List() {
		if s.Kind != connector.Object || s.Get("type").Str() != "oauth2" {
			continue
		}
		if isAADHost(s.Get("authorizationUrl").Str()) || isAADHost(s.Get("tokenUrl").Str()) {
			return s
		}
		if firstOAuth == nil {
			firstOAuth = s
		}
	}
	if aadProps {
		return firstOAuth
	}
	return nil
}

func describeScheme(s *connector.Node) string {
	q := fmt.Sprintf("%q", s.Key)
	if s.Kind != connector.Object {
		return q + " (" + s.Kind.String() + ")"
	}
	switch t := s.Get("type").Str(); t {
	case "apiKey":
		return fmt.Sprintf("%s (apiKey in %s %s)", q, s.Get("in").Str(), s.Get("name").Str())
	case "oauth2":
		d := fmt.Sprintf("%s (oauth2, flow %s", q, s.Get("flow").Str())
		if u := s.Get("authorizationUrl").Str(); u != "" {
			d += ", authorizationUrl " + u
		}
		return d + ")"
	case "":
		return q + " (no type)"
	default:
		return q + " (" + t + ")"
	}
}

// operationsOf lists the operation objects of a definition, whatever the
// case of their method key.
func operationsOf(root *connector.Node) []*connector.Node {
	var ops []*connector.Node
	for _, item := range root.Get("paths").List() {
		for _, op := range item.List() {
			if op.Kind == connector.Object && containsFold(connector.HTTPMethods, op.Key) {
				ops = append(ops, op)
			}
		}
	}
	return ops
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// onlyScheme reports whether a security requirement list names nothing
// but the scheme, with no scopes or only scopes it requests: [], [{}] and
// [{"<name>": []}] stay.
func onlyScheme(sec *connector.Node, name string, scopes []string) bool {
	if sec.Kind != connector.Array {
		return false
	}
	for _, req := range sec.Children {
		if req.Kind != connector.Object {
			return false
		}
		for _, m := range req.Children {
			if m.Key != name || m.Kind != connector.Array {
				return false
			}
			for _, s := range m.Children {
				if !s.IsString() || !slices.Contains(scopes, s.Value) {
					return false
				}
			}
		}
	}
	return true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ---- apiProperties.json ----

// TenantParam is the connection parameter that passes the signed-in
// user's tenant.
const TenantParam = "token:TenantId"

// tokenSpec is the "token" connection parameter for Microsoft Entra ID
// (catalog §2.2, the current form). old is the existing Entra ID
// oAuthSettings, or nil.
func tokenSpec(a AAD, old *connector.Node, r *Result, path string) *spec {
	obo := "false"
	if a.OnBehalfOf {
		obo = "true"
	}
	val := func(v string) rewrite.Object { return rewrite.Object{{Key: "value", Value: v}} }
	settings := append(oauthSettingsHead("aad", a.ClientID, a.Scopes, a.RedirectMode),
		member{"properties", &spec{
			members: []member{
				{"IsFirstParty", firstPartyOf(old)},
				{"AzureActiveDirectoryResourceId", a.ResourceURI},
				{"IsOnbehalfofLoginSupported", true},
			},
			keep: func(*connector.Node) bool { return true },
		}},
		member{"customParameters", &spec{
			fold: true,
			members: []member{
				{"loginUri", val(a.LoginURI)},
				{"tenantId", val(a.TenantID)},
				{"resourceUri", val(a.ResourceURI)},
				{"enableOnbehalfOfLogin", val(obo)},
			},
			dropped: func(c *connector.Node) {
				r.Notes = append(r.Notes, fmt.Sprintf("%s: removed customParameters %q, which Microsoft Entra ID settings do not admit", filepath.Base(path), c.Key))
			},
		}},
	)
	return oauthParamSpec(settings, a.RedirectMode, r, path)
}

// oauthSettingsHead are the first members of oAuthSettings, the same for
// every identity provider: identityProvider, clientId, scopes,
// redirectMode, and redirectUrl only for Global.
func oauthSettingsHead(provider, clientID string, scopes []string, mode string) []member {
	list := []any{}
	for _, s := range scopes {
		list = append(list, s)
	}
	head := []member{{"identityProvider", provider}, {"clientId", clientID}, {"scopes", list}, {"redirectMode", mode}}
	if mode == RedirectGlobal {
		head = append(head, member{"redirectUrl", SharedRedirectURL})
	}
	return head
}

// firstPartyOf keeps a valid existing IsFirstParty ("True" or "False"),
// else "False".
func firstPartyOf(old *connector.Node) string {
	if v := old.At("properties", "IsFirstParty").Str(); v == "True" || v == "False" {
		return v
	}
	return "False"
}

// oauthParamSpec is an oauthSetting connection parameter with the given
// oAuthSettings members, for any identity provider: members ppconn does
// not manage stay (a uiDefinition, unknown keys), a clientSecret goes
// (never written, never shown), and redirectUrl stays only when it is the
// connector's own per-connector URI under GlobalPerConnector.
func oauthParamSpec(settings []member, mode string, r *Result, path string) *spec {
	return &spec{
		members: []member{
			{"type", "oauthSetting"},
			{"oAuthSettings", &spec{
				members: settings,
				keep: func(c *connector.Node) bool {
					if c.Key == "redirectUrl" {
						if mode == RedirectPerConnector && c.IsString() && perConnectorRedirect.MatchString(c.Value) {
							r.FileRedirectURL = c.Value
							return true
						}
						return false
					}
					return !strings.EqualFold(c.Key, "clientSecret")
				},
				dropped: func(c *connector.Node) {
					switch {
					case strings.EqualFold(c.Key, "clientSecret"):
						r.Notes = append(r.Notes, fmt.Sprintf("%s: removed oAuthSettings.%s (its value is not shown): ppconn never writes a secret; if it was a real one, rotate it in the app registration, since removing it does not remove it from history", filepath.Base(path), c.Key))
					case c.Key == "redirectUrl" && mode == RedirectPerConnector:
						r.Notes = append(r.Notes, fmt.Sprintf("%s: removed redirectUrl %s: with GlobalPerConnector the platform writes the connector's own URI when it is saved", filepath.Base(path), showValue(c)))
					}
				},
			}},
		},
		keep: func(*connector.Node) bool { return true },
	}
}

func showValue(n *connector.Node) string {
	if n.IsString() {
		return fmt.Sprintf("%q", n.Value)
	}
	return "(" + n.Kind.String() + ")"
}

// tenantSpec is the token:TenantId parameter (catalog §2.2); the
// displayName and description the schema admits stay.
func tenantSpec() *spec {
	fixed := map[string]string{"displayName": "Tenant", "description": "The tenant ID of for the Azure Active Directory application"}
	return &spec{
		members: []member{
			{"type", "string"},
			{"metadata", rewrite.Object{{Key: "sourceType", Value: "AzureActiveDirectoryTenant"}}},
			{"uiDefinition", &spec{
				members: []member{{"constraints", rewrite.Object{{Key: "required", Value: "false"}, {Key: "hidden", Value: "true"}}}},
				keep: func(c *connector.Node) bool {
					v, ok := fixed[c.Key]
					return ok && c.Str() == v
				},
			}},
		},
	}
}

// isAuthParam reports whether a connection parameter (other than token
// and token:TenantId) carries credentials: a securestring, an
// oauthSetting, a client certificate, a basic-auth username or password,
// or a "token:" sub-parameter of another token that the definition and
// policies do not read. Other parameters (a host name, a region) stay.
func isAuthParam(c *connector.Node, referenced func(string) bool) bool {
	switch strings.ToLower(c.Get("type").Str()) {
	case "securestring", "oauthsetting", "clientcertificate":
		return true
	}
	if containsFold([]string{"username", "password"}, c.Key) {
		return true
	}
	return strings.HasPrefix(c.Key, "token:") && !referenced(c.Key)
}

func describeParam(c *connector.Node) string {
	d := fmt.Sprintf("connection parameter %q", c.Key)
	if c.Kind != connector.Object {
		return d + " (" + c.Kind.String() + ")"
	}
	t := c.Get("type").Str()
	if idp := c.At("oAuthSettings", "identityProvider").Str(); idp != "" {
		return fmt.Sprintf("%s (%s, identityProvider %s)", d, t, idp)
	}
	if t == "" {
		return d
	}
	return d + " (" + t + ")"
}

// referencedParams returns whether a parameter name is read with
// @connectionParameters('<name>') anywhere in the connector's files.
func referencedParams(c *Connector) func(string) bool {
	var texts []string
	for _, f := range c.Swaggers {
		texts = append(texts, string(f.Doc.Src))
	}
	if c.Props != nil {
		texts = append(texts, string(c.Props.Doc.Src))
	}
	return func(name string) bool {
		re := regexp.MustCompile(`(?i)connectionParameters\(\s*\\?['"]` + regexp.QuoteMeta(name) + `\\?['"]`)
		for _, t := range texts {
			if re.MatchString(t) {
				return true
			}
		}
		return false
	}
}
