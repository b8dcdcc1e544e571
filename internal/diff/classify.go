package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// Row is one row of the impact table: an area of the connector, and when a
// change there is breaking and when it is not. docs/diff.md lists the same
// rows with the reasoning, and testdata/diff/cases has a fixture for each
// row both ways.
type Row struct {
	ID          string
	Area        string
	Breaking    string
	NotBreaking string
}

// Rows is the impact table, in the order of docs/diff.md.
var Rows = []Row{
	{"operation", "Operations", "an operation removed (an internal one only while NEW still refers to it)", "an operation added (safe); an internal operation nothing refers to any more removed (warning)"},
	{"operation-id", "Operations", "operationId changed or removed", "the summary (the action's display name) changed while the operationId stays (safe)"},
	{"operation-route", "Operations", "method or path changed for the same operationId", "another operation added on the same path (safe)"},
	{"host", "Endpoint", "host or basePath changed", "host changed in letter case only (safe)"},
	{"schemes", "Endpoint", "https no longer offered", "http added or removed while https stays (safe); schemes removed altogether (warning)"},
	{"media-types", "Endpoint", "a type removed from consumes or produces", "a type added (safe); the list added or removed altogether (warning)"},
	{"auth", "Authentication", "securityDefinitions, security or the connection parameters of apiProperties.json changed", "their descriptions, display names and tooltips changed (safe)"},
	{"field-added", "Inputs and outputs", "a required input added", "an optional input, an internal input with a default, or an output added (safe)"},
	{"field-removed", "Inputs and outputs", "an input or an output removed", "an internal input with a default removed (warning)"},
	{"field-renamed", "Inputs and outputs", "a parameter's name or location (in) changed", "its x-ms-summary label changed (safe)"},
	{"field-type", "Inputs and outputs", "a type changed, or a body schema replaced", "integer widened to number on an input, a type added to an input or removed from an output (warning); a type added to an output or removed from an input (safe)"},
	{"field-required", "Inputs and outputs", "an input became required", "an input became optional, or an output required (safe); an output no longer required (warning)"},
	{"field-enum", "Inputs and outputs", "an enum value removed from an input, or an enum added to an input", "an enum value added to an input, an enum dropped, an output's enum changed (safe); a value added to an output (warning)"},
	{"field-default", "Inputs and outputs", "the default of an internal input changed", "the default of a visible input changed (warning), of an output (safe)"},
	{"field-constraints", "Inputs and outputs", "a validation keyword (pattern, format, maxLength, minimum, ...) tightened on an input and rated breaking by libopenapi what-changed", "tightened but not rated breaking by what-changed (warning); loosened, or on an output (safe)"},
	{"serialisation", "Inputs and outputs", "collectionFormat or x-ms-url-encoding changed", "set explicitly to its default value (safe)"},
	{"responses", "Inputs and outputs", "a success response with a schema removed (or the default response, when it is the one with the outputs)", "a response added, an error response removed, the same outputs under another 2xx status (safe); a success response without schema removed (warning)"},
	{"visibility", "Visibility", "x-ms-visibility became internal", "a move between important, advanced and none, or deprecated: true (warning); internal or deprecated undone (safe)"},
	{"trigger", "Triggers", "x-ms-trigger added, removed or changed on an existing operation; x-ms-notification-url moved; notification content removed", "x-ms-trigger-hint changed, a new trigger operation (safe)"},
	{"dynamic", "Dynamic values", "the target of x-ms-dynamic-values, -schema, -list, -tree or -properties changed (operationId, parameters, value-path, value-collection, ...)", "a display-only key (value-title, itemTitlePath) changed (safe); a dynamic extension added or removed (warning)"},
	{"pageable", "Paging", "x-ms-pageable removed or its nextLinkName changed", "x-ms-pageable added (safe)"},
	{"text", "Text", "— (never; the contrast: a parameter renamed while its x-ms-summary label stays is breaking)", "summary, description, x-ms-summary, title, x-ms-trigger-hint, examples, x-ms-test-value (safe)"},
	{"docs-links", "Documentation and metadata", "— (never; the contrast: the host, which is the API and not a link, is breaking)", "externalDocs, x-ms-connector-metadata, contact, license, tags, info.version, x-ms-api-annotation (safe)"},
	{"ref", "References", "a $ref retargeted to a schema that differs in a breaking way", "retargeted to a schema with the same content (safe); otherwise rated as the worst difference"},
	{"definitions", "References", "a definition, parameter or response removed while still referenced (the import fails)", "one added, removed unreferenced, or changed while no operation uses it (safe)"},
	{"layout", "Layout", "— (never; the contrast: an enum value replaced is breaking)", "the order of parameters, enum values, required names or tags, or an empty list or map added or removed (safe)"},
	{"connector-settings", "Connector settings", "— (never; the contrast: a connection parameter changed is breaking)", "x-ms-capabilities, policyTemplateInstances, scriptOperations, capabilities (warning); publisher, stackOwner, iconBrandColor (safe)"},
	{"other", "Anything else", "a change ppconn has no row for, rated breaking by libopenapi what-changed", "one what-changed does not rate breaking (warning)"},
}

// verdict is the rating of one change.
type verdict struct {
	impact Impact
	rule   string
	msg    string
	reason string
	// lib: the impact depends on what-changed; libBreaking/libOther are
	// used when it does or does not rate the change breaking.
	lib                   bool
	libBreaking, libOther Impact
	libReason             string
}

func rate(i Impact, rule, reason string) verdict {
	return verdict{impact: i, rule: rule, reason: reason}
}

// libRate defers to what-changed: breaking when it rates the change so.
func libRate(rule, reason string, other Impact) verdict {
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
		return rate(Safe, "text", whyText)
	case key == "x-ms-visibility" && f.at != pOp && f.at != pParam && f.at != pSchema && !item:
		return visibilityRule(o, n, "what it applies to disappears from the designer")
	}
	switch f.at {
	case pDoc:
		return d.docRule(key, item, kind, o, n)
	case pInfo, pMeta:
		if textKeys[key] && !item {
			return rate(Safe, "text", whyText)
		}
		return rate(Safe, "docs-links", whyLinks)
	case pPaths:
		if f.lonely {
			return rate(Safe, "operation", "reported with the operations of the path")
		}
	case pPathItem:
		if f.lonely {
			return rate(Safe, "operation", "belongs to a path that exists on one side only: its operations are reported one by one")
		}
		switch {
		case key == "parameters" && item:
			return d.paramAddRemove(kind, o, n)
		case key == "parameters":
			return rate(Safe, "layout", whyLayout)
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
			return rate(Safe, "text", whyText)
		case key == "headers":
			return rate(Safe, "layout", whyLayout)
		case key == "schema" && kind == Added:
			return rate(Safe, "field-added", "new outputs: existing flows do not use them")
		case key == "schema" && kind == Removed:
			return rate(Breaking, "field-removed", "the outputs of this response disappear: flows that use them break")
		case key == "schema":
			return rate(Breaking, "field-type", "the outputs change type: flows that use them break")
		}
	case pHeaders:
		switch kind {
		case Added:
			return rate(Safe, "field-added", whyAdded)
		case Removed:
			return rate(Breaking, "field-removed", "flows that read this response header get nothing")
		}
	case pSchema:
		return d.schemaRule(f, key, item, kind, o, n)
	case pProps:
		return d.fieldAddRemove(f, key, kind, o, n)
	case pDefs, pParamDefs, pRespDefs:
		return d.sharedAddRemove(f, key, kind)
	case pAuth:
		if textKeys[key] {
			return rate(Safe, "auth", "the description of the sign-in, not the sign-in itself")
		}
		return rate(Breaking, "auth", whyAuth)
	case pDynamic:
		return dynamicRule(key)
	case pPageable:
		return rate(Breaking, "pageable", "paging follows nextLinkName: flows with pagination on get other pages, or none")
	case pCapabilities:
		return rate(Warning, "connector-settings", "x-ms-capabilities changes how the platform tests connections or transfers content: check a connection and a flow after the update")
	}
	return d.otherRule(key)
}

func (d *differ) otherRule(key string) verdict {
	v := libRate("other", fmt.Sprintf(whyUnknown, key)+"; "+whyLibNo, Warning)
	v.libReason = fmt.Sprintf(whyUnknown, key) + "; " + whyLibYes
	return v
}

func (d *differ) docRule(key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch key {
	case "host", "basePath":
		if key == "host" && kind == Modified && strings.EqualFold(o.Value, n.Value) {
			return rate(Safe, "host", "host names are case-insensitive: the same server")
		}
		return rate(Breaking, "host", "every action now calls another URL: flows and apps reach another service, or none")
	case "schemes":
		return d.schemesRule(item, kind, o)
	case "consumes", "produces":
		return mediaRule(item, kind)
	case "securityDefinitions", "security":
		return rate(Breaking, "auth", whyAuth)
	case "info":
		return rate(Safe, "docs-links", whyLinks)
	case "tags", "externalDocs", "x-ms-connector-metadata":
		return rate(Safe, "docs-links", whyLinks)
	case "definitions", "parameters", "responses", "paths":
		if orNode(o, n).Len() == 0 {
			return rate(Safe, "layout", whyLayout)
		}
	case "x-ms-capabilities":
		return rate(Warning, "connector-settings", "x-ms-capabilities changes how the platform tests connections or transfers content: check a connection and a flow after the update")
	}
	return d.otherRule(key)
}

func (d *differ) schemesRule(item bool, kind Kind, o *connector.Node) verdict {
	if !item {
		return rate(Warning, "schemes", "without schemes the platform uses the scheme the definition was loaded from")
	}
	switch kind {
	case Added:
		return rate(Safe, "schemes", whyAdded)
	case Removed:
		if !strings.EqualFold(o.Value, "https") && hasHTTPS(o.Parent, d) {
			return rate(Safe, "schemes", "https is still offered, and the platform calls https when it can")
		}
		return rate(Breaking, "schemes", "the connector no longer calls the API the way it did: https is gone")
	}
	return rate(Breaking, "schemes", "the scheme the connector calls changes")
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
		return rate(Warning, "media-types", "without consumes or produces the platform falls back to its defaults: check the requests")
	case kind == Added:
		return rate(Safe, "media-types", whyAdded)
	}
	return rate(Breaking, "media-types", "the body is sent or read in another format: the API may reject requests, or flows read another shape")
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
			return rate(Breaking, "media-types", fmt.Sprintf("the operation no longer %s %s: the body is sent or read in another format", key, show(key, c)))
		}
	}
	return rate(Safe, "media-types", "the operation's own list holds every type it had through the definition's list: nothing is lost")
}

func (d *differ) opRule(key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "operationId":
		return rate(Breaking, "operation-id", "flows and apps store the operationId of each action and trigger: theirs no longer exists")
	case textKeys[key]:
		return rate(Safe, "text", whyText)
	case key == "deprecated":
		return deprecatedRule(o, n)
	case key == "x-ms-visibility":
		return visibilityRule(o, n, "the action disappears from the designer: flows that use it can no longer be edited, apps can no longer call it")
	case key == "x-ms-trigger":
		return rate(Breaking, "trigger", "x-ms-trigger decides whether the operation is an action or a trigger, and what kind: flows that use it break")
	case key == "x-ms-pageable":
		if kind == Added {
			return rate(Safe, "pageable", "paging is off by default in existing flows: nothing changes until a maker turns it on")
		}
		return rate(Breaking, "pageable", "flows with pagination on no longer get the next pages")
	case (key == "consumes" || key == "produces") && !item:
		return d.effectiveMediaRule(key, o, n)
	case key == "consumes" || key == "produces":
		return mediaRule(item, kind)
	case key == "schemes":
		return d.schemesRule(item, kind, o)
	case key == "security":
		return rate(Breaking, "auth", whyAuth)
	case key == "tags" || key == "externalDocs" || key == "x-ms-api-annotation" || key == "x-ms-no-generic-test":
		return rate(Safe, "docs-links", whyLinks)
	case key == "parameters" && item:
		return d.paramAddRemove(kind, o, n)
	case key == "parameters" || key == "responses":
		return rate(Safe, "layout", whyLayout)
	case key == "x-ms-notification-content":
		return notificationRule(kind)
	}
	return d.otherRule(key)
}

func notificationRule(kind Kind) verdict {
	if kind == Added {
		return rate(Safe, "trigger", "the trigger now describes its outputs: flows see new dynamic content")
	}
	return rate(Breaking, "trigger", "the trigger's outputs (x-ms-notification-content) change: flows that use them break")
}

func deprecatedRule(o, n *connector.Node) verdict {
	if n.IsTrue() && !o.IsTrue() {
		return rate(Warning, "visibility", "deprecated: makers are told to stop using it; existing flows keep working")
	}
	return rate(Safe, "visibility", "no longer deprecated")
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
		return rate(Breaking, "visibility", internalWhy)
	case vo == "internal" && vn != "internal":
		return rate(Safe, "visibility", "no longer internal: makers can now see it")
	}
	return rate(Warning, "visibility", "a move between important, advanced and none: makers find it somewhere else in the designer")
}

// field is a parameter or property, seen from its value in one version.
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
			v.impact, v.rule, v.reason = Safe, "field-added", "required, but internal with a default: the platform sends the default, nobody has to fill it in"
		case required:
			v.msg = "required " + v.msg
			v.impact, v.rule, v.reason = Breaking, "field-added", "existing flows and apps do not set it: their calls fail until a maker fills it in"
		default:
			v.impact, v.rule, v.reason = Safe, "field-added", "optional: existing flows and apps go on without it"
		}
		return v
	case Removed:
		p := d.old.idx.deref(o)
		if p == nil {
			return d.otherRule("parameters")
		}
		v := verdict{msg: paramSubject(p) + " removed"}
		if isInternal(p) && hasDefault(p) {
			v.impact, v.rule, v.reason = Warning, "field-removed", "it was internal with a default, so no flow set it, but the API no longer receives that value"
			return v
		}
		v.impact, v.rule, v.reason = Breaking, "field-removed", "flows and apps that set it lose their value (the designer flags it), and the API no longer receives it"
		return v
	}
	return d.otherRule("parameters")
}

func (d *differ) paramRule(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "name" || key == "in":
		return rate(Breaking, "field-renamed", "flows and apps store parameter values under the name and location: the value they set is lost")
	case key == "required":
		return requiredFlagRule(f, o, n)
	case key == "type":
		return typeRule(f, kind, o, n)
	case key == "enum":
		return enumRule(f, item, kind)
	case key == "default":
		return defaultRule(f)
	case key == "collectionFormat" || key == "x-ms-url-encoding":
		return serialisationRule(key, kind, o, n)
	case key == "x-ms-visibility":
		return visibilityRule(o, n, "the input disappears from the designer: flows that set it lose their value, and the platform sends the default or nothing")
	case key == "x-ms-notification-url":
		return rate(Breaking, "trigger", "x-ms-notification-url marks where the platform puts the callback URL: the webhook subscription changes")
	case textKeys[key]:
		return rate(Safe, "text", whyText)
	case isDynamic(key):
		return rate(Warning, "dynamic", "the designer now offers (or no longer offers) a list or schema: stored values still apply, check them")
	case constraintKeys[key]:
		return d.constraintRule(f, key, kind, o, n)
	case key == "schema":
		return rate(Breaking, "field-type", "the body changes shape: flows and apps send what the old schema asked for")
	}
	return d.otherRule(key)
}

func requiredFlagRule(f frame, o, n *connector.Node) verdict {
	if n.IsTrue() && !o.IsTrue() {
		if f.fn != nil && isInternal(f.fn) && hasDefault(f.fn) {
			return rate(Safe, "field-required", "required, but internal with a default: the platform fills it in")
		}
		return rate(Breaking, "field-required", "flows and apps that leave it empty now fail")
	}
	return rate(Safe, "field-required", "optional now: every existing call still fits")
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
			return rate(Warning, "field-type", "a type where there was none: values of another type that flows send may now be refused")
		case kind == Added:
			return rate(Safe, "field-type", "a type where there was none: the output is described, not changed")
		case kind == Removed && dir == dirIn:
			return rate(Safe, "field-type", "no type any more: any value is accepted")
		case kind == Removed:
			return rate(Warning, "field-type", "the output is no longer typed: the designer offers it as untyped content")
		}
		if dir == dirIn && kind == Modified && o.Str() == "integer" && n.Str() == "number" {
			return rate(Warning, "field-type", "a wider type: every value flows sent is still valid, but the API may now receive decimals")
		}
		if dir == dirOut {
			return rate(Breaking, "field-type", "flows and apps read values of the old type: expressions and mappings that use this output may fail")
		}
		return rate(Breaking, "field-type", "flows and apps send values of the old type: the API may reject them, or read them otherwise")
	})
}

func enumRule(f frame, item bool, kind Kind) verdict {
	return worst(f, func(dir uint8) verdict {
		if dir == dirOut {
			if item && kind == Added {
				return rate(Warning, "field-enum", "a new output value: flows that branch on the known values may not expect it")
			}
			return rate(Safe, "field-enum", whyOutput)
		}
		switch {
		case item && kind == Removed:
			return rate(Breaking, "field-enum", "flows and apps that use the removed value fail validation")
		case item && kind == Added:
			return rate(Safe, "field-enum", "one more accepted value: every existing value is still valid")
		case kind == Added:
			return rate(Breaking, "field-enum", "the list of enum values has been added to the input field: existing flows may use values outside of this list (Microsoft's breaking-change check)")
		case kind == Removed:
			return rate(Safe, "field-enum", "any value is now accepted")
		}
		return rate(Breaking, "field-enum", "the accepted values change shape")
	})
}

func defaultRule(f frame) verdict {
	return worst(f, func(dir uint8) verdict {
		if dir == dirOut {
			return rate(Safe, "field-default", "a default on an output has no effect on what the API returns")
		}
		if f.fn != nil && isInternal(f.fn) || f.fo != nil && isInternal(f.fo) {
			return rate(Breaking, "field-default", "an internal input is sent by the platform with its default, and nobody can override it: every request of every flow changes")
		}
		return rate(Warning, "field-default", "flows and apps that leave it empty now send another value")
	})
}

func serialisationRule(key string, kind Kind, o, n *connector.Node) verdict {
	def := map[string]string{"collectionFormat": "csv", "x-ms-url-encoding": "double"}[key]
	if kind == Added && n.Str() == def || kind == Removed && o.Str() == def {
		return rate(Safe, "serialisation", fmt.Sprintf("%q is the default: the request does not change", def))
	}
	return rate(Breaking, "serialisation", "the values are encoded differently in the request: the API receives other text")
}

func dynamicRule(key string) verdict {
	switch key {
	case "value-title", "itemTitlePath", "x-ms-summary", "description", "title":
		return rate(Safe, "dynamic", "display only: flows store the value, not the title shown in the list")
	}
	return rate(Breaking, "dynamic", "the list or schema now comes from another place: values stored in flows may no longer match, and dynamic fields may vanish")
}

func (d *differ) schemaRule(f frame, key string, item bool, kind Kind, o, n *connector.Node) verdict {
	switch {
	case key == "":
		return rate(Breaking, "field-type", "the schema is replaced by a value of another kind")
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
	case key == "x-ms-notification-url":
		return rate(Breaking, "trigger", "x-ms-notification-url marks where the platform puts the callback URL: the webhook subscription changes")
	case key == "properties" || key == "required":
		return rate(Safe, "layout", whyLayout)
	case key == "collectionFormat":
		return serialisationRule(key, kind, o, n)
	case textKeys[key]:
		return rate(Safe, "text", whyText)
	case isDynamic(key):
		return rate(Warning, "dynamic", "the designer now offers (or no longer offers) a list or schema: stored values still apply, check them")
	case constraintKeys[key]:
		return d.constraintRule(f, key, kind, o, n)
	}
	return d.otherRule(key)
}

// requiredListRule rates a name added to or removed from a schema's
// required list.
func requiredListRule(f frame, kind Kind, o, n *connector.Node) verdict {
	name := orNode(n, o).Str()
	return worst(f, func(dir uint8) verdict {
		if kind == Added {
			if dir == dirOut {
				return rate(Safe, "field-required", "an output now always present")
			}
			if f.propsO.Get(name) == nil {
				return rate(Safe, "field-required", "the property is new: it is rated on its own")
			}
			if p := f.propsN.Get(name); p != nil && isInternal(p) && hasDefault(p) {
				return rate(Safe, "field-required", "required, but internal with a default: the platform fills it in")
			}
			return rate(Breaking, "field-required", "flows and apps that leave it empty now fail")
		}
		if dir == dirIn {
			return rate(Safe, "field-required", "optional now: every existing call still fits")
		}
		if f.propsN.Get(name) == nil {
			return rate(Safe, "field-required", "the property is gone: it is rated on its own")
		}
		return rate(Warning, "field-required", "an output that may now be missing: flows that use it may get nothing")
	})
}

// fieldAddRemove rates a schema property added or removed.
func (d *differ) fieldAddRemove(f frame, key string, kind Kind, o, n *connector.Node) verdict {
	return worst(f, func(dir uint8) verdict {
		if kind == Added {
			if dir == dirOut {
				return rate(Safe, "field-added", "a new output: existing flows and apps do not use it")
			}
			if inList(f.reqN, key) {
				if isInternal(n) && hasDefault(n) {
					return rate(Safe, "field-added", "required, but internal with a default: the platform sends the default")
				}
				return verdict{impact: Breaking, rule: "field-added", msg: "required " + describe(f, key, false, kind, o, n),
					reason: "existing flows and apps do not set it: their calls fail until a maker fills it in"}
			}
			return rate(Safe, "field-added", "optional: existing flows and apps go on without it")
		}
		if kind == Removed {
			if dir == dirIn && isInternal(o) && hasDefault(o) {
				return rate(Warning, "field-removed", "it was internal with a default, so no flow set it, but the API no longer receives that value")
			}
			if dir == dirOut {
				return rate(Breaking, "field-removed", "flows and apps that use this output get nothing: the designer flags the reference")
			}
			return rate(Breaking, "field-removed", "flows and apps that set it lose their value, and the API no longer receives it")
		}
		return rate(Breaking, "field-type", "the property is replaced by a value of another kind")
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
			return rate(Safe, "field-constraints", whyOutput)
		}
		if !tighter(key, kind, o, n) {
			return rate(Safe, "field-constraints", "looser: every value flows and apps sent is still valid")
		}
		v := libRate("field-constraints", "tighter on an input, so values existing flows send may now be refused; "+whyLibNo, Warning)
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
		return rate(Safe, "responses", whyAdded)
	case Removed:
		r := d.old.idx.deref(o)
		hasSchema := r != nil && r.Get("schema").Len() > 0
		if !strings.HasPrefix(code, "2") && (code != "default" || !hasSchema || hasSuccessSchema(d.old.idx, o.Parent)) {
			return rate(Safe, "responses", "an error response: flows do not read its outputs")
		}
		if !hasSchema {
			return rate(Warning, "responses", "a success status the API documented is gone: flows that check the status code may change")
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
					return rate(Safe, "responses", fmt.Sprintf("the same outputs now come with status %s: flows read the success response, whatever its code", c.Key))
				}
				w := worstOf(subs)
				return verdict{impact: w.Impact, rule: "responses",
					msg:    fmt.Sprintf("response %s removed; its outputs now come with status %s, with %d difference(s), the worst: %s", code, c.Key, len(subs), w.Message),
					reason: w.Reason}
			}
		}
		return rate(Breaking, "responses", "the outputs of this success response disappear: flows that use them break")
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
	sec := map[place]string{pDefs: "#/definitions/", pParamDefs: "#/parameters/", pRespDefs: "#/responses/"}[f.at]
	target := sec + connector.EscapePointerToken(key)
	switch kind {
	case Added:
		return rate(Safe, "definitions", "a new shared item: the references that use it are reported where they change")
	case Removed:
		if d.referencedInNew(target) {
			return rate(Breaking, "definitions", fmt.Sprintf("NEW still refers to %s: Power Platform refuses a definition with a dangling $ref", target))
		}
		return rate(Safe, "definitions", "nothing refers to it any more: the references that used it are reported where they change")
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
			return rate(Breaking, "auth", whyAuth)
		}
	case pPropsMain:
		switch key {
		case "connectionParameters", "connectionParameterSets":
			return rate(Breaking, "auth", whyAuth)
		case "publisher", "stackOwner", "iconBrandColor", "iconUri":
			return rate(Safe, "connector-settings", "branding shown in the designer: flows and apps do not depend on it")
		}
	case pConn:
		if parent == "uiDefinition" && (key == "displayName" || key == "description" || key == "tooltip") {
			return rate(Safe, "auth", "the label of a connection field, not the sign-in itself")
		}
		return rate(Breaking, "auth", whyAuth)
	}
	return rate(Warning, "connector-settings", "runtime settings (policies, custom code, capabilities) change what the platform does around each call: test a flow after the update")
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
		return strconvQuote(a), strconvQuote(b)
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
		q := strconvQuote(mid)
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
			return strconvQuote(secret.Mask(n.Value))
		}
		return short(n.Value)
	case connector.Number, connector.Bool:
		if isSecret(key, n) {
			return strconvQuote(secret.Mask(n.Value))
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
