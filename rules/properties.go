package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// apiProperties.json rules (catalog §1.11): the shape Microsoft's schema
// gives the file (newer revision, with connectionParameterSets,
// scriptOperations and GlobalPerConnector), the OAuth settings the portal
// writes, and what certification asks of the brand color, publisher and
// redirect URI. Secrets found in the file are never printed.

var propertyRules = []*lint.Rule{
	propsRoot, propsAllowedKeys, iconBrandColorHex, iconBrandColorIP, publisherStackOwner, stackOwnerPaconn,
	capabilitiesValues, connparamNamePattern, connparamTypes, connparamUIConstraintTypes, tokenTenantIDClaimShape,
	oauthIdentityProvider, oauthRedirectMode, oauthRedirectURL, oauthPropertiesIsFirstParty, oauthNoSecrets,
	oauth2CustomParameters, aadCustomParameters, aadValues, multiAuthShape, scriptOperationsShape,
	policyTemplateIDs, policyTemplateRequiredParams, dynamicHostURLNoGateway, envVarSyntax, policyConnectionParametersExist,
}

// propsRootKeys are the keys of the root object of apiProperties.json.
var propsRootKeys = []string{"properties", "$schema"}

// propsKeys are the keys under "properties"; Required marks the one the
// schema requires.
var propsKeys = []struct {
	Key      string
	Required bool
}{
	{"iconBrandColor", true}, {"publisher", false}, {"stackOwner", false}, {"capabilities", false},
	{"connectionParameters", false}, {"connectionParameterSets", false}, {"scriptOperations", false},
	{"policyTemplateInstances", false},
}

func propsKeyNames() []string {
	var out []string
	for _, k := range propsKeys {
		out = append(out, k.Key)
	}
	return out
}

// propsColor is what certification asks of iconBrandColor.
var propsColor = struct {
	Pattern     *regexp.Regexp
	Forbidden   []string
	Independent string
}{regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`), []string{"#ffffff", "#007ee5"}, "#da3b01"}

// propsCapabilities are the capability values in the schema examples and
// in accepted connectors.
var propsCapabilities = []string{"actions", "triggers", "gateway", "cloud only"}

// propsParamTypes are the types of a connection parameter; the first four
// are the primitive ones that sub-parameters ("token:clientId") may use.
var propsParamTypes = []string{"string", "securestring", "int", "bool", "oauthSetting", "gatewaySetting"}

func propsPrimitiveTypes() []string { return propsParamTypes[:4] }

// propsParamName is the pattern of a connection parameter name: a name, or
// a sub-parameter "parent:name".
var propsParamName = regexp.MustCompile(`^[0-9a-zA-Z_]+(:[0-9a-zA-Z_]+)?$`)

// propsTenantClaim is the only shape Microsoft's schema admits for the
// token:TenantId claim parameter (the description's typo is the schema's).
var propsTenantClaim = struct {
	Name, Type, SourceType, DisplayName, Description string
	Constraints                                      map[string]string
}{
	"token:TenantId", "string", "AzureActiveDirectoryTenant", "Tenant",
	"The tenant ID of for the Azure Active Directory application",
	map[string]string{"hidden": "true", "required": "false"},
}

// propsIdentityProviders are the identityProvider ids of Microsoft's schema.
var propsIdentityProviders = []string{"oauth2", "oauth2generic", "aad", "aadcertificate", "facebook"}

// propsRedirect is what the platform and certification ask of the OAuth
// redirect.
var propsRedirect = struct {
	Modes                    []string
	Required, Legacy         string
	Deadline, Shared, PerURI string
	LegacyURL                *regexp.Regexp
}{
	Modes: []string{"GlobalPerConnector", "Global", "Direct"}, Required: "GlobalPerConnector", Legacy: "Global",
	Deadline: "February 17, 2024 (2024-02-17)", Shared: "https://global.consent.azure-apim.net/redirect",
	PerURI:    "https://global.consent.azure-apim.net/redirect/<connector>",
	LegacyURL: regexp.MustCompile(`(?i)^https://[a-z0-9-]+\.consent\.azure-apim\.net/redirect/?$`),
}

// propsIsFirstParty are the values of oAuthSettings.properties.IsFirstParty.
var propsIsFirstParty = []string{"True", "False"}

// propsCustomParams are the customParameters each identity provider
// admits. AAD keys are compared case-insensitively (Microsoft's own files
// use PascalCase); resourceUri may be replaced by
// properties.AzureActiveDirectoryResourceId.
var propsCustomParams = map[string][]string{
	"oauth2":         {"authorizationUrl", "tokenUrl", "refreshUrl"},
	"oauth2generic":  {"authorizationUrlTemplate", "authorizationUrlQueryStringTemplate", "tokenUrlTemplate", "tokenUrlQueryStringTemplate", "tokenBodyTemplate", "refreshUrlTemplate", "refreshUrlQueryStringTemplate", "refreshBodyTemplate", "scopeListDelimiter"},
	"aad":            {"loginUri", "tenantId", "resourceUri", "enableOnbehalfOfLogin"},
	"aadcertificate": {"loginUri", "loginUriAAD", "tenantId", "resourceUri", "enableOnbehalfOfLogin"},
}

// propsTemplate is one policy template: its accepted spellings (the first
// is the id), its required parameters (without the
// "x-ms-apimTemplateParameter." prefix) and the allowed values of some
// parameters (by full key).
type propsTemplate struct {
	Names    []string
	Required []string
	Enums    map[string][]string
}

const (
	propsParamPrefix = "x-ms-apimTemplateParameter."
	propsOpNames     = "x-ms-apimTemplate-operationName"
	propsSection     = "x-ms-apimTemplate-policySection"
)

var (
	propsExistsAction = []string{"override", "skip", "append"}
	propsSectionRR    = []string{"Request", "Response"}
)

// propsTemplates are the documented policy templates (Microsoft's schema):
// the one table behind policy-template-ids, policy-template-required-params
// and their docs.
var propsTemplates = []propsTemplate{
	{[]string{"convertarraytoobject", "ConvertArrayToObject"}, []string{"propertyParentPath", "keyWithinCollectionPath", "newPropertyPath"}, map[string][]string{propsSection: propsSectionRR, propsParamPrefix + "retainKey": {"true", "false"}}},
	{[]string{"convertobjecttoarray", "ConvertObjectToArray"}, []string{"propertyParentPath", "newPropertyPath"}, map[string][]string{propsSection: propsSectionRR}},
	{[]string{"dynamichosturl", "DynamicHostUrl", "dynamicHostUrl"}, []string{"urlTemplate"}, nil},
	{[]string{"encodepropertyvalue", "EncodePropertyValue"}, []string{"propertyParentPath", "newPropertyPath"}, map[string][]string{propsSection: propsSectionRR}},
	{[]string{"pollingtrigger", "PollingTrigger"}, []string{"triggerConfig", "triggerDataPath"}, nil},
	{[]string{"routerequesttoendpoint", "RouteRequestToEndpoint"}, []string{"newPath"}, map[string][]string{propsParamPrefix + "httpMethod": {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "@Request.OriginalHTTPMethod"}}},
	{[]string{"setheader", "SetHeader", "setHeader"}, []string{"name", "value"}, map[string][]string{propsSection: {"Request", "Response", "Failure"}, propsParamPrefix + "existsAction": propsExistsAction}},
	{[]string{"setproperty", "SetProperty"}, []string{"newPropertyParentPathTemplate", "newPropertySubPathTemplate", "propertyValuePathTemplate"}, map[string][]string{propsSection: propsSectionRR}},
	{[]string{"setqueryparameter", "SetQueryParameter", "setQueryParameter"}, []string{"name", "value"}, map[string][]string{propsParamPrefix + "existsAction": propsExistsAction}},
	{[]string{"setvaluefromurl", "SetValueFromUrl"}, []string{"parameterTemplate", "parameterValueUrl", "parameterValuePathTemplate"}, map[string][]string{propsSection: propsSectionRR, propsParamPrefix + "httpMethod": {"GET", "POST", "PUT"}}},
	{[]string{"stringreplace", "StringReplace"}, []string{"propertyParentPath", "sourceString", "replacementString", "newPropertyPath"}, map[string][]string{propsSection: propsSectionRR}},
	{[]string{"stringtoarray", "StringToArray"}, []string{"propertyParentPath", "delimiterList", "childPropertyName", "newPropertyPath"}, map[string][]string{propsSection: propsSectionRR}},
	{[]string{"updatenextlink"}, []string{"nextLinkPropertyName"}, nil},
}

// propsUndocumentedTemplates are template ids seen in accepted connectors
// but documented nowhere.
var propsUndocumentedTemplates = []string{"setconnectionstatustounauthenticated", "moveproperties", "dynamicsubdomain"}

// propsURLFunctions are the functions a dynamichosturl template may call.
var propsURLFunctions = []string{"connectionParameters", "headers", "queryParameters"}

func propsTemplateOf(id string) *propsTemplate {
	for i := range propsTemplates {
		if strings.EqualFold(propsTemplates[i].Names[0], id) {
			return &propsTemplates[i]
		}
	}
	return nil
}

func propsTemplateIDs() []string {
	var out []string
	for _, t := range propsTemplates {
		out = append(out, t.Names[0])
	}
	return out
}

// propsTemplatesDoc lists the required parameters and allowed values of
// every template, for the docs.
func propsTemplatesDoc() string {
	var b strings.Builder
	for _, t := range propsTemplates {
		fmt.Fprintf(&b, "- %s: %s", t.Names[0], strings.Join(t.Required, ", "))
		var keys []string
		for k := range t.Enums {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s ∈ {%s}", strings.TrimPrefix(k, propsParamPrefix), strings.Join(t.Enums[k], ", "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Helpers over the document.

// propsObject returns the "properties" object, or nil.
func propsObject(root *Node) *Node {
	pp := root.Get("properties")
	if pp == nil || pp.Kind != connector.Object {
		return nil
	}
	return pp
}

// propsParamMaps returns the objects that map connection parameter names
// to parameters: connectionParameters and the parameters of every
// connectionParameterSets value.
func propsParamMaps(root *Node) []*Node {
	pp := propsObject(root)
	var out []*Node
	if cp := pp.Get("connectionParameters"); cp != nil && cp.Kind == connector.Object {
		out = append(out, cp)
	}
	if vals := pp.At("connectionParameterSets", "values"); vals != nil && vals.Kind == connector.Array {
		for _, v := range vals.Children {
			if ps := v.Get("parameters"); ps != nil && ps.Kind == connector.Object {
				out = append(out, ps)
			}
		}
	}
	return out
}

// propsParams returns every connection parameter, in document order.
func propsParams(root *Node) []*Node {
	var out []*Node
	for _, m := range propsParamMaps(root) {
		out = append(out, m.Children...)
	}
	return out
}

// propsOAuthSettings returns every oAuthSettings object.
func propsOAuthSettings(root *Node) []*Node {
	var out []*Node
	for _, prm := range propsParams(root) {
		if s := prm.Get("oAuthSettings"); s != nil && s.Kind == connector.Object {
			out = append(out, s)
		}
	}
	return out
}

// propsProvider returns the identityProvider of oAuthSettings, lower case.
func propsProvider(s *Node) string { return strings.ToLower(s.Get("identityProvider").Str()) }

// propsQuote quotes a string value, or names the kind of any other value.
func propsQuote(n *Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.IsString():
		return "'" + n.Value + "'"
	case n.Kind == connector.Number || n.Kind == connector.Bool:
		return n.Value
	}
	return kindWithArticle(n.Kind)
}

// propsKindName names a JSON kind with its article.
func propsKindName(k connector.Kind) string {
	if k == connector.Number {
		return "an integer"
	}
	return kindWithArticle(k)
}

// propsIndependent reports whether the package is known to be an
// independent publisher connector: its publisher or stackOwner, or a
// folder of its path, says so.
func propsIndependent(pkg *connector.Package, root *Node) bool {
	for _, k := range []string{"publisher", "stackOwner"} {
		if strings.Contains(strings.ToLower(propsObject(root).Get(k).Str()), "independent publisher") {
			return true
		}
	}
	if pkg == nil || pkg.Dir == "" {
		return false
	}
	dir, err := filepath.Abs(pkg.Dir)
	if err != nil {
		dir = pkg.Dir
	}
	squash := strings.NewReplacer("-", "", "_", "", " ", "")
	for _, seg := range strings.Split(filepath.ToSlash(dir), "/") {
		low := strings.ToLower(seg)
		if strings.HasPrefix(squash.Replace(low), "independentpublisher") || strings.HasPrefix(low, "independent__") {
			return true
		}
	}
	return false
}

// The rules.

var propsRoot = &lint.Rule{
	ID:     "props-root",
	Level:  lint.Certification,
	Title:  "apiProperties.json is an object with \"properties\" (and optionally \"$schema\") only",
	Source: "catalog §1.11 props-root; R-SCHEMA-AP",
	Since:  since,
	Target: lint.Properties,
	Doc: `The root of apiProperties.json is an object with the required key "properties" and
the optional "$schema"; Microsoft's schema admits nothing else (` + quoteList(propsRootKeys) + `).
Every setting of the connector lives under "properties".

Bad:

    {"iconBrandColor": "#4b53bc", "properties": {...}}

Good:

    {"properties": {"iconBrandColor": "#4b53bc", ...}}`,
	Check: func(p *lint.Pass) {
		if p.Root.Kind != connector.Object {
			p.Reportf(p.Root, "apiProperties.json must hold an object with a 'properties' object, not %s", p.Root.Kind)
			return
		}
		switch pp := p.Root.Get("properties"); {
		case pp == nil:
			p.Reportf(p.Root, "The 'properties' property is required: put the connector's settings (iconBrandColor, connectionParameters, ...) in a 'properties' object")
		case pp.Kind != connector.Object:
			p.Reportf(pp, "'properties' must be an object, not %s", pp.Kind)
		}
		for _, c := range p.Root.Children {
			if contains(propsRootKeys, c.Key) {
				continue
			}
			hint := "; remove it"
			if contains(propsKeyNames(), c.Key) {
				hint = "; move it into 'properties'"
			}
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not allowed at the root of apiProperties.json, which admits only %s%s", c.Key, quoteList(propsRootKeys), hint)})
		}
	},
}

var propsAllowedKeys = &lint.Rule{
	ID:      "props-allowed-keys",
	Level:   lint.Certification,
	Title:   "Only the schema's keys under \"properties\", with iconBrandColor",
	Source:  "catalog §1.11 props-allowed-keys; R-SCHEMA-AP (dev @2024-10 and @7e2d88f); R-CORPUS",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `Microsoft's schema admits these keys under "properties": ` + quoteList(propsKeyNames()) + `,
and requires "iconBrandColor". Anything else is a schema error; accepted connectors
carry misplaced keys such as "script", "token:clientId" (a connection parameter) or
"stackowner" (in lower case), which the platform ignores.

Bad:

    "properties": {"stackowner": "Contoso", "token:clientId": {...}}

Good:

    "properties": {"iconBrandColor": "#4b53bc", "stackOwner": "Contoso",
                   "connectionParameters": {"token:clientId": {...}}}

Fix: a key that differs from one of the schema's only in case ("stackowner") is
renamed, keeping its value and place, unless the right spelling is there already.
Misplaced keys are left to the author.`,
	Check: func(p *lint.Pass) {
		pp := propsObject(p.Root)
		if pp == nil {
			return
		}
		for _, k := range propsKeys {
			if k.Required && !pp.Has(k.Key) {
				p.Report(lint.Diagnostic{Node: pp, AtKey: true, Message: fmt.Sprintf("The '%s' property is required under 'properties'; certification uses it as the icon background, such as \"%s\": \"#4b53bc\"", k.Key, k.Key)})
			}
		}
		for _, c := range pp.Children {
			if !contains(propsKeyNames(), c.Key) {
				var fix *lint.Fix
				if want := foldFind(propsKeyNames(), c.Key); want != "" && !pp.Has(want) {
					fix = lint.RenameMember(c, want)
				}
				p.Report(lint.Diagnostic{Node: c, AtKey: true, Fix: fix, Message: fmt.Sprintf("The property '%s' is not allowed under 'properties'%s", c.Key, propsKeyHint(c.Key))})
			}
		}
	},
}

func propsKeyHint(key string) string {
	switch {
	case strings.Contains(key, ":") || key == "token":
		return ": it looks like a connection parameter; move it into 'connectionParameters'"
	case strings.EqualFold(key, "script"):
		return ": the script is the file script.csx; list the operations it handles in 'scriptOperations'"
	}
	return suggest(key, propsKeyNames()) + "; the schema admits " + quoteList(propsKeyNames())
}

var iconBrandColorHex = &lint.Rule{
	ID:     "icon-brand-color-hex",
	Level:  lint.Certification,
	Title:  "iconBrandColor is a #RRGGBB color, not white or the default blue",
	Source: "catalog §1.11 icon-brand-color-hex; R-README; L-CERT; PR#775; PR#619",
	Since:  since,
	Target: lint.Properties,
	Doc: `"iconBrandColor" is the background of the connector icon: an HTML hex color
"#RRGGBB". Certification refuses ` + quoteList(propsColor.Forbidden) + ` (white, and the default
blue): "Invalid brand colors are #007ee5 and #ffffff". The comparison ignores case.
Independent publisher connectors have their own color (icon-brand-color-independent-publisher).

Bad:

    "iconBrandColor": "#007EE5"
    "iconBrandColor": "blue"

Good:

    "iconBrandColor": "#4b53bc"`,
	Check: func(p *lint.Pass) {
		c := propsObject(p.Root).Get("iconBrandColor")
		switch {
		case c == nil:
		case !c.IsString() || !propsColor.Pattern.MatchString(c.Value):
			p.Reportf(c, "iconBrandColor %s is not an HTML hex color: write it as '#' and six hex digits, such as \"#4b53bc\"", propsQuote(c))
		case foldFind(propsColor.Forbidden, c.Value) != "" && !propsIndependent(p.Package, p.Root):
			p.Reportf(c, "iconBrandColor '%s' is not accepted by certification (invalid brand colors are %s): use your brand's color", c.Value, quoteList(propsColor.Forbidden))
		}
	},
}

var iconBrandColorIP = &lint.Rule{
	ID:     "icon-brand-color-independent-publisher",
	Level:  lint.Certification,
	Title:  "Independent publisher connectors use iconBrandColor " + propsColor.Independent,
	Source: "catalog §1.11 icon-brand-color-independent-publisher; R-README; L-CERT §4; R-TEMPL; PR#1305; PR#1558",
	Since:  since,
	Target: lint.Properties,
	Doc: `Independent publisher connectors must use exactly "iconBrandColor": "` + propsColor.Independent + `" and
must not submit an icon. ppconn cannot always tell an independent publisher
connector from its files, so the rule runs only when something says so: "publisher"
or "stackOwner" contains "Independent Publisher", or a folder of the connector's
path is named "independent-publisher-connectors" (the layout of Microsoft's
repository) or starts with "independent__". Check the icon yourself.

Bad (in independent-publisher-connectors/Contoso):

    "iconBrandColor": "#4b53bc"

Good:

    "iconBrandColor": "` + propsColor.Independent + `"`,
	Check: func(p *lint.Pass) {
		c := propsObject(p.Root).Get("iconBrandColor")
		if c == nil || !propsIndependent(p.Package, p.Root) || strings.EqualFold(c.Str(), propsColor.Independent) {
			return
		}
		p.Reportf(c, "This is an independent publisher connector, whose iconBrandColor must be \"%s\", not %s", propsColor.Independent, propsQuote(c))
	},
}

// propsEmail finds an e-mail address, which publisher and stackOwner must
// not hold.
var propsEmail = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[A-Za-z]{2,}`)

var publisherStackOwner = &lint.Rule{
	ID:     "publisher-stackowner",
	Level:  lint.Certification,
	Title:  "Certified connectors name their publisher and stackOwner",
	Source: "catalog §1.11 publisher-stackowner; L-CERT §3a; PR#523; PR#719; PR#799; PR#1558",
	Enforced: "reviewers ask for a missing stackOwner in certification pull requests (microsoft/PowerPlatformConnectors PR#719, PR#788, PR#799, PR#918, PR#1323, PR#1558), " +
		"pointing at the certification-submission page's metadata section",
	Since:  since,
	Target: lint.Properties,
	Doc: `Certified and independent publisher connectors carry "publisher" (the company or
person who publishes the connector) and "stackOwner" (the company that owns the
service behind it), as plain names without personal data such as an e-mail
address. Reviewers ask for a missing stackOwner. paconn create/update refuses
stackOwner (see stackowner-paconn-limitation).

Bad:

    "properties": {"iconBrandColor": "#4b53bc", "publisher": "jane@contoso.com"}

Good:

    "properties": {"iconBrandColor": "#4b53bc", "publisher": "Contoso", "stackOwner": "Contoso"}`,
	Check: func(p *lint.Pass) {
		pp := propsObject(p.Root)
		if pp == nil {
			return
		}
		var missing []string
		for _, k := range []string{"publisher", "stackOwner"} {
			v := pp.Get(k)
			switch {
			case v == nil:
				missing = append(missing, k)
			case !v.IsString() || strings.TrimSpace(v.Value) == "":
				p.Reportf(v, "'%s' must be a non-empty name, such as \"Contoso\"", k)
			case propsEmail.MatchString(v.Value):
				p.Reportf(v, "'%s' holds an e-mail address; write the company or publisher name instead: no personal data", k)
			}
		}
		if len(missing) > 0 {
			p.Report(lint.Diagnostic{Node: pp, AtKey: true, Message: fmt.Sprintf("Certification expects %s under 'properties': %s", quoteList(missing), "the publisher of the connector and the owner of the service behind it, such as \"Contoso\"")})
		}
	},
}

var stackOwnerPaconn = &lint.Rule{
	ID:     "stackowner-paconn-limitation",
	Level:  lint.Guidance,
	Title:  "paconn create/update fails on a file with stackOwner",
	Source: "catalog §1.11 stackowner-paconn-limitation; L-PACONN Limitations; Issue#614; PR#918",
	Since:  since,
	Target: lint.Properties,
	Doc: `paconn create and paconn update send apiProperties.json as it is, and the service
refuses "stackOwner": "InvalidRequestContent ... Could not find member 'stackOwner'
on object of type 'ApiPropertiesDefinition'." Certification wants it, so keep two
copies: one with stackOwner for the certification pull request, one without for
paconn (or use pac connector). Reported only when the folder holds a paconn
settings.json, the sign that paconn is used.

Bad (with settings.json):

    "stackOwner": "Contoso"

Good: remove stackOwner from the copy paconn uploads.`,
	Check: func(p *lint.Pass) {
		so := propsObject(p.Root).Get("stackOwner")
		if so == nil || p.Package == nil || p.Package.Settings == nil {
			return
		}
		p.Report(lint.Diagnostic{Node: so, AtKey: true, Message: "paconn create/update fails on 'stackOwner' (\"Could not find member 'stackOwner' on object of type 'ApiPropertiesDefinition'\"): upload a copy without it with paconn, or use pac connector; keep it for certification"})
	},
}

var capabilitiesValues = &lint.Rule{
	ID:      "capabilities-values",
	Level:   lint.Certification,
	Title:   "capabilities is an array of known capability names",
	Source:  "catalog §1.11 capabilities-values; R-SCHEMA-AP; L-PACONN; R-CORPUS",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `"capabilities" is an array of strings. The known values are ` + quoteList(propsCapabilities) + `
(the schema's examples and what accepted connectors use); anything else is likely a
typo that the platform ignores.

Bad:

    "capabilities": "actions"
    "capabilities": ["Actions", "trigger"]

Good:

    "capabilities": ["actions", "triggers"]

Fix: a known capability written in another case is lower-cased ("Actions" →
"actions").`,
	Check: func(p *lint.Pass) {
		c := propsObject(p.Root).Get("capabilities")
		switch {
		case c == nil:
			return
		case c.Kind != connector.Array:
			p.Reportf(c, "'capabilities' must be an array of strings, such as [\"actions\"], not %s", c.Kind)
			return
		}
		for _, v := range c.Children {
			switch {
			case !v.IsString():
				p.Reportf(v, "A capability must be a string, not %s", v.Kind)
			case !contains(propsCapabilities, v.Value):
				var fix *lint.Fix
				if want := foldFind(propsCapabilities, v.Value); want != "" {
					fix = lint.SetValue(v, want)
				}
				p.Report(lint.Diagnostic{Node: v, Fix: fix, Message: fmt.Sprintf("'%s' is not a known capability (%s)%s", v.Value, quoteList(propsCapabilities), suggest(v.Value, propsCapabilities))})
			}
		}
	},
}

var connparamNamePattern = &lint.Rule{
	ID:     "connparam-name-pattern",
	Level:  lint.Certification,
	Title:  "Connection parameter names are letters, digits and underscores (parent:name for sub-parameters)",
	Source: "catalog §1.11 connparam-name-pattern; R-SCHEMA-AP",
	Since:  since,
	Target: lint.Properties,
	Doc: `A connection parameter name matches ` + "`" + propsParamName.String() + "`" + `: letters, digits and
underscores, or "parent:name" for a sub-parameter such as "token:clientId"
("` + propsTenantClaim.Name + `" is one). The names are also used in
@connectionParameters('name') expressions. Checked in connectionParameters and in
every connectionParameterSets value.

Bad:

    "api-key": {"type": "securestring"}

Good:

    "api_key": {"type": "securestring"}`,
	Check: func(p *lint.Pass) {
		for _, prm := range propsParams(p.Root) {
			if !propsParamName.MatchString(prm.Key) {
				p.Report(lint.Diagnostic{Node: prm, AtKey: true, Message: fmt.Sprintf("The connection parameter name '%s' is not valid: use only letters, digits and '_' (or 'parent:name' for a sub-parameter), such as '%s'", prm.Key, propsFixName(prm.Key))})
			}
		}
	},
}

var propsNameJunk = regexp.MustCompile(`[^0-9a-zA-Z_:]+`)

func propsFixName(name string) string {
	parts := strings.SplitN(name, ":", 2)
	for i, s := range parts {
		parts[i] = strings.Trim(propsNameJunk.ReplaceAllString(strings.ReplaceAll(s, ":", "_"), "_"), "_")
		if parts[i] == "" {
			parts[i] = "name"
		}
	}
	return strings.Join(parts, ":")
}

var connparamTypes = &lint.Rule{
	ID:      "connparam-types",
	Level:   lint.Certification,
	Title:   "Connection parameters have a valid type; sub-parameters are primitive; defaultValue is a string",
	Source:  "catalog §1.11 connparam-types; R-SCHEMA-AP (+ tests); R-CORPUS",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `A top-level connection parameter requires "type", one of ` + quoteList(propsParamTypes) + `
(the case matters: "oAuthSetting" is a schema error). A sub-parameter
("token:clientId") may omit its type, but if it has one it is primitive:
` + quoteList(propsPrimitiveTypes()) + `. "defaultValue" is a string, and only primitive
parameters take "defaultValue" and "allowedValues"; only "oauthSetting" takes
"oAuthSettings". "` + propsTenantClaim.Name + `" is token-tenantid-claim-shape's.

Bad:

    "token": {"type": "oAuthSetting", ...}
    "count": {"type": "int", "defaultValue": 1}

Good:

    "token": {"type": "oauthSetting", ...}
    "count": {"type": "int", "defaultValue": "1"}

Fix: a type written in another case is spelled as the schema does ("oAuthSetting" →
"oauthSetting", "String" → "string"), and a number or boolean defaultValue becomes
the same text as a string (1 → "1", true → "true").`,
	Check: func(p *lint.Pass) {
		for _, prm := range propsParams(p.Root) {
			if prm.Key == propsTenantClaim.Name {
				continue
			}
			if prm.Kind != connector.Object {
				p.Reportf(prm, "The connection parameter '%s' must be an object with a 'type', not %s", prm.Key, prm.Kind)
				continue
			}
			propsCheckParamType(p, prm)
		}
	},
}

func propsCheckParamType(p *lint.Pass, prm *Node) {
	sub := strings.Contains(prm.Key, ":")
	allowed := propsParamTypes
	if sub {
		allowed = propsPrimitiveTypes()
	}
	typ := prm.Get("type")
	switch {
	case typ == nil && !sub:
		p.Report(lint.Diagnostic{Node: prm, AtKey: true, Message: fmt.Sprintf("The connection parameter '%s' has no 'type': set one of %s", prm.Key, quoteList(propsParamTypes))})
	case typ == nil:
	case !contains(allowed, typ.Str()):
		what := "The connection parameter type"
		if sub {
			what = "The sub-parameter type (primitive only)"
		}
		var fix *lint.Fix
		if want := foldFind(allowed, typ.Str()); want != "" {
			fix = lint.SetValue(typ, want)
		}
		p.Report(lint.Diagnostic{Node: typ, Fix: fix, Message: fmt.Sprintf("%s %s of '%s' is not valid: use one of %s%s", what, propsQuote(typ), prm.Key, quoteList(allowed), suggest(typ.Str(), allowed))})
		return
	}
	primitive := typ == nil || contains(propsPrimitiveTypes(), typ.Str())
	if dv := prm.Get("defaultValue"); dv != nil && primitive && !dv.IsString() {
		var fix *lint.Fix
		if dv.Kind == connector.Bool || dv.Kind == connector.Number && propsPlainNumber.MatchString(dv.Value) {
			fix = lint.SetValue(dv, dv.Value)
		}
		p.Report(lint.Diagnostic{Node: dv, Fix: fix, Message: fmt.Sprintf("'defaultValue' must be a string: write %q", dv.Value)})
	}
	for _, k := range []string{"defaultValue", "allowedValues"} {
		if c := prm.Get(k); c != nil && !primitive {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not valid on a '%s' parameter; only primitive parameters take it", k, typ.Str())})
		}
	}
	if c := prm.Get("oAuthSettings"); c != nil && typ.Str() != "oauthSetting" {
		p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'oAuthSettings' is only valid on a parameter of type 'oauthSetting', not %s", propsQuote(typ))})
	}
}

// propsPlainNumber is a number spelled the same in JSON and YAML, whose
// text is its value.
var propsPlainNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`)

// propsConstraintKinds are the JSON kinds of the uiDefinition constraints.
var propsConstraintKinds = []struct {
	Key     string
	Kind    connector.Kind
	Example string
}{
	{"required", connector.String, `"true"`}, {"hidden", connector.String, `"true"`},
	{"clearText", connector.Bool, "false"}, {"tabIndex", connector.Number, "2"},
	{"capability", connector.Array, `["cloud"]`}, {"allowedValues", connector.Array, `[{"value": "eu", "text": "Europe"}]`},
}

var connparamUIConstraintTypes = &lint.Rule{
	ID:      "connparam-ui-constraint-types",
	Level:   lint.Certification,
	Title:   "uiDefinition constraints: required and hidden are strings, clearText a boolean, tabIndex an integer",
	Source:  "catalog §1.11 connparam-ui-constraint-types; R-SCHEMA-AP; R-CORPUS; L-MULTI",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `In a connection parameter's "uiDefinition.constraints", "required" and "hidden" are
the strings "true" or "false", not booleans: Microsoft's schema rejects a boolean,
though accepted connectors carry some. "clearText" is a boolean, "tabIndex" (here or
directly under uiDefinition) an integer, "capability" an array of strings, and
"allowedValues" an array of {"value", "text"} objects. The constraints of
"` + propsTenantClaim.Name + `" are token-tenantid-claim-shape's.

Bad:

    "constraints": {"required": true, "hidden": "yes", "clearText": "false"}

Good:

    "constraints": {"required": "true", "hidden": "false", "clearText": false, "tabIndex": 2}

Fix: a boolean "required" or "hidden" becomes the string ("true" → "true"), "True"
is lower-cased, a "clearText" written "true" or "false" becomes the boolean, and a
"tabIndex" written as a string of digits becomes the integer.`,
	Check: func(p *lint.Pass) {
		for _, prm := range propsParams(p.Root) {
			if prm.Key == propsTenantClaim.Name {
				continue // token-tenantid-claim-shape checks its exact constraints
			}
			ui := prm.Get("uiDefinition")
			propsCheckTabIndex(p, ui.Get("tabIndex"))
			cons := ui.Get("constraints")
			if cons == nil || cons.Kind != connector.Object {
				if cons != nil {
					p.Reportf(cons, "'constraints' must be an object, not %s", cons.Kind)
				}
				continue
			}
			for _, c := range cons.Children {
				propsCheckConstraint(p, c)
			}
		}
	},
}

func propsCheckTabIndex(p *lint.Pass, n *Node) {
	if n != nil && (n.Kind != connector.Number || strings.ContainsAny(n.Value, ".eE")) {
		var fix *lint.Fix
		if i, err := strconv.Atoi(strings.TrimSpace(n.Str())); err == nil && n.IsString() && i >= 0 {
			fix = lint.SetValue(n, i)
		}
		p.Report(lint.Diagnostic{Node: n, Fix: fix, Message: fmt.Sprintf("'tabIndex' must be an integer, such as 2, not %s", propsQuote(n))})
	}
}

func propsCheckConstraint(p *lint.Pass, c *Node) {
	for _, want := range propsConstraintKinds {
		if c.Key != want.Key {
			continue
		}
		switch {
		case c.Key == "tabIndex":
			propsCheckTabIndex(p, c)
		case c.Kind == connector.Bool && want.Kind == connector.String:
			p.Report(lint.Diagnostic{Node: c, Fix: lint.SetValue(c, c.Value), Message: fmt.Sprintf("'%s' must be the string \"%s\", not the boolean %s: Microsoft's schema rejects a boolean here", c.Key, c.Value, c.Value)})
		case c.Kind != want.Kind:
			var fix *lint.Fix
			if want.Kind == connector.Bool && c.IsString() && (c.Value == "true" || c.Value == "false") {
				fix = lint.SetValue(c, c.Value == "true")
			}
			p.Report(lint.Diagnostic{Node: c, Fix: fix, Message: fmt.Sprintf("'%s' must be %s, such as %s, not %s", c.Key, propsKindName(want.Kind), want.Example, propsQuote(c))})
		case want.Kind == connector.String && c.Value != "true" && c.Value != "false":
			var fix *lint.Fix
			if low := strings.ToLower(c.Value); low == "true" || low == "false" {
				fix = lint.SetValue(c, low)
			}
			p.Report(lint.Diagnostic{Node: c, Fix: fix, Message: fmt.Sprintf("'%s' must be \"true\" or \"false\", not '%s'", c.Key, c.Value)})
		case c.Key == "capability":
			for _, it := range c.Children {
				if !it.IsString() {
					p.Reportf(it, "A 'capability' entry must be a string, not %s", it.Kind)
				}
			}
		case c.Key == "allowedValues":
			propsCheckAllowedValues(p, c)
		}
	}
}

func propsCheckAllowedValues(p *lint.Pass, av *Node) {
	for _, it := range av.Children {
		if it.Kind != connector.Object || !it.Get("value").IsString() {
			p.Reportf(it, "An 'allowedValues' entry must be an object with a string 'value' (and a 'text'), such as {\"value\": \"eu\", \"text\": \"Europe\"}")
			continue
		}
		if t := it.Get("text"); t != nil && !t.IsString() {
			p.Reportf(t, "'text' must be a string, not %s", t.Kind)
		}
	}
}

var tokenTenantIDClaimShape = &lint.Rule{
	ID:     "token-tenantid-claim-shape",
	Level:  lint.Certification,
	Title:  "The token:TenantId claim parameter has the one shape the schema admits",
	Source: "catalog §1.11 token-tenantid-claim-shape; R-SCHEMA-AP; R-CORPUS",
	Since:  since,
	Target: lint.Properties,
	Doc: `The "` + propsTenantClaim.Name + `" parameter passes the signed-in user's Microsoft Entra tenant. It
requires "type": "` + propsTenantClaim.Type + `", "metadata": {"sourceType": "` + propsTenantClaim.SourceType + `"} and a
"uiDefinition". In the uiDefinition, "constraints" is exactly {"hidden": "true",
"required": "false"}, "displayName" is "` + propsTenantClaim.DisplayName + `" and "description" is "` + propsTenantClaim.Description + `"
(sic); each may be left out, nothing else is admitted.

Bad:

    "token:TenantId": {"type": "string", "uiDefinition": {"constraints": {"hidden": true}}}

Good:

    "token:TenantId": {"type": "string", "metadata": {"sourceType": "AzureActiveDirectoryTenant"},
                       "uiDefinition": {"constraints": {"required": "false", "hidden": "true"}}}`,
	Check: func(p *lint.Pass) {
		for _, prm := range propsParams(p.Root) {
			if prm.Key != propsTenantClaim.Name {
				continue
			}
			if prm.Kind != connector.Object {
				p.Reportf(prm, "'%s' must be an object, not %s", prm.Key, prm.Kind)
				continue
			}
			propsCheckTenantClaim(p, prm)
		}
	},
}

func propsCheckTenantClaim(p *lint.Pass, prm *Node) {
	tc := propsTenantClaim
	var missing []string
	for _, k := range []string{"type", "metadata", "uiDefinition"} {
		if !prm.Has(k) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		p.Report(lint.Diagnostic{Node: prm, AtKey: true, Message: fmt.Sprintf("'%s' requires %s: add \"type\": \"%s\", \"metadata\": {\"sourceType\": \"%s\"} and a uiDefinition with \"constraints\": {\"hidden\": \"true\", \"required\": \"false\"}", tc.Name, quoteList(missing), tc.Type, tc.SourceType)})
	}
	for _, c := range prm.Children {
		switch c.Key {
		case "type":
			if c.Str() != tc.Type {
				p.Reportf(c, "The type of '%s' must be \"%s\", not %s", tc.Name, tc.Type, propsQuote(c))
			}
		case "metadata":
			if c.Kind != connector.Object || c.Len() != 1 || c.Get("sourceType").Str() != tc.SourceType {
				p.Reportf(c, "The metadata of '%s' must be exactly {\"sourceType\": \"%s\"}", tc.Name, tc.SourceType)
			}
		case "uiDefinition":
			propsCheckTenantUI(p, c)
		default:
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not valid on '%s', which admits only type, metadata and uiDefinition", c.Key, tc.Name)})
		}
	}
}

func propsCheckTenantUI(p *lint.Pass, ui *Node) {
	tc := propsTenantClaim
	if ui.Kind != connector.Object {
		p.Reportf(ui, "The uiDefinition of '%s' must be an object, not %s", tc.Name, ui.Kind)
		return
	}
	fixed := map[string]string{"displayName": tc.DisplayName, "description": tc.Description}
	for _, c := range ui.Children {
		want, isFixed := fixed[c.Key]
		switch {
		case c.Key == "constraints":
			if !propsIsConstraints(c, tc.Constraints) {
				p.Reportf(c, "The constraints of '%s' must be exactly {\"hidden\": \"true\", \"required\": \"false\"} (strings)", tc.Name)
			}
		case isFixed && c.Str() != want:
			p.Reportf(c, "The %s of '%s' must be \"%s\" (the schema admits only that value), or be left out", c.Key, tc.Name, want)
		case !isFixed:
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not valid in the uiDefinition of '%s', which admits only constraints, displayName and description", c.Key, tc.Name)})
		}
	}
}

func propsIsConstraints(n *Node, want map[string]string) bool {
	if n.Kind != connector.Object || n.Len() != len(want) {
		return false
	}
	for k, v := range want {
		if !n.Get(k).IsString() || n.Get(k).Value != v {
			return false
		}
	}
	return true
}

var oauthIdentityProvider = &lint.Rule{
	ID:      "oauth-identity-provider",
	Level:   lint.Guidance,
	Title:   "oAuthSettings.identityProvider is set, preferably to a documented provider id",
	Source:  "catalog §1.11 oauth-identity-provider; R-SCHEMA-AP (+ tests); L-FAQ; L-CONN; R-CORPUS",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `"identityProvider" is required in oAuthSettings. Microsoft's schema documents
` + quoteList(propsIdentityProviders) + `. The product has more provider ids (the portal
lists GitHub, Dropbox, Salesforce, Google and others; accepted connectors use
"DocuSign"), which the schema rejects, so an unknown id is reported softly: check
it against the portal's Identity provider list. A documented id in another case
("AAD") is reported too.

Bad:

    "oAuthSettings": {"identityProvider": "AzureAD", ...}

Good:

    "oAuthSettings": {"identityProvider": "aad", ...}

Fix: a documented id written in another case is lower-cased ("AAD" → "aad"). Other
ids are left alone.`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			idp := s.Get("identityProvider")
			switch {
			case idp == nil:
				p.Report(lint.Diagnostic{Node: s, AtKey: true, Message: fmt.Sprintf("'identityProvider' is required in oAuthSettings: set one of %s", quoteList(propsIdentityProviders))})
			case !idp.IsString() || idp.Value == "":
				p.Reportf(idp, "'identityProvider' must be a provider id such as 'oauth2' or 'aad', not %s", propsQuote(idp))
			case contains(propsIdentityProviders, idp.Value):
			case foldFind(propsIdentityProviders, idp.Value) != "":
				p.Report(lint.Diagnostic{Node: idp, Fix: lint.SetValue(idp, foldFind(propsIdentityProviders, idp.Value)), Message: fmt.Sprintf("The identity provider '%s' should be written '%s'", idp.Value, foldFind(propsIdentityProviders, idp.Value))})
			default:
				p.Reportf(idp, "'%s' is not one of the documented identity providers (%s), and Microsoft's schema rejects it; check it against the portal's Identity provider list, or use 'oauth2' for a generic OAuth 2.0 service%s",
					idp.Value, quoteList(propsIdentityProviders), suggest(idp.Value, propsIdentityProviders))
			}
		}
	},
}

var oauthRedirectMode = &lint.Rule{
	ID:     "oauth-redirect-mode",
	Level:  lint.Certification,
	Title:  "OAuth connectors use redirectMode " + propsRedirect.Required + " (per-connector redirect URI)",
	Source: "catalog §1.11 oauth-redirect-mode, §2.3, §2.4; L-OVW; R-SCHEMA-AP @7e2d88f; PR#3035; PR#3162",
	Enforced: "reviewers ask certification submissions to change redirectMode from Global to GlobalPerConnector and drop redirectUrl, citing the certification-submission page " +
		"(microsoft/PowerPlatformConnectors PR#3162 2024-02-21, PR#3255 2024-02-23 and 2024-02-27); the connectors still on Global in the public repository were accepted before that requirement",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `"redirectMode" is one of ` + quoteList(propsRedirect.Modes) + `. "` + propsRedirect.Required + `" gives the
connector its own redirect URI (` + propsRedirect.PerURI + `); "` + propsRedirect.Legacy + `" is the shared
` + propsRedirect.Shared + ` that Microsoft retired: "Existing OAuth 2.0 connectors must be
updated to use a per-connector redirect URI before ` + propsRedirect.Deadline + `", and certified
and independent publisher OAuth connectors must use "` + propsRedirect.Required + `".

To migrate: in the portal, Security tab, check "Update to unique redirect URL" (or
set "redirectMode": "` + propsRedirect.Required + `"), save, then register the new per-connector
redirect URI shown there in the app registration of your identity provider, or
sign-in fails with "The redirect_uri doesn't match the client registered
redirect_uri".

Bad:

    "redirectMode": "Global",
    "redirectUrl": "https://global.consent.azure-apim.net/redirect"

Good:

    "redirectMode": "GlobalPerConnector"

Fix (only with ` + "`ppconn fix --unsafe`" + `): "Global", or a missing redirectMode, becomes
"` + propsRedirect.Required + `", and a redirectUrl that is still the shared legacy URI is removed
(the platform writes the per-connector one when the connector is saved). Unsafe
because sign-in fails until the new redirect URI is registered with the identity
provider: the fix says so. A mode written in another case is spelled as documented,
without --unsafe, unless that spelling is "Global".`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			rm := s.Get("redirectMode")
			switch {
			case rm == nil:
				p.Report(lint.Diagnostic{Node: s, AtKey: true, Fix: propsRedirectFix(s, nil), Message: fmt.Sprintf("oAuthSettings has no 'redirectMode': certification requires \"redirectMode\": \"%s\", a per-connector redirect URI; set it and register %s in the app registration", propsRedirect.Required, propsRedirect.PerURI)})
			case !contains(propsRedirect.Modes, rm.Str()):
				var fix *lint.Fix
				switch want := foldFind(propsRedirect.Modes, rm.Str()); want {
				case "":
				case propsRedirect.Legacy:
					fix = propsRedirectFix(s, rm)
				default:
					fix = lint.SetValue(rm, want)
				}
				p.Report(lint.Diagnostic{Node: rm, Fix: fix, Message: fmt.Sprintf("redirectMode %s is not valid: use '%s' (one of %s)%s", propsQuote(rm), propsRedirect.Required, quoteList(propsRedirect.Modes), suggest(rm.Str(), propsRedirect.Modes))})
			case rm.Value == propsRedirect.Legacy:
				p.Report(lint.Diagnostic{Node: rm, Fix: propsRedirectFix(s, rm), Message: fmt.Sprintf("redirectMode 'Global' uses the shared redirect URI %s, which Microsoft retired: OAuth connectors had to move to a per-connector redirect URI before %s, and certification requires \"%s\". Set \"redirectMode\": \"%s\" (Security tab: \"Update to unique redirect URL\"), save, then register the per-connector redirect URI %s (shown on the Security tab) in the app registration",
					propsRedirect.Shared, propsRedirect.Deadline, propsRedirect.Required, propsRedirect.Required, propsRedirect.PerURI)})
			case rm.Value != propsRedirect.Required:
				p.Reportf(rm, "redirectMode '%s': certified and independent publisher OAuth connectors must use \"%s\", with the per-connector redirect URI %s registered in the app registration", rm.Value, propsRedirect.Required, propsRedirect.PerURI)
			}
		}
	},
}

// propsRedirectFix moves oAuthSettings s to the per-connector redirect
// URI: redirectMode rm (nil: missing) becomes GlobalPerConnector and a
// legacy redirectUrl is removed. Unsafe: the new URI must be registered.
func propsRedirectFix(s, rm *Node) *lint.Fix {
	fix := lint.AddMember(s, "redirectMode", propsRedirect.Required)
	if rm != nil {
		fix = lint.SetValue(rm, propsRedirect.Required)
	}
	if u := s.Get("redirectUrl"); u.IsString() && propsRedirect.LegacyURL.MatchString(u.Value) {
		fix.And(lint.Remove(u))
	}
	fix.Unsafe = true
	fix.Note = fmt.Sprintf("register the per-connector redirect URI %s (shown on the Security tab once the connector is saved) in the app registration of the identity provider, or sign-in fails", propsRedirect.PerURI)
	return fix
}

var oauthRedirectURL = &lint.Rule{
	ID:     "oauth-redirect-url",
	Level:  lint.Certification,
	Title:  "redirectUrl is a URI, and per-connector with GlobalPerConnector",
	Source: "catalog §1.11 oauth-redirect-url, §2.4; L-CERT §3e; L-AAD; R-EX-LH; R-CORPUS",
	Since:  since,
	Target: lint.Properties,
	Doc: `"redirectUrl" is an absolute URI. With "redirectMode": "` + propsRedirect.Required + `" the platform
generates ` + propsRedirect.PerURI + ` (the encoded connector name); a file that still
says the bare legacy ` + propsRedirect.Shared + ` (or a regional one such as
https://europe-001.consent.azure-apim.net/redirect) was not updated, and the app
registration may still list the old URI. The URI exists only once the connector is
saved: copy it from the Security tab, or leave redirectUrl out and let the platform
write it. With "Global", oauth-redirect-mode reports the migration.

Bad:

    "redirectMode": "GlobalPerConnector",
    "redirectUrl": "https://global.consent.azure-apim.net/redirect"

Good:

    "redirectMode": "GlobalPerConnector",
    "redirectUrl": "https://global.consent.azure-apim.net/redirect/contoso"`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			u := s.Get("redirectUrl")
			switch {
			case u == nil || u.Kind == connector.Null:
			case !secAbsoluteURL(u.Str()):
				p.Reportf(u, "'redirectUrl' must be an absolute URI, not %s; leave it out and the platform writes it", propsQuote(u))
			case s.Get("redirectMode").Str() == propsRedirect.Required && propsRedirect.LegacyURL.MatchString(u.Value):
				p.Reportf(u, "With redirectMode '%s' the redirect URI is per connector (%s), but redirectUrl is still the shared legacy '%s': copy the connector's URI from the Security tab (or remove redirectUrl) and register it in the app registration", propsRedirect.Required, propsRedirect.PerURI, u.Value)
			}
		}
	},
}

var oauthPropertiesIsFirstParty = &lint.Rule{
	ID:      "oauth-properties-isfirstparty",
	Level:   lint.Certification,
	Title:   "oAuthSettings.properties has IsFirstParty as the string \"True\" or \"False\"",
	Source:  "catalog §1.11 oauth-properties-isfirstparty; R-SCHEMA-AP",
	Since:   since,
	Target:  lint.Properties,
	Fixable: true,
	Doc: `When oAuthSettings has "properties", it must hold "IsFirstParty", the string
` + quoteList(propsIsFirstParty) + ` (not a boolean). The "aadcertificate" provider is for
first-party applications only: it requires "properties" with "IsFirstParty": "True".

Bad:

    "properties": {"IsFirstParty": false}

Good:

    "properties": {"IsFirstParty": "False"}

Fix: a boolean becomes the string (false → "False"), and "true" or "FALSE" is
spelled "True" or "False".`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			props := s.Get("properties")
			cert := propsProvider(s) == "aadcertificate"
			switch {
			case props == nil && cert:
				p.Report(lint.Diagnostic{Node: s, AtKey: true, Message: "The 'aadcertificate' identity provider requires \"properties\": {\"IsFirstParty\": \"True\"}: it is for first-party applications only"})
			case props == nil:
			case props.Kind != connector.Object:
				p.Reportf(props, "oAuthSettings 'properties' must be an object with \"IsFirstParty\", not %s", props.Kind)
			case props.Get("IsFirstParty") == nil:
				p.Report(lint.Diagnostic{Node: props, AtKey: true, Message: "'IsFirstParty' is required in oAuthSettings 'properties': add \"IsFirstParty\": \"False\" (\"True\" only for Microsoft first-party applications)"})
			default:
				propsCheckIsFirstParty(p, props.Get("IsFirstParty"), cert)
			}
		}
	},
}

func propsCheckIsFirstParty(p *lint.Pass, v *Node, cert bool) {
	switch {
	case v.Kind == connector.Bool:
		p.Report(lint.Diagnostic{Node: v, Fix: lint.SetValue(v, foldFind(propsIsFirstParty, v.Value)), Message: fmt.Sprintf("'IsFirstParty' must be the string \"%s\", not the boolean %s", foldFind(propsIsFirstParty, v.Value), v.Value)})
	case !contains(propsIsFirstParty, v.Str()):
		var fix *lint.Fix
		if want := foldFind(propsIsFirstParty, v.Str()); want != "" {
			fix = lint.SetValue(v, want)
		}
		p.Report(lint.Diagnostic{Node: v, Fix: fix, Message: fmt.Sprintf("'IsFirstParty' must be %s, not %s%s", quoteList(propsIsFirstParty), propsQuote(v), suggest(v.Str(), propsIsFirstParty))})
	case cert && v.Value != "True":
		p.Reportf(v, "The 'aadcertificate' identity provider is for first-party applications only: 'IsFirstParty' must be \"True\"")
	}
}

var oauthNoSecrets = &lint.Rule{
	ID:        "oauth-no-secrets-in-repo",
	Sensitive: true,
	Level:     lint.Certification,
	Title:     "No client secret in apiProperties.json",
	Source:    "catalog §1.11 oauth-no-secrets-in-repo; R-README; PR#611; R-PACONN (upsert.py)",
	Since:     since,
	Target:    lint.Properties,
	Doc: `Don't commit a real client secret: apiProperties.json goes into repositories and
certification pull requests. paconn takes the secret at create time ("--secret"),
and the portal keeps it out of downloads. Reported: a "clientSecret" with a value
that is not an obvious placeholder, and any value shaped like a Microsoft Entra ID
client secret (the "…Q~…" format, or a 34 to 40 character random string with a
'~'). ppconn never prints more than the first three characters of such a value. If
a real secret was committed, rotate it in the app registration: removing it from
the file does not remove it from history.

Bad:

    "clientSecret": "aB3…"

Good:

    "clientSecret": null, or no clientSecret, or "[[DummyValue]]"`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		for _, s := range propsOAuthSettings(p.Root) {
			for _, c := range s.Children {
				if strings.EqualFold(c.Key, "clientSecret") && c.IsString() && !connector.IsPlaceholder(c.Value) {
					seen[c] = true
					p.Reportf(c, "'%s' holds a value %s: don't commit client secrets; remove it (paconn takes it with --secret, the portal on the Security tab) and, if it is real, rotate it in the app registration", c.Key, secret.Describe(c.Value))
				}
			}
		}
		p.Root.Walk(func(n *Node) bool {
			if n.IsString() && !seen[n] && secret.IsEntraSecret(n.Value) {
				p.Reportf(n, "This value %s holds what looks like a Microsoft Entra ID client secret: don't commit secrets; remove it and, if it is real, rotate it in the app registration", secret.Describe(n.Value))
			}
			return true
		})
	},
}

var oauth2CustomParameters = &lint.Rule{
	ID:     "oauth2-custom-parameters",
	Level:  lint.Certification,
	Title:  "Generic OAuth 2.0 customParameters: only the documented keys, each {\"value\": ...}",
	Source: "catalog §1.11 oauth2-custom-parameters; R-SCHEMA-AP",
	Since:  since,
	Target: lint.Properties,
	Doc: `With "identityProvider": "oauth2", "customParameters" admits only
` + quoteList(propsCustomParams["oauth2"]) + `, each {"value": "<absolute URL>"}. With "oauth2generic",
the template keys (` + quoteList(propsCustomParams["oauth2generic"]) + `) are
{"value": "<string>"}; the schema leaves other keys free for this provider. Keys
are compared without regard to case: certified connectors write "RefreshUrl" and
sign in fine.

Bad:

    "customParameters": {"authorizationUrl": "https://login.contoso.com/authorize", "clientId": {...}}

Good:

    "customParameters": {"authorizationUrl": {"value": "https://login.contoso.com/authorize"},
                         "tokenUrl": {"value": "https://login.contoso.com/token"},
                         "refreshUrl": {"value": "https://login.contoso.com/token"}}`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			idp := propsProvider(s)
			cp := s.Get("customParameters")
			if (idp != "oauth2" && idp != "oauth2generic") || cp == nil {
				continue
			}
			if cp.Kind != connector.Object {
				p.Reportf(cp, "'customParameters' must be an object, not %s", cp.Kind)
				continue
			}
			known := propsCustomParams[idp]
			for _, c := range cp.Children {
				switch {
				case foldFind(known, c.Key) != "":
					// Case-insensitive, as for AAD: certified connectors write
					// "RefreshUrl" and sign in fine.
					propsCheckCustomValue(p, c, idp == "oauth2")
				case idp == "oauth2":
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not a custom parameter of the 'oauth2' identity provider, which admits only %s%s", c.Key, quoteList(known), suggest(c.Key, known))})
				}
			}
		}
	},
}

// propsCheckCustomValue checks that a custom parameter is {"value": string}
// (null is tolerated, as Microsoft's samples write it), an absolute URL
// when url is set.
func propsCheckCustomValue(p *lint.Pass, c *Node, url bool) {
	v := c.Get("value")
	switch {
	case c.Kind != connector.Object || v == nil:
		p.Reportf(c, "The custom parameter '%s' must be an object {\"value\": ...}, not %s", c.Key, propsQuote(c))
	case v.Kind == connector.Null:
	case !v.IsString():
		p.Reportf(v, "The value of '%s' must be a string, not %s", c.Key, v.Kind)
	case url && !secAbsoluteURL(v.Value) && !connector.IsPlaceholder(v.Value):
		p.Reportf(v, "The value of '%s' must be an absolute URL, not '%s'", c.Key, v.Value)
	}
}

var aadCustomParameters = &lint.Rule{
	ID:     "aad-custom-parameters",
	Level:  lint.Certification,
	Title:  "Microsoft Entra ID customParameters: the known keys, with resourceUri",
	Source: "catalog §1.11 aad-custom-parameters, §2.2; R-SCHEMA-AP; R-EX-LH; R-CORPUS",
	Since:  since,
	Target: lint.Properties,
	Doc: `With "identityProvider": "aad", "customParameters" admits ` + quoteList(propsCustomParams["aad"]) + `
("aadcertificate": ` + quoteList(propsCustomParams["aadcertificate"]) + `), each {"value": ...}.
Keys are compared ignoring case: Microsoft's own files write "LoginUri" and
"ResourceUri". "resourceUri" is required, unless "properties" carries
"AzureActiveDirectoryResourceId" (one Microsoft-written file relies on it).

Bad:

    "customParameters": {"loginUri": {"value": "https://login.microsoftonline.com"}, "scope": {...}}

Good:

    "customParameters": {"loginUri": {"value": "https://login.microsoftonline.com"},
                         "tenantId": {"value": "common"},
                         "resourceUri": {"value": "https://graph.microsoft.com"}}`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			known, ok := propsCustomParams[propsProvider(s)]
			if !ok || !strings.HasPrefix(propsProvider(s), "aad") {
				continue
			}
			cp := s.Get("customParameters")
			if cp != nil && cp.Kind != connector.Object {
				p.Reportf(cp, "'customParameters' must be an object, not %s", cp.Kind)
				continue
			}
			for _, c := range cp.List() {
				if foldFind(known, c.Key) == "" {
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not a custom parameter of the '%s' identity provider, which admits %s%s", c.Key, propsProvider(s), quoteList(known), suggest(c.Key, known))})
				} else {
					propsCheckCustomValue(p, c, false)
				}
			}
			if cp.GetFold("resourceUri") == nil && s.At("properties", "AzureActiveDirectoryResourceId").Str() == "" {
				at := cp
				if at == nil {
					at = s
				}
				p.Report(lint.Diagnostic{Node: at, AtKey: true, Message: "Microsoft Entra ID settings require the resource: add \"resourceUri\": {\"value\": \"https://graph.microsoft.com\"} (the Resource URL of the Security tab) to customParameters"})
			}
		}
	},
}

var aadValues = &lint.Rule{
	ID:     "aad-values",
	Level:  lint.Guidance,
	Title:  "Microsoft Entra ID settings hold values of the right form",
	Source: "catalog §1.11 aad-values, §2.2; R-EX-LH; R-EX-AKV; R-CORPUS",
	Since:  since,
	Target: lint.Properties,
	Doc: `For "identityProvider": "aad" (or "aadcertificate"):

- loginUri is a Microsoft Entra sign-in endpoint: ` + quoteList(connector.EntraLoginURIs) + `;
- tenantId is ` + quoteList(connector.EntraTenantWords) + `, a tenant GUID or a tenant domain;
- properties.IsOnbehalfofLoginSupported is a JSON boolean, while
  customParameters.enableOnbehalfOfLogin.value is the string "true" or "false";
- properties.AzureActiveDirectoryResourceId equals customParameters.resourceUri.value
  (both come from the Resource URL field, and its trailing slash matters).

Placeholders such as "[[RESOURCE_ID]]" are left alone.

Bad:

    "properties": {"IsOnbehalfofLoginSupported": "true", "AzureActiveDirectoryResourceId": "https://graph.microsoft.com/"},
    "customParameters": {"resourceUri": {"value": "https://graph.microsoft.com"}}

Good:

    "properties": {"IsOnbehalfofLoginSupported": true, "AzureActiveDirectoryResourceId": "https://graph.microsoft.com"},
    "customParameters": {"resourceUri": {"value": "https://graph.microsoft.com"}}`,
	Check: func(p *lint.Pass) {
		for _, s := range propsOAuthSettings(p.Root) {
			if !strings.HasPrefix(propsProvider(s), "aad") {
				continue
			}
			cp := s.Get("customParameters")
			propsCheckLoginURI(p, cp.GetFold("loginUri").Get("value"))
			propsCheckTenant(p, cp.GetFold("tenantId").Get("value"))
			if v := s.At("properties", "IsOnbehalfofLoginSupported"); v != nil && v.Kind != connector.Bool {
				p.Reportf(v, "'IsOnbehalfofLoginSupported' is a JSON boolean (true or false), not %s", propsQuote(v))
			}
			if v := cp.GetFold("enableOnbehalfOfLogin").Get("value"); v != nil && v.Str() != "true" && v.Str() != "false" {
				p.Reportf(v, "The value of 'enableOnbehalfOfLogin' is the string \"true\" or \"false\", not %s", propsQuote(v))
			}
			propsCheckResourceMatch(p, s, cp)
		}
	},
}

func propsCheckLoginURI(p *lint.Pass, v *Node) {
	if v == nil || v.Kind == connector.Null || (v.IsString() && connector.IsPlaceholder(v.Value)) {
		return
	}
	if foldFind(connector.EntraLoginURIs, strings.TrimSuffix(v.Str(), "/")) == "" {
		p.Reportf(v, "loginUri %s is not a Microsoft Entra sign-in endpoint: use %s (or the endpoint of your sovereign cloud: %s)", propsQuote(v), connector.EntraLoginURIs[0], quoteList(connector.EntraLoginURIs[2:]))
	}
}

func propsCheckTenant(p *lint.Pass, v *Node) {
	if v == nil || v.Kind == connector.Null {
		return
	}
	if !v.IsString() || !connector.IsEntraTenant(v.Value) {
		p.Reportf(v, "tenantId %s is not a tenant: use 'common' (any organization), a tenant GUID or a tenant domain such as 'contoso.onmicrosoft.com'", propsQuote(v))
	}
}

func propsCheckResourceMatch(p *lint.Pass, s, cp *Node) {
	id := s.At("properties", "AzureActiveDirectoryResourceId")
	uri := cp.GetFold("resourceUri").Get("value")
	if !id.IsString() || !uri.IsString() || id.Value == "" || uri.Value == "" ||
		connector.IsPlaceholder(id.Value) || connector.IsPlaceholder(uri.Value) || id.Value == uri.Value {
		return
	}
	p.Reportf(id, "AzureActiveDirectoryResourceId '%s' differs from customParameters.resourceUri '%s': both come from the Resource URL, whose trailing slash matters; make them equal", id.Value, uri.Value)
}

// propsSetKeys are the keys of a parameter set. "metadata" (such as
// {"allowSharing": false}) is not in Microsoft's schema, but certified
// connectors carry it and the platform reads it.
var propsSetKeys = []string{"name", "uiDefinition", "parameters", "metadata"}

// propsSetUIKeys are the keys of a connectionParameterSets uiDefinition.
var propsSetUIKeys = []string{"displayName", "displayname", "description"}

var multiAuthShape = &lint.Rule{
	ID:     "multi-auth-shape",
	Level:  lint.Certification,
	Title:  "connectionParameterSets has the multi-auth shape",
	Source: "catalog §1.11 multi-auth-shape; L-MULTI; R-SCHEMA-AP @7e2d88f (+ tests)",
	Since:  since,
	Target: lint.Properties,
	Doc: `"connectionParameterSets" (multi-auth) is {"uiDefinition"?, "values": [...]} and
nothing else. Each value is {"name": <non-empty string>, "uiDefinition"?,
"parameters": <same shape as connectionParameters>, "metadata"?} and nothing else
("metadata", such as {"allowSharing": false}, is missing from Microsoft's schema,
but certified connectors use it). A
uiDefinition holds only ` + quoteList(propsSetUIKeys) + ` (strings; both spellings appear in
Microsoft's examples). Multi-auth is not supported by the portal wizard: use paconn
or pac connector.

Bad:

    "connectionParameterSets": {"values": [{"parameters": {...}}], "displayName": "Auth"}

Good:

    "connectionParameterSets": {
        "uiDefinition": {"displayName": "Authentication type", "description": "How to sign in."},
        "values": [{"name": "api-key", "uiDefinition": {...}, "parameters": {...}}]}`,
	Check: func(p *lint.Pass) {
		sets := propsObject(p.Root).Get("connectionParameterSets")
		switch {
		case sets == nil:
			return
		case sets.Kind != connector.Object:
			p.Reportf(sets, "'connectionParameterSets' must be an object {\"values\": [...]}, not %s", sets.Kind)
			return
		}
		propsCheckKeys(p, sets, []string{"uiDefinition", "values"}, "connectionParameterSets")
		propsCheckSetUI(p, sets.Get("uiDefinition"))
		vals := sets.Get("values")
		switch {
		case vals == nil:
			p.Report(lint.Diagnostic{Node: sets, AtKey: true, Message: "'values' is required in connectionParameterSets: list the authentication alternatives"})
		case vals.Kind != connector.Array:
			p.Reportf(vals, "'values' must be an array of parameter sets, not %s", vals.Kind)
		default:
			for _, v := range vals.Children {
				propsCheckSet(p, v)
			}
		}
	},
}

func propsCheckKeys(p *lint.Pass, n *Node, allowed []string, where string) {
	for _, c := range n.Children {
		if !contains(allowed, c.Key) {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not valid in %s, which admits only %s%s", c.Key, where, quoteList(allowed), suggest(c.Key, allowed))})
		}
	}
}

func propsCheckSet(p *lint.Pass, v *Node) {
	if v.Kind != connector.Object {
		p.Reportf(v, "A parameter set must be an object {\"name\", \"parameters\"}, not %s", v.Kind)
		return
	}
	propsCheckKeys(p, v, propsSetKeys, "a parameter set")
	switch name := v.Get("name"); {
	case name == nil:
		p.Report(lint.Diagnostic{Node: v, AtKey: true, Message: "A parameter set requires a 'name', such as \"api-key\""})
	case !name.IsString() || name.Value == "":
		p.Reportf(name, "The 'name' of a parameter set must be a non-empty string, not %s", propsQuote(name))
	}
	switch ps := v.Get("parameters"); {
	case ps == nil:
		p.Report(lint.Diagnostic{Node: v, AtKey: true, Message: "A parameter set requires 'parameters', an object like connectionParameters"})
	case ps.Kind != connector.Object:
		p.Reportf(ps, "The 'parameters' of a parameter set must be an object like connectionParameters, not %s", ps.Kind)
	}
	propsCheckSetUI(p, v.Get("uiDefinition"))
}

func propsCheckSetUI(p *lint.Pass, ui *Node) {
	if ui == nil {
		return
	}
	if ui.Kind != connector.Object {
		p.Reportf(ui, "'uiDefinition' must be an object with displayName and description, not %s", ui.Kind)
		return
	}
	propsCheckKeys(p, ui, propsSetUIKeys, "this uiDefinition")
	for _, c := range ui.Children {
		if contains(propsSetUIKeys, c.Key) && !c.IsString() {
			p.Reportf(c, "'%s' must be a string, not %s", c.Key, c.Kind)
		}
	}
}

var scriptOperationsShape = &lint.Rule{
	ID:     "script-operations",
	Level:  lint.Certification,
	Title:  "scriptOperations is an array of operationIds, or null",
	Source: "catalog §1.11 script-operations; L-PACONN; R-SCHEMA-AP @7e2d88f (+ tests)",
	Since:  since,
	Target: lint.Properties,
	Doc: `"scriptOperations" lists the operationIds that run through the custom code
(script.csx): an array of strings, where [] means all operations, or null (what pac
connector init writes). Anything else is a schema error.

Bad:

    "scriptOperations": "GetTeam"

Good:

    "scriptOperations": ["GetTeam"]`,
	Check: func(p *lint.Pass) {
		so := propsObject(p.Root).Get("scriptOperations")
		switch {
		case so == nil || so.Kind == connector.Null:
		case so.Kind != connector.Array:
			p.Reportf(so, "'scriptOperations' must be an array of operationIds (or null), not %s%s", so.Kind, propsListFix(so))
		default:
			for _, it := range so.Children {
				if !it.IsString() {
					p.Reportf(it, "A 'scriptOperations' entry must be an operationId string, not %s", it.Kind)
				}
			}
		}
	},
}

// propsListFix suggests the array form of a lone string.
func propsListFix(n *Node) string {
	if n.IsString() {
		return fmt.Sprintf(": write [%q]", n.Value)
	}
	return ""
}

// propsTemplateInstances returns the policy template instances.
func propsTemplateInstances(root *Node) []*Node {
	pti := propsObject(root).Get("policyTemplateInstances")
	if pti == nil || pti.Kind != connector.Array {
		return nil
	}
	return pti.Children
}

var policyTemplateIDs = &lint.Rule{
	ID:     "policy-template-ids",
	Level:  lint.Certification,
	Title:  "Policy template instances name a documented templateId",
	Source: "catalog §1.11 policy-template-ids; R-SCHEMA-AP; R-CORPUS",
	Since:  since,
	Target: lint.Properties,
	Doc: `Each "policyTemplateInstances" entry is an object with a "templateId" among the
documented templates (` + quoteList(propsTemplateIDs()) + `), in one of their documented
spellings (for example "setheader", "SetHeader", "setHeader"), and an optional
string "title". Accepted connectors also use the undocumented ` + quoteList(propsUndocumentedTemplates) + `:
they are reported as such.

Bad:

    {"templateId": "sethttpheader", "title": "Add the API version"}

Good:

    {"templateId": "setheader", "title": "Add the API version", "parameters": {...}}`,
	Check: func(p *lint.Pass) {
		if pti := propsObject(p.Root).Get("policyTemplateInstances"); pti != nil && pti.Kind != connector.Array {
			p.Reportf(pti, "'policyTemplateInstances' must be an array, not %s", pti.Kind)
		}
		for _, inst := range propsTemplateInstances(p.Root) {
			if inst.Kind != connector.Object {
				p.Reportf(inst, "A policy template instance must be an object with a 'templateId', not %s", inst.Kind)
				continue
			}
			propsCheckTemplateID(p, inst)
			if t := inst.Get("title"); t != nil && !t.IsString() {
				p.Reportf(t, "The policy 'title' must be a string, not %s", t.Kind)
			}
		}
	},
}

func propsCheckTemplateID(p *lint.Pass, inst *Node) {
	id := inst.Get("templateId")
	switch {
	case id == nil:
		p.Report(lint.Diagnostic{Node: inst, AtKey: true, Message: fmt.Sprintf("A policy template instance requires a 'templateId', one of %s", quoteList(propsTemplateIDs()))})
		return
	case !id.IsString() || id.Value == "":
		p.Reportf(id, "'templateId' must be a template id such as 'setheader', not %s", propsQuote(id))
		return
	}
	t := propsTemplateOf(id.Value)
	switch {
	case t != nil && !contains(t.Names, id.Value):
		p.Reportf(id, "The templateId '%s' is not a documented spelling: write %s", id.Value, quoteList(t.Names))
	case t != nil:
	case foldFind(propsUndocumentedTemplates, id.Value) != "":
		p.Reportf(id, "The policy template '%s' is undocumented: Microsoft may change or remove it; prefer a documented template (%s) or custom code", id.Value, quoteList(propsTemplateIDs()))
	default:
		p.Reportf(id, "'%s' is not a policy template: use one of %s%s", id.Value, quoteList(propsTemplateIDs()), suggest(strings.ToLower(id.Value), propsTemplateIDs()))
	}
}

var policyTemplateRequiredParams = &lint.Rule{
	ID:     "policy-template-required-params",
	Level:  lint.Certification,
	Title:  "Policy template instances carry their required parameters, with allowed values",
	Source: "catalog §1.11 policy-template-required-params; R-SCHEMA-AP",
	Since:  since,
	Target: lint.Properties,
	Doc: `Each template requires some parameters, every one prefixed "` + propsParamPrefix + `", and
some parameters take fixed values. "` + propsOpNames + `" (the operations the policy
applies to) is an array of strings. Required parameters and allowed values:

` + propsTemplatesDoc() + `
Bad:

    {"templateId": "setheader", "parameters": {"x-ms-apimTemplateParameter.name": "api-version"}}

Good:

    {"templateId": "setheader", "parameters": {"x-ms-apimTemplateParameter.name": "api-version",
        "x-ms-apimTemplateParameter.value": "2024-01-01", "x-ms-apimTemplateParameter.existsAction": "override"}}`,
	Check: func(p *lint.Pass) {
		for _, inst := range propsTemplateInstances(p.Root) {
			t := propsTemplateOf(inst.Get("templateId").Str())
			if t == nil {
				continue
			}
			params := inst.Get("parameters")
			if params != nil && params.Kind != connector.Object {
				p.Reportf(params, "The policy 'parameters' must be an object, not %s", params.Kind)
				continue
			}
			propsCheckTemplateParams(p, inst, params, t)
		}
	},
}

func propsCheckTemplateParams(p *lint.Pass, inst, params *Node, t *propsTemplate) {
	var missing []string
	for _, r := range t.Required {
		if !params.Has(propsParamPrefix + r) {
			missing = append(missing, propsParamPrefix+r)
		}
	}
	if len(missing) > 0 {
		at := params
		if at == nil {
			at = inst
		}
		p.Report(lint.Diagnostic{Node: at, AtKey: true, Message: fmt.Sprintf("The '%s' policy requires %s", t.Names[0], quoteList(missing))})
	}
	for key, allowed := range t.Enums {
		if v := params.Get(key); v != nil && !contains(allowed, v.Str()) {
			p.Reportf(v, "'%s' must be one of %s, not %s%s", key, quoteList(allowed), propsQuote(v), suggest(v.Str(), allowed))
		}
	}
	if ops := params.Get(propsOpNames); ops != nil && (ops.Kind != connector.Array || len(stringItems(ops)) != ops.Len()) {
		p.Reportf(ops, "'%s' must be an array of operationId strings", propsOpNames)
	}
}

// propsURLCall matches a function call in a dynamichosturl template.
var propsURLCall = regexp.MustCompile(`@([A-Za-z_]\w*)\(`)

var dynamicHostURLNoGateway = &lint.Rule{
	ID:     "dynamichosturl-no-gateway",
	Level:  lint.Guidance,
	Title:  "dynamichosturl: no gateway, and only connectionParameters, headers and queryParameters in the template",
	Source: "catalog §1.11 dynamichosturl-no-gateway; L-POL",
	Since:  since,
	Target: lint.Properties,
	Doc: `The dynamichosturl policy ("Set host URL") does not support gateway URLs, so it
does not work for a connector used through the on-premises data gateway (a
"gatewaySetting" parameter or the "gateway" capability). Its URL template may call
only ` + quoteList(propsURLFunctions) + `.

Bad:

    "x-ms-apimTemplateParameter.urlTemplate": "https://@parameters('host')/api"

Good:

    "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('host')/api"`,
	Check: func(p *lint.Pass) {
		gateway := secUsesGateway(p.Root)
		for _, inst := range propsTemplateInstances(p.Root) {
			id := inst.Get("templateId")
			if !strings.EqualFold(id.Str(), "dynamichosturl") {
				continue
			}
			if gateway {
				p.Reportf(id, "The dynamichosturl policy does not support gateway URLs, and this connector uses the on-premises data gateway: set the host in the definition, or drop the gateway")
			}
			u := inst.At("parameters", propsParamPrefix+"urlTemplate")
			for _, m := range propsURLCall.FindAllStringSubmatch(u.Str(), -1) {
				if !contains(propsURLFunctions, m[1]) {
					p.Reportf(u, "The URL template calls @%s(...), which dynamichosturl does not support: use %s", m[1], quoteList(propsURLFunctions))
					break
				}
			}
		}
	},
}

// propsEnvVar finds environment variable references, well or badly written.
var (
	propsEnvVarAny  = regexp.MustCompile(`(?i)@?\{?environmentvariables?\s*\(`)
	propsEnvVarGood = regexp.MustCompile(`^@environmentVariables\("[A-Za-z0-9_]+"\)$`)
	propsEnvVarCall = regexp.MustCompile(`(?i)@?\{?environmentvariables?\s*\([^)]*\)?`)
)

var envVarSyntax = &lint.Rule{
	ID:     "env-var-syntax",
	Level:  lint.Guidance,
	Title:  "Environment variables are written @environmentVariables(\"name\"), and not in policies or operations",
	Source: "catalog §1.11 env-var-syntax; L-ENV",
	Since:  since,
	Target: lint.Properties,
	Doc: `Solution-aware connectors can read environment variables, written
@environmentVariables("<schema name>"), in the host and base URL of the definition
and in the Security-tab fields of apiProperties.json (client id, secret, resource
URL, ...). They are not supported in actions, triggers or policies. Checked in
apiProperties.json and in the operations of the definition.

Bad:

    "x-ms-apimTemplateParameter.value": "@environmentVariables(\"cr_apiVersion\")"
    "clientId": "@environmentVariables('cr_clientId')"

Good:

    "clientId": "@environmentVariables(\"cr_clientId\")"`,
	Check: func(p *lint.Pass) {
		policies := propsObject(p.Root).Get("policyTemplateInstances")
		p.Root.Walk(func(n *Node) bool {
			if n == policies {
				propsEnvVarsIn(n, func(s *Node) {
					p.Reportf(s, "Environment variables are not supported in policies: put the value in the policy, or in a connection parameter read with @connectionParameters(...)")
				})
				return false
			}
			if n.IsString() && propsMayRefEnvVar(n.Value) && propsEnvVarAny.MatchString(n.Value) {
				propsCheckEnvVarSyntax(p, n)
			}
			return true
		})
		if doc := p.Package.Swagger(); doc != nil && doc.Root != nil {
			for _, op := range operations(p, doc.Root) {
				propsEnvVarsIn(op.Node, func(s *Node) {
					p.Report(lint.Diagnostic{Doc: doc, Node: s, Message: "Environment variables are not supported in actions or triggers, only in the host and base URL and the Security-tab fields: use a parameter instead"})
				})
			}
		}
	},
}

// propsMayRefEnvVar is a test in front of propsEnvVarAny, which runs on
// every string of the definition: a match holds '(' and, in any case,
// "environmentvariable" (whose letters fold only to ASCII).
func propsMayRefEnvVar(v string) bool {
	const word = "environmentvariable"
	if strings.IndexByte(v, '(') < 0 {
		return false
	}
	for i := 0; i+len(word) <= len(v); i++ {
		if (v[i] == 'e' || v[i] == 'E') && strings.EqualFold(v[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

func propsEnvVarsIn(n *Node, fn func(*Node)) {
	n.Walk(func(c *Node) bool {
		if c.IsString() && propsMayRefEnvVar(c.Value) && propsEnvVarAny.MatchString(c.Value) {
			fn(c)
		}
		return true
	})
}

func propsCheckEnvVarSyntax(p *lint.Pass, n *Node) {
	for _, call := range propsEnvVarCall.FindAllString(n.Value, -1) {
		if !propsEnvVarGood.MatchString(call) {
			p.Reportf(n, "The environment variable reference '%s' is not written as @environmentVariables(\"<schema name>\") (double quotes, the variable's schema name)", call)
			return
		}
	}
}

// propsConnParamRef finds @connectionParameters('name') and
// @connectionParameters('name', 'default') in a template string: the name,
// and whether a default follows.
var propsConnParamRef = regexp.MustCompile(`connectionParameters\(\s*(['"])([^'"]*)['"]\s*(,)?`)

// propsConnParamSets returns the names of the connection parameters of
// each map (connectionParameters, then each connectionParameterSets value).
func propsConnParamSets(root *Node) [][]string {
	var sets [][]string
	for _, m := range propsParamMaps(root) {
		var names []string
		for _, c := range m.Children {
			names = append(names, c.Key)
		}
		sets = append(sets, names)
	}
	return sets
}

var policyConnectionParametersExist = &lint.Rule{
	ID:     "policy-connection-parameters-exist",
	Level:  lint.Certification,
	Title:  "@connectionParameters('name') in a policy names a connection parameter of the connector",
	Source: "catalog §1.11 dynamichosturl-no-gateway (template functions); L-POL, R-SCHEMA-AP",
	Since:  since,
	Target: lint.Properties,
	Doc: `Policy templates (the dynamichosturl "urlTemplate", setheader and
setqueryparameter values, and every other x-ms-apimTemplateParameter.* value) read
the connection with @connectionParameters('name'). The name must be a connection
parameter of the connector: a key of "connectionParameters", or, for a connector
with several authentication types, a key of every "connectionParameterSets" value
(a connection made with a set that lacks it has no such value). Otherwise the policy
builds its URL or header from an empty value at run time: a misspelled name, or a
parameter renamed in one file and not the other. Names are compared regardless of
letter case. On the shared corpus it fires on 2 of 663 accepted connectors, both real
defects: a route built from a name that is a query parameter, and a host URL read
from a connector whose connectionParameters is empty. @connectionParameters('name', 'default') has a fallback, so a name
missing from some of the sets is accepted there.

Bad: the connection parameter is "instanceUrl", and

    "x-ms-apimTemplateParameter.urlTemplate": "@connectionParameters('instanceURI')/api"

Good:

    "x-ms-apimTemplateParameter.urlTemplate": "@connectionParameters('instanceUrl')/api"`,
	Check: func(p *lint.Pass) {
		pti := propsObject(p.Root).Get("policyTemplateInstances")
		if pti == nil {
			return
		}
		sets := propsConnParamSets(p.Root)
		var all []string
		for _, s := range sets {
			all = append(all, s...)
		}
		slices.Sort(all)
		all = slices.Compact(all)
		pti.Walk(func(n *Node) bool {
			if !n.IsString() {
				return true
			}
			for _, m := range propsConnParamRef.FindAllStringSubmatch(n.Value, -1) {
				name, fallback := m[2], m[3] != ""
				switch missing := propsSetsWithout(sets, name); {
				case len(all) == 0:
					p.Reportf(n, "@connectionParameters('%s') reads a connection parameter, and this connector has none: add '%s' to connectionParameters", name, name)
				case missing == len(sets):
					p.Reportf(n, "@connectionParameters('%s') names no connection parameter of this connector, so the policy gets an empty value: its connection parameters are %s%s", name, quoteAnd(all), didYouMean(name, all))
				case missing > 0 && !fallback:
					p.Reportf(n, "@connectionParameters('%s') names a connection parameter that %d of the %d connectionParameterSets lack, so connections of those types get an empty value: add it to every set, or give a fallback, @connectionParameters('%s', '')", name, missing, len(sets), name)
				}
			}
			return true
		})
	},
}

// propsSetsWithout counts the sets of connection parameter names that lack
// name, regardless of letter case.
func propsSetsWithout(sets [][]string, name string) int {
	n := 0
	for _, s := range sets {
		if !foldContains(s, name) {
			n++
		}
	}
	return n
}
