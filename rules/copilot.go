package rules

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Copilot extension rules (catalog §1.14): x-ms-openai-data,
// x-ms-openai-manifest and x-ms-keywords, which certified connectors carry
// for Copilot but which Microsoft's published schema does not describe.
// Their shapes come from the corpus and Microsoft's Copilot for Sales
// sample, so the rules are guidance.

var copilotRules = []*lint.Rule{openAIDataShape, openAIManifestShape, copilotKeywords, agenticProtocolValues}

// copilotMember is one member of an extension object: its name, its JSON
// kind and whether it is required.
type copilotMember struct {
	name     string
	kind     connector.Kind
	required bool
}

// copilotShapes are the extension objects and their members: the one
// table behind the checks and the docs.
var copilotShapes = map[string][]copilotMember{
	"x-ms-openai-data": {
		{"openai-enabled", connector.Bool, true},
		{"operations", connector.Array, false},
	},
	"x-ms-openai-data operation": {
		{"operationId", connector.String, true},
		{"x-ms-require-user-confirmation", connector.Bool, true},
		{"parameters", connector.Array, false},
	},
	"x-ms-openai-manifest": {
		{"humanName", connector.String, true},
		{"modelDescription", connector.String, true},
		{"contactEmail", connector.String, true},
		{"legalUrl", connector.String, false},
	},
}

// copilotShapeDoc renders a shape as {"a": string, "b"?: boolean}.
func copilotShapeDoc(shape string) string {
	out := "{"
	for i, m := range copilotShapes[shape] {
		if i > 0 {
			out += ", "
		}
		opt := ""
		if !m.required {
			opt = "?"
		}
		out += `"` + m.name + `"` + opt + ": " + m.kind.String()
	}
	return out + "}"
}

func copilotMemberNames(shape string) []string {
	var names []string
	for _, m := range copilotShapes[shape] {
		names = append(names, m.name)
	}
	return names
}

// copilotCheckShape checks n against a shape and reports each problem
// once; it returns false when n is not an object.
func copilotCheckShape(p *lint.Pass, n *Node, shape, what string) bool {
	if n.Kind != connector.Object {
		p.Reportf(n, "%s must be an object %s, not %s", what, copilotShapeDoc(shape), n.Kind)
		return false
	}
	known := copilotMemberNames(shape)
	for _, m := range copilotShapes[shape] {
		v := n.Get(m.name)
		switch {
		case v == nil && m.required:
			p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("'%s' (%s) is required in %s: add it", m.name, m.kind, what)})
		case v != nil && v.Kind != m.kind:
			p.Reportf(v, "'%s' in %s must be %s, not %s", m.name, what, kindWithArticle(m.kind), v.Kind)
		}
	}
	for _, c := range n.Children {
		if !contains(known, c.Key) {
			hint := nearTail(": ", c.Key, known)
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not a member of %s, which has %s%s", c.Key, what, quoteList(known), hint)})
		}
	}
	return true
}

var openAIDataShape = &lint.Rule{
	ID:     "openai-data-shape",
	Level:  lint.Guidance,
	Title:  "x-ms-openai-data is {openai-enabled, operations: [{operationId, x-ms-require-user-confirmation}]}",
	Source: "catalog §1.14 openai-data-shape (INFERRED); R-CORPUS; Learn Copilot for Sales sample OpenAPI definition",
	Since:  since,
	Doc: `x-ms-openai-data marks an operation for use by Copilot. Its shape, as certified
connectors and Microsoft's Copilot for Sales sample write it, is
` + copilotShapeDoc("x-ms-openai-data") + `, each operation being
` + copilotShapeDoc("x-ms-openai-data operation") + `.
Each operationId must name an operation of the definition.

Bad:

    "x-ms-openai-data": {"openai-enabled": "true", "operations": [{"operationId": "GetTeams"}]}

Good:

    "x-ms-openai-data": {"openai-enabled": true,
        "operations": [{"operationId": "GetTeam", "x-ms-require-user-confirmation": false}]}`,
	Check: func(p *lint.Pass) {
		ids := crossfileOperationIDs(p, p.Root)
		places := []*Node{p.Root}
		for _, op := range operations(p, p.Root) {
			places = append(places, op.Node)
		}
		for _, at := range places {
			if od := at.Get("x-ms-openai-data"); od != nil && copilotCheckShape(p, od, "x-ms-openai-data", "x-ms-openai-data") {
				copilotCheckOperations(p, od.Get("operations"), ids)
			}
		}
	},
}

func copilotCheckOperations(p *lint.Pass, ops *Node, ids []string) {
	if ops == nil || ops.Kind != connector.Array {
		return
	}
	for _, it := range ops.Children {
		if !copilotCheckShape(p, it, "x-ms-openai-data operation", "an x-ms-openai-data operation") {
			continue
		}
		if id := it.Get("operationId"); id.IsString() && !contains(ids, id.Value) {
			p.Reportf(id, "The 'operationId' could not be found in this swagger document: x-ms-openai-data names '%s'%s", id.Value, unknownOperationHint(id.Value, ids))
		}
	}
}

var openAIManifestShape = &lint.Rule{
	ID:     "openai-manifest-shape",
	Level:  lint.Guidance,
	Title:  "x-ms-openai-manifest is {humanName, modelDescription, contactEmail, legalUrl}",
	Source: "catalog §1.14 openai-manifest-shape (INFERRED); R-CORPUS",
	Since:  since,
	Doc: `The root x-ms-openai-manifest describes the connector to Copilot as a plugin:
` + copilotShapeDoc("x-ms-openai-manifest") + `. All members are strings;
legalUrl is missing from a third of the certified connectors that have a manifest, so
it is optional here.

Bad:

    "x-ms-openai-manifest": []

Good:

    "x-ms-openai-manifest": {"humanName": "Contoso Teams",
        "modelDescription": "Creates and manages teams in Contoso Teams.",
        "contactEmail": "support@contoso.com", "legalUrl": "https://www.contoso.com/legal"}`,
	Check: func(p *lint.Pass) {
		if m := p.Root.Get("x-ms-openai-manifest"); m != nil {
			copilotCheckShape(p, m, "x-ms-openai-manifest", "x-ms-openai-manifest")
		}
	},
}

var copilotKeywords = &lint.Rule{
	ID:     "x-ms-keywords",
	Level:  lint.Guidance,
	Title:  "info.x-ms-keywords holds keywords as strings",
	Source: "catalog §1.14 x-ms-keywords; Learn Microsoft Copilot for Sales sample OpenAPI definition (ms.date 12/11/2023); R-CORPUS",
	Since:  since,
	Doc: `info.x-ms-keywords gives Copilot keywords for the connector ("Include the following
internal properties. It helps Power Platform to do the required processing:
x-ms-keywords, x-ms-openai-data"). The catalog describes it as a string of keywords;
every certified connector that has it writes an array of strings, so both forms are
accepted. Anything else (a number, an object, an array with non-string items, or no
keyword at all) is reported.

Bad:

    "x-ms-keywords": {"primary": "teams"}

Good:

    "x-ms-keywords": ["teams", "collaboration"]`,
	Check: func(p *lint.Pass) {
		kw := p.Root.At("info", "x-ms-keywords")
		switch {
		case kw == nil:
		case kw.Kind == connector.String && kw.Value == "", kw.Kind == connector.Array && kw.Len() == 0:
			p.Reportf(kw, "x-ms-keywords has no keyword: list the connector's keywords, or remove it")
		case kw.Kind == connector.Array:
			for _, it := range kw.Children {
				if it.Kind != connector.String {
					p.Reportf(it, "x-ms-keywords items must be strings, not %s", it.Kind)
				}
			}
		case kw.Kind != connector.String:
			p.Reportf(kw, "x-ms-keywords must be a string or an array of strings, not %s", kw.Kind)
		}
	},
}

// ---- x-ms-agentic-protocol ----

// xAgenticProtocol marks the operation through which Copilot Studio talks
// to an MCP server (Model Context Protocol): the connector is then an MCP
// connector, whose tools the server lists at run time.
const xAgenticProtocol = "x-ms-agentic-protocol"

// agenticProtocols are the values of x-ms-agentic-protocol, with the
// method of the operation that carries each and whether Copilot Studio
// has stopped speaking it; the first is the one to write. It is the one table behind agentic-protocol-values and
// its doc.
var agenticProtocols = []struct {
	value, method, transport string
	deprecated               bool
}{
	{"mcp-streamable-1.0", "post", "MCP over streamable HTTP (JSON-RPC posted to one endpoint)", false},
	{"mcp-sse-1.0", "get", "MCP over server-sent events, which Copilot Studio stopped supporting after August 2025", true},
}

func agenticProtocolValueList() []string {
	var v []string
	for _, a := range agenticProtocols {
		v = append(v, a.value)
	}
	return v
}

func agenticProtocolDoc() string {
	var parts []string
	for _, a := range agenticProtocols {
		parts = append(parts, `"`+a.value+`" on a `+strings.ToUpper(a.method)+` operation: `+a.transport)
	}
	return strings.Join(parts, "; ")
}

var agenticProtocolValues = &lint.Rule{
	ID:     "agentic-protocol-values",
	Level:  lint.Certification,
	Title:  "x-ms-agentic-protocol names a protocol Copilot Studio speaks",
	Source: "Learn, Copilot Studio \"Extend your agent with Model Context Protocol\" (MCP connector schema); microsoft/PowerPlatformConnectors certified-connectors/AffinityMCP",
	Since:  since,
	Doc: `"x-ms-agentic-protocol" on an operation makes the connector an MCP connector: Copilot
Studio sends the Model Context Protocol's JSON-RPC messages through that operation,
and the tools come from the server at run time, not from the definition. Its value
is one of: ` + agenticProtocolDoc() + `. Another value, or one that is not a string, and
Copilot Studio does not take the connector for an MCP server. Certified MCP
connectors (AffinityMCP) have exactly Learn's shape: POST /mcp with
"mcp-streamable-1.0".

Because the server describes its own answers, the MCP operation needs no response
schema: response-schema-present does not report it.

Bad:

    "/mcp": {"post": {"operationId": "InvokeMCP", "x-ms-agentic-protocol": "mcp-streamable"}}

Good:

    "/mcp": {"post": {"operationId": "InvokeMCP", "x-ms-agentic-protocol": "mcp-streamable-1.0",
        "responses": {"200": {"description": "Success"}}}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if v := op.Node.Get(xAgenticProtocol); v != nil {
				agenticCheck(p, op, v)
			}
		}
	},
}

func agenticCheck(p *lint.Pass, op *Operation, v *Node) {
	values := agenticProtocolValueList()
	if !v.IsString() {
		p.Reportf(v, "x-ms-agentic-protocol of '%s' must be a string, one of %s, not %s", op.Name(), quoteOr(values), kindWithArticle(v.Kind))
		return
	}
	for _, a := range agenticProtocols {
		switch {
		case a.value != v.Value:
		case a.deprecated:
			p.Report(lint.Diagnostic{Node: v, Notice: true, Message: "x-ms-agentic-protocol '" + v.Value + "' of '" + op.Name() + "' is " + a.transport + ": serve the MCP server over streamable HTTP and write \"" + values[0] + "\" on a POST operation"})
			return
		case op.Method != a.method:
			p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The MCP operation '%s' is a %s, but \"%s\" is %s, sent as %s: make it a %s", op.Name(), strings.ToUpper(op.Method), a.value, a.transport, strings.ToUpper(a.method), strings.ToUpper(a.method))})
			return
		default:
			return
		}
	}
	p.Reportf(v, "x-ms-agentic-protocol of '%s' is %s, which Copilot Studio does not know, so it does not take the connector for an MCP server: write \"%s\"%s", op.Name(), dynLiteralText(v), values[0], suggest(v.Value, values))
}
