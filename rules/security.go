package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Security rules (catalog §1.10): the securityDefinitions of the
// definition, the security requirements that use them, and what the
// platform supports of Swagger 2.0 authentication.

var securityRules = []*lint.Rule{
	secdefTypes, secdefSingle, oauth2FlowAccessCode, oauth2AccessCodeURLs,
	securityRequirementsValid, securityRequirementPresent, gatewayAuthLimits,
}

// secSchemeType is what Swagger 2.0 asks of one security scheme type.
type secSchemeType struct {
	Type string
	// Required keys, besides "type".
	Required []string
	// Optional keys, besides "description" and extensions.
	Optional []string
}

// secSchemeTypes are the Swagger 2.0 security scheme types. Power Platform
// accepts all three.
var secSchemeTypes = []secSchemeType{
	{Type: "basic"},
	{Type: "apiKey", Required: []string{"name", "in"}},
	{Type: "oauth2", Required: []string{"flow", "scopes"}, Optional: []string{"authorizationUrl", "tokenUrl"}},
}

// secFlows are the OAuth 2.0 flows of Swagger 2.0 with the URLs each
// requires (and admits); only accessCode is supported by the platform.
var secFlows = []struct {
	Flow, Grant string
	URLs        []string
}{
	{"accessCode", "authorization code", []string{"authorizationUrl", "tokenUrl"}},
	{"implicit", "implicit", []string{"authorizationUrl"}},
	{"password", "resource owner password", []string{"tokenUrl"}},
	{"application", "client credentials", []string{"tokenUrl"}},
}

// secSupportedFlow is the one OAuth 2.0 flow custom connectors support.
const secSupportedFlow = "accessCode"

// secAPIKeyLocations are the places an API key may be sent.
var secAPIKeyLocations = []string{"header", "query"}

// secSchemeKeys are the keys whose validity depends on the scheme type.
var secSchemeKeys = []string{"name", "in", "flow", "authorizationUrl", "tokenUrl", "scopes"}

func secTypeNames() []string {
	var out []string
	for _, t := range secSchemeTypes {
		out = append(out, t.Type)
	}
	return out
}

func secTypeOf(name string) *secSchemeType {
	for i := range secSchemeTypes {
		if secSchemeTypes[i].Type == name {
			return &secSchemeTypes[i]
		}
	}
	return nil
}

func secFlowNames() []string {
	var out []string
	for _, f := range secFlows {
		out = append(out, f.Flow)
	}
	return out
}

// secFlowURLs returns the URLs a flow requires, and whether the flow is known.
func secFlowURLs(flow string) ([]string, bool) {
	for _, f := range secFlows {
		if f.Flow == flow {
			return f.URLs, true
		}
	}
	return nil, false
}

func secFlowGrant(flow string) string {
	for _, f := range secFlows {
		if f.Flow == flow {
			return f.Grant
		}
	}
	return flow
}

// secTypesDoc describes secSchemeTypes and secFlows for the docs.
func secTypesDoc() string {
	var b strings.Builder
	for _, t := range secSchemeTypes {
		fmt.Fprintf(&b, "- %s: requires %s", t.Type, quoteListOrNone(append([]string{"type"}, t.Required...)))
		if len(t.Optional) > 0 {
			fmt.Fprintf(&b, "; admits %s", quoteListOrNone(t.Optional))
		}
		b.WriteString("\n")
	}
	for _, f := range secFlows {
		fmt.Fprintf(&b, "- oauth2 with flow %s: requires %s\n", f.Flow, quoteListOrNone(f.URLs))
	}
	return b.String()
}

// secDefinitions returns the security definitions of the document.
func secDefinitions(root *Node) []*Node {
	sd := root.Get("securityDefinitions")
	if sd == nil || sd.Kind != connector.Object {
		return nil
	}
	return sd.Children
}

var secdefTypes = &lint.Rule{
	ID:             "secdef-types",
	Level:          lint.Certification,
	Title:          "Each security definition has a valid type and the keys that type requires",
	Source:         "catalog §1.10 secdef-types; R-SCHEMA-SW; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SecuritySchemePropertyRequired", "SecuritySchemePropertyNotValid"},
	Doc: `A security definition is one of the three Swagger 2.0 scheme types, with the keys
that type requires and no keys of another type. The validator says "The security
definition property '{0}' is required for definitions of type '{1}'." and "The
security definition property '{0}' is not valid for definitions of type '{1}'."

` + secTypesDoc() + `
The "in" of an apiKey is one of ` + quoteList(secAPIKeyLocations) + `. Besides these keys, every type admits
"description" and extensions. Unknown keys are no-unknown-keywords' finding.

Bad:

    "API Key": {"type": "apiKey", "name": "X-API-Key", "flow": "accessCode"}

Good:

    "API Key": {"type": "apiKey", "name": "X-API-Key", "in": "header"}`,
	Check: func(p *lint.Pass) {
		for _, d := range secDefinitions(p.Root) {
			secCheckDefinition(p, d)
		}
	},
}

func secCheckDefinition(p *lint.Pass, d *Node) {
	if d.Kind != connector.Object {
		p.Reportf(d, "The security definition '%s' must be an object with a 'type' (%s), not %s", d.Key, quoteList(secTypeNames()), d.Kind)
		return
	}
	typ := d.Get("type")
	switch {
	case typ == nil:
		p.Report(lint.Diagnostic{Node: d, AtKey: true, Message: fmt.Sprintf("The security definition property 'type' is required: set the type of '%s' to one of %s", d.Key, quoteList(secTypeNames()))})
		return
	case secTypeOf(typ.Str()) == nil:
		p.Reportf(typ, "The security definition type %s of '%s' is not valid: use one of %s%s", secShow(typ), d.Key, quoteList(secTypeNames()), didYouMean(typ.Str(), secTypeNames()))
		return
	}
	t := secTypeOf(typ.Value)
	required := t.Required
	allowed := append(append([]string(nil), t.Required...), t.Optional...)
	if t.Type == "oauth2" {
		if urls, ok := secFlowURLs(d.Get("flow").Str()); ok {
			required = append(append([]string(nil), required...), urls...)
			allowed = append([]string{"flow", "scopes"}, urls...)
		}
	}
	for _, k := range required {
		if !d.Has(k) {
			p.Report(lint.Diagnostic{Node: d, AtKey: true, Message: fmt.Sprintf("The security definition property '%s' is required for definitions of type '%s': add it to '%s'", k, secTypeLabel(d), d.Key)})
		}
	}
	for _, c := range d.Children {
		if contains(secSchemeKeys, c.Key) && !contains(allowed, c.Key) {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The security definition property '%s' is not valid for definitions of type '%s': remove it from '%s'", c.Key, secTypeLabel(d), d.Key)})
		}
	}
	secCheckEnum(p, d, t.Type)
}

// secTypeLabel names the type of a definition as the validator does, with
// the flow of an oauth2 definition.
func secTypeLabel(d *Node) string {
	t := d.Get("type").Str()
	if flow := d.Get("flow").Str(); t == "oauth2" && flow != "" {
		if _, ok := secFlowURLs(flow); ok {
			return t + "' with flow '" + flow
		}
	}
	return t
}

// secCheckEnum checks the values of "in" (apiKey) and "flow" (oauth2).
func secCheckEnum(p *lint.Pass, d *Node, typ string) {
	switch typ {
	case "apiKey":
		if in := d.Get("in"); in != nil && !contains(secAPIKeyLocations, in.Str()) {
			p.Reportf(in, "The API key location %s of '%s' is not valid: use %s%s", secShow(in), d.Key, quoteList(secAPIKeyLocations), didYouMean(in.Str(), secAPIKeyLocations))
		}
	case "oauth2":
		if flow := d.Get("flow"); flow != nil && !contains(secFlowNames(), flow.Str()) {
			p.Reportf(flow, "The OAuth 2.0 flow %s of '%s' is not valid: use '%s' (the authorization code flow, the only one Power Platform supports)%s", secShow(flow), d.Key, secSupportedFlow, didYouMean(flow.Str(), secFlowNames()))
		}
	}
}

// secShow quotes a string value, or names the kind of any other value.
func secShow(n *Node) string {
	switch n.Kind {
	case connector.String:
		return "'" + n.Value + "'"
	case connector.Number, connector.Bool:
		return n.Value
	case connector.Array, connector.Object:
		return "an " + n.Kind.String()
	}
	return "null"
}

var secdefSingle = &lint.Rule{
	ID:     "secdef-single",
	Level:  lint.Guidance,
	Title:  "Define one security definition; use connectionParameterSets for several",
	Source: "catalog §1.10 secdef-single; L-DEF; L-MULTI",
	Since:  since,
	Doc: `"If there are multiple security definitions, the custom connector picks the top
security definition." The others are ignored, so users never get the choice the
definition seems to offer. To let users pick an authentication type, keep one (or
no) security definition and declare the alternatives in apiProperties.json under
"connectionParameterSets" (multi-auth), with paconn or pac: the portal wizard does
not support multi-auth.

Bad:

    "securityDefinitions": {"oauth2_auth": {...}, "API Key": {...}}

Good:

    "securityDefinitions": {"oauth2_auth": {...}}`,
	Check: func(p *lint.Pass) {
		defs := secDefinitions(p.Root)
		if len(defs) < 2 {
			return
		}
		var ignored []string
		for _, d := range defs[1:] {
			ignored = append(ignored, d.Key)
		}
		p.Report(lint.Diagnostic{Node: defs[1], AtKey: true, Message: fmt.Sprintf("Only the first security definition ('%s') is used; %s ignored: keep one, and declare alternative authentication types with connectionParameterSets in apiProperties.json (multi-auth)",
			defs[0].Key, secIsAre(ignored))})
	},
}

func secIsAre(names []string) string {
	if len(names) == 1 {
		return quoteList(names) + " is"
	}
	return quoteList(names) + " are"
}

var oauth2FlowAccessCode = &lint.Rule{
	ID:     "oauth2-flow-accesscode",
	Level:  lint.Certification,
	Title:  "OAuth 2.0 security must use the authorization code flow (accessCode)",
	Source: "catalog §1.10 oauth2-flow-accesscode; L-OAUTH-TS; L-FAQ; L-DEF; L-CONN",
	Since:  since,
	Doc: `Custom connectors support only the authorization code grant: OAuth 2.0 "only
supports the 'access code' method", and "Client credentials grant type is not
supported." A definition with another flow (` + quoteList(secFlowNames()[1:]) + `) cannot
sign users in. An unknown flow value is secdef-types' finding.

Bad:

    "oauth2_auth": {"type": "oauth2", "flow": "application", "tokenUrl": "...", "scopes": {}}

Good:

    "oauth2_auth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "...", "tokenUrl": "...", "scopes": {}}`,
	Check: func(p *lint.Pass) {
		for _, d := range secDefinitions(p.Root) {
			flow := d.Get("flow")
			if d.Get("type").Str() != "oauth2" || flow == nil || flow.Str() == secSupportedFlow || !contains(secFlowNames(), flow.Str()) {
				continue
			}
			p.Reportf(flow, "The OAuth 2.0 flow '%s' (%s grant) of '%s' is not supported: custom connectors only support the authorization code flow; set \"flow\": \"%s\" with an authorizationUrl and a tokenUrl",
				flow.Value, secFlowGrant(flow.Value), d.Key, secSupportedFlow)
		}
	},
}

var oauth2AccessCodeURLs = &lint.Rule{
	ID:     "oauth2-accesscode-urls",
	Level:  lint.Certification,
	Title:  "OAuth 2.0 authorizationUrl and tokenUrl are absolute URLs; scopes maps names to descriptions",
	Source: "catalog §1.10 oauth2-accesscode-urls; R-SCHEMA-SW",
	Since:  since,
	Doc: `In an oauth2 security definition, "authorizationUrl" and "tokenUrl" are absolute
URLs (format uri in Microsoft's schema) and "scopes" is an object that maps each
scope name to a description string. A missing URL or scopes is secdef-types'
finding.

For Microsoft Entra ID the platform writes the authorize URL as tokenUrl too
("https://login.windows.net/common/oauth2/authorize"): that is expected, and the
AAD scopes stay "{}" because they live in apiProperties.json.

Bad:

    "authorizationUrl": "login.contoso.com/authorize",
    "scopes": ["read", "write"]

Good:

    "authorizationUrl": "https://login.contoso.com/authorize",
    "scopes": {"read": "Read your data", "write": "Change your data"}`,
	Check: func(p *lint.Pass) {
		for _, d := range secDefinitions(p.Root) {
			if d.Get("type").Str() != "oauth2" {
				continue
			}
			for _, k := range []string{"authorizationUrl", "tokenUrl"} {
				if u := d.Get(k); u != nil && !secAbsoluteURL(u.Str()) {
					p.Reportf(u, "The '%s' of '%s' must be an absolute URL: %s is not; write the full address, such as https://login.contoso.com/oauth2/%s", k, d.Key, secShow(u), secURLExample(k))
				}
			}
			secCheckScopes(p, d)
		}
	},
}

func secURLExample(key string) string {
	if key == "tokenUrl" {
		return "token"
	}
	return "authorize"
}

func secCheckScopes(p *lint.Pass, d *Node) {
	scopes := d.Get("scopes")
	switch {
	case scopes == nil:
	case scopes.Kind != connector.Object:
		p.Reportf(scopes, "The 'scopes' of '%s' must be an object that maps each scope name to its description, not %s; write {} when there are none", d.Key, scopes.Kind)
	default:
		for _, s := range scopes.Children {
			if !s.IsString() {
				p.Reportf(s, "The description of the scope '%s' must be a string, not %s", s.Key, s.Kind)
			}
		}
	}
}

// secAbsoluteURL reports whether s is an absolute http(s) URL.
func secAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

// secRequirementLists returns every "security" array of the document: the
// root one and those of the operations.
func secRequirementLists(p *lint.Pass, root *Node) []*Node {
	var out []*Node
	if s := root.Get("security"); s != nil {
		out = append(out, s)
	}
	for _, op := range operations(p, root) {
		if s := op.Node.Get("security"); s != nil {
			out = append(out, s)
		}
	}
	return out
}

var securityRequirementsValid = &lint.Rule{
	ID:     "security-requirements-valid",
	Level:  lint.Certification,
	Title:  "Security requirements name defined security definitions, with valid scopes",
	Source: "catalog §1.10 security-requirements-valid; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"SecurityRequirementMustBeDefined", "SecurityRequirementMustHaveEmptyValue",
		"SecurityRequirementMustHaveValue", "OAuthSecurityRequirementValueMustBeScopeName"},
	Doc: `Every key of a security requirement (in the root "security" array or an
operation's) is the name of a security definition, and its value is an array: empty
for basic and apiKey definitions, and a list of scope names defined in the
definition's "scopes" for oauth2. The validator's messages: "The security
requirement '{0}' is not defined in the 'securityDefinitions' object.", "...cannot
specify any scopes, an empty array should be provided.", "...must have have a value.
Provide an empty array if no OAuth scopes are required." and "The OAuth security
requirement '{0}' refers to scope name '{1}', but this is not defined in the
'securityDefinitions' object."

Bad:

    "securityDefinitions": {"api_key": {"type": "apiKey", "name": "key", "in": "header"}},
    "security": [{"API Key": []}]

Good:

    "security": [{"api_key": []}]`,
	Check: func(p *lint.Pass) {
		defs := p.Root.Get("securityDefinitions")
		var issues secIssues
		for _, list := range secRequirementLists(p, p.Root) {
			if list.Kind != connector.Array {
				p.Reportf(list, "'security' must be an array of security requirement objects, such as [{\"%s\": []}], not %s", secFirstName(defs), list.Kind)
				continue
			}
			for _, req := range list.Children {
				if req.Kind != connector.Object {
					p.Reportf(req, "A security requirement must be an object that maps a security definition name to an array, such as {\"%s\": []}, not %s", secFirstName(defs), req.Kind)
					continue
				}
				for _, m := range req.Children {
					secCheckRequirement(&issues, defs, m)
				}
			}
		}
		issues.report(p)
	},
}

// secIssue is one problem of the security requirements, with the number
// of requirements that repeat it: a definition name or scope misspelled in
// every operation is reported once, where it first appears.
type secIssue struct {
	id    string
	at    *Node
	atKey bool
	msg   string
	count int
}

type secIssues []*secIssue

func (is *secIssues) add(id string, at *Node, atKey bool, format string, args ...any) {
	for _, i := range *is {
		if i.id == id {
			i.count++
			return
		}
	}
	*is = append(*is, &secIssue{id: id, at: at, atKey: atKey, msg: fmt.Sprintf(format, args...), count: 1})
}

func (is secIssues) report(p *lint.Pass) {
	for _, i := range is {
		msg := i.msg
		if i.count > 1 {
			msg += fmt.Sprintf(" (%d requirements in this file have it)", i.count)
		}
		p.Report(lint.Diagnostic{Node: i.at, AtKey: i.atKey, Message: msg})
	}
}

func secFirstName(defs *Node) string {
	if defs.Len() > 0 {
		return defs.Children[0].Key
	}
	return "oauth2_auth"
}

func secCheckRequirement(is *secIssues, defs, m *Node) {
	def := defs.Get(m.Key)
	if def == nil {
		is.add("undefined "+m.Key, m, true, "The security requirement '%s' is not defined in the 'securityDefinitions' object%s", m.Key, secDefinedHint(defs, m.Key))
		return
	}
	if m.Kind != connector.Array {
		is.add("value "+m.Key, m, false, "The security requirement '%s' must have have a value. Provide an empty array if no OAuth scopes are required (found %s)", m.Key, m.Kind)
		return
	}
	if def.Get("type").Str() != "oauth2" {
		if m.Len() > 0 {
			is.add("empty "+m.Key, m, false, "The security requirement '%s' cannot specify any scopes, an empty array should be provided: it is of type '%s'", m.Key, def.Get("type").Str())
		}
		return
	}
	scopes := def.Get("scopes")
	for _, s := range m.Children {
		if !s.IsString() || scopes.Get(s.Value) == nil {
			is.add("scope "+m.Key+" "+canonical(s), s, false, "The OAuth security requirement '%s' refers to scope name %s, but this is not defined in the 'securityDefinitions' object: add it to the 'scopes' of '%s', or remove it here", m.Key, secShow(s), m.Key)
		}
	}
}

func secDefinedHint(defs *Node, name string) string {
	var names []string
	for _, d := range defs.List() {
		names = append(names, d.Key)
	}
	switch {
	case len(names) == 0 || defs.Kind != connector.Object:
		return ": there are no security definitions; define it, or remove the requirement"
	case didYouMean(name, names) != "":
		return didYouMean(name, names)
	default:
		return ": use one of " + quoteList(names)
	}
}

var securityRequirementPresent = &lint.Rule{
	ID:     "security-requirement-present",
	Level:  lint.Guidance,
	Title:  "With security definitions, add a root security requirement",
	Source: "catalog §1.10 security-requirement-present; R-CORPUS; R-EX-AKV",
	Since:  since,
	Doc: `When the definition has a security definition, the platform writes a root
requirement that applies it to every operation: "security": [{"<name>": []}]. Without
it, and without a requirement on each operation, the definition says no operation
needs authentication, which tools other than Power Platform take literally. Many
accepted connectors omit it, so this is guidance only.

Bad:

    "securityDefinitions": {"oauth2_auth": {...}}

Good:

    "securityDefinitions": {"oauth2_auth": {...}},
    "security": [{"oauth2_auth": []}]`,
	Check: func(p *lint.Pass) {
		defs := secDefinitions(p.Root)
		if len(defs) == 0 || p.Root.Has("security") || secEveryOperationSecured(p, p.Root) {
			return
		}
		p.Report(lint.Diagnostic{Node: p.Root.Get("securityDefinitions"), AtKey: true, Message: fmt.Sprintf("There is a security definition but no root 'security' requirement: add \"security\": [{\"%s\": []}], as the platform writes it", defs[0].Key)})
	},
}

func secEveryOperationSecured(p *lint.Pass, root *Node) bool {
	ops := operations(p, root)
	for _, op := range ops {
		if !op.Node.Has("security") {
			return false
		}
	}
	return len(ops) > 0
}

// secGatewayUnsupported are the security scheme types the on-premises data
// gateway cannot pass, with the reason given by Microsoft.
var secGatewayUnsupported = map[string]string{
	"apiKey": "API Key authentication is not available through the on-premises data gateway",
	"oauth2": "gateways don't support Microsoft Entra ID (AAD) or OAuth authentication",
}

var gatewayAuthLimits = &lint.Rule{
	ID:     "gateway-auth-limits",
	Level:  lint.Guidance,
	Title:  "A connector used through the on-premises data gateway cannot use API key or OAuth security",
	Source: "catalog §1.10 gateway-auth-limits; L-FAQ; L-OAUTH-TS",
	Since:  since,
	Doc: `A connector that runs through the on-premises data gateway (apiProperties.json has a
connection parameter of type "gatewaySetting", or the capability "gateway") can
authenticate only with basic or anonymous authentication: "API Key auth is not
available through the on-premises data gateway", and "Gateways don't support AAD or
OAuth." Checked only when apiProperties.json is present.

Bad:

    apiProperties.json: "gateway": {"type": "gatewaySetting"}
    definition: "securityDefinitions": {"API Key": {"type": "apiKey", ...}}

Good:

    definition: "securityDefinitions": {"basic_auth": {"type": "basic"}}`,
	Check: func(p *lint.Pass) {
		if p.Package == nil || p.Package.Properties == nil || !secUsesGateway(p.Package.Properties.Root) {
			return
		}
		for _, d := range secDefinitions(p.Root) {
			typ := d.Get("type")
			if why, ok := secGatewayUnsupported[typ.Str()]; ok {
				p.Reportf(typ, "The connector is used through the on-premises data gateway (apiProperties.json), but '%s' is of type '%s': %s; use basic authentication (or none) for gateway connections", d.Key, typ.Value, why)
			}
		}
	},
}

// secUsesGateway reports whether apiProperties.json declares a gateway
// connection parameter or the gateway capability.
func secUsesGateway(props *Node) bool {
	pp := props.Get("properties")
	for _, c := range pp.Get("capabilities").List() {
		if strings.EqualFold(c.Str(), "gateway") {
			return true
		}
	}
	maps := []*Node{pp.Get("connectionParameters")}
	for _, v := range pp.At("connectionParameterSets", "values").List() {
		maps = append(maps, v.Get("parameters"))
	}
	for _, m := range maps {
		if m == nil || m.Kind != connector.Object {
			continue
		}
		for _, prm := range m.Children {
			if strings.EqualFold(prm.Get("type").Str(), "gatewaySetting") {
				return true
			}
		}
	}
	return false
}
