package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/secret"
)

// RowID names a row of the impact table. Every change is rated by one
// row, named by one of these constants; TestRowIDsDeclared fails on a
// row id written any other way.
type RowID string

// The rows of the impact table, in the order of Rows.
const (
	rowOperation         RowID = "operation"
	rowOperationID       RowID = "operation-id"
	rowOperationRoute    RowID = "operation-route"
	rowHost              RowID = "host"
	rowSchemes           RowID = "schemes"
	rowMediaTypes        RowID = "media-types"
	rowAuth              RowID = "auth"
	rowFieldAdded        RowID = "field-added"
	rowFieldRemoved      RowID = "field-removed"
	rowFieldRenamed      RowID = "field-renamed"
	rowFieldType         RowID = "field-type"
	rowFieldRequired     RowID = "field-required"
	rowFieldEnum         RowID = "field-enum"
	rowFieldDefault      RowID = "field-default"
	rowFieldConstraints  RowID = "field-constraints"
	rowSerialisation     RowID = "serialisation"
	rowResponses         RowID = "responses"
	rowVisibility        RowID = "visibility"
	rowTrigger           RowID = "trigger"
	rowDynamic           RowID = "dynamic"
	rowPageable          RowID = "pageable"
	rowText              RowID = "text"
	rowDocsLinks         RowID = "docs-links"
	rowRef               RowID = "ref"
	rowDefinitions       RowID = "definitions"
	rowLayout            RowID = "layout"
	rowConnectorSettings RowID = "connector-settings"
	rowOther             RowID = "other"
)

// Row is one row of the impact table: an area of the connector, when a
// change there is breaking, when it is not, and why. It is declared once,
// here: the table of docs/diff.md is generated from Rows
// (TestDiffDocsTable; go test ./internal/diff -run TestDiffDocsTable
// -update), and testdata/diff/cases has a fixture for each row both ways.
// The texts are Markdown.
type Row struct {
	ID          RowID
	Area        string
	Breaking    string
	NotBreaking string
	Why         string
}

// Rows is the impact table, in the order of docs/diff.md.
var Rows = []Row{
	{ID: rowOperation, Area: "Operations",
		Breaking:    "an operation is removed; for an internal one, only while NEW still names it (in an `x-ms-dynamic-*` extension or `x-ms-capabilities`)",
		NotBreaking: "an operation is added (safe); an internal operation that nothing names any more is removed, or one that was already `deprecated: true` or whose `x-ms-api-annotation` family has a higher revision in NEW (warning, with that reason)",
		Why:         "A flow or app that uses a removed action or trigger fails to load and to run. An internal operation is not called by flows but by the designer, for dynamic lists and the connection test: removing it breaks those while they still name it. A new operation is used by nobody yet."},
	{ID: rowOperationID, Area: "Operations",
		Breaking:    "the `operationId` changes or disappears",
		NotBreaking: "the `summary` (the action's display name) changes and the `operationId` stays (safe)",
		Why:         "Flows store the `operationId` of each action and trigger (`\"operationId\": \"ListItems\"` in the flow definition); the display name is looked up again."},
	{ID: rowOperationRoute, Area: "Operations",
		Breaking:    "the method or the path of an operation changes",
		NotBreaking: "another operation is added on the same path (safe)",
		Why:         "The flow still finds its action by `operationId`, but the request it sends now goes elsewhere: behaviour changes even when the call still succeeds."},
	{ID: rowHost, Area: "Endpoint",
		Breaking:    "`host` or `basePath` changes",
		NotBreaking: "the host changes only in letter case (safe)",
		Why:         "Every action calls another URL. Host names are case-insensitive (RFC 4343), so `API.Acme.com` is `api.acme.com`."},
	{ID: rowSchemes, Area: "Endpoint",
		Breaking:    "`https` is no longer offered",
		NotBreaking: "`http` is added or dropped while `https` stays (safe); `schemes` removed altogether (warning)",
		Why:         "The platform calls `https` when it can; without `schemes` it falls back to the scheme the definition was loaded from, which is worth checking."},
	{ID: rowMediaTypes, Area: "Endpoint",
		Breaking:    "a type is removed from `consumes` or `produces` (also when an operation's own list drops a type the definition's list gave it)",
		NotBreaking: "a type is added (safe); the list added or removed altogether with nothing to compare against (warning)",
		Why:         "The body is sent or read in another format: the API may reject requests, flows may read another shape."},
	{ID: rowAuth, Area: "Authentication",
		Breaking:    "anything in `securityDefinitions` or `security`, or in `connectionParameters` / `connectionParameterSets` of `apiProperties.json`",
		NotBreaking: "their descriptions, and the display names, descriptions and tooltips of connection fields (safe)",
		Why:         "The connection's sign-in changes: every connection must be re-created, and every flow and app re-pointed to it."},
	{ID: rowFieldAdded, Area: "Inputs and outputs",
		Breaking:    "a required input is added (parameter, or body property listed in `required`)",
		NotBreaking: "an optional input; a required input that is `x-ms-visibility: internal` with a `default` (the platform sends the default); any output (safe)",
		Why:         "Existing flows do not set the new input: their calls fail until a maker fills it in."},
	{ID: rowFieldRemoved, Area: "Inputs and outputs",
		Breaking:    "an input or an output is removed (parameter, body or response property, response header, the schema of a response or of the notification content)",
		NotBreaking: "an internal input with a default is removed, or a parameter that was already `deprecated: true` (warning)",
		Why:         "Flows that set a removed input lose their value (the designer flags it) and the API no longer receives it; flows that use a removed output get nothing. An internal input with a default was never set by a flow, but the API no longer receives its value."},
	{ID: rowFieldRenamed, Area: "Inputs and outputs",
		Breaking:    "a parameter's `name` or `in` changes",
		NotBreaking: "its `x-ms-summary` label changes (safe)",
		Why:         "Flows store parameter values under the parameter's name and location; the label is only shown."},
	{ID: rowFieldType, Area: "Inputs and outputs",
		Breaking:    "a `type` changes, or a body schema is replaced",
		NotBreaking: "`integer` widened to `number` on an input, a type added to an input, removed from an output (warning); a type added to an output or removed from an input (safe)",
		Why:         "Flows send and read values of the old type: expressions and mappings break. A wider input type keeps every value valid; a type where there was none describes rather than changes an output."},
	{ID: rowFieldRequired, Area: "Inputs and outputs",
		Breaking:    "an input becomes required",
		NotBreaking: "an input becomes optional, an output becomes required (safe); an output is no longer required (warning)",
		Why:         "Flows that leave a newly required input empty fail. An output that may now be missing can leave flows with nothing."},
	{ID: rowFieldEnum, Area: "Inputs and outputs",
		Breaking:    "a value is removed from an input's enum, or an enum is added to an input that had none",
		NotBreaking: "a value added to an input's enum, an enum dropped, an output's enum values removed (safe); a value added to an output's enum (warning)",
		Why:         "Flows that use a removed value fail validation. An enum added to an input is what Microsoft's breaking-change check reports as \"The list of enum values has been added to the input field. Existing flows may use values outside of this list.\" Flows that branch on an output's known values may meet a new one."},
	{ID: rowFieldDefault, Area: "Inputs and outputs",
		Breaking:    "the `default` of an internal input changes",
		NotBreaking: "the default of a visible input (warning), of an output (safe)",
		Why:         "An internal input is sent by the platform with its default and nobody can override it: every request of every flow changes. A visible input's default only applies where flows left it empty."},
	{ID: rowFieldConstraints, Area: "Inputs and outputs",
		Breaking:    "a validation keyword (`pattern`, `format`, `maxLength`, `minLength`, `maximum`, `minimum`, `exclusiveMaximum`, `exclusiveMinimum`, `maxItems`, `minItems`, `uniqueItems`, `multipleOf`, `readOnly`, `allowEmptyValue`, `additionalProperties`, `maxProperties`, `minProperties`) is tightened on an input **and** libopenapi what-changed rates the change breaking",
		NotBreaking: "tightened but not rated breaking by what-changed (warning); loosened (safe); on an output (safe)",
		Why:         "ppconn tells tighter from looser (a lower maximum, a higher minimum, a new or changed pattern or format, `uniqueItems` or `readOnly` turned on); whether a tighter input breaks is what-changed's call (it rates a modified `maxLength` and a parameter's new `pattern` breaking, a schema's new `maxLength` not). Outputs are not validated by the platform."},
	{ID: rowSerialisation, Area: "Inputs and outputs",
		Breaking:    "`collectionFormat` or `x-ms-url-encoding` changes",
		NotBreaking: "either is set explicitly to its default (`csv`, `double`) or such an explicit default is dropped (safe)",
		Why:         "The request is encoded differently: the API receives other text for the same flow value."},
	{ID: rowResponses, Area: "Inputs and outputs",
		Breaking:    "a success (2xx) response that had a schema is removed, or the `default` response when it is the one with the outputs (no 2xx has a schema); outputs that move to another success status are rated by what differs between the two schemas",
		NotBreaking: "a response added, an error response removed or changed inside, the same schema now under another success status (200 → 201, default → 200) (safe); a 2xx response without schema removed (warning)",
		Why:         "The outputs of a removed success response disappear from the flows that use them; the outputs of an action are its success response's, whatever its code. Flows do not read the outputs of error responses, so nothing inside one (nor inside a shared response or definition only error responses use) is breaking."},
	{ID: rowVisibility, Area: "Visibility",
		Breaking:    "`x-ms-visibility` becomes `internal` (an operation, parameter or property)",
		NotBreaking: "a move between `important`, `advanced` and none, or `deprecated: true` (warning); `internal` or `deprecated` undone (safe)",
		Why:         "An internal action disappears from the designer (flows that use it can no longer be edited, apps can no longer call it); an internal input is sent with its default, and flows that set it lose their value. A deprecation or a move only changes where makers find it."},
	{ID: rowTrigger, Area: "Triggers",
		Breaking:    "`x-ms-trigger` is added to, removed from or changed on an existing operation; `x-ms-notification-url` is added, removed or moved; the notification content is removed",
		NotBreaking: "`x-ms-trigger-hint` reworded (safe, a `text` change); a new trigger operation (safe, an `operation` change); notification content added (safe)",
		Why:         "`x-ms-trigger` decides whether the operation is an action or a trigger, and of which kind: flows built on it break. `x-ms-notification-url` tells the platform where to put the callback URL of a webhook subscription."},
	{ID: rowDynamic, Area: "Dynamic values",
		Breaking:    "the target of `x-ms-dynamic-values`, `-schema`, `-list`, `-tree` or `-properties` changes: `operationId`, `parameters`, `value-path`, `value-collection`, `itemValuePath`, `itemsPath`, ...",
		NotBreaking: "a display-only key (`value-title`, `itemTitlePath`) changes (safe); a dynamic extension is added or removed (warning)",
		Why:         "The list or schema comes from another place: values stored in flows may no longer match, and dynamic fields may vanish. Flows store the value, not the title shown in the list."},
	{ID: rowPageable, Area: "Paging",
		Breaking:    "`x-ms-pageable` is removed, or its `nextLinkName` changes",
		NotBreaking: "`x-ms-pageable` is added (safe)",
		Why:         "Flows with pagination turned on stop getting (or get other) next pages. Pagination is off in existing flows until a maker turns it on."},
	{ID: rowText, Area: "Text",
		Breaking:    "— never; the contrast: a parameter renamed while its label stays is `field-renamed`, breaking",
		NotBreaking: "`summary`, `description`, `x-ms-summary`, `title`, `x-ms-trigger-hint`, `example`, `x-example`, `examples`, `x-ms-test-value`, anywhere (safe)",
		Why:         "Display text: flows and apps store values and names, not labels or descriptions."},
	{ID: rowDocsLinks, Area: "Documentation and metadata",
		Breaking:    "— never; the contrast: the `host` is the API, not a link, and is breaking",
		NotBreaking: "`externalDocs`, `x-ms-connector-metadata` (Website, Privacy policy, Categories), `info.contact`, `info.license`, `info.termsOfService`, `info.version`, `tags`, `x-ms-api-annotation`, `x-ms-no-generic-test` (safe)",
		Why:         "Documentation and metadata: nothing a flow or app runs depends on them."},
	{ID: rowRef, Area: "References",
		Breaking:    "a `$ref` now points to a target that differs in a breaking way",
		NotBreaking: "it points to a target with the same content (safe); otherwise as the worst difference",
		Why:         "A renamed definition with the same content changes nothing for flows; otherwise the difference is what matters, rated as it is used at that `$ref`."},
	{ID: rowDefinitions, Area: "References",
		Breaking:    "a definition, parameter or response is removed while NEW still refers to it",
		NotBreaking: "one is added, removed when nothing refers to it, or changed while no operation uses it (safe)",
		Why:         "A dangling `$ref` makes Power Platform refuse the definition. An unused one affects no flow."},
	{ID: rowLayout, Area: "Layout",
		Breaking:    "— never; the contrast: an enum value replaced (not moved) is `field-enum`, breaking",
		NotBreaking: "the order of parameters, enum values, `required` names, `tags`; an empty list or map added or removed (safe)",
		Why:         "The same values in another order or an empty container mean the same; flows store values, not positions."},
	{ID: rowConnectorSettings, Area: "Connector settings",
		Breaking:    "— never; the contrast: a connection parameter changed is `auth`, breaking",
		NotBreaking: "`x-ms-capabilities` (test connection, chunk transfer), `policyTemplateInstances`, `scriptOperations`, `capabilities` and other settings of `apiProperties.json` (warning); `publisher`, `stackOwner`, `iconBrandColor` (safe)",
		Why:         "Runtime settings change what the platform does around each call: test a connection and a flow after the update. Branding is only shown."},
	{ID: rowOther, Area: "Anything else",
		Breaking:    "a change ppconn has no row for, which libopenapi what-changed rates breaking (e.g. a `discriminator` added)",
		NotBreaking: "one what-changed does not rate breaking (warning, for review; e.g. an `x-nullable` added)",
		Why:         "ppconn does not guess: an unknown keyword is flagged, and what-changed's verdict decides how loudly."},
}

// verdict is the rating of one change.
type verdict struct {
	impact Impact
	rule   RowID
	msg    string
	reason string
	// lib: the impact depends on what-changed; libBreaking/libOther are
	// used when it does or does not rate the change breaking.
	lib                   bool
	libBreaking, libOther Impact
	libReason             string
}

func rate(i Impact, rule RowID, reason string) verdict {
	return verdict{impact: i, rule: rule, reason: reason}
}

// libRate defers to what-changed: breaking when it rates the change so.
func libRate(rule RowID, reason string, other Impact) verdict {
	return verdict{impact: other, rule: rule, reason: reason, lib: true, libBreaking: Breaking, libOther: other}
}

var textKeys = map[string]bool{
	"summary": true, "description": true, "x-ms-summary": true, "title": true, "x-ms-trigger-hint": true,
	"example": true, "x-example": true, "examples": true, "x-ms-test-value": true, "x-ms-description": true,
}

var constraintKeys = map[string]bool{
	"format": true, "pattern": true, "maxLength": true, "minLength": true, "maximum": true, "minimum": true,
	"exclusiveMaximum": true, "exclusiveMinimum": true, "maxItems": true, "minItems": true, "uniqueItems": true,
	"multipleOf": true, "readOnly": true, "allowEmptyValue": true, "additionalProperties": true,
	"maxProperties": true, "minProperties": true,
}

const (
	whyText    = "display text only: flows and apps store values and names, not labels or descriptions"
	whyLinks   = "documentation and metadata: nothing a flow or app runs depends on it"
	whyAdded   = "an addition: existing flows and apps do not use it, so nothing changes for them"
	whyAuth    = "the connection's sign-in changes: every connection must be re-created, and every flow and app re-pointed to it"
	whyUnused  = "no operation uses %s, so no flow or app can depend on this change"
	whyOutput  = "outputs are not validated: flows read whatever the API returns"
	whyLayout  = "the order or an empty container: the meaning is the same"
	whyLibYes  = "libopenapi what-changed rates this change breaking"
	whyLibNo   = "libopenapi what-changed does not rate this change breaking; ppconn flags it for review"
	whyUnknown = "ppconn has no connector rule for %q"
)

// classify rates one change. f is the frame of the object that holds key
// (for an array item, the object that holds the array).
func (d *differ) classify(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	v := d.rule(f, key, item, kind, o, n)
	if v.msg == "" {
		v.msg = describe(f, key, item, kind, o, n)
	}
	switch {
	case f.shared != "" && !f.used && v.impact > Safe && f.at != pDefs:
		return verdict{rule: v.rule, msg: v.msg, reason: fmt.Sprintf(whyUnused, f.shared)}
	case f.errorOnly && v.impact > Safe && f.at != pDefs && f.at != pRespDefs:
		return verdict{rule: v.rule, msg: v.msg, reason: "inside an error response: flows do not read its outputs"}
	}
	return v
}

func (d *differ) rule(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	if f.doc == Properties {
		return propertiesRule(f, key, o, n)
	}
	switch {
	case f.at == pText:
		return rate(Safe, rowText, whyText)
	case key == "x-ms-visibility" && f.at != pOp && f.at != pParam && f.at != pSchema && !item:
		return visibilityRule(o, n, "what it applies to disappears from the designer")
	}
	switch f.at {
	case pDoc:
		return d.docRule(key, item, kind, o, n)
	case pInfo, pMeta:
		if textKeys[key] && !item {
			return rate(Safe, rowText, whyText)
		}
		return rate(Safe, rowDocsLinks, whyLinks)
	case pPaths:
		if f.lonely {
			return rate(Safe, rowOperation, "reported with the operations of the path")
		}
	case pPathItem:
		if f.lonely {
			return rate(Safe, rowOperation, "belongs to a path that exists on one side only: its operations are reported one by one")
		}
		switch {
		case key == "parameters" && item:
			return d.paramAddRemove(kind, o, n)
		case key == "parameters":
			return rate(Safe, rowLayout, whyLayout)
		case key == "x-ms-notification-content":
			return notificationRule(kind)
		}
	case pOp:
		return d.opRule(key, item, kind, o, n)
	case pParam:
		return d.paramRule(f, key, item, kind, o, n)
	case pResponses:
		return d.responseAddRemove(key, kind, o)
	case pResponse, pNotification:
		switch {
		case textKeys[key]:
			return rate(Safe, rowText, whyText)
		case key == "headers":
			return rate(Safe, rowLayout, whyLayout)
		case key == "schema" && kind == Added:
			return rate(Safe, rowFieldAdded, "new outputs: existing flows do not use them")
		case key == "schema" && kind == Removed:
			return rate(Breaking, rowFieldRemoved, "the outputs of this response disappear: flows that use them break")
		case key == "schema":
			return rate(Breaking, rowFieldType, "the outputs change type: flows that use them break")
		}
	case pHeaders:
		switch kind {
		case Added:
			return rate(Safe, rowFieldAdded, whyAdded)
		case Removed:
			return rate(Breaking, rowFieldRemoved, "flows that read this response header get nothing")
		}
	case pSchema:
		return d.schemaRule(f, key, item, kind, o, n)
	case pProps:
		return d.fieldAddRemove(f, key, kind, o, n)
	case pDefs, pParamDefs, pRespDefs:
		return d.sharedAddRemove(f, key, kind)
	case pAuth:
		if textKeys[key] {
			return rate(Safe, rowAuth, "the description of the sign-in, not the sign-in itself")
		}
		return rate(Breaking, rowAuth, whyAuth)
	case pDynamic:
		return dynamicRule(key)
	case pPageable:
		return rate(Breaking, rowPageable, "paging follows nextLinkName: flows with pagination on get other pages, or none")
	case pCapabilities:
		return rate(Warning, rowConnectorSettings, "x-ms-capabilities changes how the platform tests connections or transfers content: check a connection and a flow after the update")
	}
	return d.otherRule(key)
}

func (d *differ) otherRule(key string) verdict {
	v := libRate(rowOther, fmt.Sprintf(whyUnknown, key)+"; "+whyLibNo, Warning)
	v.libReason = fmt.Sprintf(whyUnknown, key) + "; " + whyLibYes
	return v
}

func (d *differ) docRule(key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch key {
	case "host", "basePath":
		if key == "host" && kind == Modified && strings.EqualFold(o.Value, n.Value) {
			return rate(Safe, rowHost, "host names are case-insensitive: the same server")
		}
		return rate(Breaking, rowHost, "every action now calls another URL: flows and apps reach another service, or none")
	case "schemes":
		return d.schemesRule(item, kind, o)
	case "consumes", "produces":
		return mediaRule(item, kind)
	case "securityDefinitions", "security":
		return rate(Breaking, rowAuth, whyAuth)
	case "info":
		return rate(Safe, rowDocsLinks, whyLinks)
	case "tags", "externalDocs", "x-ms-connector-metadata":
		return rate(Safe, rowDocsLinks, whyLinks)
	case "definitions", "parameters", "responses", "paths":
		if orNode(o, n).Len() == 0 {
			return rate(Safe, rowLayout, whyLayout)
		}
	case "x-ms-capabilities":
		return rate(Warning, rowConnectorSettings, "x-ms-capabilities changes how the platform tests connections or transfers content: check a connection and a flow after the update")
	}
	return d.otherRule(key)
}

func (d *differ) schemesRule(item bool, kind Kind, o *connector.Node) verdict {
	if !item {
		return rate(Warning, rowSchemes, "without schemes the platform uses the scheme the definition was loaded from")
	}
	switch kind {
	case Added:
		return rate(Safe, rowSchemes, whyAdded)
	case Removed:
		if !strings.EqualFold(o.Value, "https") && hasHTTPS(o.Parent, d) {
			return rate(Safe, rowSchemes, "https is still offered, and the platform calls https when it can")
		}
		return rate(Breaking, rowSchemes, "the connector no longer calls the API the way it did: https is gone")
	}
	return rate(Breaking, rowSchemes, "the scheme the connector calls changes")
}

// hasHTTPS says whether the schemes list in NEW that matches the OLD list
// arr still offers https.
func hasHTTPS(arr *connector.Node, d *differ) bool {
	if arr == nil {
		return false
	}
	list := d.new.doc.Root.Resolve(arr.Pointer())
	for _, s := range list.List() {
		if strings.EqualFold(s.Str(), "https") {
			return true
		}
	}
	return false
}

func mediaRule(item bool, kind Kind) verdict {
	switch {
	case !item:
		return rate(Warning, rowMediaTypes, "without consumes or produces the platform falls back to its defaults: check the requests")
	case kind == Added:
		return rate(Safe, rowMediaTypes, whyAdded)
	}
	return rate(Breaking, rowMediaTypes, "the body is sent or read in another format: the API may reject requests, or flows read another shape")
}

// effectiveMediaRule rates an operation's consumes or produces list added
// or removed as a whole by what the operation ends up with: its own list,
// or else the definition's.
func (d *differ) effectiveMediaRule(key string, o, n *connector.Node) verdict {
	eo, en := orNode(o, d.old.doc.Root.Get(key)), orNode(n, d.new.doc.Root.Get(key))
	if eo == nil || en == nil || eo.Kind != connector.Array || en.Kind != connector.Array {
		return mediaRule(false, Modified)
	}
	have := map[string]bool{}
	for _, c := range en.Children {
		have[connector.ValueKey(c)] = true
	}
	for _, c := range eo.Children {
		if !have[connector.ValueKey(c)] {
			return rate(Breaking, rowMediaTypes, fmt.Sprintf("the operation no longer %s %s: the body is sent or read in another format", key, show(key, c)))
		}
	}
	return rate(Safe, rowMediaTypes, "the operation's own list holds every type it had through the definition's list: nothing is lost")
}

func (d *differ) opRule(key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "operationId":
		return rate(Breaking, rowOperationID, "flows and apps store the operationId of each action and trigger: theirs no longer exists")
	case textKeys[key]:
		return rate(Safe, rowText, whyText)
	case key == "deprecated":
		return deprecatedRule(o, n)
	case key == "x-ms-visibility":
		return visibilityRule(o, n, "the action disappears from the designer: flows that use it can no longer be edited, apps can no longer call it")
	case key == "x-ms-trigger":
		return rate(Breaking, rowTrigger, "x-ms-trigger decides whether the operation is an action or a trigger, and what kind: flows that use it break")
	case key == "x-ms-pageable":
		if kind == Added {
			return rate(Safe, rowPageable, "paging is off by default in existing flows: nothing changes until a maker turns it on")
		}
		return rate(Breaking, rowPageable, "flows with pagination on no longer get the next pages")
	case (key == "consumes" || key == "produces") && !item:
		return d.effectiveMediaRule(key, o, n)
	case key == "consumes" || key == "produces":
		return mediaRule(item, kind)
	case key == "schemes":
		return d.schemesRule(item, kind, o)
	case key == "security":
		return rate(Breaking, rowAuth, whyAuth)
	case key == "tags" || key == "externalDocs" || key == "x-ms-api-annotation" || key == "x-ms-no-generic-test":
		return rate(Safe, rowDocsLinks, whyLinks)
	case key == "parameters" && item:
		return d.paramAddRemove(kind, o, n)
	case key == "parameters" || key == "responses":
		return rate(Safe, rowLayout, whyLayout)
	case key == "x-ms-notification-content":
		return notificationRule(kind)
	}
	return d.otherRule(key)
}

func notificationRule(kind Kind) verdict {
	if kind == Added {
		return rate(Safe, rowTrigger, "the trigger now describes its outputs: flows see new dynamic content")
	}
	return rate(Breaking, rowTrigger, "the trigger's outputs (x-ms-notification-content) change: flows that use them break")
}

func deprecatedRule(o, n *connector.Node) verdict {
	if n.IsTrue() && !o.IsTrue() {
		return rate(Warning, rowVisibility, "deprecated: makers are told to stop using it; existing flows keep working")
	}
	return rate(Safe, rowVisibility, "no longer deprecated")
}

func visibility(n *connector.Node) string {
	if n == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(n.Value))
}

func visibilityRule(o, n *connector.Node, internalWhy string) verdict {
	vo, vn := visibility(o), visibility(n)
	switch {
	case vn == "internal" && vo != "internal":
		return rate(Breaking, rowVisibility, internalWhy)
	case vo == "internal" && vn != "internal":
		return rate(Safe, rowVisibility, "no longer internal: makers can now see it")
	}
	return rate(Warning, rowVisibility, "a move between important, advanced and none: makers find it somewhere else in the designer")
}

// field is a parameter or property, seen from its value in one version.
// retired says why removing the operation o of OLD is expected: it was
// already `deprecated: true`, or its x-ms-api-annotation family has a
// higher revision in NEW (Microsoft's operation versioning, see
// docs/diff.md); "" otherwise.
func (d *differ) retired(o *connector.Node) string {
	if o.Get("deprecated").IsTrue() {
		return "it was already deprecated (deprecated: true): the designer hid it from new flows, but flows that still use it fail"
	}
	ann := o.Get("x-ms-api-annotation")
	family, rev := ann.Get("family").Str(), ann.Get("revision")
	if family == "" {
		return ""
	}
	oldRev, _ := revision(rev)
	for _, n := range d.new.idx.ops {
		na := n.node.Get("x-ms-api-annotation")
		nr := na.Get("revision")
		if na.Get("family").Str() != family {
			continue
		}
		if r, ok := revision(nr); ok && r > oldRev {
			return fmt.Sprintf("revision %s of its family %s replaces it (x-ms-api-annotation): flows that still use the old revision fail, and should move to the new one",
				nr.Value, short(family)) + " (" + short(n.name) + ")"
		}
	}
	return ""
}

// revision reads an x-ms-api-annotation revision, a number (or a string
// of one); 0 and false when there is none.
func revision(n *connector.Node) (float64, bool) {
	if n == nil || n.Kind != connector.Number && n.Kind != connector.String {
		return 0, false
	}
	r, err := strconv.ParseFloat(n.Value, 64)
	return r, err == nil
}

func isInternal(n *connector.Node) bool {
	return visibility(n.Get("x-ms-visibility")) == "internal"
}

func hasDefault(n *connector.Node) bool { return n.Get("default") != nil }

func (d *differ) paramAddRemove(kind Kind, o, n *connector.Node) verdict {
	switch kind {
	case Added:
		p := d.new.idx.deref(n)
		if p == nil {
			return d.otherRule("parameters")
		}
		v := verdict{msg: paramSubject(p) + " added"}
		required := p.Get("required").IsTrue() || p.Get("in").Str() == "path"
		switch {
		case required && isInternal(p) && hasDefault(p):
			v.impact, v.rule, v.reason = Safe, rowFieldAdded, "required, but internal with a default: the platform sends the default, nobody has to fill it in"
		case required:
			v.msg = "required " + v.msg
			v.impact, v.rule, v.reason = Breaking, rowFieldAdded, "existing flows and apps do not set it: their calls fail until a maker fills it in"
		default:
			v.impact, v.rule, v.reason = Safe, rowFieldAdded, "optional: existing flows and apps go on without it"
		}
		return v
	case Removed:
		p := d.old.idx.deref(o)
		if p == nil {
			return d.otherRule("parameters")
		}
		v := verdict{msg: paramSubject(p) + " removed"}
		if isInternal(p) && hasDefault(p) {
			v.impact, v.rule, v.reason = Warning, rowFieldRemoved, "it was internal with a default, so no flow set it, but the API no longer receives that value"
			return v
		}
		if p.Get("deprecated").IsTrue() {
			v.impact, v.rule, v.reason = Warning, rowFieldRemoved, "it was already deprecated (deprecated: true): makers were told to stop using it, but flows that still set it lose their value"
			return v
		}
		v.impact, v.rule, v.reason = Breaking, rowFieldRemoved, "flows and apps that set it lose their value (the designer flags it), and the API no longer receives it"
		return v
	}
	return d.otherRule("parameters")
}

func (d *differ) paramRule(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch key {
	case "name", "in":
		return rate(Breaking, rowFieldRenamed, "flows and apps store parameter values under the name and location: the value they set is lost")
	case "required":
		return requiredFlagRule(f, o, n)
	case "type":
		return typeRule(f, kind, o, n)
	case "enum":
		return enumRule(f, item, kind)
	case "default":
		return defaultRule(f)
	case "collectionFormat", "x-ms-url-encoding":
		return serialisationRule(key, kind, o, n)
	case "x-ms-visibility":
		return visibilityRule(o, n, "the input disappears from the designer: flows that set it lose their value, and the platform sends the default or nothing")
	case "schema":
		return rate(Breaking, rowFieldType, "the body changes shape: flows and apps send what the old schema asked for")
	}
	return d.sharedMemberRule(f, key, kind, o, n)
}

// sharedMemberRule rates a change of a member that means the same in a
// parameter and in a schema (texts, dynamic lists, constraints, the
// notification URL): one verdict for both, after each has rated the
// members it has of its own.
func (d *differ) sharedMemberRule(f frame, key string, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "x-ms-notification-url":
		return rate(Breaking, rowTrigger, "x-ms-notification-url marks where the platform puts the callback URL: the webhook subscription changes")
	case textKeys[key]:
		return rate(Safe, rowText, whyText)
	case isDynamic(key):
		return rate(Warning, rowDynamic, "the designer now offers (or no longer offers) a list or schema: stored values still apply, check them")
	case constraintKeys[key]:
		return d.constraintRule(f, key, kind, o, n)
	}
	return d.otherRule(key)
}

func requiredFlagRule(f frame, o, n *connector.Node) verdict {
	if n.IsTrue() && !o.IsTrue() {
		if f.fn != nil && isInternal(f.fn) && hasDefault(f.fn) {
			return rate(Safe, rowFieldRequired, "required, but internal with a default: the platform fills it in")
		}
		return rate(Breaking, rowFieldRequired, "flows and apps that leave it empty now fail")
	}
	return rate(Safe, rowFieldRequired, "optional now: every existing call still fits")
}

// dirs returns the directions to rate a change in: both for a definition
// used as input and output.
func dirs(f frame) []uint8 {
	switch f.dir {
	case dirIn | dirOut:
		return []uint8{dirIn, dirOut}
	case 0:
		return []uint8{dirIn}
	}
	return []uint8{f.dir}
}

// worst rates a change once per direction and keeps the worst rating.
func worst(f frame, fn func(dir uint8) verdict) verdict {
	var best verdict
	for i, dir := range dirs(f) {
		v := fn(dir)
		if i == 0 || v.impact > best.impact || v.lib && !best.lib && v.libBreaking > best.impact {
			best = v
		}
	}
	return best
}

func typeRule(f frame, kind Kind, o, n *connector.Node) verdict {
	return worst(f, func(dir uint8) verdict {
		switch {
		case kind == Added && dir == dirIn:
			return rate(Warning, rowFieldType, "a type where there was none: values of another type that flows send may now be refused")
		case kind == Added:
			return rate(Safe, rowFieldType, "a type where there was none: the output is described, not changed")
		case kind == Removed && dir == dirIn:
			return rate(Safe, rowFieldType, "no type any more: any value is accepted")
		case kind == Removed:
			return rate(Warning, rowFieldType, "the output is no longer typed: the designer offers it as untyped content")
		}
		if dir == dirIn && kind == Modified && o.Str() == "integer" && n.Str() == "number" {
			return rate(Warning, rowFieldType, "a wider type: every value flows sent is still valid, but the API may now receive decimals")
		}
		if dir == dirOut {
			return rate(Breaking, rowFieldType, "flows and apps read values of the old type: expressions and mappings that use this output may fail")
		}
		return rate(Breaking, rowFieldType, "flows and apps send values of the old type: the API may reject them, or read them otherwise")
	})
}

func enumRule(f frame, item bool, kind Kind) verdict {
	return worst(f, func(dir uint8) verdict {
		if dir == dirOut {
			if item && kind == Added {
				return rate(Warning, rowFieldEnum, "a new output value: flows that branch on the known values may not expect it")
			}
			return rate(Safe, rowFieldEnum, whyOutput)
		}
		switch {
		case item && kind == Removed:
			return rate(Breaking, rowFieldEnum, "flows and apps that use the removed value fail validation")
		case item && kind == Added:
			return rate(Safe, rowFieldEnum, "one more accepted value: every existing value is still valid")
		case kind == Added:
			return rate(Breaking, rowFieldEnum, "the list of enum values has been added to the input field: existing flows may use values outside of this list (Microsoft's breaking-change check)")
		case kind == Removed:
			return rate(Safe, rowFieldEnum, "any value is now accepted")
		}
		return rate(Breaking, rowFieldEnum, "the accepted values change shape")
	})
}

func defaultRule(f frame) verdict {
	return worst(f, func(dir uint8) verdict {
		if dir == dirOut {
			return rate(Safe, rowFieldDefault, "a default on an output has no effect on what the API returns")
		}
		if f.fn != nil && isInternal(f.fn) || f.fo != nil && isInternal(f.fo) {
			return rate(Breaking, rowFieldDefault, "an internal input is sent by the platform with its default, and nobody can override it: every request of every flow changes")
		}
		return rate(Warning, rowFieldDefault, "flows and apps that leave it empty now send another value")
	})
}

func serialisationRule(key string, kind Kind, o, n *connector.Node) verdict {
	def := map[string]string{"collectionFormat": "csv", "x-ms-url-encoding": "double"}[key]
	if kind == Added && n.Str() == def || kind == Removed && o.Str() == def {
		return rate(Safe, rowSerialisation, fmt.Sprintf("%q is the default: the request does not change", def))
	}
	return rate(Breaking, rowSerialisation, "the values are encoded differently in the request: the API receives other text")
}

func dynamicRule(key string) verdict {
	switch key {
	case "value-title", "itemTitlePath", "x-ms-summary", "description", "title":
		return rate(Safe, rowDynamic, "display only: flows store the value, not the title shown in the list")
	}
	return rate(Breaking, rowDynamic, "the list or schema now comes from another place: values stored in flows may no longer match, and dynamic fields may vanish")
}

func (d *differ) schemaRule(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "":
		return rate(Breaking, rowFieldType, "the schema is replaced by a value of another kind")
	case key == "type":
		return typeRule(f, kind, o, n)
	case key == "required" && item:
		return requiredListRule(f, kind, o, n)
	case key == "enum":
		return enumRule(f, item, kind)
	case key == "default":
		return defaultRule(f)
	case key == "x-ms-visibility":
		return visibilityRule(o, n, "the field disappears from the designer: flows that set or read it lose it")
	case key == "properties" || key == "required":
		return rate(Safe, rowLayout, whyLayout)
	case key == "collectionFormat":
		return serialisationRule(key, kind, o, n)
	}
	return d.sharedMemberRule(f, key, kind, o, n)
}

// requiredListRule rates a name added to or removed from a schema's
// required list.
func requiredListRule(f frame, kind Kind, o, n *connector.Node) verdict {
	name := orNode(n, o).Str()
	return worst(f, func(dir uint8) verdict {
		if kind == Added {
			if dir == dirOut {
				return rate(Safe, rowFieldRequired, "an output now always present")
			}
			if f.propsO.Get(name) == nil {
				return rate(Safe, rowFieldRequired, "the property is new: it is rated on its own")
			}
			if p := f.propsN.Get(name); p != nil && isInternal(p) && hasDefault(p) {
				return rate(Safe, rowFieldRequired, "required, but internal with a default: the platform fills it in")
			}
			return rate(Breaking, rowFieldRequired, "flows and apps that leave it empty now fail")
		}
		if dir == dirIn {
			return rate(Safe, rowFieldRequired, "optional now: every existing call still fits")
		}
		if f.propsN.Get(name) == nil {
			return rate(Safe, rowFieldRequired, "the property is gone: it is rated on its own")
		}
		return rate(Warning, rowFieldRequired, "an output that may now be missing: flows that use it may get nothing")
	})
}

// fieldAddRemove rates a schema property added or removed.
func (d *differ) fieldAddRemove(f frame, key string, kind Kind, o, n *connector.Node) verdict {
	return worst(f, func(dir uint8) verdict {
		if kind == Added {
			if dir == dirOut {
				return rate(Safe, rowFieldAdded, "a new output: existing flows and apps do not use it")
			}
			if inList(f.reqN, key) {
				if isInternal(n) && hasDefault(n) {
					return rate(Safe, rowFieldAdded, "required, but internal with a default: the platform sends the default")
				}
				return verdict{impact: Breaking, rule: rowFieldAdded, msg: "required " + describe(f, key, false, kind, o, n),
					reason: "existing flows and apps do not set it: their calls fail until a maker fills it in"}
			}
			return rate(Safe, rowFieldAdded, "optional: existing flows and apps go on without it")
		}
		if kind == Removed {
			if dir == dirIn && isInternal(o) && hasDefault(o) {
				return rate(Warning, rowFieldRemoved, "it was internal with a default, so no flow set it, but the API no longer receives that value")
			}
			if dir == dirOut {
				return rate(Breaking, rowFieldRemoved, "flows and apps that use this output get nothing: the designer flags the reference")
			}
			return rate(Breaking, rowFieldRemoved, "flows and apps that set it lose their value, and the API no longer receives it")
		}
		return rate(Breaking, rowFieldType, "the property is replaced by a value of another kind")
	})
}

func inList(list *connector.Node, s string) bool {
	for _, c := range list.List() {
		if c.Kind == connector.String && c.Value == s {
			return true
		}
	}
	return false
}

// constraintRule rates a JSON Schema validation keyword. ppconn tells
// tighter from looser; whether a tighter input breaks is what-changed's
// call.
func (d *differ) constraintRule(f frame, key string, kind Kind, o, n *connector.Node) verdict {
	return worst(f, func(dir uint8) verdict {
		if dir == dirOut {
			return rate(Safe, rowFieldConstraints, whyOutput)
		}
		if !tighter(key, kind, o, n) {
			return rate(Safe, rowFieldConstraints, "looser: every value flows and apps sent is still valid")
		}
		v := libRate(rowFieldConstraints, "tighter on an input, so values existing flows send may now be refused; "+whyLibNo, Warning)
		v.libReason = "tighter on an input: values existing flows send may now be refused; " + whyLibYes
		return v
	})
}

// tighter says whether a validation keyword now accepts fewer values (or
// may: a changed pattern or format is taken as tighter).
func tighter(key string, kind Kind, o, n *connector.Node) bool {
	switch kind {
	case Added:
		switch key {
		case "uniqueItems", "readOnly", "exclusiveMaximum", "exclusiveMinimum":
			return n.IsTrue()
		case "allowEmptyValue":
			return false
		case "additionalProperties":
			return n.Kind == connector.Bool && n.Value == "false" || n.Kind == connector.Object
		}
		return true
	case Removed:
		switch key {
		case "allowEmptyValue":
			return o.IsTrue()
		case "additionalProperties":
			return o.Kind == connector.Bool && o.Value == "true"
		}
		return false
	}
	x, errX := strconv.ParseFloat(o.Value, 64)
	y, errY := strconv.ParseFloat(n.Value, 64)
	numeric := o.Kind == connector.Number && n.Kind == connector.Number && errX == nil && errY == nil
	switch key {
	case "maxLength", "maxItems", "maximum", "maxProperties":
		return !numeric || y < x
	case "minLength", "minItems", "minimum", "minProperties":
		return !numeric || y > x
	case "uniqueItems", "readOnly", "exclusiveMaximum", "exclusiveMinimum":
		return n.IsTrue()
	case "allowEmptyValue":
		return !n.IsTrue()
	case "additionalProperties":
		return n.Kind != connector.Bool || n.Value != "true"
	}
	return true
}

func (d *differ) responseAddRemove(code string, kind Kind, o *connector.Node) verdict {
	switch kind {
	case Added:
		return rate(Safe, rowResponses, whyAdded)
	case Removed:
		r := d.old.idx.deref(o)
		hasSchema := r != nil && r.Get("schema").Len() > 0
		if !strings.HasPrefix(code, "2") && (code != "default" || !hasSchema || hasSuccessSchema(d.old.idx, o.Parent)) {
			return rate(Safe, rowResponses, "an error response: flows do not read its outputs")
		}
		if !hasSchema {
			return rate(Warning, rowResponses, "a success status the API documented is gone: flows that check the status code may change")
		}
		// The outputs may have moved to another success status (200 ->
		// 201, default -> 200): compare them there.
		if newResponses := d.new.doc.Root.Resolve(o.Parent.Pointer()); newResponses != nil {
			for _, c := range newResponses.List() {
				if !strings.HasPrefix(c.Key, "2") && c.Key != "default" || o.Parent.Get(c.Key) != nil {
					continue
				}
				nr := d.new.idx.deref(c)
				if nr == nil || nr.Get("schema") == nil {
					continue
				}
				f := frame{at: pResponse, dir: dirOut, subject: "response " + c.Key}
				subs := d.compareFolded(f, r, nr, "schema")
				if len(subs) == 0 {
					return rate(Safe, rowResponses, fmt.Sprintf("the same outputs now come with status %s: flows read the success response, whatever its code", c.Key))
				}
				w := worstOf(subs)
				return verdict{impact: w.Impact, rule: rowResponses,
					msg:    fmt.Sprintf("response %s removed; its outputs now come with status %s, with %d difference(s), the worst: %s", code, c.Key, len(subs), w.Message),
					reason: w.Reason}
			}
		}
		return rate(Breaking, rowResponses, "the outputs of this success response disappear: flows that use them break")
	}
	return d.otherRule(code)
}

// hasSuccessSchema says whether a responses object has a 2xx response
// with a schema (else a "default" response carries the outputs).
func hasSuccessSchema(x *index, responses *connector.Node) bool {
	for _, c := range responses.List() {
		if r := x.deref(c); strings.HasPrefix(c.Key, "2") && r != nil && r.Get("schema") != nil {
			return true
		}
	}
	return false
}

// sharedAddRemove rates a definition, parameter or response added to or
// removed from the shared sections.
func (d *differ) sharedAddRemove(f frame, key string, kind Kind) verdict {
	target := connector.RefPrefix(f.elem) + connector.EscapePointerToken(key)
	switch kind {
	case Added:
		return rate(Safe, rowDefinitions, "a new shared item: the references that use it are reported where they change")
	case Removed:
		if d.referencedInNew(target) {
			return rate(Breaking, rowDefinitions, fmt.Sprintf("NEW still refers to %s: Power Platform refuses a definition with a dangling $ref", target))
		}
		return rate(Safe, rowDefinitions, "nothing refers to it any more: the references that used it are reported where they change")
	}
	return d.otherRule(key)
}

func (d *differ) referencedInNew(target string) bool {
	if d.newRefs == nil {
		d.newRefs = map[string]bool{}
		for _, r := range collectRefs(d.new.doc.Root, nil) {
			d.newRefs[r] = true
		}
	}
	return d.newRefs[target]
}

// isSecret says whether the value n holds a secret (secret.IsSecretNode):
// a change shows it masked, in both documents.
func isSecret(_ string, n *connector.Node) bool { return secret.IsSecretNode(n) }

func propertiesRule(f frame, key string, o, n *connector.Node) verdict {
	parent := ""
	if x := orNode(n, o); x != nil && x.Parent != nil {
		parent = x.Parent.Key
	}
	switch f.at {
	case pPropsRoot:
		if key == "properties" {
			return rate(Breaking, rowAuth, whyAuth)
		}
	case pPropsMain:
		switch key {
		case "connectionParameters", "connectionParameterSets":
			return rate(Breaking, rowAuth, whyAuth)
		case "publisher", "stackOwner", "iconBrandColor", "iconUri":
			return rate(Safe, rowConnectorSettings, "branding shown in the designer: flows and apps do not depend on it")
		}
	case pConn:
		if parent == "uiDefinition" && (key == "displayName" || key == "description" || key == "tooltip") {
			return rate(Safe, rowAuth, "the label of a connection field, not the sign-in itself")
		}
		return rate(Breaking, rowAuth, whyAuth)
	}
	return rate(Warning, rowConnectorSettings, "runtime settings (policies, custom code, capabilities) change what the platform does around each call: test a flow after the update")
}

// describe writes the default message of a change.
func describe(f frame, key string, item bool, kind Kind, o, n *connector.Node) string {
	var b strings.Builder
	if f.subject != "" {
		b.WriteString(f.subject)
		b.WriteString(": ")
	}
	name := key
	switch {
	case name == "":
		name = "value"
	case f.at == pProps:
		name = "property " + strconv.Quote(key)
	case f.at == pResponses:
		name = "response " + key
	case f.at == pHeaders:
		name = "header " + strconv.Quote(key)
	case f.at == pDefs:
		name = "definition " + strconv.Quote(key)
	case f.at == pParamDefs:
		name = "shared parameter " + strconv.Quote(key)
	case f.at == pRespDefs:
		name = "shared response " + strconv.Quote(key)
	case f.ext != "" && (f.at == pDynamic || f.at == pPageable):
		name = f.ext + " " + key
	}
	switch {
	case item && kind == Added:
		fmt.Fprintf(&b, "%s added to %s", show(key, n), name)
	case item && kind == Removed:
		fmt.Fprintf(&b, "%s removed from %s", show(key, o), name)
	case item:
		fmt.Fprintf(&b, "%s item changed: %s → %s", name, show(key, o), show(key, n))
	case kind == Added:
		fmt.Fprintf(&b, "%s added", name)
		if isScalar(n) {
			fmt.Fprintf(&b, ": %s", show(key, n))
		}
	case kind == Removed:
		fmt.Fprintf(&b, "%s removed", name)
		if isScalar(o) {
			fmt.Fprintf(&b, " (was %s)", show(key, o))
		}
	case o.Kind != n.Kind:
		fmt.Fprintf(&b, "%s changed from %s %s to %s %s", name, article(o.Kind), o.Kind, article(n.Kind), n.Kind)
	case o.Kind == connector.String && !isSecret(key, o) && !isSecret(key, n):
		x, y := snippets(o.Value, n.Value)
		fmt.Fprintf(&b, "%s changed: %s → %s", name, x, y)
	default:
		fmt.Fprintf(&b, "%s changed: %s → %s", name, show(key, o), show(key, n))
	}
	return b.String()
}

// snippets quotes two strings for a message; long ones are cut down to
// the part that differs, with some context, so that a changed link in a
// long description shows.
func snippets(a, b string) (string, string) {
	const maxLen, context = 120, 30
	if len(a) <= maxLen && len(b) <= maxLen {
		return escape.Quote(a), escape.Quote(b)
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	cut := func(x string) string {
		start, end := max(0, p-context), min(len(x), len(x)-s+context)
		for start > 0 && !isRuneStart(x[start]) {
			start--
		}
		for end < len(x) && !isRuneStart(x[end]) {
			end++
		}
		mid := x[start:end]
		if end-start > 2*maxLen {
			return short(mid)
		}
		q := escape.Quote(mid)
		if start > 0 {
			q = "…" + q
		}
		if end < len(x) {
			q += "…"
		}
		return q
	}
	return cut(a), cut(b)
}

func article(k connector.Kind) string {
	if k == connector.Object || k == connector.Array {
		return "an"
	}
	return "a"
}

func isScalar(n *connector.Node) bool {
	return n != nil && n.Kind != connector.Object && n.Kind != connector.Array
}

// show renders a value for a message; secrets of apiProperties.json are
// masked.
func show(key string, n *connector.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case connector.String:
		if isSecret(key, n) {
			return escape.Quote(secret.Mask(n.Value))
		}
		return short(n.Value)
	case connector.Number, connector.Bool:
		if isSecret(key, n) {
			return escape.Quote(secret.Mask(n.Value))
		}
		return n.Value
	case connector.Null:
		return "null"
	case connector.Object:
		if name := n.Get("name").Str(); name != "" {
			return "{name: " + short(name) + ", …}"
		}
		if name := n.Get("propertyName").Str(); name != "" {
			return "{propertyName: " + short(name) + ", …}"
		}
		return "{…}"
	}
	return "[…]"
}
