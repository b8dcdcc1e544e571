package rules

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Schema rules (catalog §1.7, and schema-max-depth of §1.4): what the
// validator checks in schema objects, and in the parameters, items and
// headers that declare a type the same way.
//
// keyword-supported (SwaggerKeywordNotSupported) has no rule: no Swagger 2.0
// keyword is known to be refused by Power Platform, and the keys that are not
// Swagger 2.0 (oneOf, anyOf, nullable...) are reported by no-unknown-keywords.

var schemaRules = []*lint.Rule{
	arrayHasItems, requiredNonemptyAndDefined, readonlyNotRequiredInput, enumValid, xmsEnumValues,
	defaultMatchesType, formatKnown, stringBinaryPosition, numericKeywordSanity, patternValidRegex,
	discriminatorRequiredString, xmsEditorDictionary, filterFunctions, responseHeadersUnique,
	schemaTitleViaXMSSummary, schemaMaxDepth,
}

// schemaValueObjects are the objects that declare the type of a value, to
// which type, format, enum, default and the numeric keywords apply.
var schemaValueObjects = []objType{tSchema, tParameter, tItems, tHeader}

// schemaWalkValues visits every schema, parameter, items and header object.
func schemaWalkValues(p *lint.Pass, root *Node, fn func(n *Node, t objType)) {
	preorder(p, root, schemaValueObjects, fn)
}

// schemaWhat names n in messages: "the property 'id'", "the parameter
// 'top'", "the definition 'Team'" or "this schema".
func schemaWhat(n *Node, t objType) string {
	switch {
	case t == tParameter && n.Get("name").IsString():
		return "the parameter '" + n.Get("name").Value + "'"
	case t == tHeader:
		return "the header '" + n.Key + "'"
	case t == tSchema && n.Parent != nil && n.Parent.Key == "properties" && n.Parent.Parent != nil:
		return "the property '" + n.Key + "'"
	case t == tSchema && schemaIsDefinition(n):
		return "the definition '" + n.Key + "'"
	case t == tItems:
		return "this items object"
	}
	return "this " + string(t)
}

func schemaIsDefinition(n *Node) bool {
	return n.Parent != nil && n.Parent.Key == "definitions" && n.Parent.Parent != nil && n.Parent.Parent.Parent == nil
}

// schemaDefinitionOf returns the entry of "definitions" that holds n, or
// nil when n is written elsewhere.
func schemaDefinitionOf(n *Node) *Node {
	for c := n; c != nil; c = c.Parent {
		if schemaIsDefinition(c) {
			return c
		}
	}
	return nil
}

// schemaReachable returns the definitions that the seed schemas refer to,
// directly or through other definitions. Each definition is walked once.
func schemaReachable(root *Node, seeds []*Node) map[*Node]bool {
	reached := map[*Node]bool{}
	queue := append([]*Node(nil), seeds...)
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		n.Walk(func(c *Node) bool {
			if c.Key == "$ref" && c.IsString() {
				if t := resolveRef(root, c.Value); t != nil && !reached[t] {
					reached[t] = true
					queue = append(queue, t)
				}
			}
			return true
		})
	}
	return reached
}

// schemaInputRoots are the schemas of body parameters.
func schemaInputRoots(p *lint.Pass, root *Node) []*Node {
	var out []*Node
	for _, prm := range allParameters(p, root) {
		if prm.Def != nil && prm.In() == "body" && prm.Def.Has("schema") {
			out = append(out, prm.Def.Get("schema"))
		}
	}
	return out
}

// schemaOutputRoots are the schemas of responses and webhook notifications;
// with successOnly, of 2xx responses and notifications only (the outputs
// the designer shows).
func schemaOutputRoots(root *Node, successOnly bool) []*Node {
	var out []*Node
	add := func(s *Node) {
		if s != nil {
			out = append(out, s)
		}
	}
	if !successOnly {
		for _, r := range root.Get("responses").List() {
			add(r.Get("schema"))
		}
	}
	for _, item := range root.Get("paths").List() {
		add(item.At("x-ms-notification-content", "schema"))
		for _, op := range item.List() {
			if !isHTTPMethod(op.Key) {
				continue
			}
			for _, r := range op.Get("responses").List() {
				if !successOnly {
					add(r.Get("schema"))
				} else if strings.HasPrefix(r.Key, "2") {
					add(resolve(root, r).Get("schema"))
				}
			}
		}
	}
	return out
}

// schemaIsInput tells whether the schema met in a walk is (part of) a
// request body, following the definitions that request bodies refer to.
type schemaIsInput func(s Schema) bool

func schemaInputTest(p *lint.Pass, root *Node) schemaIsInput {
	inputDefs := inputDefinitionsOf.Of(p, root)
	return func(s Schema) bool { return s.Input || inputDefs[schemaDefinitionOf(s.Node)] }
}

// schemaPropertyNames returns the property names of an object schema,
// with those of its allOf members.
func schemaPropertyNames(root, n *Node) map[string]*Node {
	names := map[string]*Node{}
	schemaAllOf(root, n, func(s *Node) {
		for _, p := range s.Get("properties").List() {
			if _, ok := names[p.Key]; !ok {
				names[p.Key] = p
			}
		}
	})
	return names
}

// schemaRequiredNames returns the required property names of an object
// schema, with those of its allOf members.
func schemaRequiredNames(root, n *Node) map[string]bool {
	names := map[string]bool{}
	schemaAllOf(root, n, func(s *Node) {
		for _, r := range stringItems(s.Get("required")) {
			names[r] = true
		}
	})
	return names
}

// schemaAllOf calls visit with the schema n and each schema its allOf
// members reach, resolved, each once (a cycle of $refs ends), n first.
func schemaAllOf(root, n *Node, visit func(s *Node)) {
	seen := map[*Node]bool{}
	var walk func(*Node)
	walk = func(s *Node) {
		s = resolve(root, s)
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		visit(s)
		for _, m := range s.Get("allOf").List() {
			walk(m)
		}
	}
	walk(n)
}

var arrayHasItems = &lint.Rule{
	ID:             "array-has-items",
	Level:          lint.Certification,
	Title:          "An array schema or parameter declares its items",
	Source:         "catalog §1.7 array-has-items; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ArrayHasNoItems"},
	Doc: `A schema, parameter, items object or header of type "array" must say what its
elements are with "items": the validator says "The array should have items
specified.", and the designer cannot offer the elements as inputs or outputs.

Bad:

    "tags": {"type": "array"}

Good:

    "tags": {"type": "array", "items": {"type": "string"}}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			if n.Get("type").Str() == "array" && !n.Has("items") {
				p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("The array should have items specified: %s is of type 'array' but has no 'items'; add \"items\" with the type of its elements", schemaWhat(n, t))})
			}
		})
	},
}

var requiredNonemptyAndDefined = &lint.Rule{
	ID:      "required-nonempty-and-defined",
	Level:   lint.Certification,
	Title:   "A schema's required list is not empty, names its properties, and is on an object",
	Source:  "catalog §1.7 required-nonempty-and-defined; L-SVR",
	Since:   since,
	Fixable: true,
	ValidatorCodes: []string{"RequiredPropertyArrayEmpty", "RequiredPropertyDefinitionMissing",
		"RequiredPropertyNotOnObject"},
	Doc: `In a schema, "required" lists the names of the object's required properties. The
validator refuses an empty list, a name that is not one of the object's properties
(those of its allOf members count), and "required" on a schema whose type is not
"object". In a schema, "required" is never a flag: "required": true on a property
is refused by Microsoft's schema and ignored; list the property in its parent's
"required" instead.

Bad:

    {"type": "object", "required": ["name"], "properties": {"displayName": {"type": "string"}}}
    {"type": "object", "required": []}

Good:

    {"type": "object", "required": ["displayName"], "properties": {"displayName": {"type": "string"}}}

Fix: an empty "required": [] and a "required": false on a property (both mean
nothing is required) are removed. The other cases need the author: which property
was meant, or whether it should be required.`,
	Check: func(p *lint.Pass) {
		walkSchemas(p, p.Root, func(s Schema) {
			n := s.Node
			req := n.Get("required")
			typ := n.Get("type").Str()
			switch {
			case req == nil:
			case req.Kind != connector.Array:
				var fix *lint.Fix
				if req.Kind == connector.Bool && !req.IsTrue() {
					fix = lint.Remove(req)
				}
				p.Report(lint.Diagnostic{Node: req, AtKey: true, Fix: fix, Message: fmt.Sprintf("In a schema, 'required' is the array of the object's required property names, not %s: remove it here and list %s in the parent object's \"required\" array", canonical(req), schemaWhat(n, tSchema))})
			case typ != "" && typ != "object":
				p.Report(lint.Diagnostic{Node: req, AtKey: true, Message: fmt.Sprintf("The property 'required' is applicable to schemas with 'object' type only and should be removed: this schema is of type '%s'", typ)})
			case req.Len() == 0:
				p.Report(lint.Diagnostic{Node: req, AtKey: true, Fix: lint.Remove(req), Message: "The 'required' array requires at least one value. If no properties are required in the schema, remove the 'required' property"})
			default:
				schemaCheckRequiredNames(p, n, req)
			}
		})
	},
}

func schemaCheckRequiredNames(p *lint.Pass, n, req *Node) {
	if n.Has("x-ms-dynamic-schema") || n.Has("x-ms-dynamic-properties") {
		return // the properties come at design time
	}
	props := schemaPropertyNames(p.Root, n)
	known := make([]string, 0, len(props))
	for k := range props {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, r := range req.Children {
		if !r.IsString() {
			p.Reportf(r, "'required' lists property names, which are strings, not %s", canonical(r))
			continue
		}
		if _, ok := props[r.Value]; ok {
			continue
		}
		hint := didYouMean(r.Value, known)
		if hint == "" {
			hint = "; add it to 'properties' or remove it from 'required'"
		}
		p.Reportf(r, "The required property '%s' is not defined in the object schema%s", r.Value, hint)
	}
}

var readonlyNotRequiredInput = &lint.Rule{
	ID:             "readonly-not-required-input",
	Level:          lint.Certification,
	Title:          "A property of a request body is not both readOnly and required",
	Source:         "catalog §1.7 readonly-not-required-input; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"RequiredReadOnlyPropertyNotAllowedAsInput"},
	Doc: `A readOnly property is one the service sets; the designer hides it from the inputs.
If the request body also requires it, the user can never supply it. The validator
says "An input property cannot be 'readonly' and required." A schema counts as
input when it is a body parameter's schema or a definition a body parameter refers
to (directly or through other definitions), even when responses use it too.

Bad:

    "Team": {"type": "object", "required": ["id"],
             "properties": {"id": {"type": "string", "readOnly": true}}}

used as the body of a POST.

Good: drop "id" from "required" (or give the request body its own definition).`,
	Check: func(p *lint.Pass) {
		isInput := schemaInputTest(p, p.Root)
		walkSchemas(p, p.Root, func(s Schema) {
			if !isInput(s) {
				return
			}
			props := s.Node.Get("properties")
			for _, r := range s.Node.Get("required").List() {
				prop := resolve(p.Root, props.Get(r.Str()))
				if prop.Get("readOnly").IsTrue() {
					p.Reportf(r, "An input property cannot be 'readonly' and required: '%s' is readOnly and this schema is used in a request body; remove it from 'required' or drop 'readOnly'", r.Value)
				}
			}
		})
	},
}

// schemaJSONType is the validator's name for the JSON type of v, as in
// "The 'default' value is of type 'Integer'".
func schemaJSONType(v *Node) string {
	switch v.Kind {
	case connector.Number:
		if schemaIsIntegral(v) {
			return "Integer"
		}
		return "Float"
	case connector.String:
		return "String"
	case connector.Bool:
		return "Boolean"
	case connector.Object:
		return "Object"
	case connector.Array:
		return "Array"
	}
	return "Null"
}

func schemaIsIntegral(v *Node) bool {
	f, err := strconv.ParseFloat(v.Value, 64)
	return err == nil && f == math.Trunc(f) && !strings.ContainsAny(v.Value, ".eE")
}

func schemaNumber(v *Node) (float64, bool) {
	if v == nil || v.Kind != connector.Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.Value, 64)
	return f, err == nil
}

// schemaValueFits reports whether the value v may stand for a value of the
// declared type. Like the platform, it accepts null, and a string that
// reads as the type ("5" for an integer, "true" for a boolean): certified
// connectors carry both.
func schemaValueFits(typ string, v *Node) bool {
	if v.Kind == connector.Null {
		return true
	}
	switch typ {
	case "string":
		return v.Kind == connector.String
	case "integer":
		if v.Kind == connector.String {
			_, err := strconv.ParseInt(strings.TrimSpace(v.Value), 10, 64)
			return err == nil
		}
		f, ok := schemaNumber(v)
		return ok && f == math.Trunc(f)
	case "number":
		if v.Kind == connector.String {
			_, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64)
			return err == nil
		}
		return v.Kind == connector.Number
	case "boolean":
		return v.Kind == connector.Bool || v.Kind == connector.String && (strings.EqualFold(v.Value, "true") || strings.EqualFold(v.Value, "false"))
	case "array":
		return v.Kind == connector.Array
	case "object":
		return v.Kind == connector.Object
	}
	return true // no type, a file, or a type reported elsewhere
}

// schemaTypeTitle is the declared type as the validator names it.
func schemaTypeTitle(typ string) string {
	if typ == "" {
		return typ
	}
	return strings.ToUpper(typ[:1]) + typ[1:]
}

var enumValid = &lint.Rule{
	ID:             "enum-valid",
	Level:          lint.Certification,
	Title:          "An enum has values, of the declared type",
	Source:         "catalog §1.7 enum-valid; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"EnumMustContainAtLeastOneElement", "InvalidEnumValue"},
	Doc: `"enum" lists the values a schema, parameter or items object allows. The validator
refuses an empty list ("The 'enum' array requires at least one value.") and values
whose JSON type is not the declared one ("The type of the enum value is 'Integer'
but it should be 'String' as specified in the schema."). Like the platform, ppconn
accepts null, and a string that reads as the declared type ("5" for an integer,
"true" for a boolean). One finding per enum, at the first wrong value.

Bad:

    {"type": "string", "enum": [1, 2, 3]}

Good:

    {"type": "string", "enum": ["1", "2", "3"]}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			enum := n.Get("enum")
			if enum == nil || enum.Kind != connector.Array {
				return
			}
			if enum.Len() == 0 {
				p.Reportf(enum, "The 'enum' array requires at least one value: list the allowed values, or remove 'enum'")
				return
			}
			typ := n.Get("type").Str()
			var bad []*Node
			for _, v := range enum.Children {
				if !schemaValueFits(typ, v) {
					bad = append(bad, v)
				}
			}
			if len(bad) > 0 {
				p.Reportf(bad[0], "The type of the enum value is '%s' but it should be '%s' as specified in the schema (%d of the %d values of %s); write the values as %s values, or change the type", schemaJSONType(bad[0]), schemaTypeTitle(typ), len(bad), enum.Len(), schemaWhat(n, t), typ)
			}
		})
	},
}

// schemaEnumValuesKeys are the members of an x-ms-enum-values item.
var schemaEnumValuesKeys = []string{"value", "displayName"}

var xmsEnumValues = &lint.Rule{
	ID:     "x-ms-enum-values",
	Level:  lint.Certification,
	Title:  "x-ms-enum-values maps each enum value to one display name",
	Source: "catalog §1.7 x-ms-enum-values; L-SVR; R-SCHEMA-SW",
	Since:  since,
	ValidatorCodes: []string{"MissingEnumValuesDisplayName", "InvalidEnumValuesExtensionValue",
		"DuplicateEnumValuesInExtension"},
	Doc: `"x-ms-enum-values" gives the designer a display name for each value of "enum". It is
an array of {` + strings.Join(schemaEnumValuesKeys, ", ") + `} objects, both members required; each
"value" must be one of the values of "enum", and appear once.

Bad:

    "enum": ["open", "closed"],
    "x-ms-enum-values": [{"value": "open"}, {"value": "done", "displayName": "Done"}]

Good:

    "enum": ["open", "closed"],
    "x-ms-enum-values": [{"value": "open", "displayName": "Open"},
                         {"value": "closed", "displayName": "Closed"}]`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			xev := n.Get("x-ms-enum-values")
			switch {
			case xev == nil:
			case xev.Kind != connector.Array:
				p.Reportf(xev, "'x-ms-enum-values' must be an array of {\"value\", \"displayName\"} objects, not %s", xev.Kind)
			case !n.Has("enum"):
				p.Report(lint.Diagnostic{Node: xev, AtKey: true, Message: fmt.Sprintf("The 'value' field must match one of the enums as defined in the 'enum' property of the schema, but %s has no 'enum': add \"enum\" with the values", schemaWhat(n, t))})
			default:
				schemaCheckEnumValues(p, n.Get("enum"), xev)
			}
		})
	},
}

func schemaCheckEnumValues(p *lint.Pass, enum, xev *Node) {
	allowed := map[string]bool{}
	for _, v := range enum.List() {
		allowed[connector.ValueKey(v)] = true
	}
	seen := map[string]bool{}
	for _, item := range xev.Children {
		if item.Kind != connector.Object {
			p.Reportf(item, "each item of 'x-ms-enum-values' is an object {\"value\", \"displayName\"}, not %s", item.Kind)
			continue
		}
		for _, c := range item.Children {
			if indexOf(schemaEnumValuesKeys, c.Key) < 0 {
				p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not allowed in an x-ms-enum-values item, which has only 'value' and 'displayName'", c.Key)})
			}
		}
		for _, k := range schemaEnumValuesKeys {
			if !item.Has(k) {
				p.Reportf(item, "The 'x-ms-enum-values' extension is invalid. Please specify the property '%s'", k)
			}
		}
		if dn := item.Get("displayName"); dn != nil && !dn.IsString() {
			p.Reportf(dn, "'displayName' must be a string, not %s", dn.Kind)
		}
		v := item.Get("value")
		if v == nil {
			continue
		}
		k := connector.ValueKey(v)
		switch {
		case seen[k]:
			p.Reportf(v, "The 'x-ms-enum-values' extension has duplicate values. You can only have one display name mapped to a value: %s is listed twice", canonical(v))
		case enum.Kind == connector.Array && !allowed[k]:
			p.Reportf(v, "The 'value' field must match one of the enums as defined in the 'enum' property of the schema: %s is not in 'enum'", canonical(v))
		}
		seen[k] = true
	}
}

var defaultMatchesType = &lint.Rule{
	ID:             "default-matches-type",
	Level:          lint.Import,
	Title:          "A default value is of the declared type",
	Source:         "catalog §1.7 default-matches-type; L-SVR; BusinessApplicationPlatform-Connectors-public#70, #480",
	Since:          since,
	ValidatorCodes: []string{"DefaultValueMustMatchType"},
	Doc: `The platform refuses to import a definition in which a "default" is not of the
declared type: "The 'default' value is of type 'Integer', but should match the
given type 'String'." Like the platform, ppconn accepts a null default and a string
that reads as the declared type ("5" for an integer, "true" for a boolean; certified
connectors carry both), and any number for type "number".

Bad:

    {"name": "top", "in": "query", "type": "string", "default": 50}

Good:

    {"name": "top", "in": "query", "type": "string", "default": "50"}
    {"name": "top", "in": "query", "type": "integer", "default": 50}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			d, typ := n.Get("default"), n.Get("type").Str()
			if d == nil || schemaValueFits(typ, d) {
				return
			}
			p.Reportf(d, "The 'default' value is of type '%s', but should match the given type '%s': write the default of %s as %s", schemaJSONType(d), schemaTypeTitle(typ), schemaWhat(n, t), schemaSuggest(typ, d))
		})
	},
}

// schemaSuggest says how to write v as a value of typ.
func schemaSuggest(typ string, v *Node) string {
	if typ == "string" && v.Kind != connector.Object && v.Kind != connector.Array {
		return fmt.Sprintf("a string (%q), or change the type", v.Value)
	}
	return "a value of type '" + typ + "', or change the type"
}

// schemaFormats are the formats Microsoft's schema allows, by the type
// they describe ("date-no-tz" and "html" are Power Platform additions).
var schemaFormats = []struct {
	typ     string
	formats []string
}{
	{"integer", []string{"int32", "int64"}},
	{"number", []string{"float", "double"}},
	{"string", []string{"byte", "binary", "date", "date-time", "password", "date-no-tz", "email", "html", "uri", "uuid"}},
}

// schemaFormatAliases are formats seen in connectors, with the known
// format they mean.
var schemaFormatAliases = map[string]string{"guid": "uuid", "url": "uri", "decimal": "double", "uint64": "int64", "integer": "int32"}

func schemaFormatType(f string) string {
	for _, t := range schemaFormats {
		if indexOf(t.formats, f) >= 0 {
			return t.typ
		}
	}
	return ""
}

func schemaFormatsText() string {
	var parts []string
	for _, t := range schemaFormats {
		parts = append(parts, t.typ+": "+strings.Join(t.formats, ", "))
	}
	return strings.Join(parts, "; ")
}

var formatKnown = &lint.Rule{
	ID:             "format-known",
	Level:          lint.Certification,
	Title:          "A format is one Power Platform knows, on its type",
	Source:         "catalog §1.7 format-known; L-SVR; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"UnrecognizedTypeFormat"},
	Doc: `The validator reports a type/format pair it does not know: "The type/format '{0}' is
not recognized." The formats Microsoft's schema allows, by type, are: ` + schemaFormatsText() + `.
("date-no-tz" and "html" are Power Platform additions.) A format of type "file" is
not checked. Free-text formats such as "guid", "phone" or a type name are not
formats: remove them, or use the known format they mean.

Bad:

    {"type": "string", "format": "guid"}
    {"type": "string", "format": "int32"}

Good:

    {"type": "string", "format": "uuid"}
    {"type": "integer", "format": "int32"}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			f, typ := n.Get("format"), n.Get("type").Str()
			if !f.IsString() || typ == "file" {
				return
			}
			ft := schemaFormatType(f.Value)
			switch {
			case ft == "":
				p.Reportf(f, "The type/format '%s' is not recognized: %s", schemaTypeFormat(typ, f.Value), schemaFormatFix(typ, f.Value))
			case typ != "" && typ != ft:
				p.Reportf(f, "The type/format '%s/%s' is not recognized: '%s' is a format of type '%s'; change the type to '%s' or remove the format", typ, f.Value, f.Value, ft, ft)
			}
		})
	},
}

func schemaTypeFormat(typ, f string) string {
	if typ == "" {
		return f
	}
	return typ + "/" + f
}

func schemaFormatFix(typ, f string) string {
	if alias, ok := schemaFormatAliases[strings.ToLower(f)]; ok && (typ == "" || schemaFormatType(alias) == typ) {
		return "use the format '" + alias + "'"
	}
	for _, t := range schemaFormats {
		if t.typ == typ {
			return "the formats of '" + typ + "' are " + strings.Join(t.formats, ", ") + "; use one or remove the format (describe the value in 'description')"
		}
	}
	return "remove the format, or use one Power Platform knows"
}

var stringBinaryPosition = &lint.Rule{
	ID:             "string-binary-position",
	Level:          lint.Certification,
	Title:          "string/binary is only the whole body, never a property",
	Source:         "catalog §1.7 string-binary-position; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"InvalidStringBinaryProperty"},
	Doc: `A value of type "string" and format "binary" is raw bytes. It can only be a whole
body: "A schema with type/format 'string/binary' can only be at the top level of a
body or formData parameter." ppconn also accepts it as the whole schema of a response
(a file download) and as a whole definition. Inside an object or an array, and in
a path, query or header parameter, bytes must be base64 text: use format "byte".

Bad:

    "properties": {"content": {"type": "string", "format": "binary"}}

Good:

    "properties": {"content": {"type": "string", "format": "byte"}}`,
	Check: func(p *lint.Pass) {
		walkTyped(p, p.Root, func(n *Node, t objType) {
			if n.Get("type").Str() != "string" || n.Get("format").Str() != "binary" || schemaBinaryAllowed(n, t) {
				return
			}
			p.Reportf(n.Get("format"), "A schema with type/format 'string/binary' can only be at the top level of a body or formData parameter: %s is not; use format 'byte' (base64 text) here", schemaWhat(n, t))
		})
	},
}

// schemaBinaryAllowed tells whether a string/binary value may stand at n: a
// formData parameter, or the whole schema of a body, response or definition.
func schemaBinaryAllowed(n *Node, t objType) bool {
	switch t {
	case tParameter:
		return n.Get("in").Str() == "formData"
	case tSchema:
		return n.Key == "schema" || schemaIsDefinition(n)
	}
	return false
}

// The numeric keyword pairs and bounds the validator checks.
var (
	schemaNonNegative = []string{"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
	schemaMinMax      = [][2]string{{"minimum", "maximum"}, {"minLength", "maxLength"}, {"minItems", "maxItems"}, {"minProperties", "maxProperties"}}
	schemaExclusive   = [][2]string{{"exclusiveMaximum", "maximum"}, {"exclusiveMinimum", "minimum"}}
)

func schemaPairsText(pairs [][2]string, sep string) string {
	var parts []string
	for _, pr := range pairs {
		parts = append(parts, pr[0]+sep+pr[1])
	}
	return strings.Join(parts, ", ")
}

var numericKeywordSanity = &lint.Rule{
	ID:     "numeric-keyword-sanity",
	Level:  lint.Certification,
	Title:  "Numeric keywords are consistent: multipleOf > 0, bounds ≥ 0, min ≤ max",
	Source: "catalog §1.7 numeric-keyword-sanity; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"MultipleOfMustBeGreaterThanZero", "ExclusiveMaximumRequiresMaximum",
		"ExclusiveMinimumRequiresMinimum", "MinimumShouldBeLessThanOrEqualToMaximum",
		"MinLengthMustBeGreaterThanOrEqualToZero", "MaxLengthMustBeGreaterThanOrEqualToZero",
		"MinItemsMustBeGreaterThanOrEqualToZero", "MaxItemsMustBeGreaterThanOrEqualToZero",
		"MinPropertiesMustBeGreaterThanOrEqualToZero", "MaxPropertiesMustBeGreaterThanOrEqualToZero",
		"MinLengthShouldBeLessThanOrEqualToMaxLength", "MinItemsShouldBeLessThanOrEqualToMaxItems"},
	Doc: `The validator checks the numeric keywords of schemas, parameters and items: "multipleOf"
is greater than zero; ` + strings.Join(schemaNonNegative, ", ") + ` are zero or more; each
lower bound is at most its upper bound (` + schemaPairsText(schemaMinMax, " ≤ ") + `); and
` + schemaPairsText(schemaExclusive, " needs ") + ` (ppconn reports an exclusive flag only when it
is true).

Bad:

    {"type": "string", "minLength": 10, "maxLength": 5}
    {"type": "integer", "exclusiveMinimum": true}

Good:

    {"type": "string", "minLength": 5, "maxLength": 10}
    {"type": "integer", "minimum": 0, "exclusiveMinimum": true}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			if m := n.Get("multipleOf"); m != nil {
				if f, ok := schemaNumber(m); ok && f <= 0 {
					p.Reportf(m, "The 'multipleOf' value must be greater than zero, not %s", m.Value)
				}
			}
			for _, k := range schemaNonNegative {
				if f, ok := schemaNumber(n.Get(k)); ok && f < 0 {
					p.Reportf(n.Get(k), "The '%s' value must be greater than or equal to zero, not %s", k, n.Get(k).Value)
				}
			}
			for _, pr := range schemaMinMax {
				lo, okLo := schemaNumber(n.Get(pr[0]))
				hi, okHi := schemaNumber(n.Get(pr[1]))
				if okLo && okHi && lo > hi {
					p.Reportf(n.Get(pr[0]), "The '%s' value should be less than or equal to the '%s' value: %s > %s", pr[0], pr[1], n.Get(pr[0]).Value, n.Get(pr[1]).Value)
				}
			}
			for _, pr := range schemaExclusive {
				if ex := n.Get(pr[0]); ex.IsTrue() && !n.Has(pr[1]) {
					p.Report(lint.Diagnostic{Node: ex, AtKey: true, Message: fmt.Sprintf("The '%s' keyword can only be specified if the '%s' keyword is also specified: add '%s' or remove '%s'", pr[0], pr[1], pr[1], pr[0])})
				}
			}
		})
	},
}

var patternValidRegex = &lint.Rule{
	ID:             "pattern-valid-regex",
	Level:          lint.Certification,
	Title:          "A pattern is a valid .NET regular expression",
	Source:         "catalog §1.7 pattern-valid-regex (INFERRED: .NET syntax); L-SVR",
	Since:          since,
	ValidatorCodes: []string{"PatternShouldBeValidRegularExpression"},
	Doc: `The validator parses "pattern" as a .NET regular expression: "The 'pattern' value
should be a valid regular expression." .NET accepts more than Go's RE2 (lookaheads,
lookbehinds, backreferences, \uXXXX escapes), so ppconn reports a pattern only when
RE2 rejects it **and** it breaks a rule .NET has too: an unclosed "[" or "(", a
stray ")", a quantifier with nothing to repeat ("*abc", "a**"), a range in reverse
order ("[z-a]"), an unknown escape ("\q"), an unknown group construct ("(?*"), or
a lone "\" at the end. A pattern that only RE2 rejects is not reported.

Bad:

    "pattern": "^[A-Z]{2}(-[0-9]+$"

Good:

    "pattern": "^[A-Z]{2}(-[0-9]+)$"`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			pat := n.Get("pattern")
			if !pat.IsString() {
				return
			}
			if _, err := regexp.Compile(pat.Value); err == nil {
				return
			}
			if msg := schemaPatternProblem(pat.Value); msg != "" {
				p.Reportf(pat, "The 'pattern' value should be a valid regular expression: %s (.NET regular expression syntax)", msg)
			}
		})
	},
}

// schemaEscapeLetters are the letters .NET accepts after "\" outside a
// character class ("k" and "p"/"P" are checked apart).
const schemaEscapeLetters = "abBtrvfnexucdDwWsSpPAZzGk"

// schemaPatternProblem finds an error that .NET's regular expression parser
// reports too, and returns "" when it finds none. It checks the structure
// only (groups, sets, quantifiers, escapes), never what RE2 alone refuses.
func schemaPatternProblem(pat string) string {
	rs := []rune(pat)
	depth := 0
	atom, quant, lazy := false, false, false
	for i := 0; i < len(rs); i++ {
		c, isQuant := rs[i], false
		switch c {
		case '\\':
			n, msg := schemaEscapeEnd(rs, i)
			if msg != "" {
				return msg
			}
			i = n
		case '[':
			n, msg := schemaClassEnd(rs, i)
			if msg != "" {
				return msg
			}
			i = n
		case '(':
			n, msg, comment := schemaGroupOpen(rs, i)
			if msg != "" {
				return msg
			}
			i = n
			if !comment {
				depth++
				atom, quant = false, false
			}
			continue
		case ')':
			if depth == 0 {
				return fmt.Sprintf("the ')' at offset %d closes no group", i)
			}
			depth--
		case '|':
			atom, quant = false, false
			continue
		case '*', '+', '?':
			isQuant = true
		case '{':
			if n, lo, hi, ok := schemaBraces(rs, i); ok {
				if hi >= 0 && lo > hi {
					return fmt.Sprintf("the quantifier at offset %d has its minimum above its maximum", i)
				}
				i, isQuant = n, true
			}
		}
		if !isQuant {
			atom, quant = true, false
			continue
		}
		switch {
		case quant && c == '?' && !lazy:
			lazy = true
		case quant:
			return fmt.Sprintf("the quantifier at offset %d follows another quantifier (nested quantifier)", i)
		case !atom:
			return fmt.Sprintf("the quantifier at offset %d follows nothing", i)
		default:
			quant, lazy = true, false
		}
	}
	switch {
	case depth == 1:
		return "a '(' is not closed by ')'"
	case depth > 1:
		return fmt.Sprintf("%d '(' are not closed by ')'", depth)
	}
	return ""
}

// schemaEscapeEnd checks the escape at rs[i] == '\\' and returns the index
// of its last rune.
func schemaEscapeEnd(rs []rune, i int) (int, string) {
	if i+1 >= len(rs) {
		return 0, "the pattern ends with a lone '\\'"
	}
	e := rs[i+1]
	hex := map[rune]int{'x': 2, 'u': 4}
	switch {
	case hex[e] > 0:
		for k := 1; k <= hex[e]; k++ {
			if i+1+k >= len(rs) || !strings.ContainsRune("0123456789abcdefABCDEF", rs[i+1+k]) {
				return 0, fmt.Sprintf("'\\%c' at offset %d needs %d hex digits", e, i, hex[e])
			}
		}
		return i + 1 + hex[e], ""
	case e == 'p' || e == 'P':
		return schemaScanTo(rs, i+2, '{', '}', fmt.Sprintf("'\\%c' at offset %d needs a {Name}", e, i))
	case e == 'k':
		if i+2 < len(rs) && rs[i+2] == '\'' {
			return schemaScanTo(rs, i+2, '\'', '\'', fmt.Sprintf("'\\k' at offset %d needs a 'name'", i))
		}
		return schemaScanTo(rs, i+2, '<', '>', fmt.Sprintf("'\\k' at offset %d needs a <name>", i))
	case e == 'c':
		if i+2 >= len(rs) {
			return 0, "'\\c' at the end needs a control letter"
		}
		return i + 2, ""
	case e == '_' || e < 128 && (e|0x20 >= 'a' && e|0x20 <= 'z') && !strings.ContainsRune(schemaEscapeLetters, e):
		return 0, fmt.Sprintf("'\\%c' at offset %d is not a recognized escape", e, i)
	}
	return i + 1, ""
}

// schemaScanTo expects rs[from] == open and returns the index of the next
// close.
func schemaScanTo(rs []rune, from int, open, close rune, msg string) (int, string) {
	if from >= len(rs) || rs[from] != open {
		return 0, msg
	}
	for j := from + 1; j < len(rs); j++ {
		if rs[j] == close {
			return j, ""
		}
	}
	return 0, msg
}

// schemaClassEnd returns the index of the ']' that closes the set opening
// at rs[i] == '['.
func schemaClassEnd(rs []rune, i int) (int, string) {
	j := i + 1
	if j < len(rs) && rs[j] == '^' {
		j++
	}
	first, prev := j, rune(-1)
	for ; j < len(rs); j++ {
		c := rs[j]
		switch {
		case c == '\\':
			if j+1 >= len(rs) {
				return 0, "the pattern ends with a lone '\\'"
			}
			j, prev = j+1, -1
		case c == ']' && j > first:
			return j, ""
		case c == '[' && j > first && rs[j-1] == '-':
			n, msg := schemaClassEnd(rs, j)
			if msg != "" {
				return 0, msg
			}
			j, prev = n, -1
		case c == '-' && prev >= 0 && j+1 < len(rs) && !strings.ContainsRune(`\][`, rs[j+1]):
			if rs[j+1] < prev {
				return 0, fmt.Sprintf("the range [%c-%c] at offset %d is in reverse order", prev, rs[j+1], j-1)
			}
			j, prev = j+1, -1
		default:
			prev = c
		}
	}
	return 0, fmt.Sprintf("the '[' at offset %d is not closed by ']'", i)
}

// schemaGroupOpen reads the group construct at rs[i] == '(' and returns the
// index of its last rune; comment is true for (?#...), which is no group.
func schemaGroupOpen(rs []rune, i int) (end int, msg string, comment bool) {
	if i+1 >= len(rs) || rs[i+1] != '?' {
		return i, "", false
	}
	j := i + 2
	if j >= len(rs) {
		return 0, fmt.Sprintf("the group at offset %d is not finished", i), false
	}
	bad := fmt.Sprintf("'(?%c' at offset %d is not a group construct", rs[j], i)
	switch c := rs[j]; {
	case strings.ContainsRune(":=!>", c):
		return j, "", false
	case c == '#':
		n, m := schemaScanTo(rs, j-1, '?', ')', fmt.Sprintf("the comment at offset %d is not closed by ')'", i))
		return n, m, true
	case c == '<' && j+1 < len(rs) && (rs[j+1] == '=' || rs[j+1] == '!'):
		return j + 1, "", false
	case c == '<':
		n, m := schemaScanTo(rs, j, '<', '>', fmt.Sprintf("the group name at offset %d is not closed by '>'", i))
		return n, m, false
	case c == '\'':
		n, m := schemaScanTo(rs, j, '\'', '\'', fmt.Sprintf("the group name at offset %d is not closed by \"'\"", i))
		return n, m, false
	case c == '(':
		return j - 1, "", false // a condition: its '(' opens a group of its own
	case strings.ContainsRune("imnsx-", c):
		for j < len(rs) && strings.ContainsRune("imnsx-", rs[j]) {
			j++
		}
		switch {
		case j < len(rs) && rs[j] == ':':
			return j, "", false
		case j < len(rs) && rs[j] == ')':
			return j - 1, "", false
		}
	}
	return 0, bad, false
}

// schemaBraces reads a {n}, {n,} or {n,m} quantifier at rs[i] == '{'; hi
// is -1 when open. ok is false when the brace is a literal.
func schemaBraces(rs []rune, i int) (end, lo, hi int, ok bool) {
	j := i + 1
	num := func() (int, bool) {
		start := j
		for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
			j++
		}
		v, err := strconv.Atoi(string(rs[start:j]))
		return v, err == nil
	}
	lo, ok = num()
	if !ok || j >= len(rs) {
		return 0, 0, 0, false
	}
	hi = lo
	if rs[j] == ',' {
		j++
		hi = -1
		if j < len(rs) && rs[j] != '}' {
			if hi, ok = num(); !ok {
				return 0, 0, 0, false
			}
		}
	}
	if j >= len(rs) || rs[j] != '}' {
		return 0, 0, 0, false
	}
	return j, lo, hi, true
}

var discriminatorRequiredString = &lint.Rule{
	ID:             "discriminator-required-string",
	Level:          lint.Certification,
	Title:          "A discriminator names a required string property",
	Source:         "catalog §1.7 discriminator-required-string; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"DiscriminatorMustBeARequiredStringProperty"},
	Doc: `"discriminator" names the property whose value tells which definition an object
is. The validator needs it to be a property of the schema (or of its allOf members),
of type string, and listed in "required".

Bad:

    {"discriminator": "kind", "properties": {"kind": {"type": "integer"}}}

Good:

    {"discriminator": "kind", "required": ["kind"], "properties": {"kind": {"type": "string"}}}`,
	Check: func(p *lint.Pass) {
		walkSchemas(p, p.Root, func(s Schema) {
			d := s.Node.Get("discriminator")
			if d == nil {
				return
			}
			name := d.Str()
			prop, ok := schemaPropertyNames(p.Root, s.Node)[name]
			var why string
			switch {
			case !ok:
				why = "it is not a property of this schema"
			case resolve(p.Root, prop).Get("type").Str() != "string":
				why = "it is not of type 'string'"
			case !schemaRequiredNames(p.Root, s.Node)[name]:
				why = "it is not in 'required'"
			default:
				return
			}
			p.Reportf(d, "The 'discriminator' value must be the name of a required string property: '%s' is not, as %s", name, why)
		})
	},
}

var xmsEditorDictionary = &lint.Rule{
	ID:             "x-ms-editor-dictionary",
	Level:          lint.Certification,
	Title:          `x-ms-editor "dictionary" only on an object that allows additional properties`,
	Source:         "catalog §1.7 x-ms-editor-dictionary; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"InvalidCustomEditorExtensionDictionaryValue"},
	Doc: `"x-ms-editor": "dictionary" makes the designer show a key/value editor. It fits only
a schema of type "object" whose keys are free, so "additionalProperties" must not be
false. ppconn does not require "additionalProperties" to be written, though
certified connectors always give it, with the type of the values.

Bad:

    "headers": {"type": "string", "x-ms-editor": "dictionary"}

Good:

    "headers": {"type": "object", "additionalProperties": {"type": "string"}, "x-ms-editor": "dictionary"}`,
	Check: func(p *lint.Pass) {
		schemaWalkValues(p, p.Root, func(n *Node, t objType) {
			ed := n.Get("x-ms-editor")
			if ed.Str() != "dictionary" {
				return
			}
			typ := n.Get("type").Str()
			ap := n.Get("additionalProperties")
			if typ == "object" && (ap == nil || ap.Kind != connector.Bool || ap.IsTrue()) {
				return
			}
			why := "its type is '" + typ + "'"
			if typ == "object" {
				why = "'additionalProperties' is false"
			}
			p.Reportf(ed, "The 'x-ms-editor' extension can be specified as 'dictionary' only for schema with type object and additional properties allowed: %s", why)
		})
	},
}

// schemaFilterFunctions are the filter functions and operators of Power
// Fx delegation metadata (Microsoft does not publish the validator's
// list).
var schemaFilterFunctions = []string{"eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "contains",
	"indexof", "substringof", "startswith", "endswith", "year", "month", "day", "hour", "minute", "second",
	"date", "tolower", "toupper", "trim", "length", "null", "sum", "min", "max", "average", "count",
	"countdistinct", "add", "sub", "mul", "div", "cdsin", "top", "astype", "arraylookup", "distinct",
	"joininner", "joinleft", "joinright", "joinfull"}

var filterFunctions = &lint.Rule{
	ID:     "filter-functions",
	Level:  lint.Certification,
	Title:  "filterFunctions lists known functions once, in response schemas only",
	Source: "catalog §1.7 filter-functions (INFERRED values: Power Fx delegation operators); L-SVR",
	Since:  since,
	ValidatorCodes: []string{"FilterFunctionsPropertyEmpty", "FilterFunctionsPropertyHasDuplicates",
		"FilterFunctionsPropertyInInputSchema", "FilterFunctionsPropertyInvalidValue"},
	Doc: `A response schema property can tell Power Apps which filter functions the service
supports, with "x-ms-capabilities": {"filterFunctions": [...]}. The validator wants
the list non-empty and without duplicates, only in response schemas (not in a
request body or a definition a request body uses), and with supported values only.
Microsoft does not publish the supported values; ppconn uses the operators of Power
Fx delegation metadata: ` + strings.Join(schemaFilterFunctions, ", ") + `.

Bad:

    "x-ms-capabilities": {"filterFunctions": ["eq", "equals", "eq"]}

Good:

    "x-ms-capabilities": {"filterFunctions": ["eq", "ne", "startswith"]}`,
	Check: func(p *lint.Pass) {
		isInput := schemaInputTest(p, p.Root)
		walkSchemas(p, p.Root, func(s Schema) {
			ff := s.Node.At("x-ms-capabilities", "filterFunctions")
			switch {
			case ff == nil:
			case isInput(s):
				p.Report(lint.Diagnostic{Node: ff, AtKey: true, Message: "The 'filterFunctions' property has to be in the response schema: this schema is used in a request body; remove it here"})
			case ff.Kind != connector.Array || ff.Len() == 0:
				p.Report(lint.Diagnostic{Node: ff, AtKey: true, Message: "The 'filterFunctions' property must have at least one element: list the supported functions, such as [\"eq\", \"ne\"]"})
			default:
				schemaCheckFilterFunctions(p, ff)
			}
		})
	},
}

func schemaCheckFilterFunctions(p *lint.Pass, ff *Node) {
	seen := map[string]bool{}
	for _, f := range ff.Children {
		switch {
		case seen[canonical(f)]:
			p.Reportf(f, "The 'filterFunctions' property cannot contain duplicates: %s is listed twice", canonical(f))
		case !contains(schemaFilterFunctions, f.Str()):
			hint := didYouMean(f.Str(), schemaFilterFunctions)
			p.Reportf(f, "The 'filterFunctions' property supports only these values: %s; %s is not one%s", strings.Join(schemaFilterFunctions, ", "), canonical(f), hint)
		}
		seen[canonical(f)] = true
	}
}

var responseHeadersUnique = &lint.Rule{
	ID:             "response-headers-unique",
	Level:          lint.Certification,
	Title:          "A response declares each header once, whatever its case",
	Source:         "catalog §1.7 response-headers-unique; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ResponseHeadersAreNotUnique"},
	Doc: `HTTP header names are case-insensitive, so "Location" and "location" in one
response's "headers" are the same header: "The response headers are not unique."
(Keys that are exactly equal are reported by duplicate-key.)

Bad:

    "headers": {"Location": {"type": "string"}, "location": {"type": "string"}}

Good:

    "headers": {"Location": {"type": "string"}}`,
	Check: func(p *lint.Pass) {
		preorder(p, p.Root, []objType{tResponse}, func(n *Node, _ objType) {
			seen := map[string]string{}
			for _, h := range n.Get("headers").List() {
				k := strings.ToLower(h.Key)
				if first, ok := seen[k]; ok && first != h.Key {
					p.Report(lint.Diagnostic{Node: h, AtKey: true, Message: fmt.Sprintf("The response headers are not unique: '%s' and '%s' are the same HTTP header (names are case-insensitive); keep one", first, h.Key)})
				}
				if _, ok := seen[k]; !ok {
					seen[k] = h.Key
				}
			}
		})
	},
}

var schemaTitleViaXMSSummary = &lint.Rule{
	ID:       "schema-title-via-x-ms-summary",
	Level:    lint.Guidance,
	InfoOnly: true,
	Title:    "Response properties have an x-ms-summary",
	Source:   "catalog §1.7 schema-title-via-x-ms-summary; L-STR; L-EXT",
	Since:    since,
	Doc: `The designer names each output of an action by the "x-ms-summary" of its response
property (title case, such as "Team ID"); without one, users see the raw property
name. For nested objects the parent's x-ms-summary is put before the child's. Give
every response property an x-ms-summary and a "description" (a sentence).

ppconn checks the object schemas of success (2xx) responses and webhook
notifications, and the definitions they refer to, and reports once per object, listing the properties that
lack an x-ms-summary. Properties that are a $ref, have "x-ms-visibility":
"internal", or have a JSON-Schema "title" (a label too) are skipped.

Info in every profile. Even so narrowed, it fires on about 80% of the certified
connectors Microsoft accepted (docs/precision.md), and no validator log or review
comment asks for it: it is advice for a better designer, not a bar to pass.

Bad:

    "properties": {"id": {"type": "string"}}

Good:

    "properties": {"id": {"type": "string", "x-ms-summary": "Team ID", "description": "The unique identifier of the team."}}`,
	Check: func(p *lint.Pass) {
		seeds := schemaOutputRoots(p.Root, true)
		seen := map[*Node]bool{}
		check := func(s Schema) {
			if seen[s.Node] {
				return
			}
			seen[s.Node] = true
			schemaCheckSummaries(p, s.Node)
		}
		for _, s := range seeds {
			walkSchema(s, false, 0, check)
		}
		reached := schemaReachable(p.Root, seeds)
		for _, def := range p.Root.Get("definitions").List() {
			if reached[def] {
				walkSchema(def, false, 0, check)
			}
		}
	},
}

// schemaCheckSummaries reports the properties of an output object schema
// that have no x-ms-summary, in one finding.
func schemaCheckSummaries(p *lint.Pass, n *Node) {
	props := n.Get("properties")
	var missing []string
	for _, prop := range props.List() {
		if prop.Kind == connector.Object && !prop.Has("$ref") && !prop.Has("x-ms-summary") && !prop.Has("title") && !isInternal(prop) {
			missing = append(missing, prop.Key)
		}
	}
	if len(missing) > 0 {
		p.Report(lint.Diagnostic{Node: props, AtKey: true, Message: fmt.Sprintf("properties without an 'x-ms-summary': %s (%d of %d); give each a title-case x-ms-summary, the name the designer shows for the output", quoteFirst(missing, 5), len(missing), props.Len())})
	}
}

// schemaMaxDepthDefault is the depth ppconn allows: Microsoft does not
// publish the value of SchemaTooDeep.
const schemaMaxDepthDefault = 32

var schemaMaxDepth = &lint.Rule{
	ID:             "schema-max-depth",
	Level:          lint.Certification,
	Title:          "A body is at most " + strconv.Itoa(schemaMaxDepthDefault) + " levels deep once $refs are expanded",
	Source:         "catalog §1.4 schema-max-depth; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SchemaTooDeep"},
	Options: []lint.Option{{Name: "max-depth", Default: schemaMaxDepthDefault,
		Doc: "the deepest nesting allowed (Microsoft does not publish the limit; " + strconv.Itoa(schemaMaxDepthDefault) + " is ppconn's choice)"}},
	Doc: `The validator refuses schemas nested too deep: "The schema exceeds the maximum
allowed depth. Schemas must not exceed a depth of '{0}', including referenced
('$ref') schemas." Microsoft does not publish the limit; ppconn uses ` + strconv.Itoa(schemaMaxDepthDefault) + `
(option max-depth).

ppconn counts from the whole schema of each request body, response and webhook
notification (depth 0); each property, items and additionalProperties adds one level,
allOf members add none, and a $ref is replaced by its target. A reference back to a
schema being expanded (a recursive schema) ends the count there. A body that is only
a $ref is reported on the definition it names, once.

Bad: Folder → children (items) → Folder → ... written out 20 times over.

Good: stop the nesting where flows stop reading it, with {"type": "object"}.`,
	Check: func(p *lint.Pass) {
		d := &schemaDepth{root: p.Root, memo: map[*Node]schemaHeight{}, onStack: map[*Node]bool{}}
		limit := p.IntOption("max-depth")
		done := map[*Node]bool{}
		for _, s := range append(schemaInputRoots(p, p.Root), schemaOutputRoots(p.Root, false)...) {
			target := s
			if ref := s.Get("$ref"); ref != nil {
				target = resolveRef(p.Root, ref.Str())
			}
			if target == nil || done[target] {
				continue
			}
			done[target] = true
			var h schemaHeight
			if target == s {
				h = d.height(s)
			} else {
				h = d.ref(target)
			}
			if h.depth > limit {
				p.Report(lint.Diagnostic{Node: target, AtKey: true, Message: fmt.Sprintf("The schema exceeds the maximum allowed depth. Schemas must not exceed a depth of '%d', including referenced ('$ref') schemas: this one reaches depth %d, at %s; flatten it or end the nesting with {\"type\": \"object\"}", limit, h.depth, h.deepest.Pointer())})
			}
		}
	},
}

type schemaHeight struct {
	depth   int
	deepest *Node
}

type schemaDepth struct {
	root    *Node
	memo    map[*Node]schemaHeight
	onStack map[*Node]bool
}

// height is the depth of the deepest schema below n once references are
// expanded; definitions are computed once.
func (d *schemaDepth) height(n *Node) schemaHeight {
	if ref := n.Get("$ref"); ref != nil {
		if t := resolveRef(d.root, ref.Str()); t != nil && !d.onStack[t] {
			return d.ref(t)
		}
		return schemaHeight{0, n}
	}
	best := schemaHeight{0, n}
	for _, c := range schemaSubschemas(n) {
		h := d.height(c.node)
		if h.depth+c.step > best.depth {
			best = schemaHeight{h.depth + c.step, h.deepest}
		}
	}
	return best
}

// ref is the height of the definition t, computed once; a reference back
// to t while it is expanded counts as a leaf.
func (d *schemaDepth) ref(t *Node) schemaHeight {
	if h, ok := d.memo[t]; ok {
		return h
	}
	d.onStack[t] = true
	h := d.height(t)
	delete(d.onStack, t)
	d.memo[t] = h
	return h
}

type schemaSub struct {
	node *Node
	step int
}

// schemaSubschemas lists the schemas directly inside n, with the depth each
// adds.
func schemaSubschemas(n *Node) []schemaSub {
	var out []schemaSub
	for _, p := range n.Get("properties").List() {
		out = append(out, schemaSub{p, 1})
	}
	for _, k := range schemaChildren {
		if c := n.Get(k); c != nil && c.Kind == connector.Object {
			out = append(out, schemaSub{c, 1})
		}
	}
	for _, m := range n.Get("allOf").List() {
		out = append(out, schemaSub{m, 0})
	}
	return out
}
