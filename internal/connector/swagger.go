package connector

import (
	"slices"
	"strings"
)

// The Swagger 2.0 vocabulary: the object types of a definition, the
// keywords and x-ms-* extensions of each, and which member holds which
// object. It is the one description of where an operation, a parameter, a
// schema or a response lives: the rules check keywords and extensions
// against it (no-unknown-keywords, known-x-ms-extension), the editor
// completes from it, and diff walks two definitions by it.

// ObjectType names a kind of Swagger 2.0 object ("operation", "schema",
// ...). The name is what messages call the object.
type ObjectType string

// The Swagger 2.0 object types that ppconn knows the keywords of.
const (
	RootObject           ObjectType = "root"
	InfoObject           ObjectType = "info"
	ContactObject        ObjectType = "contact"
	LicenseObject        ObjectType = "license"
	PathsObject          ObjectType = "paths"
	PathItemObject       ObjectType = "path item"
	OperationObject      ObjectType = "operation"
	ParameterObject      ObjectType = "parameter"
	ItemsObject          ObjectType = "items"
	ResponsesObject      ObjectType = "responses"
	ResponseObject       ObjectType = "response"
	HeaderObject         ObjectType = "header"
	SchemaObject         ObjectType = "schema"
	XMLObject            ObjectType = "xml"
	TagObject            ObjectType = "tag"
	ExternalDocsObject   ObjectType = "externalDocs"
	SecuritySchemeObject ObjectType = "security scheme"
	NotificationObject   ObjectType = "x-ms-notification-content"
)

// Shape says how a member holds objects of its type.
type Shape uint8

const (
	Single  Shape = iota // the member's value is one object
	MapOf                // an object whose member values are the objects
	ArrayOf              // an array whose items are the objects
)

type child struct {
	typ   ObjectType
	shape Shape
}

// ObjectSpec is what the Swagger 2.0 specification and Microsoft's schema
// allow in one kind of object.
type ObjectSpec struct {
	keywords   []string // the Swagger keywords, in the specification's order
	extensions []string // the x-ms-* extensions Microsoft's schema admits here
	children   map[string]child
	// freeKeys: the member names are data (paths, codes), not keywords;
	// every one that is not an extension holds children["*"].
	freeKeys       bool
	keySet, xmsSet map[string]bool
}

// Keywords lists the Swagger keywords of the object.
func (s *ObjectSpec) Keywords() []string { return slices.Clone(s.keywords) }

// Extensions lists the x-ms-* extensions Power Platform reads on the object.
func (s *ObjectSpec) Extensions() []string { return slices.Clone(s.extensions) }

// Allows reports whether key is a Swagger keyword of the object.
func (s *ObjectSpec) Allows(key string) bool { return s.keySet[key] }

// AllowsExtension reports whether the x-ms-* extension key is read on the
// object.
func (s *ObjectSpec) AllowsExtension(key string) bool { return s.xmsSet[key] }

// FreeKeys reports whether the member names of the object are data (the
// paths of paths, the status codes of responses) rather than keywords.
func (s *ObjectSpec) FreeKeys() bool { return s.freeKeys }

// Child says what the member key of the object holds: objects of type t,
// in the given shape; ok is false when it holds no typed object (a scalar
// keyword, an extension the vocabulary does not type, an unknown key).
func (s *ObjectSpec) Child(key string) (t ObjectType, shape Shape, ok bool) {
	c, ok := s.children[key]
	if !ok && s.freeKeys && !strings.HasPrefix(key, "x-") {
		c, ok = s.children["*"]
	}
	return c.typ, c.shape, ok
}

// MemberType is the type of the members of an object whose member names
// are data (FreeKeys): a path item in paths, a response in responses.
func (s *ObjectSpec) MemberType() (ObjectType, bool) {
	c, ok := s.children["*"]
	return c.typ, ok
}

// Spec returns the description of the object type t; for a type the
// vocabulary does not know, one that allows nothing and has no children.
func Spec(t ObjectType) *ObjectSpec {
	if s := swaggerObjects[t]; s != nil {
		return s
	}
	return &noSpec
}

var noSpec ObjectSpec

// Child says what the member key of an object of type t holds (see
// ObjectSpec.Child).
func Child(t ObjectType, key string) (ObjectType, Shape, bool) { return Spec(t).Child(key) }

// ObjectTypes lists the object types of the vocabulary, sorted by name.
func ObjectTypes() []ObjectType {
	out := make([]ObjectType, 0, len(swaggerObjects))
	for t := range swaggerObjects {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// HTTPMethods are the operation keys of a path item, in the order the
// specification lists them.
var HTTPMethods = func() []string {
	var out []string
	item := swaggerObjects[PathItemObject]
	for _, k := range item.keywords {
		if c, ok := item.children[k]; ok && c.typ == OperationObject {
			out = append(out, k)
		}
	}
	return out
}()

// IsHTTPMethod reports whether key, as written, is the key of an
// operation in a path item ("get", not "GET").
func IsHTTPMethod(key string) bool {
	c, ok := swaggerObjects[PathItemObject].children[key]
	return ok && c.typ == OperationObject
}

// RefPrefix is the start of a local $ref to a shared object of type t:
// "#/definitions/" for a schema, "#/parameters/" for a parameter,
// "#/responses/" for a response; "" for a type that is not shared.
func RefPrefix(t ObjectType) string { return refPrefixes[t] }

var refPrefixes = func() map[ObjectType]string {
	out := map[ObjectType]string{}
	for _, k := range sharedSections {
		out[swaggerObjects[RootObject].children[k].typ] = "#/" + k + "/"
	}
	return out
}()

// sharedSections are the members of the root whose objects a $ref may
// point to (Swagger 2.0 §Reference Object: definitions, parameters and
// responses).
var sharedSections = []string{"definitions", "parameters", "responses"}

// SharedTarget turns a pointer below a shared section into the $ref of
// the shared object it is in: /definitions/X/properties/y → #/definitions/X;
// "" for a pointer elsewhere.
func SharedTarget(pointer string) string {
	for _, k := range sharedSections {
		if rest, ok := strings.CutPrefix(pointer, "/"+k+"/"); ok {
			name, _, _ := strings.Cut(rest, "/")
			return "#/" + k + "/" + name
		}
	}
	return ""
}

// ResolveRef resolves a local reference such as "#/definitions/Team" from
// the root of its document; nil when it is not local or names nothing.
func ResolveRef(root *Node, ref string) *Node {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil
	}
	return root.Resolve(p)
}

const (
	itemsKeys  = "type format items collectionFormat default maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems enum multipleOf"
	paramXMS   = "x-ms-dynamic-list x-ms-dynamic-values x-ms-dynamic-tree x-ms-dynamic-schema x-ms-dynamic-properties x-ms-enum-values x-ms-localizeDefaultValue x-ms-parameter-location x-ms-skip-url-encoding x-ms-summary x-ms-test-value x-ms-trigger-value x-ms-url-encoding x-ms-visibility x-ms-editor x-ms-editor-options x-ms-enum"
	schemaXMS  = "x-ms-dynamic-list x-ms-dynamic-values x-ms-enum x-ms-enum-values x-ms-localizeDefaultValue x-ms-media-kind x-ms-notification-url x-ms-summary x-ms-test-value x-ms-visibility x-ms-dynamic-schema x-ms-dynamic-properties x-ms-dynamic-tree x-ms-editor x-ms-editor-options x-ms-media-default-folder x-ms-media-base-url x-ms-property-name-alias x-ms-permission x-ms-capabilities"
	schemaKeys = "$ref format title description default multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern maxItems minItems uniqueItems maxProperties minProperties required enum type items allOf properties additionalProperties discriminator readOnly xml externalDocs example"
)

// spec is one row of the table as written: space-separated word lists.
type spec struct {
	keys     string
	xms      string
	children map[string]child
	freeKeys bool
}

var swaggerObjects = withWordSets(map[ObjectType]spec{
	RootObject: {
		keys: "swagger info host basePath schemes consumes produces paths definitions parameters responses securityDefinitions security tags externalDocs",
		xms:  "x-ms-capabilities x-ms-connector-metadata x-ms-docs x-ms-openai-manifest",
		children: map[string]child{
			"info": {InfoObject, Single}, "paths": {PathsObject, Single}, "definitions": {SchemaObject, MapOf},
			"parameters": {ParameterObject, MapOf}, "responses": {ResponseObject, MapOf},
			"securityDefinitions": {SecuritySchemeObject, MapOf}, "tags": {TagObject, ArrayOf}, "externalDocs": {ExternalDocsObject, Single},
		},
	},
	InfoObject: {
		keys:     "title description termsOfService contact license version",
		xms:      "x-ms-api-annotation x-ms-deployment-version x-ms-keywords",
		children: map[string]child{"contact": {ContactObject, Single}, "license": {LicenseObject, Single}},
	},
	ContactObject: {keys: "name url email"},
	LicenseObject: {keys: "name url"},
	PathsObject:   {freeKeys: true, children: map[string]child{"*": {PathItemObject, Single}}},
	PathItemObject: {
		keys: "$ref get put post delete options head patch parameters",
		xms:  "x-ms-notification-content",
		children: map[string]child{
			"get": {OperationObject, Single}, "put": {OperationObject, Single}, "post": {OperationObject, Single}, "delete": {OperationObject, Single},
			"options": {OperationObject, Single}, "head": {OperationObject, Single}, "patch": {OperationObject, Single},
			"parameters": {ParameterObject, ArrayOf}, "x-ms-notification-content": {NotificationObject, Single},
		},
	},
	OperationObject: {
		keys: "tags summary description externalDocs operationId consumes produces parameters responses schemes deprecated security",
		xms:  "x-ms-api-annotation x-ms-capabilities x-ms-no-generic-test x-ms-operation-context x-ms-pageable x-ms-safe-operation x-ms-summary x-ms-trigger x-ms-trigger-hint x-ms-trigger-metadata x-ms-notification x-ms-visibility x-ms-openai-data x-ms-agentic-protocol",
		children: map[string]child{
			"parameters": {ParameterObject, ArrayOf}, "responses": {ResponsesObject, Single}, "externalDocs": {ExternalDocsObject, Single},
		},
	},
	ParameterObject: {
		keys:     "$ref name in description required schema allowEmptyValue " + itemsKeys,
		xms:      paramXMS,
		children: map[string]child{"schema": {SchemaObject, Single}, "items": {ItemsObject, Single}},
	},
	ItemsObject:     {keys: itemsKeys, children: map[string]child{"items": {ItemsObject, Single}}},
	ResponsesObject: {freeKeys: true, children: map[string]child{"*": {ResponseObject, Single}}},
	ResponseObject: {
		keys:     "$ref description schema headers examples",
		xms:      "x-ms-summary",
		children: map[string]child{"schema": {SchemaObject, Single}, "headers": {HeaderObject, MapOf}},
	},
	HeaderObject: {keys: "description " + itemsKeys, xms: "x-ms-summary x-ms-visibility", children: map[string]child{"items": {ItemsObject, Single}}},
	SchemaObject: {
		keys: schemaKeys,
		xms:  schemaXMS,
		children: map[string]child{
			"items": {SchemaObject, Single}, "allOf": {SchemaObject, ArrayOf}, "properties": {SchemaObject, MapOf},
			"additionalProperties": {SchemaObject, Single}, "xml": {XMLObject, Single}, "externalDocs": {ExternalDocsObject, Single},
		},
	},
	XMLObject:            {keys: "name namespace prefix attribute wrapped"},
	TagObject:            {keys: "name description externalDocs", children: map[string]child{"externalDocs": {ExternalDocsObject, Single}}},
	ExternalDocsObject:   {keys: "description url"},
	SecuritySchemeObject: {keys: "type description name in flow authorizationUrl tokenUrl scopes"},
	NotificationObject:   {keys: "description schema", children: map[string]child{"schema": {SchemaObject, Single}}},
})

// withWordSets turns the space-separated lists of each object of the
// table into lists and sets, once. (The sets were looked up by the list
// itself, which hashed the whole list on every member of every typed
// object: 2% of a corpus lint, issue #16.)
func withWordSets(rows map[ObjectType]spec) map[ObjectType]*ObjectSpec {
	set := func(words []string) map[string]bool {
		set := make(map[string]bool, len(words))
		for _, w := range words {
			set[w] = true
		}
		return set
	}
	out := make(map[ObjectType]*ObjectSpec, len(rows))
	for t, r := range rows {
		s := &ObjectSpec{keywords: strings.Fields(r.keys), extensions: strings.Fields(r.xms), children: r.children, freeKeys: r.freeKeys}
		s.keySet, s.xmsSet = set(s.keywords), set(s.extensions)
		out[t] = s
	}
	return out
}
