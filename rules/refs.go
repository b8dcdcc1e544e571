package rules

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"

	"github.com/ppconn/ppconn/internal/lint"
)

// Reference rules (catalog §1.1): $ref is local, well-formed, points at
// something of the right kind, and stands alone.

var refRules = []*lint.Rule{refPointerValid, refNoSiblings, refNoChains, pathItemNoRef, requiredLoop}

// refSections says where a $ref in each kind of object must point.
var refSections = map[objType]struct{ prefix, notValid, notFound string }{
	tSchema:    {connector.RefPrefix(tSchema), "SchemaReferenceNotValid", "SchemaReferenceNotFound"},
	tParameter: {connector.RefPrefix(tParameter), "ParameterReferenceNotValid", "ParameterReferenceNotFound"},
	tResponse:  {connector.RefPrefix(tResponse), "ResponseReferenceNotValid", "ResponseReferenceNotFound"},
}

var refSectionTypes = typesOf(refSections)

var refPointerValid = &lint.Rule{
	ID:     "ref-json-pointer-valid",
	Level:  lint.Certification,
	Title:  "Every $ref must be a local JSON pointer to an existing definition",
	Source: "catalog §1.1 ref-json-pointer-valid; L-SVR; Issue#155",
	Since:  since,
	ValidatorCodes: []string{"SchemaReferenceNotValid", "SchemaReferenceNotFound", "ParameterReferenceNotValid",
		"ParameterReferenceNotFound", "ResponseReferenceNotValid", "ResponseReferenceNotFound", "JsonPointerNotValid"},
	Doc: `A schema reference must start with "#/definitions/", a parameter reference with
"#/parameters/" and a response reference with "#/responses/", and the target must
exist. References to other files or URLs are not supported: a connector is one
file. ppconn never follows them (no network, no file access outside the folder).
paconn validate once answered a bad $ref with an HTTP 500, so check it here.

Bad:

    {"$ref": "#/definitions/Tema"}
    {"$ref": "common.json#/definitions/Team"}

Good:

    {"$ref": "#/definitions/Team"}`,
	Check: func(p *lint.Pass) {
		preorder(p, p.Root, refSectionTypes, func(n *Node, t objType) {
			ref := n.Get("$ref")
			sec := refSections[t]
			if ref == nil {
				return
			}
			target := ref.Str()
			switch {
			case !ref.IsString():
				p.Reportf(ref, "$ref must be a string")
			case !strings.HasPrefix(target, "#"):
				p.Reportf(ref, "the reference '%s' points outside this file; Power Platform connectors are one file and ppconn does not follow it: copy the definition under %s and reference it locally", target, strings.TrimSuffix(sec.prefix, "/"))
			case !strings.HasPrefix(target, sec.prefix) || len(target) == len(sec.prefix):
				p.Reportf(ref, "The %s reference '%s' is not valid: %s references must start with '%s'", t, target, t, sec.prefix)
			case resolveRef(p.Root, target) == nil:
				p.Reportf(ref, "The %s reference '%s' could not be found in the swagger document%s", t, target, suggestRef(p.Root, sec.prefix, target))
			}
		})
	},
}

func suggestRef(root *Node, prefix, target string) string {
	section := root.Get(strings.Trim(prefix[1:], "/"))
	var names []string
	for _, c := range section.List() {
		names = append(names, c.Key)
	}
	if want := closestName(strings.TrimPrefix(target, prefix), names); want != "" {
		return "; did you mean '" + prefix + connector.EscapePointerToken(want) + "'?"
	}
	return ""
}

var refNoSiblings = &lint.Rule{
	ID:             "ref-no-siblings",
	Level:          lint.Certification,
	Title:          "An object with $ref must have no other keys",
	Source:         "catalog §1.1 ref-no-siblings; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"AdditionalPropertyNotAllowedAdjacentToRef"},
	Doc: `In Swagger 2.0 a reference object is replaced by its target, so keys beside "$ref"
are ignored. The validator says: "When '$ref' is defined, no other properties may
be specified." Extensions (x-...) are reported too, since they are dropped as well.
One finding per reference object, at its first extra key, names every extra key.

Bad:

    {"$ref": "#/definitions/Team", "description": "The team."}

Good: put the description on the definition, or wrap the reference in allOf.`,
	Check: func(p *lint.Pass) {
		walkTyped(p, p.Root, func(n *Node, t objType) {
			if !n.Has("$ref") {
				return
			}
			var first *Node
			var keys []string
			for _, c := range n.Children {
				if c.Key != "$ref" {
					first = cmp.Or(first, c)
					keys = append(keys, "'"+c.Key+"'")
				}
			}
			switch len(keys) {
			case 0:
			case 1:
				p.Report(lint.Diagnostic{Node: first, AtKey: true, Message: fmt.Sprintf("When '$ref' is defined, no other properties may be specified: %s beside it is ignored", keys[0])})
			default:
				p.Report(lint.Diagnostic{Node: first, AtKey: true, Message: fmt.Sprintf("When '$ref' is defined, no other properties may be specified: %s beside it are ignored", strings.Join(keys, ", "))})
			}
		})
	},
}

// refDefinitionSections are the root sections whose entries may not be
// bare references, with the validator's word for an entry.
var refDefinitionSections = []struct{ section, kind string }{
	{"definitions", "schema"}, {"parameters", "parameter"}, {"responses", "response"},
}

var refNoChains = &lint.Rule{
	ID:             "ref-no-chains-or-loops",
	Level:          lint.Certification,
	Title:          "A definition must not be only a $ref to another definition",
	Source:         "catalog §1.1 ref-no-chains-or-loops; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SchemaRefLoopNotAllowed", "ParameterRefLoopNotAllowed", "ResponseRefLoopNotAllowed"},
	Doc: `An entry under "definitions", "parameters" or "responses" may not be a bare $ref to
another entry: the validator refuses reference chains and loops.

Bad:

    "definitions": {"Team": {"$ref": "#/definitions/Group"}}

Good: reference "#/definitions/Group" where Team was used, or copy it.`,
	Check: func(p *lint.Pass) {
		for _, sec := range refDefinitionSections {
			for _, def := range p.Root.Get(sec.section).List() {
				if ref := def.Get("$ref"); ref != nil {
					p.Reportf(ref, "The %s definition '%s' may not use a '$ref' to point to another definition; reference the target directly", sec.kind, def.Key)
				}
			}
		}
	},
}

var pathItemNoRef = &lint.Rule{
	ID:             "path-item-no-ref",
	Level:          lint.Certification,
	Title:          "A path item cannot be a $ref",
	Source:         "catalog §1.1 path-item-no-ref; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"PathItemRefNotSuppored"},
	Doc: `Swagger 2.0 allows a path item to be {"$ref": ...}, but Power Platform does not
support it. Write the operations out under the path.`,
	Check: func(p *lint.Pass) {
		for _, item := range p.Root.Get("paths").List() {
			if ref := item.Get("$ref"); ref != nil {
				p.Report(lint.Diagnostic{Node: ref, AtKey: true, Message: fmt.Sprintf("a path item cannot be a $ref in Power Platform; write the operations of '%s' out here", item.Key)})
			}
		}
	},
}

var requiredLoop = &lint.Rule{
	ID:             "required-loop",
	Level:          lint.Certification,
	Title:          "Required properties must not form a loop of definitions",
	Source:         "catalog §1.1 ref-no-chains-or-loops; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"RequiredLoopInSchemaNotAllowed"},
	Doc: `When a definition requires a property that is a reference to a definition which,
through its own required properties, leads back to the first one, no finite value can
satisfy the schema: "Loops of required schema properties are not allowed." A loop
through optional properties or arrays is fine.

Bad:

    "Team": {"required": ["owner"], "properties": {"owner": {"$ref": "#/definitions/User"}}},
    "User": {"required": ["team"], "properties": {"team": {"$ref": "#/definitions/Team"}}}

Good: make one of the two properties optional.`,
	Check: func(p *lint.Pass) {
		defs := p.Root.Get("definitions")
		state := map[string]int{} // 0 new, 1 on the stack, 2 done
		var visit func(name string)
		visit = func(name string) {
			state[name] = 1
			for _, edge := range requiredRefs(defs.Get(name)) {
				target := strings.TrimPrefix(edge.Get("$ref").Str(), "#/definitions/")
				switch state[target] {
				case 1:
					p.Reportf(edge, "Loops of required schema properties are not allowed: '%s' requires '%s', which leads back to it through required properties; make one property of the loop optional", name, target)
				case 0:
					if defs.Get(target) != nil {
						visit(target)
					}
				}
			}
			state[name] = 2
		}
		for _, d := range defs.List() {
			if state[d.Key] == 0 {
				visit(d.Key)
			}
		}
	},
}

// requiredRefs returns the required properties of a definition that are
// references to other definitions.
func requiredRefs(def *Node) []*Node {
	var out []*Node
	for _, name := range stringItems(def.Get("required")) {
		prop := def.Get("properties").Get(name)
		if strings.HasPrefix(prop.Get("$ref").Str(), "#/definitions/") {
			out = append(out, prop)
		}
	}
	return out
}
