// Package auth writes the authentication of a connector: for Microsoft
// Entra ID (AAD), the oauth2 security definition of the swagger and the
// "token" connection parameter of apiProperties.json, in the shapes the
// platform itself writes (rules catalog §2). It never writes a client
// secret.
package auth

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
)

// The redirect modes ppconn writes.
const (
	RedirectPerConnector = "GlobalPerConnector"
	RedirectGlobal       = "Global"
)

// ClientIDPlaceholder is written as clientId when no source gives one.
const ClientIDPlaceholder = "[[ENTER YOUR CLIENT ID]]"

// SharedRedirectURL is the legacy redirect URI of redirectMode Global.
const SharedRedirectURL = "https://global.consent.azure-apim.net/redirect"

// perConnectorRedirect matches a per-connector redirect URI of the
// consent service (global or regional); connectorIDPattern, the name at
// its end.
var (
	perConnectorRedirect = regexp.MustCompile(`(?i)^https://[a-z0-9-]+\.consent\.azure-apim\.net/redirect/[A-Za-z0-9._~-]+$`)
	connectorIDPattern   = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)
)

// LoginURIs are the Microsoft Entra sign-in endpoints, the one list the
// aad-values rule reads too.
var LoginURIs = connector.EntraLoginURIs

// AAD is what ppconn writes for Microsoft Entra ID sign-in.
type AAD struct {
	ClientID     string
	TenantID     string
	LoginURI     string
	ResourceURI  string
	Scopes       []string
	RedirectMode string
	OnBehalfOf   bool
	// MakerApp adds the token:clientId, token:clientSecret and
	// token:resourceUri parameters: each maker brings their own app.
	MakerApp bool
	// ClientCredentials adds the parameters of the client credentials
	// grant (ClientCredentialParams): a service principal connection.
	ClientCredentials bool
	// Sources names where each value came from, by setting name
	// (see Settings).
	Sources map[string]string
}

// Settings are the setting names, in the order ppconn shows them; they
// are the flag names and the auth.aad keys of .ppconn.yaml.
var Settings = []string{"client-id", "tenant-id", "login-uri", "resource-uri", "scopes", "redirect-mode", "on-behalf-of"}

// EnvVars are the environment variables ppconn reads, by setting name.
var EnvVars = map[string]string{
	"client-id":     "PPCONN_CLIENT_ID",
	"tenant-id":     "PPCONN_TENANT_ID",
	"login-uri":     "PPCONN_LOGIN_URI",
	"resource-uri":  "PPCONN_RESOURCE_URI",
	"scopes":        "PPCONN_SCOPES",
	"redirect-mode": "PPCONN_REDIRECT_MODE",
	"on-behalf-of":  "PPCONN_ON_BEHALF_OF",
	// auth oauth2 reads client-id, scopes and redirect-mode too.
	"authorization-url": "PPCONN_AUTHORIZATION_URL",
	"token-url":         "PPCONN_TOKEN_URL",
	"refresh-url":       "PPCONN_REFRESH_URL",
	// auth apikey
	"in":    "PPCONN_APIKEY_IN",
	"name":  "PPCONN_APIKEY_NAME",
	"label": "PPCONN_APIKEY_LABEL",
}

// Layer is one source of values, Name saying which. Empty strings, nil
// Scopes and a nil OnBehalfOf mean "not set"; a non-nil empty Scopes sets
// no scopes.
type Layer = config.Values

// Defaults are the built-in values; the client id and the resource URI
// have none.
var Defaults = Layer{
	Name:         "default",
	TenantID:     "common",
	LoginURI:     "https://login.microsoftonline.com",
	Scopes:       []string{},
	RedirectMode: RedirectPerConnector,
	OnBehalfOf:   new(false),
}

// Presets are the named sets of values of --preset.
var Presets = map[string]Layer{
	"nbold": {
		Name:        "--preset nbold",
		LoginURI:    "https://login.windows.net",
		TenantID:    "common",
		ResourceURI: "https://graph.microsoft.com",
		Scopes:      []string{"https://graph.microsoft.com/.default"},
	},
}

// PresetPermissions are the Microsoft Graph delegated permissions the app
// registration of a preset needs.
var PresetPermissions = map[string][]string{
	"nbold": {"openid", "email", "profile", "offline_access", "Directory.AccessAsUser.All", "Group.ReadWrite.All",
		"InformationProtectionPolicy.Read", "Mail.Send", "User.Read", "User.Read.All"},
}

// PresetNames lists the presets, sorted.
func PresetNames() []string {
	var names []string
	for n := range Presets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// EnvLayer reads the PPCONN_* environment variables through getenv. An
// empty variable is not set. PPCONN_SCOPES is a comma-separated list.
func EnvLayer(getenv func(string) string) (Layer, error) {
	l := Layer{Name: "environment"}
	for name, p := range l.Strings() {
		*p = strings.TrimSpace(getenv(EnvVars[name]))
	}
	if s := getenv(EnvVars["scopes"]); strings.TrimSpace(s) != "" {
		l.Scopes = []string{}
		for part := range strings.SplitSeq(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				l.Scopes = append(l.Scopes, part)
			}
		}
	}
	if s := strings.TrimSpace(getenv(EnvVars["on-behalf-of"])); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return l, fmt.Errorf("%s=%q: use true or false", EnvVars["on-behalf-of"], s)
		}
		l.OnBehalfOf = &b
	}
	return l, nil
}

// ConfigLayer takes the values of one auth section of a configuration
// file (auth.aad, auth.oauth2 or auth.apikey).
func ConfigLayer(c config.Values, path string) Layer {
	c.Name = config.FileName
	if path != "" {
		c.Name = path
	}
	return c
}

// FileLayer takes the values of the Microsoft Entra ID settings already in
// apiProperties.json (its "token" parameter, when identityProvider is
// "aad"): the client id (unless a placeholder), tenant, login URI,
// resource URI, scopes, on-behalf-of setting and redirect mode, so that
// re-running ppconn keeps them. A Global redirect mode, or none (which the
// platform reads as Global), stays Global: moving to GlobalPerConnector
// breaks sign-in until the new redirect URI is registered, so it is done
// only when asked for (--redirect-mode GlobalPerConnector, or ppconn auth
// migrate-redirect), the policy ppconn fix follows too (--unsafe).
func FileLayer(props *connector.Document) Layer {
	l := Layer{Name: "apiProperties.json"}
	if props == nil || props.Root == nil {
		return l
	}
	s := aadSettingsOf(props.Root)
	if s == nil {
		return l
	}
	if id := s.Get("clientId").Str(); !connector.IsPlaceholder(id) {
		l.ClientID = id
	}
	cp := s.Get("customParameters")
	val := func(key string) string {
		v := cp.GetFold(key).Get("value").Str()
		if connector.IsPlaceholder(v) {
			return ""
		}
		return v
	}
	l.LoginURI, l.TenantID, l.ResourceURI = val("loginUri"), val("tenantId"), val("resourceUri")
	if l.ResourceURI == "" {
		if v := s.At("properties", "AzureActiveDirectoryResourceId").Str(); !connector.IsPlaceholder(v) {
			l.ResourceURI = v
		}
	}
	if sc := s.Get("scopes"); sc != nil && sc.Kind == connector.Array {
		l.Scopes = []string{}
		for _, it := range sc.Children {
			if it.IsString() && strings.TrimSpace(it.Value) != "" {
				l.Scopes = append(l.Scopes, it.Value)
			}
		}
	}
	if v := val("enableOnbehalfOfLogin"); v == "true" || v == "false" {
		b := v == "true"
		l.OnBehalfOf = &b
	}
	l.RedirectMode = FileRedirectMode(s)
	return l
}

// FileRedirectMode is the redirect mode of existing oAuthSettings as the
// platform reads it: GlobalPerConnector when it says so, else Global (a
// missing or unknown mode is the legacy shared redirect).
func FileRedirectMode(settings *connector.Node) string {
	if strings.EqualFold(settings.Get("redirectMode").Str(), RedirectPerConnector) {
		return RedirectPerConnector
	}
	return RedirectGlobal
}

// aadSettingsOf returns the oAuthSettings of the "token" parameter when
// it signs in with Microsoft Entra ID, or nil.
func aadSettingsOf(root *connector.Node) *connector.Node {
	t := root.At("properties", "connectionParameters", "token")
	if !isAADToken(t) {
		return nil
	}
	return t.Get("oAuthSettings")
}

func isAADToken(t *connector.Node) bool {
	return t != nil && t.Kind == connector.Object && strings.EqualFold(t.Get("type").Str(), "oauthSetting") &&
		t.At("oAuthSettings", "identityProvider").Str() == "aad" && t.Get("oAuthSettings").Kind == connector.Object
}

// Resolve takes each value from the first layer that sets it, in order,
// then from Defaults, and checks the result. The client id falls back to
// ClientIDPlaceholder; the resource URI is required.
func Resolve(layers ...Layer) (AAD, error) {
	a := AAD{Sources: map[string]string{}}
	all := append(append([]Layer(nil), layers...), Defaults)
	pick := func(name string, get func(Layer) (string, bool)) string {
		for _, l := range all {
			if v, ok := get(l); ok {
				a.Sources[name] = l.Name
				return v
			}
		}
		return ""
	}
	str := func(f func(Layer) string) func(Layer) (string, bool) {
		return func(l Layer) (string, bool) { v := f(l); return v, v != "" }
	}
	a.ClientID = pick("client-id", str(func(l Layer) string { return l.ClientID }))
	a.TenantID = pick("tenant-id", str(func(l Layer) string { return l.TenantID }))
	a.LoginURI = pick("login-uri", str(func(l Layer) string { return l.LoginURI }))
	a.ResourceURI = pick("resource-uri", str(func(l Layer) string { return l.ResourceURI }))
	a.RedirectMode = pick("redirect-mode", str(func(l Layer) string { return l.RedirectMode }))
	for _, l := range all {
		if l.Scopes != nil {
			a.Scopes, a.Sources["scopes"] = append([]string{}, l.Scopes...), l.Name
			break
		}
	}
	for _, l := range all {
		if l.OnBehalfOf != nil {
			a.OnBehalfOf, a.Sources["on-behalf-of"] = *l.OnBehalfOf, l.Name
			break
		}
	}
	if a.ClientID == "" {
		a.ClientID, a.Sources["client-id"] = ClientIDPlaceholder, "placeholder"
	}
	return a, a.check()
}

// check validates the values.
func (a *AAD) check() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	from := func(name string) string { return " (from " + a.Sources[name] + ")" }
	a.LoginURI = strings.TrimSuffix(a.LoginURI, "/")
	if !connector.IsEntraLoginURI(a.LoginURI) {
		add("login URI %q%s is not a Microsoft Entra sign-in endpoint: use one of %s", a.LoginURI, from("login-uri"), strings.Join(LoginURIs, ", "))
	}
	if !connector.IsEntraTenant(a.TenantID) {
		add("tenant %q%s is not a tenant: use common (any organization), organizations, consumers, a tenant GUID or a domain such as contoso.onmicrosoft.com", a.TenantID, from("tenant-id"))
	}
	switch {
	case a.ResourceURI == "":
		add("the resource URI is required: pass --resource-uri (the Resource URL of the Security tab, such as https://graph.microsoft.com), set %s, or auth.aad.resource-uri in .ppconn.yaml; --preset nbold sets it for Microsoft Graph", EnvVars["resource-uri"])
	case strings.ContainsAny(a.ResourceURI, " \t\r\n"):
		add("resource URI %q%s has white space in it", a.ResourceURI, from("resource-uri"))
	}
	if a.RedirectMode != RedirectPerConnector && a.RedirectMode != RedirectGlobal {
		add("redirect mode %q%s: use %s (a redirect URI per connector, which certification requires) or %s (the retired shared URI)", a.RedirectMode, from("redirect-mode"), RedirectPerConnector, RedirectGlobal)
	}
	if strings.ContainsAny(a.ClientID, "\r\n") {
		add("client id %q%s has a line break in it", a.ClientID, from("client-id"))
	}
	for _, s := range a.Scopes {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
			add("scope %q%s is empty or has a line break in it", s, from("scopes"))
		}
	}
	if len(errs) > 0 {
		list := make([]error, len(errs))
		for i, e := range errs {
			list[i] = errors.New(e)
		}
		return errors.Join(list...)
	}
	return nil
}

// Placeholder reports whether the client id is ppconn's placeholder or
// another obvious one.
func (a *AAD) Placeholder() bool { return connector.IsPlaceholder(a.ClientID) }

// AuthorizeURL is the authorizationUrl (and tokenUrl) of the swagger's
// security definition: the authorize endpoint of the login URI and tenant.
func (a *AAD) AuthorizeURL() string {
	return strings.TrimSuffix(a.LoginURI, "/") + "/" + a.TenantID + "/oauth2/authorize"
}

// RedirectURI is the redirect URI to register in the app registration
// for a connector id (or a full per-connector redirect URI), or "" when
// it is not known.
func RedirectURI(mode, connectorID string) string {
	if mode == RedirectGlobal {
		return SharedRedirectURL
	}
	if connectorID == "" {
		return ""
	}
	if perConnectorRedirect.MatchString(connectorID) {
		return connectorID
	}
	return SharedRedirectURL + "/" + connectorID
}

// CheckConnectorID checks a --connector-id: the last segment of the
// per-connector redirect URI, or that whole URI.
func CheckConnectorID(id string) error {
	if id == "" || connectorIDPattern.MatchString(id) || perConnectorRedirect.MatchString(id) {
		return nil
	}
	return fmt.Errorf("connector id %q: give the name at the end of the connector's redirect URI (%s/<connector-id>, shown on its Security tab once saved), or that whole URI", id, SharedRedirectURL)
}

func isAADHost(raw string) bool { return connector.IsEntraLoginHost(raw) }
