package rules

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// Cross-file rules (catalog §1.10, §1.11): the definition and
// apiProperties.json describe one connector and must agree. They run once
// per package, on the primary definition (p.Package.Swagger()) and the
// properties document. The test-connection operation is checked by
// capabilities-test-connection, in the operations family.

var crossfileRules = []*lint.Rule{
	securityConsistent, aadSwaggerShape, oauth2URLsMatch,
	scriptOperationsExist, policyOperationNamesExist, secretsInDefinition,
}

// crossfileAADHosts are the Microsoft Entra ID sign-in hosts an AAD
// connector's swagger authorizes at: the two the portal writes, and the
// national clouds' equivalents.
var crossfileAADHosts = connector.EntraLoginHosts()

// crossfileAADProviders are the identityProvider values of Entra ID.
var crossfileAADProviders = []string{"aad", "aadcertificate"}

// crossfileAADAuthorizeURL is what the portal writes, as authorizationUrl
// and as tokenUrl.
const crossfileAADAuthorizeURL = "https://login.windows.net/common/oauth2/authorize"

// crossfilePair is the two documents of a package, both parsed.
type crossfilePair struct {
	sw, props *connector.Document
}

func crossfileDocs(p *lint.Pass) (crossfilePair, bool) {
	sw, props := p.Package.Swagger(), p.Package.Properties
	if sw == nil || props == nil || sw.Root == nil || props.Root == nil {
		return crossfilePair{}, false
	}
	return crossfilePair{sw, props}, true
}

// crossfileParams lists the connection parameters: those of
// connectionParameters and of every connectionParameterSets entry. sets
// reports whether the connector is multi-auth.
func crossfileParams(props *Node) (params []*Node, sets bool) {
	pr := props.Get("properties")
	params = append(params, pr.Get("connectionParameters").List()...)
	for _, v := range pr.At("connectionParameterSets", "values").List() {
		sets = true
		params = append(params, v.Get("parameters").List()...)
	}
	return params, sets
}

func crossfileParamType(n *Node) string { return strings.ToLower(n.Get("type").Str()) }

func crossfileParamsOfType(params []*Node, typ string) []*Node {
	var out []*Node
	for _, n := range params {
		if crossfileParamType(n) == typ {
			out = append(out, n)
		}
	}
	return out
}

func crossfileProvider(param *Node) string {
	return strings.ToLower(param.At("oAuthSettings", "identityProvider").Str())
}

// crossfileTopScheme is the first security definition: the one the
// platform uses when there are several.
func crossfileTopScheme(root *Node) *Node {
	for _, s := range root.Get("securityDefinitions").List() {
		if s.Kind == connector.Object {
			return s
		}
	}
	return nil
}

func crossfileSchemes(root *Node, typ string) []*Node {
	var out []*Node
	for _, s := range root.Get("securityDefinitions").List() {
		if s.Get("type").Str() == typ {
			out = append(out, s)
		}
	}
	return out
}

func crossfileHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func crossfileOperationIDs(p *lint.Pass, root *Node) []string {
	var ids []string
	for _, op := range operations(p, root) {
		if id := op.ID(); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// ---- security-consistent-with-properties ----

var securityConsistent = &lint.Rule{
	ID:     "security-consistent-with-properties",
	Level:  lint.Certification,
	Title:  "The swagger security definition matches the apiProperties connection parameters",
	Source: "catalog §1.10 security-consistent-with-properties (INFERRED); R-EX-AKV, R-CORPUS",
	Since:  since,
	Target: lint.Package,
	Doc: `The definition's security scheme and apiProperties.json's connection parameters
describe the same sign-in, and the platform pairs them: an oauth2 definition goes with
a parameter of type "oauthSetting" (the portal names it "token"), an apiKey definition
with a "securestring" parameter that holds the key (the portal names it "api_key"),
and a basic definition with "username" and "password" parameters. When there are
several definitions the platform uses the first, so only the first is compared; with
connectionParameterSets (multi-auth) every set's parameters count. An oauthSetting
parameter without any security definition is reported too. Parameters of other kinds
(securestring settings, host names) need no security definition.

Bad:

    "securityDefinitions": {"API Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    "connectionParameters": {"api_key": {"type": "string"}}

Good:

    "securityDefinitions": {"API Key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    "connectionParameters": {"api_key": {"type": "securestring"}}`,
	Check: func(p *lint.Pass) {
		docs, ok := crossfileDocs(p)
		if !ok {
			return
		}
		params, sets := crossfileParams(docs.props.Root)
		if top := crossfileTopScheme(docs.sw.Root); top != nil {
			if msg := crossfileSchemeMismatch(top, params); msg != "" {
				p.Report(lint.Diagnostic{Doc: docs.sw, Node: top, AtKey: true, Message: msg})
			}
			return
		}
		if sets {
			return
		}
		for _, n := range crossfileParamsOfType(params, "oauthsetting") {
			p.Report(lint.Diagnostic{Doc: docs.props, Node: n, AtKey: true, Message: fmt.Sprintf("The connection parameter '%s' is of type 'oauthSetting', but the definition has no security definition: add an oauth2 one (flow 'accessCode', with the provider's authorizationUrl and tokenUrl) to securityDefinitions and to 'security'", n.Key)})
		}
	},
}

// crossfileSchemeMismatch says how the parameters fail the scheme, or "".
func crossfileSchemeMismatch(s *Node, params []*Node) string {
	switch s.Get("type").Str() {
	case "oauth2":
		if len(crossfileParamsOfType(params, "oauthsetting")) == 0 {
			return "The security definition '" + s.Key + "' is OAuth 2.0, but apiProperties.json has no connection parameter of type 'oauthSetting': add a 'token' parameter with its oAuthSettings, or change the security definition"
		}
	case "apiKey":
		if len(crossfileParamsOfType(params, "securestring")) == 0 {
			return "The security definition '" + s.Key + "' is an API key, but apiProperties.json has no connection parameter of type 'securestring' to hold it" + crossfileKeyHint(s, params)
		}
	case "basic":
		if missing := crossfileMissingNames(params, "username", "password"); len(missing) > 0 {
			return "The security definition '" + s.Key + "' is basic authentication, but apiProperties.json has no " + strings.Join(missing, " or ") + " connection parameter: add 'username' (string) and 'password' (securestring)"
		}
	}
	return ""
}

// crossfileKeyHint names a plain-string parameter that seems to hold the
// key (named like the definition or its header first, then any name with
// key, secret or token in it), or gives the portal's parameter.
func crossfileKeyHint(s *Node, params []*Node) string {
	strs := crossfileParamsOfType(params, "string")
	exact := []string{crossfileNorm(s.Key), crossfileNorm(s.Get("name").Str())}
	likely := []string{"key", "secret", "token"}
	for _, match := range []func(string) bool{
		func(k string) bool { return contains(exact, k) },
		func(k string) bool { return containsAny(k, likely) },
	} {
		for _, n := range strs {
			if match(crossfileNorm(n.Key)) {
				return ": '" + n.Key + "' is of type 'string'; make it 'securestring' so that the key is stored as a secret"
			}
		}
	}
	return `: add "api_key": {"type": "securestring", "uiDefinition": {...}}`
}

func crossfileMissingNames(params []*Node, names ...string) []string {
	var missing []string
	for _, name := range names {
		found := false
		for _, n := range params {
			found = found || strings.EqualFold(n.Key, name)
		}
		if !found {
			missing = append(missing, "'"+name+"'")
		}
	}
	return missing
}

// crossfileNorm lowers a name and keeps only its letters and digits.
func crossfileNorm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// ---- aad-swagger-shape ----

var aadSwaggerShape = &lint.Rule{
	ID:     "aad-swagger-shape",
	Level:  lint.Certification,
	Title:  "A Microsoft Entra ID connector's oauth2 definition authorizes at the Entra ID sign-in host",
	Source: "catalog §1.11 aad-swagger-shape (INFERRED), §2.1; R-EX-AKV, R-EX-LH, R-CORPUS",
	Since:  since,
	Target: lint.Package,
	Doc: `When apiProperties.json signs in with Microsoft Entra ID (identityProvider ` + quoteList(crossfileAADProviders) + `),
the portal writes an oauth2 security definition whose authorizationUrl is on the Entra
ID sign-in host (` + strings.Join(crossfileAADHosts, ", ") + `),
and uses the authorize URL as tokenUrl too: that is how the platform serializes it, so
a tokenUrl equal to the authorize URL is not a finding. Conversely, a definition in
that portal form (tokenUrl equal to an Entra ID authorize URL) with another
identityProvider cannot get a token. The flow ("accessCode") is checked by
oauth2-flow-accesscode, and a missing oauth2 definition by
security-consistent-with-properties.

Bad:

    "identityProvider": "aad"
    "oauth2_auth": {"type": "oauth2", "flow": "accessCode",
        "authorizationUrl": "https://auth.contoso.com/authorize", ...}

Good:

    "oauth2_auth": {"type": "oauth2", "flow": "accessCode",
        "authorizationUrl": "` + crossfileAADAuthorizeURL + `",
        "tokenUrl": "` + crossfileAADAuthorizeURL + `", "scopes": {}}`,
	Check: func(p *lint.Pass) {
		docs, ok := crossfileDocs(p)
		if !ok {
			return
		}
		params, _ := crossfileParams(docs.props.Root)
		oauth := crossfileParamsOfType(params, "oauthsetting")
		schemes := crossfileSchemes(docs.sw.Root, "oauth2")
		var aad *Node
		for _, n := range oauth {
			if contains(crossfileAADProviders, crossfileProvider(n)) {
				aad = n
				break
			}
		}
		switch {
		case len(schemes) == 0 || len(oauth) == 0:
		case aad != nil:
			crossfileCheckAADHost(p, docs, aad, schemes)
		default:
			crossfileCheckPortalForm(p, docs, oauth[0], schemes)
		}
	},
}

func crossfileIsAADHost(raw string) bool { return contains(crossfileAADHosts, crossfileHost(raw)) }

func crossfileCheckAADHost(p *lint.Pass, docs crossfilePair, aad *Node, schemes []*Node) {
	for _, s := range schemes {
		if crossfileIsAADHost(s.Get("authorizationUrl").Str()) {
			return
		}
	}
	s := schemes[0]
	at, got := s.Get("authorizationUrl"), "no authorizationUrl"
	if at != nil {
		got = "'" + at.Str() + "'"
	} else {
		at = s
	}
	p.Report(lint.Diagnostic{Doc: docs.sw, Node: at, AtKey: at == s, Message: fmt.Sprintf("The connection parameter '%s' signs in with Microsoft Entra ID (identityProvider '%s'), but the oauth2 security definition '%s' has %s: use '%s' as authorizationUrl (and as tokenUrl, as the portal writes it)",
		aad.Key, aad.At("oAuthSettings", "identityProvider").Str(), s.Key, got, crossfileAADAuthorizeURL)})
}

func crossfileCheckPortalForm(p *lint.Pass, docs crossfilePair, param *Node, schemes []*Node) {
	for _, s := range schemes {
		auth, tok := s.Get("authorizationUrl").Str(), s.Get("tokenUrl")
		if crossfileIsAADHost(auth) && tok.Str() == auth {
			p.Report(lint.Diagnostic{Doc: docs.sw, Node: tok, Message: fmt.Sprintf("The security definition '%s' has the Microsoft Entra ID portal form (tokenUrl equal to the authorize URL), but the connection parameter '%s' uses identityProvider '%s', which needs a real token URL: set identityProvider 'aad' (with customParameters loginUri, tenantId and resourceUri), or give the token endpoint as tokenUrl",
				s.Key, param.Key, param.At("oAuthSettings", "identityProvider").Str())})
			return
		}
	}
}

// ---- oauth2-urls-match-swagger ----

// crossfileOAuthURLKeys are the URLs that apiProperties repeats from the
// swagger for identityProvider oauth2.
var crossfileOAuthURLKeys = []string{"authorizationUrl", "tokenUrl"}

var oauth2URLsMatch = &lint.Rule{
	ID:     "oauth2-urls-match-swagger",
	Level:  lint.Guidance,
	Title:  "Generic OAuth 2 URLs in apiProperties equal those of the swagger",
	Source: "catalog §1.11 oauth2-urls-match-swagger (INFERRED); R-CORPUS, custom-connectors/ServiceNow",
	Since:  since,
	Target: lint.Package,
	Doc: `With identityProvider "oauth2", apiProperties.json repeats the sign-in URLs in
customParameters (` + quoteList(crossfileOAuthURLKeys) + `), and the swagger's
oauth2 security definition has them too. The two copies drift apart when only one is
edited (a test host left in one file, a typo in the other); they are equal in 126 of
140 such connectors in Microsoft's repository. The first oauth2 security definition is
compared.

Bad:

    swagger:       "tokenUrl": "https://dev.contoso.com/oauth/token"
    apiProperties: "tokenUrl": {"value": "https://login.contoso.com/oauth/token"}

Good: the same URL in both files.`,
	Check: func(p *lint.Pass) {
		docs, ok := crossfileDocs(p)
		if !ok {
			return
		}
		schemes := crossfileSchemes(docs.sw.Root, "oauth2")
		if len(schemes) == 0 {
			return
		}
		params, _ := crossfileParams(docs.props.Root)
		for _, n := range crossfileParamsOfType(params, "oauthsetting") {
			if crossfileProvider(n) != "oauth2" {
				continue
			}
			for _, key := range crossfileOAuthURLKeys {
				mine, theirs := n.At("oAuthSettings", "customParameters", key, "value"), schemes[0].Get(key)
				if mine.Str() != "" && theirs.Str() != "" && mine.Str() != theirs.Str() {
					p.Report(lint.Diagnostic{Doc: docs.props, Node: mine, Message: fmt.Sprintf("The %s '%s' differs from the swagger security definition '%s', which has '%s': make the two equal",
						key, mine.Str(), schemes[0].Key, theirs.Str())})
				}
			}
		}
	},
}

// ---- script-operations-exist, policy-operation-names-exist ----

var scriptOperationsExist = &lint.Rule{
	ID:     "script-operations-exist",
	Level:  lint.Certification,
	Title:  "scriptOperations lists existing operationIds",
	Source: "catalog §1.11 script-operations (INFERRED part); L-PACONN, R-SCHEMA-AP @7e2d88f",
	Since:  since,
	Target: lint.Package,
	Doc: `apiProperties.json "scriptOperations" names the operations whose requests go through
the custom code (an empty list means all of them). A name that is not an operationId
of the definition sends nothing through the script: usually a typo or an operation
that was renamed.

Bad:

    "scriptOperations": ["GetTeams"]      (the operationId is "GetTeam")

Good:

    "scriptOperations": ["GetTeam"]`,
	Check: func(p *lint.Pass) {
		docs, ok := crossfileDocs(p)
		if !ok {
			return
		}
		ids := crossfileOperationIDs(p, docs.sw.Root)
		for _, it := range docs.props.Root.At("properties", "scriptOperations").List() {
			if it.IsString() && !contains(ids, it.Value) {
				p.Report(lint.Diagnostic{Doc: docs.props, Node: it, Message: fmt.Sprintf("The script operation '%s' is not an operationId of the definition, so the custom code never runs for it%s", it.Value, unknownOperationHint(it.Value, ids))})
			}
		}
	},
}

// crossfilePolicyOperations is the policy parameter that filters the
// operations a policy applies to.
const crossfilePolicyOperations = "x-ms-apimTemplate-operationName"

var policyOperationNamesExist = &lint.Rule{
	ID:     "policy-operation-names-exist",
	Level:  lint.Certification,
	Title:  "Policy templates apply to existing operationIds",
	Source: "catalog §1.11 policy-operation-names-exist (INFERRED); R-SCHEMA-AP",
	Since:  since,
	Target: lint.Package,
	Doc: `A policy template instance applies only to the operations listed in its
"` + crossfilePolicyOperations + `" parameter. A name that is not an operationId of
the definition is silently ignored, so the policy does not run where it was meant to.

Bad:

    {"templateId": "setheader", "parameters": {"` + crossfilePolicyOperations + `": ["CreateTeams"], ...}}

Good:

    {"templateId": "setheader", "parameters": {"` + crossfilePolicyOperations + `": ["CreateTeam"], ...}}`,
	Check: func(p *lint.Pass) {
		docs, ok := crossfileDocs(p)
		if !ok {
			return
		}
		ids := crossfileOperationIDs(p, docs.sw.Root)
		for _, pol := range docs.props.Root.At("properties", "policyTemplateInstances").List() {
			for _, it := range pol.At("parameters", crossfilePolicyOperations).List() {
				if it.IsString() && !contains(ids, it.Value) {
					p.Report(lint.Diagnostic{Doc: docs.props, Node: it, Message: fmt.Sprintf("The policy '%s' applies to '%s', which is not an operationId of the definition, so the policy never runs for it%s",
						pol.Get("templateId").Str(), it.Value, unknownOperationHint(it.Value, ids))})
				}
			}
		}
	},
}

// ---- secrets-in-definition ----

// crossfileSecretKeys are where secrets-in-definition looks for a value;
// the names and the judgement of a value are internal/secret's.
var crossfileSecretKeys = []string{"x-ms-test-value", "default"}

var secretsInDefinition = &lint.Rule{
	ID:        "secrets-in-definition",
	Sensitive: true,
	Level:     lint.Certification,
	Title:     "No API keys, tokens or passwords in the definition or apiProperties.json",
	Source:    "catalog §1.11 oauth-no-secrets-in-repo, §1.15 x-ms-test-value (no secrets or PII); R-README, PR#611",
	Since:     since,
	Target:    lint.Package,
	Options: []lint.Option{{Name: "min-length", Default: 16,
		Doc: "the shortest value, in characters, taken for a real secret"}},
	Doc: `Connector files are published: certified connectors are public on GitHub, and any
user of a custom connector can download its definition. A real key in an
x-ms-test-value or a default value leaks. ppconn looks at the ` + quoteList(crossfileSecretKeys) + `
of parameters and schema properties whose name contains ` + quoteList(secret.Vocabulary.Names) + `
(compared without case and punctuation, and not when the name also contains ` + quoteList(secret.Vocabulary.NotNames) + `),
and reports a value that looks real: at least min-length characters once a ` + quoteList(secret.Vocabulary.Schemes) + `
prefix is dropped, letters and digits, no spaces, brackets or braces, and none of ` + quoteList(secret.Vocabulary.Placeholders) + `.
In apiProperties.json, any defaultValue of a "securestring" connection parameter is
reported. Messages show at most the first 3 characters of a value.

Bad:

    {"name": "X-Api-Key", "in": "header", "type": "string", "x-ms-test-value": "9f8c2b7e41d04a6f9b3e"}

Good:

    {"name": "X-Api-Key", "in": "header", "type": "string", "x-ms-test-value": "<your API key>"}`,
	Check: func(p *lint.Pass) {
		if sw := p.Package.Swagger(); sw != nil && sw.Root != nil {
			crossfileSecretsInSwagger(p, sw, p.IntOption("min-length"))
		}
		if props := p.Package.Properties; props != nil && props.Root != nil {
			params, _ := crossfileParams(props.Root)
			for _, n := range crossfileParamsOfType(params, "securestring") {
				if v := n.Get("defaultValue"); v.Str() != "" {
					p.Report(lint.Diagnostic{Doc: props, Node: v, Message: fmt.Sprintf("The securestring connection parameter '%s' has a defaultValue ('%s'): a secret must not ship with the connector; remove defaultValue and let each user enter it", n.Key, secret.Mask(v.Str()))})
				}
			}
		}
	},
}

func crossfileSecretsInSwagger(p *lint.Pass, sw *connector.Document, minLen int) {
	check := func(name string, n *Node) {
		if !secret.IsSecretName(name) {
			return
		}
		for _, key := range crossfileSecretKeys {
			if v := n.Get(key); secret.LooksReal(v.Str(), minLen) {
				p.Report(lint.Diagnostic{Doc: sw, Node: v, Message: fmt.Sprintf("The %s of '%s' looks like a real secret ('%s'): never ship keys, tokens or passwords in the definition; use a placeholder or remove it", key, name, secret.Mask(v.Str()))})
			}
		}
	}
	for _, prm := range allParameters(p, sw.Root) {
		if !prm.Node.Has("$ref") {
			check(prm.Node.Get("name").Str(), prm.Node)
		}
	}
	walkSchemas(p, sw.Root, func(s Schema) {
		for _, prop := range s.Node.Get("properties").List() {
			check(prop.Key, prop)
		}
	})
}
