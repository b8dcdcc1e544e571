package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Dynamic rules (catalog §1.8): the x-ms-dynamic-* extensions, which fill
// a list of values, a schema or a file-picker tree at design time by
// calling another operation of the connector.

var dynamicRules = []*lint.Rule{
	dynamicValuesShape, dynamicListShape, dynamicSchemaShape, dynamicListRequired, dynamicPropertiesRequired,
	dynamicExtensionPlacement, dynamicTargetOperationValid, dynamicTargetResponsePath, dynamicSourceNotInternal,
	internalRefUseStatic, dynamicTree, dynamicTargetRequiredInputs, dynamicSourceRequired, dynamicTargetInputTypes, dynamicSourceExists,
}

// The dynamic extensions.
const (
	xDynValues = "x-ms-dynamic-values"
	xDynList   = "x-ms-dynamic-list"
	xDynSchema = "x-ms-dynamic-schema"
	xDynProps  = "x-ms-dynamic-properties"
	xDynTree   = "x-ms-dynamic-tree"
)

// dynCallExts are the extensions that call one operation, in the order
// they are checked.
var dynCallExts = []string{xDynValues, xDynList, xDynSchema, xDynProps}

// dynForm is how the values of an extension's "parameters" are written.
type dynForm uint8

const (
	// dynLiteral: a literal, or {"parameter": "<input name>"}.
	dynLiteral dynForm = iota
	// dynReference: {"value": <literal>} or {"parameterReference": "<parameter/path>"}.
	dynReference
)

// dynSpec is what Microsoft's schema and documentation allow in one
// dynamic extension. It is the one table behind the shape rules, the
// response-path rule and their docs.
type dynSpec struct {
	keys  []string // its members
	paths []string // the members that are path strings
	form  dynForm
	// collection names the array of values in the target's response, and
	// items the paths inside each of its items (lists of values only).
	collection string
	items      []string
	// schemaPath names where the schema is in the target's response
	// (dynamic schemas only).
	schemaPath string
	// closed: Microsoft's schema admits no other member.
	closed bool
}

var dynSpecs = map[string]dynSpec{
	xDynValues: {
		keys:  []string{"operationId", "builtInOperation", "capability", "parameters", "value-collection", "value-path", "value-title"},
		paths: []string{"value-collection", "value-path", "value-title"}, form: dynLiteral,
		collection: "value-collection", items: []string{"value-path", "value-title"},
	},
	xDynList: {
		keys:  []string{"operationId", "parameters", "itemsPath", "itemValuePath", "itemTitlePath"},
		paths: []string{"itemsPath", "itemValuePath", "itemTitlePath"}, form: dynReference,
		collection: "itemsPath", items: []string{"itemValuePath", "itemTitlePath"},
	},
	xDynSchema: {
		keys:  []string{"operationId", "parameters", "value-path"},
		paths: []string{"value-path"}, form: dynLiteral, schemaPath: "value-path", closed: true,
	},
	xDynProps: {
		keys:  []string{"operationId", "parameters", "itemValuePath"},
		paths: []string{"itemValuePath"}, form: dynReference, schemaPath: "itemValuePath", closed: true,
	},
}

// dynValuesSources are the three ways x-ms-dynamic-values gets its values;
// exactly one is written. nil allowed means any operationId.
var dynValuesSources = []struct {
	key     string
	allowed []string
}{
	{"operationId", nil},
	{"builtInOperation", []string{"AadGraph.GetUsers"}},
	{"capability", []string{"file-picker"}},
}

// dynSourcesDoc describes the sources for the docs.
func dynSourcesDoc() string {
	var parts []string
	for _, s := range dynValuesSources {
		if s.allowed == nil {
			parts = append(parts, `"`+s.key+`" (an operation of the connector)`)
			continue
		}
		parts = append(parts, `"`+s.key+`": "`+strings.Join(s.allowed, `" | "`)+`"`)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func dynSourceKeys() []string {
	var keys []string
	for _, s := range dynValuesSources {
		keys = append(keys, s.key)
	}
	return keys
}

// ---------------------------------------------------------------- walks

// dynWritten calls fn for each of the extensions exts written on a
// parameter or a schema of the definition (each written object once): n is
// the extension value, holder the object that has it.
func dynWritten(p *lint.Pass, root *Node, exts []string, fn func(ext string, n, holder *Node)) {
	preorder(p, root, []objType{tParameter, tSchema}, func(h *Node, _ objType) {
		for _, ext := range exts {
			if n := h.Get(ext); n != nil {
				fn(ext, n, h)
			}
		}
	})
}

// dynUse is a dynamic extension met in the inputs or outputs of an
// operation: its references to inputs are read against that operation.
type dynUse struct {
	ext    string
	n      *Node // the extension value
	holder *Node // the parameter or resolved schema that has it
	op     *Operation
}

// dynUses calls fn for each extension of exts in the parameters, body
// schema and response schemas of every operation, following $ref. An
// extension in a definition shared by several operations is met once per
// operation. exts are x-ms-dynamic-* extensions (dynAllExts): the walk
// that finds their holders is done once per document (dynHolders).
func dynUses(p *lint.Pass, root *Node, exts []string, fn func(dynUse)) {
	for _, ext := range exts {
		if !slices.Contains(dynAllExts, ext) {
			panic("dynUses: " + ext + " is not a dynamic extension")
		}
	}
	for _, dh := range dynHolders(p, root) {
		for _, ext := range exts {
			if n := dh.holder.Get(ext); n != nil {
				fn(dynUse{ext: ext, n: n, holder: dh.holder, op: dh.op})
			}
		}
	}
}

// dynAllExts are the extensions dynUses looks for.
var dynAllExts = append(slices.Clone(dynCallExts), xDynTree)

// dynHolder is a parameter or resolved schema met in the inputs or outputs
// of op that has at least one of dynAllExts.
type dynHolder struct {
	holder *Node
	op     *Operation
}

// listDynHolders walks the parameters, body schema and response schemas
// of every operation, following $ref, and lists the holders of dynamic
// extensions in the order met (a schema once per operation).
func listDynHolders(p *lint.Pass, root *Node) []dynHolder {
	var out []dynHolder
	for _, op := range operations(p, root) {
		seen := map[*Node]bool{}
		visit := func(h *Node) {
			for _, ext := range dynAllExts {
				if h.Has(ext) {
					out = append(out, dynHolder{h, op})
					return
				}
			}
		}
		for _, prm := range parameters(root, op) {
			if prm.Def == nil {
				continue
			}
			visit(prm.Def)
			if prm.In() == "body" {
				dynEachSchema(root, prm.Def.Get("schema"), seen, visit)
			}
		}
		for _, r := range op.Node.Get("responses").List() {
			dynEachSchema(root, resolve(root, r).Get("schema"), seen, visit)
		}
	}
	return out
}

// dynEachSchema calls fn for the resolved schema s and every schema below
// it, each once.
func dynEachSchema(root, s *Node, seen map[*Node]bool, fn func(*Node)) {
	s = resolve(root, s)
	if s == nil || s.Kind != connector.Object || seen[s] {
		return
	}
	seen[s] = true
	fn(s)
	for _, c := range s.Get("properties").List() {
		dynEachSchema(root, c, seen, fn)
	}
	for _, k := range schemaChildren {
		dynEachSchema(root, s.Get(k), seen, fn)
	}
	for _, c := range s.Get("allOf").List() {
		dynEachSchema(root, c, seen, fn)
	}
}

// dynCalls returns the operation calls an extension makes: the extension
// itself, or the "open" and "browse" calls of x-ms-dynamic-tree.
func dynCalls(ext string, n *Node) []*Node {
	if ext != xDynTree {
		return []*Node{n}
	}
	var calls []*Node
	for _, k := range []string{"open", "browse"} {
		if c := n.Get(k); c != nil && c.Kind == connector.Object {
			calls = append(calls, c)
		}
	}
	return calls
}

// dynFormOf is the form of the parameter values of an extension.
func dynFormOf(ext string) dynForm {
	if ext == xDynTree {
		return dynReference
	}
	return dynSpecs[ext].form
}

// ---------------------------------------------------------------- schema paths

// pathResult says what following a path through a schema found.
type pathResult uint8

const (
	pathMissing pathResult = iota // the schema lists its properties and the name is not among them
	pathFound
	pathOpen // the schema does not say (no properties listed, free or dynamic)
)

// dynFollow follows a path string ("a/b") through the properties of the
// schema s, resolving $ref and allOf. It returns the resolved schemas met,
// one a segment. fold lets a name match in another letter case.
func dynFollow(root, s *Node, path string, fold bool) ([]*Node, pathResult) {
	var chain []*Node
	for _, seg := range strings.Split(path, "/") {
		s = resolve(root, s)
		if s == nil || s.Kind != connector.Object {
			return chain, pathOpen
		}
		next, res := dynProperty(root, s, seg, fold)
		if res != pathFound {
			return chain, res
		}
		s = resolve(root, next)
		if s == nil {
			return chain, pathOpen
		}
		chain = append(chain, s)
	}
	return chain, pathFound
}

// dynProperty finds the property name of the resolved schema s. A numeric
// name enters the items of an array.
func dynProperty(root, s *Node, name string, fold bool) (*Node, pathResult) {
	if items := s.Get("items"); items != nil && dynIsIndex(name) {
		return items, pathFound
	}
	var props []*Node
	open := s.Has(xDynSchema) || s.Has(xDynProps)
	for _, src := range append([]*Node{s}, s.Get("allOf").List()...) {
		src = resolve(root, src)
		props = append(props, src.Get("properties").List()...)
		if ap := src.Get("additionalProperties"); ap != nil && (ap.Kind != connector.Bool || ap.Value != "false") {
			open = true
		}
	}
	for _, p := range props {
		if p.Key == name {
			return p, pathFound
		}
	}
	for _, p := range props {
		if fold && strings.EqualFold(p.Key, name) {
			return p, pathFound
		}
	}
	if len(props) == 0 || open {
		return nil, pathOpen
	}
	return nil, pathMissing
}

func dynIsIndex(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// dynSchemaType is the type of a resolved schema, guessed from its
// members when "type" is missing ("" when it cannot be told).
func dynSchemaType(s *Node) string {
	switch {
	case s.Get("type").IsString():
		return s.Get("type").Value
	case s.Has("items"):
		return "array"
	case s.Has("properties"):
		return "object"
	}
	return ""
}

// ---------------------------------------------------------------- inputs

// dynParamNamed returns the parameter of op named name, or nil.
func dynParamNamed(root *Node, op *Operation, name string) *Parameter {
	for _, prm := range parameters(root, op) {
		if prm.Def != nil && prm.Name() == name {
			return prm
		}
	}
	return nil
}

// dynBodyParam returns the body parameter of op, or nil.
func dynBodyParam(root *Node, op *Operation) *Parameter {
	for _, prm := range parameters(root, op) {
		if prm.Def != nil && prm.In() == "body" {
			return prm
		}
	}
	return nil
}

// dynRefKind says what an {"parameter": name} reference names.
type dynRefKind uint8

const (
	dynUnresolved dynRefKind = iota
	dynParameter             // a parameter of the operation
	dynAmbiguous             // both a parameter and a property of the body
	dynInBody                // only a property inside the body
)

// dynSourceOf reads the reference ref of an {"parameter": ref} value
// against the inputs of op. It returns what it names, the chain of
// resolved inputs from the parameter down, and its full path from the
// parameter name ("body/id").
func dynSourceOf(root *Node, op *Operation, ref string) (dynRefKind, []*Node, string) {
	prm := dynParamNamed(root, op, ref)
	body := dynBodyParam(root, op)
	var inBody []*Node
	full := ""
	if body != nil {
		schema := body.Def.Get("schema")
		if c, r := dynFollow(root, schema, ref, false); r == pathFound {
			inBody, full = c, body.Name()+"/"+ref
		} else if rest, ok := strings.CutPrefix(ref, body.Name()+"/"); ok && prm == nil {
			if c, r := dynFollow(root, schema, rest, false); r == pathFound {
				inBody, full = c, ref
			}
		}
	}
	switch {
	case prm != nil && inBody != nil:
		return dynAmbiguous, []*Node{prm.Def}, full
	case prm != nil:
		return dynParameter, []*Node{prm.Def}, ref
	case inBody != nil:
		return dynInBody, append([]*Node{body.Def}, inBody...), full
	}
	return dynUnresolved, nil, ""
}

// dynReferenceOf reads a {"parameterReference": "param/path"} against the
// inputs of op: the chain of resolved inputs, or nil.
func dynReferenceOf(root *Node, op *Operation, ref string) []*Node {
	if prm := dynParamNamed(root, op, ref); prm != nil {
		return []*Node{prm.Def}
	}
	name, rest, ok := strings.Cut(ref, "/")
	prm := dynParamNamed(root, op, name)
	if !ok || prm == nil {
		return nil
	}
	chain, r := dynFollow(root, prm.Def.Get("schema"), rest, false)
	if r != pathFound {
		return nil
	}
	return append([]*Node{prm.Def}, chain...)
}

// dynRefChain reads one value of the "parameters" of a call: the node of
// the reference and the chain of inputs it names (nil for a literal or a
// reference that does not resolve).
func dynRefChain(root *Node, op *Operation, form dynForm, v *Node) (*Node, []*Node) {
	at, chain, _ := dynRefSource(root, op, form, v)
	return at, chain
}

// dynInternalRefs calls fn once for each reference of a dynamic call to an
// input of its operation that is internal or below an internal parent.
func dynInternalRefs(p *lint.Pass, root *Node, fn func(u dynUse, at *Node, chain []*Node)) {
	seen := map[*Node]bool{}
	dynUses(p, root, append(slices.Clone(dynCallExts), xDynTree), func(u dynUse) {
		for _, call := range dynCalls(u.ext, u.n) {
			for _, v := range call.Get("parameters").List() {
				at, chain := dynRefChain(root, u.op, dynFormOf(u.ext), v)
				if chain == nil || seen[at] || !slices.ContainsFunc(chain, isInternal) {
					continue
				}
				seen[at] = true
				fn(u, at, chain)
			}
		}
	})
}

// dynLiteralText writes a default value as JSON for a message: a scalar
// as canonical does, an object or array as "<its default>".
func dynLiteralText(n *Node) string {
	if n.Kind == connector.Object || n.Kind == connector.Array {
		return "<its default>"
	}
	return canonical(n)
}

// ---------------------------------------------------------------- shape

func dynSynopsis(ext string) string {
	switch dynFormOf(ext) {
	case dynLiteral:
		return `each value of "parameters" is a literal or {"parameter": "<input name>"}`
	}
	return `each value of "parameters" is {"value": <literal>} or {"parameterReference": "<parameter>/<path>"}`
}

// dynCheckShape checks one written extension against its dynSpec.
func dynCheckShape(p *lint.Pass, ext string, n *Node) {
	spec := dynSpecs[ext]
	if n.Kind != connector.Object {
		p.Reportf(n, "%s must be an object with the members %s", ext, quoteAnd(spec.keys))
		return
	}
	for _, c := range n.Children {
		if !contains(spec.keys, c.Key) {
			dynReportUnknown(p, ext, c, spec)
		}
	}
	if ext == xDynValues {
		dynCheckValuesSource(p, n)
	} else {
		dynCheckOperationID(p, ext, n, n.Get("operationId"))
	}
	for _, k := range spec.paths {
		dynCheckPath(p, ext, n.Get(k))
	}
	dynCheckParameters(p, ext, n.Get("parameters"), spec.form)
}

func dynReportUnknown(p *lint.Pass, ext string, c *Node, spec dynSpec) {
	hint := didYouMean(c.Key, spec.keys)
	if spec.closed {
		p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not allowed and must be removed: %s has only the members %s%s", c.Key, ext, quoteAnd(spec.keys), hint)})
		return
	}
	p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not a member of %s, so it is ignored: its members are %s%s", c.Key, ext, quoteAnd(spec.keys), hint)})
}

func dynCheckOperationID(p *lint.Pass, ext string, at, id *Node) {
	switch {
	case id == nil:
		p.Report(lint.Diagnostic{Node: at, AtKey: true, Message: fmt.Sprintf("%s needs an 'operationId': the operation it calls", ext)})
	case id.Str() == "":
		p.Reportf(id, "'operationId' of %s must be the operationId of the operation it calls, a non-empty string", ext)
	}
}

func dynCheckValuesSource(p *lint.Pass, n *Node) {
	var present []*Node
	for _, s := range dynValuesSources {
		if v := n.Get(s.key); v != nil {
			present = append(present, v)
		}
	}
	switch {
	case len(present) == 0:
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("x-ms-dynamic-values needs one of %s: the operation that returns the values", quoteOr(dynSourceKeys()))})
		return
	case len(present) > 1:
		p.Report(lint.Diagnostic{Node: present[1], AtKey: true, Message: fmt.Sprintf("x-ms-dynamic-values has both '%s' and '%s'; write exactly one of %s", present[0].Key, present[1].Key, quoteOr(dynSourceKeys()))})
	}
	for _, s := range dynValuesSources {
		v := n.Get(s.key)
		switch {
		case v == nil:
		case s.allowed == nil:
			dynCheckOperationID(p, xDynValues, n, v)
		case !contains(s.allowed, v.Str()):
			p.Reportf(v, "The property value must be one of the following: %s. '%s' of x-ms-dynamic-values cannot be %s", quoteOr(s.allowed), s.key, dynLiteralText(v))
		}
	}
}

// dynCheckPath checks a path-string member.
func dynCheckPath(p *lint.Pass, ext string, v *Node) {
	switch {
	case v == nil:
	case !v.IsString():
		p.Reportf(v, "'%s' of %s must be a path string such as \"value\" or \"properties/displayName\"", v.Key, ext)
	case strings.HasPrefix(v.Value, "/"):
		p.Reportf(v, "'%s' of %s is a path string, not a JSON pointer: write \"%s\" without the leading '/'", v.Key, ext, strings.TrimLeft(v.Value, "/"))
	}
}

// dynCheckParameters checks the "parameters" of a call.
func dynCheckParameters(p *lint.Pass, ext string, params *Node, form dynForm) {
	if params == nil {
		return
	}
	if params.Kind != connector.Object {
		p.Reportf(params, "'parameters' of %s must be an object: each member names an input of the called operation; %s", ext, dynSynopsis(ext))
		return
	}
	for _, v := range params.Children {
		if at, msg := dynValueProblem(ext, v, form); msg != "" {
			p.Reportf(at, "%s", msg)
		}
	}
}

// dynValueProblem checks one value of "parameters" against the form of its
// extension. x-ms-dynamic-tree also allows {"selectedItemValuePath"},
// whose position its own rule checks.
func dynValueProblem(ext string, v *Node, form dynForm) (*Node, string) {
	if form == dynLiteral {
		ref := v.Get("parameter")
		switch {
		case v.Kind != connector.Object:
		case ref == nil && (v.Has("value") || v.Has("parameterReference")):
			return v, fmt.Sprintf(`the value of '%s' is written in the x-ms-dynamic-list form; in %s write the literal itself, or {"parameter": "<input name>"}`, v.Key, ext)
		case ref != nil && ref.Str() == "":
			return ref, "'parameter' must be the name of an input of this operation, a non-empty string"
		}
		return nil, ""
	}
	if v.Kind != connector.Object {
		return v, fmt.Sprintf(`the value of '%s' must be {"value": %s} or {"parameterReference": "<parameter>/<path>"} in %s`, v.Key, dynLiteralText(v), ext)
	}
	allowed := []string{"value", "parameterReference"}
	if ext == xDynTree {
		allowed = append(allowed, "selectedItemValuePath")
	}
	for _, c := range v.Children {
		if c.Key == "parameter" {
			return c, fmt.Sprintf(`{"parameter": ...} is the x-ms-dynamic-values form; in %s write {"parameterReference": "<parameter>/<path>"}`, ext)
		}
		if !contains(allowed, c.Key) {
			return c, fmt.Sprintf("The property '%s' is not allowed and must be removed: the value of '%s' has exactly one of %s", c.Key, v.Key, quoteOr(allowed))
		}
	}
	switch n := v.Len(); {
	case n == 0:
		return v, fmt.Sprintf("the value of '%s' is empty: write exactly one of %s", v.Key, quoteOr(allowed))
	case n > 1:
		return v.Children[1], fmt.Sprintf("the value of '%s' has both '%s' and '%s': write exactly one of %s", v.Key, v.Children[0].Key, v.Children[1].Key, quoteOr(allowed))
	}
	if ref := v.Get("parameterReference"); ref != nil && ref.Str() == "" {
		return ref, "'parameterReference' must be the path of an input of this operation, such as \"body/id\", a non-empty string"
	}
	return nil, ""
}

func dynShapeCheck(exts ...string) func(*lint.Pass) {
	return func(p *lint.Pass) {
		dynWritten(p, p.Root, exts, func(ext string, n, _ *Node) { dynCheckShape(p, ext, n) })
	}
}

var dynamicValuesShape = &lint.Rule{
	ID:     "dynamic-values-shape",
	Level:  lint.Certification,
	Title:  "x-ms-dynamic-values has a source, literal or {parameter} values and path strings",
	Source: "catalog §1.8 dynamic-values-shape; L-EXT, R-SCHEMA-SW",
	Since:  since,
	Doc: `x-ms-dynamic-values turns an input into a drop-down filled by another operation.
Microsoft's schema gives it exactly one source: ` + dynSourcesDoc() + `.
Each value of "parameters" is a literal, or {"parameter": "<input name>"} to pass
another input of this operation. ` + quoteAnd(dynSpecs[xDynValues].paths) + ` are path strings: JSON
pointers without the leading "/". Members other than ` + quoteAnd(dynSpecs[xDynValues].keys) + ` are ignored, so a
misspelled member silently loses its setting.

Bad:

    "x-ms-dynamic-values": {"operationId": "ListTeams", "value-collection": "/value",
        "parameters": {"kind": {"value": "public"}}}

Good:

    "x-ms-dynamic-values": {"operationId": "ListTeams", "value-collection": "value",
        "value-path": "id", "value-title": "displayName", "parameters": {"kind": "public"}}`,
	Check: dynShapeCheck(xDynValues),
}

var dynamicListShape = &lint.Rule{
	ID:     "dynamic-list-shape",
	Level:  lint.Certification,
	Title:  "x-ms-dynamic-list has an operationId, {value} or {parameterReference} values and path strings",
	Source: "catalog §1.8 dynamic-list-shape; L-EXT, R-SCHEMA-SW",
	Since:  since,
	Doc: `x-ms-dynamic-list is the unambiguous successor of x-ms-dynamic-values. It needs an
"operationId", and each value of "parameters" is an object with exactly one member:
{"value": <literal>} or {"parameterReference": "<parameter>/<path>"} (a path from the
parameter name, such as "body/id"). ` + quoteAnd(dynSpecs[xDynList].paths) + ` are path
strings, without a leading "/". Members other than ` + quoteAnd(dynSpecs[xDynList].keys) + ` are ignored.

Bad:

    "x-ms-dynamic-list": {"operationId": "ListModels",
        "parameters": {"requestId": {"parameter": "id"}, "version": "2.0"}}

Good:

    "x-ms-dynamic-list": {"operationId": "ListModels", "itemsPath": "value",
        "itemValuePath": "name", "itemTitlePath": "properties/displayName",
        "parameters": {"requestId": {"parameterReference": "body/id"}, "version": {"value": "2.0"}}}`,
	Check: dynShapeCheck(xDynList),
}

var dynamicSchemaShape = &lint.Rule{
	ID:             "dynamic-schema-shape",
	Level:          lint.Certification,
	Title:          "x-ms-dynamic-schema and x-ms-dynamic-properties have an operationId, parameters and a path, nothing else",
	Source:         "catalog §1.8 dynamic-schema-shape; L-EXT, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"AdditionalPropertyNotAllowed"},
	Doc: `x-ms-dynamic-schema has exactly the members ` + quoteAnd(dynSpecs[xDynSchema].keys) + `, and its
companion x-ms-dynamic-properties exactly ` + quoteAnd(dynSpecs[xDynProps].keys) + `; Microsoft's
schema refuses any other. "operationId" is required. The values of "parameters" are
written as in x-ms-dynamic-values (a literal or {"parameter": "<input name>"}) for
x-ms-dynamic-schema, and as in x-ms-dynamic-list ({"value"} or {"parameterReference"})
for x-ms-dynamic-properties. The paths are path strings, without a leading "/".

Bad:

    "x-ms-dynamic-schema": {"operationId": "GetListSchema", "value-path": "/items",
        "value-title": "name", "parameters": {"listId": {"parameter": "listId"}}}

Good:

    "x-ms-dynamic-schema": {"operationId": "GetListSchema", "value-path": "items",
        "parameters": {"listId": {"parameter": "listId"}}}`,
	Check: dynShapeCheck(xDynSchema, xDynProps),
}

// ---------------------------------------------------------------- companions

// dynCompanions are the pairs of extensions where the second must be added
// when the first references inputs ambiguously or inside the body, with
// the validator codes of the two cases.
var dynCompanions = map[string]struct{ companion, ambiguous, nested string }{
	xDynValues: {xDynList, "DynamicListExtensionRequiredForAmbiguousReferences", "DynamicListExtensionRequiredForNonParameterReferences"},
	xDynSchema: {xDynProps, "DynamicPropertiesExtensionRequiredForAmbiguousReferences", "DynamicPropertiesExtensionRequiredForNonParameterReferences"},
}

// dynCheckCompanion reports each ext that references ambiguous or nested
// inputs without its companion extension. done holds extension values
// already reported by the rule, which are skipped.
func dynCheckCompanion(p *lint.Pass, ext string, done map[*Node]bool) {
	companion := dynCompanions[ext].companion
	dynUses(p, p.Root, []string{ext}, func(u dynUse) {
		if done[u.n] || u.holder.Has(companion) {
			return
		}
		var ambiguous, nested []string
		for _, v := range u.n.Get("parameters").List() {
			ref := v.Get("parameter").Str()
			if ref == "" {
				continue
			}
			switch kind, _, full := dynSourceOf(p.Root, u.op, ref); kind {
			case dynAmbiguous:
				ambiguous = append(ambiguous, fmt.Sprintf("'%s' (the parameter, or the property '%s')", ref, full))
			case dynInBody:
				nested = append(nested, fmt.Sprintf("'%s' (%s)", ref, full))
			}
		}
		switch {
		case len(ambiguous) > 0:
			done[u.n] = true
			p.Report(lint.Diagnostic{Node: u.n, AtKey: true, Message: fmt.Sprintf("The '%s' extension references ambiguous parameter references. You need to define the '%s' extension: in operation '%s', %s could name either; add %s beside it and write each reference as a \"parameterReference\" path", ext, companion, u.op.Name(), strings.Join(ambiguous, ", "), companion)})
		case len(nested) > 0:
			done[u.n] = true
			p.Report(lint.Diagnostic{Node: u.n, AtKey: true, Message: fmt.Sprintf("The '%s' extension references properties within parameters. You need to define the '%s' extension: in operation '%s', %s is inside the body; add %s beside it with {\"parameterReference\": \"<parameter>/<path>\"}", ext, companion, u.op.Name(), strings.Join(nested, ", "), companion)})
		}
	})
}

var dynamicListRequired = &lint.Rule{
	ID:     "dynamic-list-required",
	Level:  lint.Certification,
	Title:  "x-ms-dynamic-values that references a body property needs x-ms-dynamic-list",
	Source: "catalog §1.8 dynamic-list-required; L-SVR, L-EXT",
	Since:  since,
	ValidatorCodes: []string{"DynamicListExtensionRequiredForAmbiguousReferences",
		"DynamicListExtensionRequiredForNonParameterReferences"},
	Doc: `In x-ms-dynamic-values, {"parameter": "id"} names an input by a bare name. When the
operation has both a parameter "id" and a body property "id", the name is ambiguous;
when "id" is only a property inside the body, it is not a parameter at all. In both
cases the validator asks for x-ms-dynamic-list beside x-ms-dynamic-values, whose
"parameterReference" is a full path from the parameter name ("body/id").

Bad:

    "model": {"type": "string", "x-ms-dynamic-values": {"operationId": "ListModels",
        "parameters": {"requestId": {"parameter": "id"}}}}

Good: keep x-ms-dynamic-values, and add

    "x-ms-dynamic-list": {"operationId": "ListModels",
        "parameters": {"requestId": {"parameterReference": "body/id"}}}`,
	Check: func(p *lint.Pass) { dynCheckCompanion(p, xDynValues, map[*Node]bool{}) },
}

// dynTrimProperties removes a last "properties" segment from a path.
func dynTrimProperties(path string) (string, bool) {
	if path == "properties" {
		return "", true
	}
	trimmed, ok := strings.CutSuffix(path, "/properties")
	if !ok {
		return path, false
	}
	return trimmed, true
}

// dynCheckValuePath checks the x-ms-dynamic-schema n against the
// x-ms-dynamic-properties beside it; it returns true when it reported the
// companion missing.
func dynCheckValuePath(p *lint.Pass, n, holder *Node) bool {
	vp := n.Get("value-path")
	if vp != nil && !vp.IsString() {
		return false
	}
	want, toProperties := dynTrimProperties(vp.Str())
	props := holder.Get(xDynProps)
	switch {
	case props == nil && toProperties:
		p.Reportf(vp, "The 'x-ms-dynamic-schema' extension property 'value-path' points to schema properties. You need to define the 'x-ms-dynamic-properties' extension, which points to schema object: add it beside x-ms-dynamic-schema with \"itemValuePath\": \"%s\"", want)
		return true
	case props == nil || props.Kind != connector.Object:
		return false
	}
	ivp := props.Get("itemValuePath")
	if (ivp == nil || ivp.IsString()) && ivp.Str() != want {
		at := ivp
		if at == nil {
			at = props
		}
		p.Reportf(at, "The 'x-ms-dynamic-properties' extension should have the same item value path as 'x-ms-dynamic-schema' extension without 'properties' ending. The expected path is '%s'", want)
	}
	return false
}

var dynamicPropertiesRequired = &lint.Rule{
	ID:     "dynamic-properties-required",
	Level:  lint.Certification,
	Title:  "x-ms-dynamic-schema needs a matching x-ms-dynamic-properties for body references and a 'properties' value-path",
	Source: "catalog §1.8 dynamic-properties-required; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"DynamicPropertiesExtensionRequiredForAmbiguousReferences",
		"DynamicPropertiesExtensionRequiredForNonParameterReferences",
		"DynamicPropertiesExtensionRequiredForPropertiesValuePath", "DynamicPropertiesItemValuePathMismatch"},
	Doc: `x-ms-dynamic-properties is the unambiguous successor of x-ms-dynamic-schema. The
validator asks for it beside x-ms-dynamic-schema when a {"parameter": name} reference
is ambiguous (a parameter and a body property share the name) or names a property
inside the body, and when "value-path" ends in "properties" (x-ms-dynamic-properties
points at the schema object instead). Its "itemValuePath" must then be the
"value-path" of x-ms-dynamic-schema without the "properties" ending.

Bad:

    "x-ms-dynamic-schema": {"operationId": "GetSchema", "value-path": "schema/properties",
        "parameters": {"table": {"parameter": "table"}}}

Good:

    "x-ms-dynamic-schema": {"operationId": "GetSchema", "value-path": "schema/properties",
        "parameters": {"table": {"parameter": "table"}}},
    "x-ms-dynamic-properties": {"operationId": "GetSchema", "itemValuePath": "schema",
        "parameters": {"table": {"parameterReference": "table"}}}`,
	Check: func(p *lint.Pass) {
		done := map[*Node]bool{}
		dynWritten(p, p.Root, []string{xDynSchema}, func(_ string, n, holder *Node) {
			if n.Kind == connector.Object && dynCheckValuePath(p, n, holder) {
				done[n] = true
			}
		})
		dynCheckCompanion(p, xDynSchema, done)
	},
}

// ---------------------------------------------------------------- placement

var dynamicExtensionPlacement = &lint.Rule{
	ID:             "dynamic-extension-placement",
	Level:          lint.Certification,
	Title:          "Dynamic extensions of a body go in its schema, dynamic schemas only in body or response schemas",
	Source:         "catalog §1.8 dynamic-extension-placement; L-SVR, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"DynamicExtensionDefinitionNotAllowedInParameter"},
	Doc: `A body parameter is described by its "schema", so its dynamic extensions
(x-ms-dynamic-values, -list, -schema, -properties, -tree) go inside that schema; the
validator refuses them on the body parameter itself. x-ms-dynamic-schema and
x-ms-dynamic-properties describe the fields of an object, so they belong in the schema
of a body parameter or of a response, never on a path, query, header or form
parameter.

Bad:

    {"name": "body", "in": "body", "schema": {"type": "object"},
     "x-ms-dynamic-schema": {"operationId": "GetListSchema"}}

Good:

    {"name": "body", "in": "body",
     "schema": {"type": "object", "x-ms-dynamic-schema": {"operationId": "GetListSchema"}}}`,
	Check: func(p *lint.Pass) {
		for _, prm := range allParameters(p, p.Root) {
			if prm.Def == nil || prm.Def != prm.Node {
				continue
			}
			for _, ext := range append(slices.Clone(dynCallExts), xDynTree) {
				n := prm.Def.Get(ext)
				switch {
				case n == nil:
				case prm.In() == "body":
					p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("Dynamic extensions are not allowed to be defined on the body parameter. It should be in the schema: move '%s' into the \"schema\" of '%s'", ext, prm.Name())})
				case ext == xDynSchema || ext == xDynProps:
					p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("'%s' describes the fields of an object, so it belongs in the schema of a body parameter or of a response, not on the %s parameter '%s': use x-ms-dynamic-values or x-ms-dynamic-list for a list of values", ext, prm.In(), prm.Name())})
				}
			}
		}
	},
}

// ---------------------------------------------------------------- targets

// dynOperationsByID maps each operationId to its first operation. The map
// and the list are shared by the rules of the package: do not modify them.
func dynOperationsByID(p *lint.Pass, root *Node) (map[string]*Operation, []string) {
	ix := operationIDsOf.Of(p, root)
	return ix.byID, ix.ids
}

// operationIndex is the operations of a definition by operationId (the
// first of each), and the ids in document order.
type operationIndex struct {
	byID map[string]*Operation
	ids  []string
}

func listOperationIDs(p *lint.Pass, root *Node) operationIndex {
	byID := map[string]*Operation{}
	var ids []string
	for _, op := range operations(p, root) {
		if id := op.ID(); id != "" && byID[id] == nil {
			byID[id] = op
			ids = append(ids, id)
		}
	}
	return operationIndex{byID, ids}
}

// dynInputNames lists the names of the parameters of op, sorted.
func dynInputNames(root *Node, op *Operation) []string {
	var names []string
	for _, prm := range parameters(root, op) {
		if prm.Def != nil {
			names = append(names, prm.Name())
		}
	}
	sort.Strings(names)
	return names
}

// dynTargetHas reports whether key names an input of op: a parameter, a
// "parameter/path" into one, or a property of its body (which the
// designer shows as inputs of their own). A body whose schema does not
// list its properties accepts any name.
func dynTargetHas(root *Node, op *Operation, key string) bool {
	name, _, _ := strings.Cut(key, "/")
	if dynParamNamed(root, op, key) != nil || dynParamNamed(root, op, name) != nil {
		return true
	}
	body := dynBodyParam(root, op)
	if body == nil {
		return false
	}
	_, r := dynFollow(root, body.Def.Get("schema"), key, false)
	return r != pathMissing
}

// dynCheckTarget checks that a call names an existing operation and only
// its inputs.
func dynCheckTarget(p *lint.Pass, byID map[string]*Operation, ids []string, call *Node) {
	id := call.Get("operationId")
	if id.Str() == "" {
		return
	}
	target := byID[id.Value]
	if target == nil {
		p.Reportf(id, "The 'operationId' could not be found in this swagger document: no operation has the operationId '%s'%s", id.Value, didYouMean(id.Value, ids))
		return
	}
	params := call.Get("parameters")
	if params == nil || params.Kind != connector.Object {
		return
	}
	names := dynInputNames(p.Root, target)
	for _, k := range params.Children {
		if !dynTargetHas(p.Root, target, k.Key) {
			p.Report(lint.Diagnostic{Node: k, AtKey: true, Message: fmt.Sprintf("The parameter could not be found in operation '%s' in the swagger document: '%s' is not one of its inputs (%s)%s", target.Name(), k.Key, quoteAnd(names), didYouMean(k.Key, names))})
		}
	}
}

var dynamicTargetOperationValid = &lint.Rule{
	ID:             "dynamic-target-operation-valid",
	Level:          lint.Import,
	Title:          "A dynamic extension calls an existing operation with its own parameter names",
	Source:         "catalog §1.8 dynamic-target-operation-valid; L-SVR; Issue#254",
	Since:          since,
	ValidatorCodes: []string{"OperationIdNotFound", "OperationParameterNameNotFound"},
	Doc: `x-ms-dynamic-values, -list, -schema, -properties and the "open" and "browse" calls of
x-ms-dynamic-tree call another operation of the connector at design time. Its
"operationId" must exist, and every key of "parameters" must be an input of that
operation: a parameter name, a "parameter/path" into it, or a property of its body.
Power Platform refuses to save the connector otherwise: "The parameter could not be
found in operation 'GetMyPages' in the swagger document." Keys are matched exactly,
letter case included. builtInOperation and capability forms call no operation here.

Bad:

    "x-ms-dynamic-values": {"operationId": "ListTeam", "parameters": {"Accept": "application/json"}}

Good:

    "x-ms-dynamic-values": {"operationId": "ListTeams", "parameters": {"kind": "public"}}`,
	Check: func(p *lint.Pass) {
		byID, ids := dynOperationsByID(p, p.Root)
		dynWritten(p, p.Root, append(slices.Clone(dynCallExts), xDynTree), func(ext string, n, _ *Node) {
			for _, call := range dynCalls(ext, n) {
				dynCheckTarget(p, byID, ids, call)
			}
		})
	},
}

// dynSuccessSchema returns the resolved schema of the successful response
// of op: that of 200, else 201, else the first other 2xx with a schema.
func dynSuccessSchema(root *Node, op *Operation) (*Node, string) {
	responses := op.Node.Get("responses").List()
	for _, want := range []string{"200", "201", "2"} {
		for _, r := range responses {
			if r.Key == want || want == "2" && strings.HasPrefix(r.Key, "2") {
				if s := resolve(root, resolve(root, r).Get("schema")); s != nil && s.Kind == connector.Object {
					return s, r.Key
				}
			}
		}
	}
	return nil, ""
}

// dynCheckResponse checks the response paths of one written extension
// against the successful response of the operation it calls.
func dynCheckResponse(p *lint.Pass, byID map[string]*Operation, ext string, n *Node) {
	target := byID[n.Get("operationId").Str()]
	if target == nil {
		return
	}
	resp, code := dynSuccessSchema(p.Root, target)
	if resp == nil {
		return
	}
	spec := dynSpecs[ext]
	if spec.collection == "" {
		dynCheckProperty(p, resp, target, code, n.Get(spec.schemaPath))
		return
	}
	arr := resp
	coll := n.Get(spec.collection)
	if coll != nil && !coll.IsString() {
		return
	}
	if path := strings.Trim(coll.Str(), "/"); path != "" {
		chain, r := dynFollow(p.Root, resp, path, true)
		switch r {
		case pathOpen:
			return
		case pathMissing:
			p.Reportf(coll, "The dynamic operation expects an array on the specified path '%s' which should be defined in the successful response of the invoked operation '%s': its '%s' response has no such property", path, target.Name(), code)
			return
		}
		arr = chain[len(chain)-1]
	}
	switch t := dynSchemaType(arr); {
	case t == "" || t == "array":
	case coll.Str() == "":
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("The dynamic operation expects an array on the specified path '' which should be defined in the successful response of the invoked operation '%s': its '%s' response is of type '%s'; set '%s' to the path of the array in it", target.Name(), code, t, spec.collection)})
		return
	default:
		p.Reportf(coll, "The dynamic operation expects an array on the specified path '%s' which should be defined in the successful response of the invoked operation '%s': it is of type '%s'", coll.Str(), target.Name(), t)
		return
	}
	for _, k := range spec.items {
		dynCheckProperty(p, arr.Get("items"), target, code, n.Get(k))
	}
}

// dynCheckProperty checks that the path string v names a property of the
// schema s.
func dynCheckProperty(p *lint.Pass, s *Node, target *Operation, code string, v *Node) {
	path := strings.Trim(v.Str(), "/")
	if path == "" || s == nil {
		return
	}
	if _, r := dynFollow(p.Root, s, path, true); r == pathMissing {
		p.Reportf(v, "The dynamic operation expects a property on the specified path '%s' which should be defined in the successful response of the invoked operation '%s': its '%s' response schema has no such property", path, target.Name(), code)
	}
}

var dynamicTargetResponsePath = &lint.Rule{
	ID:             "dynamic-target-response-path",
	Level:          lint.Certification,
	Title:          "The paths of a dynamic extension exist in the response of the operation it calls",
	Source:         "catalog §1.8 dynamic-target-operation-valid (response part); L-SVR, L-EXT",
	Since:          since,
	ValidatorCodes: []string{"InvokedOperationShouldProduceArray", "InvokedOperationShouldProduceProperty"},
	Doc: `The paths of a dynamic extension are read in the successful response (200, else 201,
else another 2xx) of the operation it calls. For x-ms-dynamic-values and
x-ms-dynamic-list, ` + quoteAnd([]string{dynSpecs[xDynValues].collection, dynSpecs[xDynList].collection}) + ` must lead to an array (without it, the
response itself must be an array), and ` + quoteAnd(append(slices.Clone(dynSpecs[xDynValues].items), dynSpecs[xDynList].items...)) + `
must be properties of its items. For x-ms-dynamic-schema and x-ms-dynamic-properties,
` + quoteAnd([]string{dynSpecs[xDynSchema].schemaPath, dynSpecs[xDynProps].schemaPath}) + ` must be a property of the response. Otherwise the drop-down
stays empty. Schemas that do not list their properties (free objects, dynamic
schemas) are not checked; names that differ only in letter case are accepted.

Bad: ListTeams answers {"teams": [...]}, and

    "x-ms-dynamic-values": {"operationId": "ListTeams", "value-collection": "value"}

Good:

    "x-ms-dynamic-values": {"operationId": "ListTeams", "value-collection": "teams",
        "value-path": "id", "value-title": "displayName"}`,
	Check: func(p *lint.Pass) {
		byID, _ := dynOperationsByID(p, p.Root)
		dynWritten(p, p.Root, dynCallExts, func(ext string, n, _ *Node) {
			if n.Kind == connector.Object {
				dynCheckResponse(p, byID, ext, n)
			}
		})
	},
}

// ---------------------------------------------------------------- internal sources

var dynamicSourceNotInternal = &lint.Rule{
	ID:             "dynamic-source-not-internal",
	Level:          lint.Certification,
	Title:          "A dynamic call does not pass an internal input that has no default",
	Source:         "catalog §1.8 dynamic-target-operation-valid (SourcePropertyInternal); L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SourcePropertyInternal"},
	Doc: `A {"parameter": ...} or {"parameterReference": ...} value passes another input of the
operation to the dynamic call. When that input is internal (x-ms-visibility), or sits
below an internal parent, the maker never fills it, so without a default the call
always gets an empty value. Make the input visible, or pass a static value. (An
internal input with a default is reported by internal-ref-use-static instead.)

Bad:

    {"name": "tenant", "in": "query", "type": "string", "x-ms-visibility": "internal"}
    "x-ms-dynamic-values": {"operationId": "ListSites", "parameters": {"tenant": {"parameter": "tenant"}}}

Good:

    "x-ms-dynamic-values": {"operationId": "ListSites", "parameters": {"tenant": "contoso"}}`,
	Check: func(p *lint.Pass) {
		dynInternalRefs(p, p.Root, func(u dynUse, at *Node, chain []*Node) {
			if !chain[len(chain)-1].Has("default") {
				p.Reportf(at, "The parameter reference '%s' in the source operation '%s' is internal or one of its parent(s) are internal. Either make the property visible or update the parameter reference to a static value: the maker cannot fill it and it has no default", at.Value, u.op.Name())
			}
		})
	},
}

var internalRefUseStatic = &lint.Rule{
	ID:     "internal-ref-use-static",
	Level:  lint.Guidance,
	Title:  "Pass an internal input's default as a static value, not as a reference",
	Source: "catalog §1.8 internal-ref-use-static; L-EXT",
	Since:  since,
	Doc: `Microsoft's documentation: "If you want to reference any property that's marked as
internal with a default value, you have to use the default value as a static value in
the definition here, instead of parameterReference. The default value ... isn't used
if it's defined by using parameterReference." The same holds for {"parameter": ...}
in x-ms-dynamic-values and x-ms-dynamic-schema.

Bad:

    {"name": "api-version", "in": "query", "type": "string", "required": true,
     "x-ms-visibility": "internal", "default": "2.0"}
    "x-ms-dynamic-list": {"operationId": "ListModels",
        "parameters": {"api-version": {"parameterReference": "api-version"}}}

Good:

    "x-ms-dynamic-list": {"operationId": "ListModels",
        "parameters": {"api-version": {"value": "2.0"}}}`,
	Check: func(p *lint.Pass) {
		dynInternalRefs(p, p.Root, func(u dynUse, at *Node, chain []*Node) {
			def := chain[len(chain)-1].Get("default")
			if def == nil {
				return
			}
			static := dynLiteralText(def)
			if dynFormOf(u.ext) == dynReference {
				static = `{"value": ` + static + `}`
			}
			p.Reportf(at, "'%s' is internal with a default, and a reference does not pass that default to the dynamic call: write the static value %s instead", at.Value, static)
		})
	},
}

// ---------------------------------------------------------------- tree

// dynTreeKeys are the members of x-ms-dynamic-tree.
var dynTreeKeys = []string{"settings", "open", "browse"}

// dynTreeCalls are its members that call an operation.
var dynTreeCalls = []string{"open", "browse"}

func dynCheckTree(p *lint.Pass, n *Node) {
	if n.Kind != connector.Object {
		p.Reportf(n, "x-ms-dynamic-tree must be an object with the members %s", quoteAnd(dynTreeKeys))
		return
	}
	for _, c := range n.Children {
		if !contains(dynTreeKeys, c.Key) {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not allowed and must be removed: x-ms-dynamic-tree has only the members %s%s", c.Key, quoteAnd(dynTreeKeys), didYouMean(c.Key, dynTreeKeys))})
		}
	}
	for _, k := range dynTreeCalls {
		call := n.Get(k)
		switch {
		case call == nil:
		case call.Kind != connector.Object:
			p.Reportf(call, "'%s' of x-ms-dynamic-tree must be an object: {\"operationId\": ..., \"parameters\": {...}, \"itemValuePath\": ...}", k)
		default:
			dynCheckOperationID(p, xDynTree+" "+k, call, call.Get("operationId"))
			dynCheckParameters(p, xDynTree, call.Get("parameters"), dynReference)
		}
	}
	n.Walk(func(c *Node) bool {
		if c.Key == "selectedItemValuePath" && c.IsMember() && !dynInBrowseParameters(n, c) {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: "The 'selectedItemValuePath' property is not allowed in this position. It is allowed only in 'browse' operation of 'x-ms-dynamic-tree' extension: use it as the value of a 'browse' parameter, {\"selectedItemValuePath\": \"id\"}"})
		}
		return true
	})
}

// dynInBrowseParameters reports whether c is browse/parameters/<name>/selectedItemValuePath of the tree.
func dynInBrowseParameters(tree, c *Node) bool {
	value := c.Parent
	if value == nil || value.Parent == nil || value.Parent.Parent == nil {
		return false
	}
	params, browse := value.Parent, value.Parent.Parent
	return params.Key == "parameters" && browse.Key == "browse" && browse.Parent == tree
}

var dynamicTree = &lint.Rule{
	ID:             "dynamic-tree",
	Level:          lint.Certification,
	Title:          "A file picker has a well-formed x-ms-dynamic-tree",
	Source:         "catalog §1.8 dynamic-tree; L-SVR, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"DynamicTreeExtensionMissing", "SelectedItemValuePathNotAllowedInThisPosition"},
	Doc: `An input with "x-ms-dynamic-values": {"capability": "file-picker"} shows a file picker,
which needs "x-ms-dynamic-tree" beside it: its members are ` + quoteAnd(dynTreeKeys) + `;
"open" lists the first level, "browse" the children of the selected item. The selected
item is passed to browse with {"selectedItemValuePath": "<path>"} as a parameter value,
and only there.

Bad:

    "folderId": {"type": "string", "x-ms-dynamic-values": {"capability": "file-picker",
        "value-path": "id", "value-title": "name"}}

Good:

    "folderId": {"type": "string", "x-ms-dynamic-values": {"capability": "file-picker",
        "value-path": "id", "value-title": "name"},
      "x-ms-dynamic-tree": {"settings": {"canSelectParentNodes": true},
        "open": {"operationId": "ListRootFolders", "itemValuePath": "id", "itemTitlePath": "name"},
        "browse": {"operationId": "ListFolders", "itemValuePath": "id", "itemTitlePath": "name",
          "parameters": {"parentId": {"selectedItemValuePath": "id"}}}}}`,
	Check: func(p *lint.Pass) {
		dynWritten(p, p.Root, []string{xDynValues, xDynTree}, func(ext string, n, holder *Node) {
			if ext == xDynTree {
				dynCheckTree(p, n)
				return
			}
			if c := n.Get("capability"); c.Str() == "file-picker" && !holder.Has(xDynTree) {
				p.Reportf(c, "The 'x-ms-dynamic-tree' extension must be defined to enable file picker support: add x-ms-dynamic-tree beside x-ms-dynamic-values, with its 'open' and 'browse' operations")
			}
		})
	},
}

// ---------------------------------------------------------------- target inputs

// dynTargetInput returns the resolved definition of the input of op that
// the key of a call's "parameters" names: a parameter, a property inside
// one ("parameter/path"), or a property of its body. nil when the key
// names nothing that declares a type.
func dynTargetInput(root *Node, op *Operation, key string) *Node {
	if prm := dynParamNamed(root, op, key); prm != nil {
		if prm.In() == "body" {
			return resolve(root, prm.Def.Get("schema"))
		}
		return prm.Def
	}
	if chain := dynReferenceOf(root, op, key); len(chain) > 1 {
		return chain[len(chain)-1]
	}
	if body := dynBodyParam(root, op); body != nil {
		if chain, r := dynFollow(root, body.Def.Get("schema"), key, false); r == pathFound {
			return chain[len(chain)-1]
		}
	}
	return nil
}

// dynRequiredInputs lists the inputs a call to op must supply, by name:
// its required parameters without a default, and, for a required body,
// the required properties of the body schema without a default (the
// designer shows them as inputs of their own). A caller that names the
// body parameter itself supplies all of them.
func dynRequiredInputs(root *Node, op *Operation) []struct {
	name string
	def  *Node
	body string // the body parameter's name, for a body property
} {
	type input = struct {
		name string
		def  *Node
		body string
	}
	var out []input
	for _, prm := range parameters(root, op) {
		if prm.Def == nil || !prm.Def.Get("required").IsTrue() || prm.Def.Has("default") {
			continue
		}
		if prm.In() != "body" {
			out = append(out, input{prm.Name(), prm.Def, ""})
			continue
		}
		schema := resolve(root, prm.Def.Get("schema"))
		props := schemaPropertyNames(root, schema)
		req := schemaRequiredNames(root, schema)
		names := make([]string, 0, len(req))
		for name := range req {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			def := resolve(root, props[name])
			if def == nil || def.Has("default") {
				continue
			}
			out = append(out, input{name, def, prm.Name()})
		}
	}
	return out
}

// dynSupplies reports whether the "parameters" of a call give a value to
// the input name (of the body parameter body, when it is a body property).
func dynSupplies(params *Node, name, body string) bool {
	for _, k := range params.List() {
		if k.Key == name || body != "" && (k.Key == body || k.Key == body+"/"+name) {
			return true
		}
	}
	return false
}

// dynRefSource reads one value of the "parameters" of a call made from op
// as a reference: the node of the reference, the chain of inputs of op it
// names and the last property name on its path ("" when it names a
// parameter). at is nil for a literal, chain nil for a reference that does
// not resolve.
func dynRefSource(root *Node, op *Operation, form dynForm, v *Node) (at *Node, chain []*Node, last string) {
	var path string
	if form == dynLiteral {
		at = v.Get("parameter")
		if !at.IsString() {
			return nil, nil, ""
		}
		_, chain, path = dynSourceOf(root, op, at.Value)
	} else {
		at = v.Get("parameterReference")
		if !at.IsString() {
			return nil, nil, ""
		}
		chain, path = dynReferenceOf(root, op, at.Value), at.Value
	}
	if len(chain) > 1 {
		last = path[strings.LastIndex(path, "/")+1:]
	}
	return at, chain, last
}

// dynOptionalSource reports whether the input a reference names may be
// left empty by the maker: a parameter that is not required, or a body
// property its object does not require, with no default either way.
func dynOptionalSource(root *Node, chain []*Node, last string) bool {
	src := chain[len(chain)-1]
	if src.Has("default") {
		return false
	}
	if len(chain) == 1 {
		return !src.Get("required").IsTrue()
	}
	if dynIsIndex(last) {
		return false
	}
	parent := chain[len(chain)-2]
	if len(chain) == 2 {
		parent = resolve(root, parent.Get("schema"))
	}
	return !schemaRequiredNames(root, parent)[last]
}

// dynTypesFit reports whether an input of type src may fill one of type
// dst: the same type, or an integer for a number.
func dynTypesFit(dst, src string) bool {
	return dst == src || dst == "number" && src == "integer"
}

// dynStatic is the literal value of one value of "parameters", or nil for
// a reference.
func dynStatic(form dynForm, v *Node) *Node {
	if form == dynReference {
		return v.Get("value")
	}
	if v.Kind == connector.Object && v.Has("parameter") {
		return nil
	}
	return v
}

// dynEachCall calls fn for each call to an operation of the definition made
// by a dynamic extension, once per operation that uses it, with the call's
// target.
func dynEachCall(p *lint.Pass, root *Node, fn func(u dynUse, call *Node, target *Operation)) {
	byID, _ := dynOperationsByID(p, root)
	dynUses(p, root, append(slices.Clone(dynCallExts), xDynTree), func(u dynUse) {
		for _, call := range dynCalls(u.ext, u.n) {
			params := call.Get("parameters")
			if target := byID[call.Get("operationId").Str()]; target != nil && (params == nil || params.Kind == connector.Object) {
				fn(u, call, target)
			}
		}
	})
}

var dynamicTargetRequiredInputs = &lint.Rule{
	ID:             "dynamic-target-required-inputs",
	Level:          lint.Certification,
	Title:          "A dynamic call supplies every required input of the operation it calls",
	Source:         "catalog §1.8 dynamic-target-operation-valid (required parameters); L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationMissingRequiredProperty"},
	Doc: `A dynamic extension (x-ms-dynamic-values, -list, -schema, -properties, and the "open"
and "browse" calls of x-ms-dynamic-tree) calls another operation at design time with
the values of its "parameters" only. A required parameter of that operation, or a
required property of its required body, that has no default must be among the keys
of "parameters"; Microsoft's validator ("Fix Swagger Validator errors") refuses the
call otherwise: "The target operation requires parameter '{0}'"
(OperationMissingRequiredProperty), and the drop-down or dynamic schema could never
load. An input with a default is filled by the platform; a key naming the body
parameter supplies all of its properties.

No connector of the shared corpus (663 accepted, 391 of them certified) has such a
call, as expected of a check the validator enforces.

Bad: ListChannels requires "teamId", and

    "x-ms-dynamic-values": {"operationId": "ListChannels", "value-path": "id"}

Good:

    "x-ms-dynamic-values": {"operationId": "ListChannels", "value-path": "id",
        "parameters": {"teamId": {"parameter": "teamId"}}}`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		dynEachCall(p, p.Root, func(u dynUse, call *Node, target *Operation) {
			if seen[call] {
				return
			}
			seen[call] = true
			params := call.Get("parameters")
			for _, in := range dynRequiredInputs(p.Root, target) {
				if dynSupplies(params, in.name, in.body) {
					continue
				}
				at := params
				if at == nil {
					at = call
				}
				p.Report(lint.Diagnostic{Node: at, AtKey: true, Message: fmt.Sprintf("The target operation requires parameter '%s': %s calls '%s' without it; add it to 'parameters'", in.name, u.ext, target.Name())})
			}
		})
	},
}

var dynamicSourceRequired = &lint.Rule{
	ID:             "dynamic-source-required",
	Level:          lint.Guidance,
	Title:          "A dynamic call fills a required input of its target from an input the maker must fill",
	Source:         "catalog §1.8 dynamic-target-operation-valid (required parameters); L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationParameterRequiredMismatch"},
	Doc: `A value of the "parameters" of a dynamic call that is a reference ({"parameter"} or
{"parameterReference"}) passes another input of the calling operation. When the
target requires that input and the maker may leave the source empty (not required,
no default), the drop-down stays empty until the maker happens to fill it. Microsoft's
validator list has the code OperationParameterRequiredMismatch for it: "The
parameter is required, but an optional value is provided by operation '{0}'."

Guidance only: 16 of the 391 certified connectors of the shared corpus make such a
call (Azure IoT Central, Blackbaud Raiser's Edge NXT among them), so the validator
does not refuse it in this form. Make the source required, or give it a default.

Bad: "teamId" is optional in the calling operation, required by ListChannels, and

    "x-ms-dynamic-values": {"operationId": "ListChannels",
        "parameters": {"teamId": {"parameter": "teamId"}}}

Good: the same call, with "teamId" of the calling operation "required": true.`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		dynEachCall(p, p.Root, func(u dynUse, call *Node, target *Operation) {
			for _, v := range call.Get("parameters").List() {
				at, chain, last := dynRefSource(p.Root, u.op, dynFormOf(u.ext), v)
				if chain == nil || seen[at] {
					continue
				}
				dst := dynTargetInput(p.Root, target, v.Key)
				if dst == nil || !dynRequiredIn(p.Root, target, v.Key, dst) || !dynOptionalSource(p.Root, chain, last) {
					continue
				}
				seen[at] = true
				p.Reportf(at, "The parameter is required, but an optional value is provided by operation '%s': '%s' of '%s' is required, and '%s' may be left empty; make it required or give it a default", u.op.Name(), v.Key, target.Name(), at.Value)
			}
		})
	},
}

// dynRequiredIn reports whether the input key of op, whose definition is
// dst, is one a call must supply.
func dynRequiredIn(root *Node, op *Operation, key string, dst *Node) bool {
	for _, in := range dynRequiredInputs(root, op) {
		if in.def == dst || in.name == key {
			return true
		}
	}
	return false
}

var dynamicTargetInputTypes = &lint.Rule{
	ID:             "dynamic-target-input-types",
	Level:          lint.Certification,
	Title:          "A dynamic call passes values of the types the called operation declares",
	Source:         "catalog §1.8 dynamic-target-operation-valid (types); L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationParameterTypeMismatch", "OperationParameterStaticTypeMismatch"},
	Doc: `Each value of the "parameters" of a dynamic call fills an input of the operation it
calls, and must be of that input's type. Microsoft's validator ("Fix Swagger Validator
errors") has two codes for this:

- OperationParameterTypeMismatch, "The parameter has type '{0}', but operation '{1}'
  is providing a parameter of type '{2}'": a reference ({"parameter"} or
  {"parameterReference"}) to an input of the calling operation of another type;
- OperationParameterStaticTypeMismatch, "The parameter has type '{0}', but a static
  value is provided of type '{1}'": a literal of another JSON type.

An integer fills a number. As for defaults, a string that reads as the type ("5" for
an integer, "true" for a boolean) and null are accepted, since the call sends them as
text; inputs whose type is not declared are not checked.

Bad: "top" of ListItems is an integer, and

    "x-ms-dynamic-values": {"operationId": "ListItems", "parameters": {"top": "all"}}

Good:

    "x-ms-dynamic-values": {"operationId": "ListItems", "parameters": {"top": 50}}`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		dynEachCall(p, p.Root, func(u dynUse, call *Node, target *Operation) {
			for _, v := range call.Get("parameters").List() {
				dst := dynTargetInput(p.Root, target, v.Key)
				if dst == nil {
					continue
				}
				want := dynSchemaType(dst)
				if want == "" || want == "file" {
					continue
				}
				if lit := dynStatic(dynFormOf(u.ext), v); lit != nil {
					if !seen[lit] && !schemaValueFits(want, lit) {
						seen[lit] = true
						p.Reportf(lit, "The parameter has type '%s', but a static value is provided of type '%s': '%s' of '%s' takes %s", schemaTypeTitle(want), schemaJSONType(lit), v.Key, target.Name(), withArticle(want))
					}
					continue
				}
				at, chain, _ := dynRefSource(p.Root, u.op, dynFormOf(u.ext), v)
				if chain == nil || seen[at] {
					continue
				}
				if got := dynSchemaType(chain[len(chain)-1]); got != "" && !dynTypesFit(want, got) {
					seen[at] = true
					p.Reportf(at, "The parameter has type '%s', but operation '%s' is providing a parameter of type '%s': '%s' of '%s' is %s, '%s' %s", schemaTypeTitle(want), u.op.Name(), schemaTypeTitle(got), v.Key, target.Name(), withArticle(want), at.Value, withArticle(got))
				}
			}
		})
	},
}

// ---------------------------------------------------------------- sources

// dynSourceFound reports whether the reference ref of a call made from op
// names an input of op: a parameter, or (written "parameter/path", or for
// {"parameter"} also a bare property name) a property of one. A schema
// that does not list its properties accepts any name.
func dynSourceFound(root *Node, op *Operation, form dynForm, ref string) bool {
	if dynParamNamed(root, op, ref) != nil {
		return true
	}
	if name, rest, ok := strings.Cut(ref, "/"); ok {
		if prm := dynParamNamed(root, op, name); prm != nil {
			if _, r := dynFollow(root, prm.Def.Get("schema"), rest, false); r != pathMissing {
				return true
			}
		}
	}
	if body := dynBodyParam(root, op); form == dynLiteral && body != nil {
		if _, r := dynFollow(root, body.Def.Get("schema"), ref, false); r != pathMissing {
			return true
		}
	}
	if dotted := strings.ReplaceAll(ref, ".", "/"); form == dynLiteral && dotted != ref {
		return dynSourceFound(root, op, form, dotted)
	}
	return false
}

var dynamicSourceExists = &lint.Rule{
	ID:     "dynamic-source-exists",
	Level:  lint.Certification,
	Title:  "A dynamic call's references name inputs of the calling operation",
	Source: "catalog §1.8 dynamic-target-operation-valid (SourcePropertyInternal family); L-SVR, L-EXT",
	Since:  since,
	Doc: `{"parameter": "<name>"} (x-ms-dynamic-values, x-ms-dynamic-schema) and
{"parameterReference": "<parameter>/<path>"} (x-ms-dynamic-list, x-ms-dynamic-properties,
x-ms-dynamic-tree) pass the value of another input of the operation that has the
extension. The validator resolves these references against that operation (its
SourcePropertyInternal check reads the input they name); one that names no input
passes nothing, and the drop-down or dynamic schema never gets the value. In the
{"parameter"} form the name is a parameter or a property of the body; in the
{"parameterReference"} form it is a path from a parameter name, such as "body/id".
Three certified connectors of the shared corpus write {"parameter"} paths with dots
("webHook.teamId"), always beside an x-ms-dynamic-list that carries the same
reference, so dots are read as "/" there. A definition shared by several operations must resolve in each of them. A body whose
schema does not list its properties accepts any name.

Bad: the operation has a "teamId" parameter, and

    "x-ms-dynamic-values": {"operationId": "ListChannels",
        "parameters": {"teamId": {"parameter": "team"}}}

Good:

    "x-ms-dynamic-values": {"operationId": "ListChannels",
        "parameters": {"teamId": {"parameter": "teamId"}}}`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		dynUses(p, p.Root, append(slices.Clone(dynCallExts), xDynTree), func(u dynUse) {
			form := dynFormOf(u.ext)
			for _, call := range dynCalls(u.ext, u.n) {
				for _, v := range call.Get("parameters").List() {
					at, _, _ := dynRefSource(p.Root, u.op, form, v)
					if at == nil || at.Value == "" || seen[at] || dynSourceFound(p.Root, u.op, form, at.Value) {
						continue
					}
					seen[at] = true
					names := dynInputNames(p.Root, u.op)
					p.Reportf(at, "'%s' is not an input of the operation '%s', so the dynamic call gets no value for '%s': its inputs are %s%s", at.Value, u.op.Name(), v.Key, quoteAnd(names), didYouMean(at.Value, names))
				}
			}
		})
	},
}
