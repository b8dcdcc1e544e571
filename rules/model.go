package rules

import (
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// objType names a kind of Swagger 2.0 object.
type objType string

// The Swagger 2.0 object types that ppconn knows the keywords of.
const (
	tRoot           objType = "root"
	tInfo           objType = "info"
	tContact        objType = "contact"
	tLicense        objType = "license"
	tPaths          objType = "paths"
	tPathItem       objType = "path item"
	tOperation      objType = "operation"
	tParameter      objType = "parameter"
	tItems          objType = "items"
	tResponses      objType = "responses"
	tResponse       objType = "response"
	tHeader         objType = "header"
	tSchema         objType = "schema"
	tXML            objType = "xml"
	tTag            objType = "tag"
	tExternalDocs   objType = "externalDocs"
	tSecurityScheme objType = "security scheme"
	tNotification   objType = "x-ms-notification-content"
)

type shape uint8

const (
	one shape = iota
	mapOf
	arrayOf
)

type child struct {
	typ   objType
	shape shape
}

// objSpec is what the Swagger 2.0 specification and Microsoft's schema
// allow in one kind of object. It is the one table behind
// no-unknown-keywords and known-x-ms-extension, and their docs.
type objSpec struct {
	keys     string // the Swagger keywords, space-separated
	xms      string // the x-ms-* extensions Microsoft's schema admits here
	children map[string]child
	// freeKeys: the member names are data (paths, codes, property names),
	// not keywords.
	freeKeys bool
	// keySet and xmsSet are keys and xms as sets, made by withWordSets.
	keySet, xmsSet map[string]bool
}

const (
	itemsKeys  = "type format items collectionFormat default maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems enum multipleOf"
	paramXMS   = "x-ms-dynamic-list x-ms-dynamic-values x-ms-dynamic-tree x-ms-dynamic-schema x-ms-dynamic-properties x-ms-enum-values x-ms-localizeDefaultValue x-ms-parameter-location x-ms-skip-url-encoding x-ms-summary x-ms-test-value x-ms-trigger-value x-ms-url-encoding x-ms-visibility x-ms-editor x-ms-editor-options x-ms-enum"
	schemaXMS  = "x-ms-dynamic-list x-ms-dynamic-values x-ms-enum x-ms-enum-values x-ms-localizeDefaultValue x-ms-media-kind x-ms-notification-url x-ms-summary x-ms-test-value x-ms-visibility x-ms-dynamic-schema x-ms-dynamic-properties x-ms-dynamic-tree x-ms-editor x-ms-editor-options x-ms-media-default-folder x-ms-media-base-url x-ms-property-name-alias x-ms-permission x-ms-capabilities"
	schemaKeys = "$ref format title description default multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems maxProperties minProperties required enum type items allOf properties additionalProperties discriminator readOnly xml externalDocs example"
)

var swaggerObjects = withWordSets(map[objType]objSpec{
	tRoot: {
		keys: "swagger info host basePath schemes consumes produces paths definitions parameters responses securityDefinitions security tags externalDocs",
		xms:  "x-ms-capabilities x-ms-connector-metadata x-ms-docs x-ms-openai-manifest",
		children: map[string]child{
			"info": {tInfo, one}, "paths": {tPaths, one}, "definitions": {tSchema, mapOf},
			"parameters": {tParameter, mapOf}, "responses": {tResponse, mapOf},
			"securityDefinitions": {tSecurityScheme, mapOf}, "tags": {tTag, arrayOf}, "externalDocs": {tExternalDocs, one},
		},
	},
	tInfo: {
		keys:     "title description termsOfService contact license version",
		xms:      "x-ms-api-annotation x-ms-deployment-version x-ms-keywords",
		children: map[string]child{"contact": {tContact, one}, "license": {tLicense, one}},
	},
	tContact: {keys: "name url email"},
	tLicense: {keys: "name url"},
	tPaths:   {freeKeys: true, children: map[string]child{"*": {tPathItem, one}}},
	tPathItem: {
		keys: "$ref get put post delete options head patch parameters",
		xms:  "x-ms-notification-content",
		children: map[string]child{
			"get": {tOperation, one}, "put": {tOperation, one}, "post": {tOperation, one}, "delete": {tOperation, one},
			"options": {tOperation, one}, "head": {tOperation, one}, "patch": {tOperation, one},
			"parameters": {tParameter, arrayOf}, "x-ms-notification-content": {tNotification, one},
		},
	},
	tOperation: {
		keys: "tags summary description externalDocs operationId consumes produces parameters responses schemes deprecated security",
		xms:  "x-ms-api-annotation x-ms-capabilities x-ms-no-generic-test x-ms-operation-context x-ms-pageable x-ms-safe-operation x-ms-summary x-ms-trigger x-ms-trigger-hint x-ms-trigger-metadata x-ms-notification x-ms-visibility x-ms-openai-data x-ms-agentic-protocol",
		children: map[string]child{
			"parameters": {tParameter, arrayOf}, "responses": {tResponses, one}, "externalDocs": {tExternalDocs, one},
		},
	},
	tParameter: {
		keys:     "$ref name in description required schema allowEmptyValue " + itemsKeys,
		xms:      paramXMS,
		children: map[string]child{"schema": {tSchema, one}, "items": {tItems, one}},
	},
	tItems:     {keys: itemsKeys, children: map[string]child{"items": {tItems, one}}},
	tResponses: {freeKeys: true, children: map[string]child{"*": {tResponse, one}}},
	tResponse: {
		keys:     "$ref description schema headers examples",
		xms:      "x-ms-summary",
		children: map[string]child{"schema": {tSchema, one}, "headers": {tHeader, mapOf}},
	},
	tHeader: {keys: "description " + itemsKeys, xms: "x-ms-summary x-ms-visibility", children: map[string]child{"items": {tItems, one}}},
	tSchema: {
		keys: schemaKeys,
		xms:  schemaXMS,
		children: map[string]child{
			"items": {tSchema, one}, "allOf": {tSchema, arrayOf}, "properties": {tSchema, mapOf},
			"additionalProperties": {tSchema, one}, "xml": {tXML, one}, "externalDocs": {tExternalDocs, one},
		},
	},
	tXML:            {keys: "name namespace prefix attribute wrapped"},
	tTag:            {keys: "name description externalDocs", children: map[string]child{"externalDocs": {tExternalDocs, one}}},
	tExternalDocs:   {keys: "description url"},
	tSecurityScheme: {keys: "type description name in flow authorizationUrl tokenUrl scopes"},
	tNotification:   {keys: "description schema", children: map[string]child{"schema": {tSchema, one}}},
})

func (s objSpec) allows(key string) bool    { return s.keySet[key] }
func (s objSpec) allowsXMS(key string) bool { return s.xmsSet[key] }

// withWordSets turns the space-separated lists of each object of the
// table into sets, once. (The sets were looked up by the list itself, which
// hashed the whole list on every member of every typed object: 2% of a
// corpus lint, issue #16.)
func withWordSets(objs map[objType]objSpec) map[objType]objSpec {
	set := func(list string) map[string]bool {
		set := map[string]bool{}
		for _, w := range strings.Fields(list) {
			set[w] = true
		}
		return set
	}
	for t, s := range objs {
		s.keySet, s.xmsSet = set(s.keys), set(s.xms)
		objs[t] = s
	}
	return objs
}

// walkObject visits n, an object of type t, and the typed objects below
// it, in document order. It reads the table compiled (walkSpecs).
func walkObject(n *Node, t objType, fn func(*Node, objType)) {
	spec := walkSpecs[t]
	if spec == nil {
		spec = &walkSpec{t: t} // a type the table does not describe: no typed members
	}
	spec.walk(n, fn)
}

func (spec *walkSpec) walk(n *Node, fn func(*Node, objType)) {
	if n == nil || n.Kind != connector.Object {
		return
	}
	fn(n, spec.t)
	for _, c := range n.Children {
		ch := spec.child(c.Key)
		if ch == nil && spec.star != nil && !strings.HasPrefix(c.Key, "x-") {
			ch = spec.star
		}
		if ch == nil {
			continue
		}
		switch ch.shape {
		case one:
			ch.spec.walk(c, fn)
		default:
			for _, item := range c.Children {
				ch.spec.walk(item, fn)
			}
		}
	}
}

// knownXMS lists every x-ms-* extension name that ppconn knows, for the
// typo check.
func knownXMS() []string {
	seen := map[string]bool{"x-ms-notification-url": true, "x-ms-require-user-confirmation": true}
	for _, s := range swaggerObjects {
		for _, k := range strings.Fields(s.xms) {
			seen[k] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	return out
}
