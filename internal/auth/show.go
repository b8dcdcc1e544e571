package auth

import (
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// Security is what the portal's Security tab shows for a connector, read
// from its files, and where the files disagree.
type Security struct {
	Dir string `json:"dir"`
	// Type is the authentication type, in the portal's words.
	Type string `json:"authenticationType"`
	// Scheme is the security definition of the first definition file.
	Scheme *Scheme `json:"securityDefinition,omitempty"`
	// OAuth is the OAuth 2.0 settings of the "token" parameter.
	OAuth *OAuth `json:"oauth,omitempty"`
	// Parameters are the connection parameters a maker fills in (hidden
	// ones, such as token:TenantId, are listed with Hidden set).
	Parameters []Parameter `json:"connectionParameters"`
	// Sets are the connectionParameterSets (multi-auth), if any.
	Sets []ParameterSet `json:"connectionParameterSets,omitempty"`
	// Disagreements say where the files contradict each other.
	Disagreements []string `json:"disagreements"`
}

// Scheme is one security definition of the swagger.
type Scheme struct {
	Name             string   `json:"name"`
	Type             string   `json:"type"`
	Flow             string   `json:"flow,omitempty"`
	AuthorizationURL string   `json:"authorizationUrl,omitempty"`
	TokenURL         string   `json:"tokenUrl,omitempty"`
	Scopes           []string `json:"scopes,omitempty"`
	In               string   `json:"in,omitempty"`
	ParamName        string   `json:"parameterName,omitempty"`
}

// OAuth is the oAuthSettings of an oauthSetting parameter.
type OAuth struct {
	Parameter        string            `json:"parameter"`
	IdentityProvider string            `json:"identityProvider"`
	Provider         string            `json:"identityProviderName"`
	ClientID         string            `json:"clientId"`
	LoginURL         string            `json:"loginUrl,omitempty"`
	TenantID         string            `json:"tenantId,omitempty"`
	ResourceURL      string            `json:"resourceUrl,omitempty"`
	OnBehalfOf       string            `json:"enableOnBehalfOfLogin,omitempty"`
	AuthorizationURL string            `json:"authorizationUrl,omitempty"`
	TokenURL         string            `json:"tokenUrl,omitempty"`
	RefreshURL       string            `json:"refreshUrl,omitempty"`
	Templates        map[string]string `json:"templates,omitempty"`
	Scopes           []string          `json:"scopes"`
	RedirectMode     string            `json:"redirectMode"`
	// RedirectURI is the URI to register at the identity provider: the
	// shared one for Global, the recorded per-connector one, or the
	// pattern with <connector-id>.
	RedirectURI string `json:"redirectUri"`
}

// Parameter is one connection parameter.
type Parameter struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	DisplayName string `json:"displayName,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required"`
	Hidden      bool   `json:"hidden,omitempty"`
}

// ParameterSet is one connectionParameterSets value.
type ParameterSet struct {
	Name        string      `json:"name"`
	DisplayName string      `json:"displayName,omitempty"`
	Parameters  []Parameter `json:"parameters"`
}

// providerNames are the identity providers as the Security tab names them.
var providerNames = map[string]string{
	"aad":            "Azure Active Directory",
	"aadcertificate": "Azure Active Directory (certificate)",
	"oauth2":         "Generic OAuth 2",
	"oauth2generic":  "Generic OAuth 2 (URL and body templates)",
}

// Show reads the security of a connector.
func Show(c *Connector) *Security {
	s := &Security{Dir: c.Dir, Disagreements: []string{}, Parameters: []Parameter{}}
	first := c.Swaggers[0]
	schemes := first.Doc.Root.Get("securityDefinitions").List()
	if len(schemes) > 0 {
		s.Scheme = schemeOf(schemes[0])
	}
	if len(schemes) > 1 {
		var names []string
		for _, n := range schemes {
			names = append(names, fmt.Sprintf("%q", n.Key))
		}
		s.Disagreements = append(s.Disagreements, fmt.Sprintf("%s has %d security definitions (%s): the portal applies one; the Security tab shows the first", filepath.Base(first.Path), len(schemes), strings.Join(names, ", ")))
	}
	for _, twin := range c.Swaggers[1:] {
		for _, key := range []string{"securityDefinitions", "security"} {
			a, b := first.Doc.Root.Get(key), twin.Doc.Root.Get(key)
			if !connector.Equal(a, b) {
				s.Disagreements = append(s.Disagreements, fmt.Sprintf("%s and %s hold different %s", filepath.Base(first.Path), filepath.Base(twin.Path), key))
			}
		}
	}
	var root *connector.Node
	if c.Props != nil {
		root = c.Props.Doc.Root
	}
	params := root.At("properties", "connectionParameters")
	for _, p := range params.List() {
		s.Parameters = append(s.Parameters, parameterOf(p))
		if p.Kind == connector.Object && strings.EqualFold(p.Get("type").Str(), "oauthSetting") && s.OAuth == nil {
			s.OAuth = oauthOf(p)
		}
	}
	for _, v := range root.At("properties", "connectionParameterSets", "values").List() {
		set := ParameterSet{Name: v.Get("name").Str(), DisplayName: v.At("uiDefinition", "displayName").Str(), Parameters: []Parameter{}}
		for _, p := range v.Get("parameters").List() {
			set.Parameters = append(set.Parameters, parameterOf(p))
			if p.Kind == connector.Object && strings.EqualFold(p.Get("type").Str(), "oauthSetting") && s.OAuth == nil {
				s.OAuth = oauthOf(p)
			}
		}
		s.Sets = append(s.Sets, set)
	}
	s.Type = authType(s)
	s.Disagreements = append(s.Disagreements, disagreements(s, c)...)
	return s
}

func schemeOf(n *connector.Node) *Scheme {
	sc := &Scheme{Name: n.Key, Type: n.Get("type").Str(), Flow: n.Get("flow").Str(), AuthorizationURL: n.Get("authorizationUrl").Str(),
		TokenURL: n.Get("tokenUrl").Str(), In: n.Get("in").Str(), ParamName: n.Get("name").Str()}
	for _, m := range n.Get("scopes").List() {
		sc.Scopes = append(sc.Scopes, m.Key)
	}
	return sc
}

func parameterOf(p *connector.Node) Parameter {
	ui := p.Get("uiDefinition")
	hidden := ui.At("constraints", "hidden")
	req := ui.At("constraints", "required")
	return Parameter{
		Name: p.Key, Type: p.Get("type").Str(), DisplayName: ui.Get("displayName").Str(), Description: ui.Get("description").Str(),
		Required: req.Str() == "true" || req.IsTrue(),
		Hidden:   hidden.Str() == "true" || hidden.IsTrue(),
	}
}

func oauthOf(p *connector.Node) *OAuth {
	st := p.Get("oAuthSettings")
	cp := st.Get("customParameters")
	val := func(k string) string { return cp.GetFold(k).Get("value").Str() }
	o := &OAuth{Parameter: p.Key, IdentityProvider: st.Get("identityProvider").Str(), ClientID: st.Get("clientId").Str(), Scopes: []string{}}
	o.Provider = providerNames[o.IdentityProvider]
	if o.Provider == "" {
		o.Provider = o.IdentityProvider
	}
	for _, sc := range st.Get("scopes").List() {
		o.Scopes = append(o.Scopes, sc.Str())
	}
	switch o.IdentityProvider {
	case "aad", "aadcertificate":
		o.LoginURL, o.TenantID, o.ResourceURL, o.OnBehalfOf = val("loginUri"), val("tenantId"), val("resourceUri"), val("enableOnbehalfOfLogin")
		if o.ResourceURL == "" {
			o.ResourceURL = st.At("properties", "AzureActiveDirectoryResourceId").Str()
		}
	case "oauth2generic":
		o.Templates = map[string]string{}
		for _, m := range cp.List() {
			// a client secret written into a URL or body template rather
			// than taken from a {placeholder} is never shown
			o.Templates[m.Key] = secret.MaskText(m.Get("value").Str())
		}
	default:
		o.AuthorizationURL, o.TokenURL, o.RefreshURL = val("authorizationUrl"), val("tokenUrl"), val("refreshUrl")
	}
	o.RedirectMode = st.Get("redirectMode").Str()
	switch url := st.Get("redirectUrl").Str(); {
	case FileRedirectMode(st) == RedirectGlobal:
		o.RedirectURI = SharedRedirectURL
	case perConnectorRedirect.MatchString(url):
		o.RedirectURI = url
	default:
		o.RedirectURI = SharedRedirectURL + "/<connector-id>"
	}
	return o
}

// cloudOf names the Entra cloud of a sign-in URL: the public cloud's two
// host names are one cloud.
func cloudOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	h := strings.ToLower(u.Hostname())
	if h == "login.windows.net" {
		return "login.microsoftonline.com"
	}
	return h
}

// authType is the authentication type the Security tab shows.
func authType(s *Security) string {
	switch {
	case len(s.Sets) > 0:
		return "Multiple (connectionParameterSets: the maker picks one when creating a connection)"
	case s.OAuth != nil:
		return "OAuth 2.0"
	case s.Scheme == nil:
		return "No authentication"
	}
	switch s.Scheme.Type {
	case "apiKey":
		return "API Key"
	case "basic":
		return "Basic authentication"
	case "oauth2":
		return "OAuth 2.0"
	}
	return s.Scheme.Type
}

// disagreements compares the definition's security with apiProperties.json.
func disagreements(s *Security, c *Connector) []string {
	var out []string
	sw := filepath.Base(c.Swaggers[0].Path)
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	hasType := func(types ...string) bool {
		for _, p := range s.Parameters {
			if slices.Contains(types, strings.ToLower(p.Type)) {
				return true
			}
		}
		return false
	}
	if len(s.Sets) > 0 {
		return nil
	}
	sc, o := s.Scheme, s.OAuth
	switch {
	case sc == nil && o != nil:
		add("apiProperties.json signs in with OAuth 2.0 (%s), but %s has no security definition", o.IdentityProvider, sw)
	case sc == nil:
	case sc.Type == "oauth2" && o == nil:
		add("%s defines OAuth 2.0 (%q), but apiProperties.json has no oauthSetting connection parameter", sw, sc.Name)
	case sc.Type != "oauth2" && o != nil:
		add("%s defines %s (%q), but apiProperties.json signs in with OAuth 2.0 (%s)", sw, sc.Type, sc.Name, o.IdentityProvider)
	case sc.Type == "apiKey" && !hasType("securestring", "string"):
		add("%s defines an API key (%q), but apiProperties.json has no securestring connection parameter to hold it", sw, sc.Name)
	case sc.Type == "basic" && !hasType("securestring", "string"):
		add("%s defines basic authentication (%q), but apiProperties.json has no username and password parameters", sw, sc.Name)
	}
	if sc == nil || o == nil || sc.Type != "oauth2" {
		return out
	}
	switch o.IdentityProvider {
	case "aad", "aadcertificate":
		// The portal writes the swagger's URL with login.windows.net and
		// tenant common whatever apiProperties.json says, so only another
		// cloud is a disagreement.
		if o.LoginURL != "" && sc.AuthorizationURL != "" && cloudOf(sc.AuthorizationURL) != cloudOf(o.LoginURL) {
			add("%s authorizes at %s, but apiProperties.json's loginUri %s is another cloud (the Security tab shows apiProperties.json's)", sw, sc.AuthorizationURL, o.LoginURL)
		}
	case "oauth2":
		if o.AuthorizationURL != "" && sc.AuthorizationURL != o.AuthorizationURL {
			add("%s's authorizationUrl is %s, but apiProperties.json's is %s (the Security tab shows apiProperties.json's)", sw, sc.AuthorizationURL, o.AuthorizationURL)
		}
		if o.TokenURL != "" && sc.TokenURL != o.TokenURL {
			add("%s's tokenUrl is %s, but apiProperties.json's is %s (the Security tab shows apiProperties.json's)", sw, sc.TokenURL, o.TokenURL)
		}
	}
	return out
}
