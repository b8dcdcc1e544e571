package rules

import (
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Node is the document node type, named here for brevity.
type Node = connector.Node

// isHTTPMethod reports whether k is the key of an operation in a path
// item, as written (the vocabulary of internal/connector).
func isHTTPMethod(k string) bool { return connector.IsHTTPMethod(k) }

// Operation is one path + method of a definition.
type Operation struct {
	Path     string
	PathItem *Node
	Method   string
	Node     *Node

	// params holds what parameters returned for it: the operations are
	// shared by the rules of a package (derived.go), and a dozen rules
	// list the parameters of each.
	params *opParams
}

type opParams struct {
	root *Node
	list []*Parameter
}

// ID is the operationId, or "" when it is missing.
func (o *Operation) ID() string { return o.Node.Get("operationId").Str() }

// Name identifies the operation in messages: its operationId, or its
// method and path.
func (o *Operation) Name() string {
	if id := o.ID(); id != "" {
		return id
	}
	return strings.ToUpper(o.Method) + " " + o.Path
}

// IsTrigger reports whether the operation is a trigger (x-ms-trigger).
func (o *Operation) IsTrigger() bool { return o.Node.Has("x-ms-trigger") }

// IsAgentic reports whether the operation is an MCP connector's channel to
// its server (x-ms-agentic-protocol, see agentic-protocol-values).
func (o *Operation) IsAgentic() bool { return o.Node.Has(xAgenticProtocol) }

// isInternal reports whether an operation, parameter or property is
// hidden from makers: "x-ms-visibility": "internal". The designer reads the
// value without regard to case ("Internal" hides too).
func isInternal(n *Node) bool {
	return strings.EqualFold(strings.TrimSpace(n.Get("x-ms-visibility").Str()), "internal")
}

// IsInternal reports whether makers never see the operation.
func (o *Operation) IsInternal() bool { return isInternal(o.Node) }

// makerVisible returns the parameter objects that a maker sees in the
// designer: those used by at least one operation that is not internal,
// and not internal themselves. Accepted connectors leave labels and help
// texts off the others (internal headers with a default, the inputs of
// internal helper operations), and so does the certification validator.
// Rules read it through makerVisible (derived.go).
func listMakerVisible(p *lint.Pass, root *Node) map[*Node]bool {
	seen := map[*Node]bool{}
	for _, op := range operations(p, root) {
		if op.IsInternal() {
			continue
		}
		for _, prm := range parameters(root, op) {
			if prm.Def != nil && !isInternal(prm.Def) {
				seen[prm.Def] = true
			}
		}
	}
	return seen
}

func listOperations(root *Node) []*Operation {
	var ops []*Operation
	for _, item := range root.Get("paths").List() {
		if item.Kind != connector.Object {
			continue
		}
		for _, op := range item.Children {
			if isHTTPMethod(op.Key) && op.Kind == connector.Object {
				ops = append(ops, &Operation{Path: item.Key, PathItem: item, Method: op.Key, Node: op})
			}
		}
	}
	return ops
}

// resolve follows local "#/..." references from n, guarding against loops.
// It returns n itself when n is not a reference, and nil when a reference
// is broken or not local.
func resolve(root, n *Node) *Node {
	for range 32 {
		ref := n.Get("$ref")
		if ref == nil {
			return n
		}
		target := resolveRef(root, ref.Str())
		if target == nil {
			return nil
		}
		n = target
	}
	return nil
}

// resolveRef resolves a local reference such as "#/definitions/Team".
func resolveRef(root *Node, ref string) *Node { return connector.ResolveRef(root, ref) }

// Parameter is a parameter of an operation with its reference resolved.
type Parameter struct {
	Op *Operation
	// Node is where the parameter is written: the object, or the {"$ref"}
	// that points to it. Findings go here.
	Node *Node
	// Def is the resolved parameter object (== Node when inline); nil for
	// a broken reference.
	Def *Node
}

func (p *Parameter) Name() string { return p.Def.Get("name").Str() }
func (p *Parameter) In() string   { return p.Def.Get("in").Str() }

// parameters lists the parameters of an operation: those of its path item
// that it does not override, then its own. The list is made once per
// operation and shared: callers must not modify it.
func parameters(root *Node, op *Operation) []*Parameter {
	if op.params != nil && op.params.root == root {
		return op.params.list
	}
	list := slices.Clip(listOpParameters(root, op))
	op.params = &opParams{root, list}
	return list
}

func listOpParameters(root *Node, op *Operation) []*Parameter {
	var own []*Parameter
	for _, n := range op.Node.Get("parameters").List() {
		own = append(own, &Parameter{Op: op, Node: n, Def: resolve(root, n)})
	}
	var out []*Parameter
	for _, n := range op.PathItem.Get("parameters").List() {
		p := &Parameter{Op: op, Node: n, Def: resolve(root, n)}
		if !overridden(p, own) {
			out = append(out, p)
		}
	}
	return append(out, own...)
}

func overridden(p *Parameter, own []*Parameter) bool {
	if p.Def == nil {
		return false
	}
	for _, o := range own {
		if o.Def != nil && o.Name() == p.Name() && o.In() == p.In() {
			return true
		}
	}
	return false
}

// listParameters lists every parameter object written in the definition
// once: the root parameters and those of each path item and operation
// (a path-level parameter is listed once, with the first operation).
func listParameters(p *lint.Pass, root *Node) []*Parameter {
	var out []*Parameter
	for _, n := range root.Get("parameters").List() {
		out = append(out, &Parameter{Node: n, Def: resolve(root, n)})
	}
	for _, op := range operations(p, root) {
		for _, n := range op.Node.Get("parameters").List() {
			out = append(out, &Parameter{Op: op, Node: n, Def: resolve(root, n)})
		}
	}
	for _, item := range root.Get("paths").List() {
		for _, n := range item.Get("parameters").List() {
			out = append(out, &Parameter{Node: n, Def: resolve(root, n)})
		}
	}
	return out
}

// Schema is a schema object met in a walk, with how it was reached.
type Schema struct {
	Node *Node
	// Input is true for request bodies (body parameters), false for
	// responses, definitions and notification content.
	Input bool
	// Depth is the nesting below the root schema (0 for the root).
	Depth int
}

// schemaChildren are the members of a schema object that hold schemas.
var schemaChildren = []string{"items", "additionalProperties"}

// listSchemas lists every schema object written in the definition once,
// in walk order, without following $ref: definitions, body parameter
// schemas, response schemas and notification content, and every schema
// nested in them.
func listSchemas(p *lint.Pass, root *Node) []Schema {
	var out []Schema
	fn := func(s Schema) { out = append(out, s) }
	for _, def := range root.Get("definitions").List() {
		walkSchema(def, false, 0, fn)
	}
	for _, prm := range allParameters(p, root) {
		if prm.Def != nil && prm.Def == prm.Node {
			walkSchema(prm.Def.Get("schema"), true, 0, fn)
		}
	}
	for _, r := range root.Get("responses").List() {
		walkSchema(r.Get("schema"), false, 0, fn)
	}
	for _, item := range root.Get("paths").List() {
		walkSchema(item.At("x-ms-notification-content", "schema"), false, 0, fn)
		for _, op := range item.Children {
			if !isHTTPMethod(op.Key) {
				continue
			}
			for _, r := range op.Get("responses").List() {
				walkSchema(r.Get("schema"), false, 0, fn)
			}
		}
	}
	return out
}

func walkSchema(n *Node, input bool, depth int, fn func(Schema)) {
	if n == nil || n.Kind != connector.Object {
		return
	}
	fn(Schema{Node: n, Input: input, Depth: depth})
	for _, p := range n.Get("properties").List() {
		walkSchema(p, input, depth+1, fn)
	}
	for _, k := range schemaChildren {
		walkSchema(n.Get(k), input, depth+1, fn)
	}
	for _, s := range n.Get("allOf").List() {
		walkSchema(s, input, depth+1, fn)
	}
}

// stringItems returns the string values of an array node.
func stringItems(n *Node) []string {
	var out []string
	for _, c := range n.List() {
		if c.Kind == connector.String {
			out = append(out, c.Value)
		}
	}
	return out
}
