package auth

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// The names the portal gives new security definitions and connection
// parameters (docs/auth.md, "The shapes": the most frequent in the
// corpus of certified connectors).
const (
	APIKeySchemeName = "API Key"
	APIKeyParam      = "api_key"
	BasicSchemeName  = "basic_auth"
	OAuth2SchemeName = DefaultSchemeName
	TokenParam       = "token"
)

// Value is one setting of a writer, as shown to the user: its value and
// where it came from.
type Value struct {
	Name, Value, Source string
}

// keepAll keeps every member ppconn does not manage.
func keepAll(*connector.Node) bool { return true }

// keepDoc keeps a security definition's description and extensions.
func keepDoc(c *connector.Node) bool { return c.Key == "description" || strings.HasPrefix(c.Key, "x-") }

// firstScheme returns a function finding the first security definition
// for which ok holds.
func firstScheme(ok func(s *connector.Node) bool) func(root *connector.Node) *connector.Node {
	return func(root *connector.Node) *connector.Node {
		for _, s := range root.Get("securityDefinitions").List() {
			if s.Kind == connector.Object && ok(s) {
				return s
			}
		}
		return nil
	}
}

// credentialParam is a securestring parameter a maker fills in, as the
// portal writes it: uiDefinition displayName, description, tooltip and
// constraints tabIndex, clearText and required "true". On an existing
// parameter, the author's displayName (unless label is given),
// description, tooltip and tabIndex stay; type, clearText and required are
// the portal's. keepString keeps an existing type "string" (a basic-auth
// user name some certified connectors show in clear).
func credentialParam(old *connector.Node, typ, label, defLabel, description, tooltip string, tab int, clear, keepString bool) *spec {
	ui := old.Get("uiDefinition")
	if ui != nil && ui.Kind != connector.Object {
		ui = nil
	}
	given := label != ""
	switch {
	case given:
	case ui.Get("displayName").IsString():
		label = ui.Get("displayName").Value
	default:
		label = defLabel
	}
	var ms []member
	if given || !ui.Get("displayName").IsString() {
		ms = append(ms, member{"displayName", label})
	}
	if ui.Get("description") == nil {
		ms = append(ms, member{"description", strings.ReplaceAll(description, "%s", label)})
	}
	if ui.Get("tooltip") == nil {
		ms = append(ms, member{"tooltip", strings.ReplaceAll(tooltip, "%s", label)})
	}
	var cs []member
	if ui.At("constraints", "tabIndex") == nil {
		cs = append(cs, member{"tabIndex", tab})
	}
	cs = append(cs, member{"clearText", clear}, member{"required", "true"})
	ms = append(ms, member{"constraints", &spec{members: cs, keep: keepAll}})
	if keepString && old.Get("type").Str() == "string" {
		typ = "string"
	}
	return &spec{
		members: []member{{"type", typ}, {"uiDefinition", &spec{members: ms, keep: keepAll}}},
		keep:    keepAll,
	}
}

// ---- API key ----

// APIKey is an API key sent in a header or the query string.
type APIKey struct {
	// In is "header" or "query"; Name, the header or query parameter.
	In, Name string
	// Label is the parameter label makers see ("" keeps the file's, or
	// the portal's "API Key").
	Label string
}

// APIKeyFileLayer reads the API key of the first definition: its in and
// name, so that running again keeps them.
func APIKeyFileLayer(c *Connector) APIKey {
	s := firstScheme(isAPIKeyScheme)(c.Swaggers[0].Doc.Root)
	return APIKey{In: s.Get("in").Str(), Name: s.Get("name").Str()}
}

func isAPIKeyScheme(s *connector.Node) bool { return s.Get("type").Str() == "apiKey" }

// Check validates the values.
func (k APIKey) Check() error {
	var errs []error
	if k.In != "header" && k.In != "query" {
		errs = append(errs, fmt.Errorf("--in %q: the API key goes in a header or the query string: use header or query", k.In))
	}
	if strings.TrimSpace(k.Name) == "" || strings.ContainsAny(k.Name, " \t\r\n:") {
		errs = append(errs, fmt.Errorf("--name %q: give the header or query parameter that carries the key, such as X-API-Key (no white space or colon)", k.Name))
	}
	if strings.ContainsAny(k.Label, "\r\n") {
		errs = append(errs, fmt.Errorf("--label %q has a line break in it", k.Label))
	}
	return errors.Join(errs...)
}

// APIKeyKind is API key authentication.
func APIKeyKind(v APIKey) Kind {
	return Kind{Tag: "apikey", build: func(_ *Connector, _ *Result) *kind { return apiKeyKind(v) }}
}

func apiKeyKind(v APIKey) *kind {
	return &kind{
		with:       "API key authentication",
		schemeName: APIKeySchemeName,
		scheme: &spec{
			members: []member{{"type", "apiKey"}, {"in", v.In}, {"name", v.Name}},
			keep:    keepDoc,
		},
		findScheme: firstScheme(isAPIKeyScheme),
		params: []param{{
			name: APIKeyParam,
			spec: func(old *connector.Node) *spec {
				return credentialParam(old, "securestring", v.Label, "API Key", "The %s for this api", "Provide your %s", 2, false, false)
			},
		}},
	}
}

// ---- basic ----

// BasicKind is basic authentication: the username and password
// parameters, sent as Authorization: Basic.
func BasicKind() Kind {
	return Kind{Tag: "basic", build: func(_ *Connector, _ *Result) *kind { return basicKind() }}
}

func basicKind() *kind {
	return &kind{
		with:       "basic authentication",
		schemeName: BasicSchemeName,
		scheme:     &spec{members: []member{{"type", "basic"}}, keep: keepDoc},
		findScheme: firstScheme(func(s *connector.Node) bool { return s.Get("type").Str() == "basic" }),
		params: []param{
			{name: "username", spec: func(old *connector.Node) *spec {
				return credentialParam(old, "securestring", "", "username", "The %s for this api", "Provide the %s", 2, true, true)
			}},
			{name: "password", spec: func(old *connector.Node) *spec {
				return credentialParam(old, "securestring", "", "password", "The %s for this api", "Provide the %s", 3, false, false)
			}},
		},
	}
}

// ---- none ----

// NoneKind is no authentication: the portal's "securityDefinitions": {}
// and "security": [], and no credential connection parameter. Removing
// is the point, so it needs no --replace; Replaced lists what went.
func NoneKind() Kind {
	return Kind{Tag: "none", build: func(_ *Connector, _ *Result) *kind { return &kind{with: "no authentication", removes: true} }}
}

// ---- generic OAuth 2 ----

// OAuth2 is generic OAuth 2.0 (identityProvider "oauth2").
type OAuth2 struct {
	ClientID                               string
	AuthorizationURL, TokenURL, RefreshURL string
	Scopes                                 []string
	RedirectMode                           string
	// Templates writes identityProvider "oauth2generic": the URLs and the
	// query and body templates below, in customParameters.
	Templates                             bool
	QueryTemplate, TokenBody, RefreshBody string
}

// The default templates of oauth2generic: the authorization code flow,
// with the platform's {placeholders} (certified Talkdesk, UiPath
// Automation Cloud, Zoho Mail write these six keys).
const (
	DefaultQueryTemplate = "?client_id={ClientId}&response_type=code&redirect_uri={RedirectUrl}&scope={Scopes}&state={State}"
	DefaultTokenBody     = "client_id={ClientId}&code={Code}&redirect_uri={RedirectUrl}&grant_type=authorization_code&client_secret={ClientSecret}"
	DefaultRefreshBody   = "client_id={ClientId}&refresh_token={RefreshToken}&redirect_uri={RedirectUrl}&grant_type=refresh_token&client_secret={ClientSecret}"
)

// Provider is the identityProvider the settings write.
func (o OAuth2) Provider() string {
	if o.Templates {
		return "oauth2generic"
	}
	return "oauth2"
}

// isGenericOAuth reports whether an oauthSetting parameter signs in with
// generic OAuth 2, with or without templates: either writer updates it
// in place.
func isGenericOAuth(p *connector.Node) bool {
	idp := p.At("oAuthSettings", "identityProvider").Str()
	return idp == "oauth2" || idp == "oauth2generic"
}

// OAuth2FileLayer takes the values of an existing generic OAuth 2 token
// parameter, so that running again keeps them; a placeholder client id
// is not a value.
func OAuth2FileLayer(props *connector.Document) (OAuth2, bool) {
	var o OAuth2
	if props == nil || props.Root == nil {
		return o, false
	}
	s := props.Root.At("properties", "connectionParameters", TokenParam, "oAuthSettings")
	switch s.Get("identityProvider").Str() {
	case "oauth2":
	case "oauth2generic":
		o.Templates = true
	default:
		return o, false
	}
	if id := s.Get("clientId").Str(); !connector.IsPlaceholder(id) {
		o.ClientID = id
	}
	cp := s.Get("customParameters")
	val := func(k string) string { return cp.GetFold(k).Get("value").Str() }
	o.AuthorizationURL, o.TokenURL, o.RefreshURL = val("authorizationUrl"), val("tokenUrl"), val("refreshUrl")
	if o.Templates {
		o.AuthorizationURL, o.TokenURL, o.RefreshURL = val("authorizationUrlTemplate"), val("tokenUrlTemplate"), val("refreshUrlTemplate")
		o.QueryTemplate, o.TokenBody, o.RefreshBody = val("authorizationUrlQueryStringTemplate"), val("tokenBodyTemplate"), val("refreshBodyTemplate")
	}
	if sc := s.Get("scopes"); sc != nil && sc.Kind == connector.Array {
		o.Scopes = []string{}
		for _, it := range sc.Children {
			if it.IsString() && strings.TrimSpace(it.Value) != "" {
				o.Scopes = append(o.Scopes, it.Value)
			}
		}
	}
	o.RedirectMode = FileRedirectMode(s)
	return o, true
}

// Check validates the values.
func (o OAuth2) Check() error {
	var errs []error
	for _, u := range []struct{ flag, v string }{{"--authorization-url", o.AuthorizationURL}, {"--token-url", o.TokenURL}, {"--refresh-url", o.RefreshURL}} {
		p, err := url.Parse(u.v)
		bad := err != nil || p.Scheme != "https" || p.Host == ""
		if o.Templates {
			// A template may put a {placeholder} in the host.
			bad = !strings.HasPrefix(u.v, "https://") && !strings.HasPrefix(u.v, "{")
		}
		if bad || strings.ContainsAny(u.v, " \t\r\n") {
			errs = append(errs, fmt.Errorf("%s %q: the identity provider's endpoint, an absolute https URL", u.flag, u.v))
		}
	}
	for _, tpl := range []struct{ flag, v string }{{"--query-template", o.QueryTemplate}, {"--token-body", o.TokenBody}, {"--refresh-body", o.RefreshBody}} {
		if strings.ContainsAny(tpl.v, "\r\n") {
			errs = append(errs, fmt.Errorf("%s %q has a line break in it", tpl.flag, tpl.v))
		}
	}
	if o.RedirectMode != RedirectPerConnector && o.RedirectMode != RedirectGlobal {
		errs = append(errs, fmt.Errorf("redirect mode %q: use %s (a redirect URI per connector, which certification requires) or %s (the retired shared URI)", o.RedirectMode, RedirectPerConnector, RedirectGlobal))
	}
	if strings.ContainsAny(o.ClientID, "\r\n") {
		errs = append(errs, fmt.Errorf("client id %q has a line break in it", o.ClientID))
	}
	for _, s := range o.Scopes {
		if strings.TrimSpace(s) == "" || strings.ContainsAny(s, "\r\n") {
			errs = append(errs, fmt.Errorf("scope %q is empty or has a line break in it", s))
		}
	}
	return errors.Join(errs...)
}

// isGenericOAuthScheme is an oauth2 definition that does not sign in at
// Microsoft Entra ID.
func isGenericOAuthScheme(s *connector.Node) bool {
	return s.Get("type").Str() == "oauth2" && !isAADHost(s.Get("authorizationUrl").Str()) && !isAADHost(s.Get("tokenUrl").Str())
}

// oauth2SchemeSpec is the definition as the portal writes it: flow
// accessCode, the two URLs, and each scope as its own description (an
// existing scope keeps its description).
func oauth2SchemeSpec(o OAuth2, old *connector.Node) *spec {
	oldScopes := old.Get("scopes")
	var ms []member
	for _, s := range o.Scopes {
		if !oldScopes.Get(s).IsString() {
			ms = append(ms, member{s, s})
		}
	}
	scopes := &spec{members: ms, keep: func(c *connector.Node) bool { return c.IsString() && slices.Contains(o.Scopes, c.Key) }}
	return &spec{
		members: []member{
			{"type", "oauth2"}, {"flow", "accessCode"}, {"authorizationUrl", o.AuthorizationURL}, {"tokenUrl", o.TokenURL}, {"scopes", scopes},
		},
		keep: keepDoc,
	}
}

// OAuth2Kind is generic OAuth 2.0 sign-in (oauth2, or oauth2generic
// with Templates).
func OAuth2Kind(o OAuth2) Kind {
	return Kind{Tag: "oauth2", build: func(c *Connector, r *Result) *kind { return oauth2Kind(c, o, r) }}
}

func oauth2Kind(c *Connector, o OAuth2, r *Result) *kind {
	path := ""
	if c.Props != nil {
		path = c.Props.Path
	}
	return &kind{
		with:       "generic OAuth 2.0 sign-in (" + o.Provider() + ")",
		schemeName: OAuth2SchemeName,
		schemeFor:  func(old *connector.Node) *spec { return oauth2SchemeSpec(o, old) },
		findScheme: firstScheme(isGenericOAuthScheme),
		scopes:     o.Scopes,
		params: []param{{
			name: TokenParam,
			ours: isGenericOAuth,
			spec: func(old *connector.Node) *spec { return oauth2TokenSpec(o, old.Get("oAuthSettings"), r, path) },
		}},
	}
}

// oauth2TokenSpec is the token parameter of generic OAuth 2.0, as the
// portal writes it (docs/auth.md).
func oauth2TokenSpec(o OAuth2, old *connector.Node, r *Result, path string) *spec {
	firstParty := "False"
	if v := old.At("properties", "IsFirstParty").Str(); v == "True" || v == "False" {
		firstParty = v
	}
	scopes := []any{}
	for _, s := range o.Scopes {
		scopes = append(scopes, s)
	}
	settings := []member{
		{"identityProvider", o.Provider()},
		{"clientId", o.ClientID},
		{"scopes", scopes},
		{"redirectMode", o.RedirectMode},
	}
	if o.RedirectMode == RedirectGlobal {
		settings = append(settings, member{"redirectUrl", SharedRedirectURL})
	}
	settings = append(settings,
		member{"properties", &spec{
			members: []member{{"IsFirstParty", firstParty}, {"IsOnbehalfofLoginSupported", false}},
			keep:    keepAll,
		}},
		member{"customParameters", oauth2CustomParameters(o, r, path)},
	)
	return oauthParamSpec(settings, o.RedirectMode, r, path)
}

// oauth2CustomParameters is the customParameters of generic OAuth 2: the
// three URLs, or for oauth2generic the six templates (other keys of
// oauth2generic, such as scopeListDelimiter, stay: the schema leaves them
// free).
func oauth2CustomParameters(o OAuth2, r *Result, path string) *spec {
	val := func(v string) rewrite.Object { return rewrite.Object{{Key: "value", Value: v}} }
	dropped := func(c *connector.Node) {
		r.Notes = append(r.Notes, fmt.Sprintf("%s: removed customParameters %q, which %s settings do not admit", filepath.Base(path), c.Key, o.Provider()))
	}
	if !o.Templates {
		return &spec{fold: true, dropped: dropped, members: []member{
			{"authorizationUrl", val(o.AuthorizationURL)},
			{"tokenUrl", val(o.TokenURL)},
			{"refreshUrl", val(o.RefreshURL)},
		}}
	}
	return &spec{fold: true, dropped: dropped,
		keep: func(c *connector.Node) bool {
			return !containsFold([]string{"authorizationUrl", "tokenUrl", "refreshUrl"}, c.Key)
		},
		members: []member{
			{"authorizationUrlTemplate", val(o.AuthorizationURL)},
			{"authorizationUrlQueryStringTemplate", val(o.QueryTemplate)},
			{"tokenUrlTemplate", val(o.TokenURL)},
			{"tokenBodyTemplate", val(o.TokenBody)},
			{"refreshUrlTemplate", val(o.RefreshURL)},
			{"refreshBodyTemplate", val(o.RefreshBody)},
		}}
}
