package rules

import (
	"slices"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// TestDerivedListsMatchTheWalks: the parameters, schemas, webhooks and
// typed objects that the rules of a package share (derived.go) are, for
// each package, what a fresh walk of its definition gives, in the same
// order; every rule of the package gets the same list (computed once), and
// the next package gets its own.
func TestDerivedListsMatchTheWalks(t *testing.T) {
	srcs := []string{
		`{"swagger": "2.0",
		  "parameters": {"top": {"name": "top", "in": "query", "type": "integer"}},
		  "responses": {"err": {"description": "e", "schema": {"type": "object", "properties": {"code": {"type": "string"}}}}},
		  "definitions": {"Team": {"type": "object", "properties": {"id": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
		                           "additionalProperties": {"type": "integer"}, "allOf": [{"$ref": "#/definitions/Base"}]},
		                  "Base": {"type": "object"}},
		  "paths": {"/teams/{id}": {
		    "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
		    "x-ms-notification-content": {"schema": {"type": "object"}},
		    "get": {"parameters": [{"$ref": "#/parameters/top"}], "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Team"}}}},
		    "post": {"parameters": [{"name": "body", "in": "body", "schema": {"type": "object", "properties": {"name": {"type": "string"}, "callback": {"type": "string", "x-ms-notification-url": true}}}}],
		             "responses": {"201": {"description": "made", "schema": {"type": "array", "items": {"type": "object"}}}}}}}}`,
		`{"swagger": "2.0", "definitions": {"Only": {"type": "string"}},
		  "paths": {"/x": {"get": {"parameters": [{"name": "q", "in": "query", "type": "string"}], "responses": {"200": {"description": "ok"}}}}}}`,
	}
	wantCounts := [][4]int{{4, 16, 1, 31}, {1, 1, 0, 8}} // parameters, schemas, notification URLs, typed objects
	fresh := &lint.Pass{}                                // outside LintPackage: computes on every call
	type lists struct {
		params []*Parameter
		hooks  []trigWebhook
	}
	for i, src := range srcs {
		doc := &connector.Document{Path: "apiDefinition.swagger.json"}
		connector.Parse(doc, []byte(src), connector.DefaultLimits)
		if doc.Root == nil {
			t.Fatalf("fixture does not parse: %v", doc.Problems)
		}
		root := doc.Root
		var got []lists
		check := func(p *lint.Pass) {
			params, wantParams := allParameters(p, root), listParameters(fresh, root)
			var schemas []Schema
			walkSchemas(p, root, func(s Schema) { schemas = append(schemas, s) })
			wantSchemas := listSchemas(fresh, root)
			hooks, wantHooks := trigScan(p, root), listWebhooks(fresh, root)
			var typed []typedNode
			walkTyped(p, root, func(n *Node, t objType) { typed = append(typed, typedNode{n, t}) })
			if !slices.Equal(typed, typedNodes(root)) {
				t.Errorf("document %d: walkTyped visits %d objects, a fresh walk %d, or not the same", i, len(typed), len(typedNodes(root)))
			}
			urls := 0
			for _, h := range hooks {
				urls += len(h.urls)
			}
			if !slices.EqualFunc(params, wantParams, sameParameter) {
				t.Errorf("document %d: allParameters gives %d parameters, a fresh walk %d, or not the same", i, len(params), len(wantParams))
			}
			if !slices.Equal(schemas, wantSchemas) {
				t.Errorf("document %d: walkSchemas visits %v, a fresh walk %v", i, schemas, wantSchemas)
			}
			if !slices.EqualFunc(hooks, wantHooks, sameWebhook) {
				t.Errorf("document %d: trigScan gives %d operations, a fresh scan %d, or not the same", i, len(hooks), len(wantHooks))
			}
			if got := [4]int{len(params), len(schemas), urls, len(typed)}; got != wantCounts[i] {
				t.Errorf("document %d: %v parameters, schemas, notification URLs and typed objects, want %v", i, got, wantCounts[i])
			}
			got = append(got, lists{params, hooks})
		}
		rule := func(id string) *lint.Rule {
			return &lint.Rule{ID: id, Level: lint.Guidance, Title: "t", Doc: "d", Source: "s", Since: since, Check: check}
		}
		reg, err := lint.NewRegistry(rule("first"), rule("second"))
		if err != nil {
			t.Fatal(err)
		}
		pkg := &connector.Package{Swaggers: []*connector.Document{doc}}
		lint.LintPackage(pkg, &lint.Config{Registry: reg, Profile: lint.Profiles[0], Limits: connector.DefaultLimits})
		if len(got) != 2 {
			t.Fatalf("document %d: %d rules ran, want 2", i, len(got))
		}
		if &got[0].params[0] != &got[1].params[0] || &got[0].hooks[0] != &got[1].hooks[0] {
			t.Errorf("document %d: the two rules of the package got lists of their own, want one shared list", i)
		}
	}
}

// sameParameter and sameWebhook compare what two walks found: the same
// nodes (a fresh walk makes operations of its own).
func sameParameter(a, b *Parameter) bool {
	return a.Node == b.Node && a.Def == b.Def && (a.Op == nil) == (b.Op == nil) && (a.Op == nil || sameOperation(a.Op, b.Op))
}

func sameOperation(a, b *Operation) bool {
	return a.Path == b.Path && a.PathItem == b.PathItem && a.Method == b.Method && a.Node == b.Node
}

func sameWebhook(a, b trigWebhook) bool {
	return sameOperation(a.op, b.op) && (a.body == nil) == (b.body == nil) && (a.body == nil || sameParameter(a.body, b.body)) &&
		slices.EqualFunc(a.urls, b.urls, func(x, y trigURL) bool {
			return x.mark == y.mark && x.def == y.def && slices.Equal(x.steps, y.steps)
		})
}

// TestPreorderIsTheFilteredWalk: preorder visits, for any set of types,
// the typed objects of those types in the order walkTyped visits them.
func TestPreorderIsTheFilteredWalk(t *testing.T) {
	doc := &connector.Document{Path: "apiDefinition.swagger.json"}
	connector.Parse(doc, []byte(`{"swagger": "2.0",
	  "parameters": {"top": {"name": "top", "in": "query", "type": "array", "items": {"type": "string"}}},
	  "definitions": {"Team": {"type": "object", "properties": {"id": {"type": "string"}}}},
	  "paths": {"/t": {"parameters": [{"name": "h", "in": "header", "type": "string"}],
	    "get": {"parameters": [{"$ref": "#/parameters/top"}, {"name": "b", "in": "body", "schema": {"$ref": "#/definitions/Team"}}],
	            "responses": {"200": {"description": "ok", "headers": {"X-A": {"type": "string"}}, "schema": {"type": "object"}}}}}}}`), connector.DefaultLimits)
	p := &lint.Pass{Root: doc.Root}
	for _, types := range [][]objType{
		{tSchema}, {tParameter, tSchema}, {tSchema, tParameter}, {tItems, tHeader, tParameter, tSchema},
		{tResponse}, {tContact}, {tOperation, tResponse, tHeader},
	} {
		var want, got []typedNode
		walkTyped(p, doc.Root, func(n *Node, t objType) {
			if slices.Contains(types, t) {
				want = append(want, typedNode{n, t})
			}
		})
		preorder(p, doc.Root, types, func(n *Node, t objType) { got = append(got, typedNode{n, t}) })
		if !slices.Equal(got, want) {
			t.Errorf("preorder(%v) visits %d objects, the filtered walk %d, or in another order", types, len(got), len(want))
		}
		if len(types) > 1 && len(want) < 2 {
			t.Errorf("preorder(%v): the fixture has %d such objects, too few to check the order", types, len(want))
		}
	}
}

// TestOperationParametersMadeOnce: parameters lists an operation's
// parameters once and hands the same list to every rule after; for
// another root (an operation asked about against another definition) it
// lists them afresh.
func TestOperationParametersMadeOnce(t *testing.T) {
	parse := func(src string) *Node {
		doc := &connector.Document{Path: "apiDefinition.swagger.json"}
		connector.Parse(doc, []byte(src), connector.DefaultLimits)
		return doc.Root
	}
	root := parse(`{"parameters": {"q": {"name": "q", "in": "query", "type": "string"}},
	  "paths": {"/a": {"parameters": [{"name": "h", "in": "header", "type": "string"}],
	    "get": {"parameters": [{"$ref": "#/parameters/q"}]}}}}`)
	other := parse(`{"parameters": {"q": {"name": "h", "in": "header", "type": "string"}}}`)
	op := listOperations(root)[0]
	first, again := parameters(root, op), parameters(root, op)
	if len(first) != 2 || &first[0] != &again[0] {
		t.Errorf("parameters: %d, then a list of its own: %v", len(first), &first[0] != &again[0])
	}
	if !slices.EqualFunc(first, listOpParameters(root, op), sameParameter) {
		t.Errorf("parameters gives %v, a fresh listing %v", first, listOpParameters(root, op))
	}
	// Against other, #/parameters/q is a header named h: it overrides the
	// path item's, so one parameter.
	if got := parameters(other, op); len(got) != 1 || got[0].Def != other.At("parameters", "q") {
		t.Errorf("parameters against another root: %d parameters, want the one that root resolves", len(got))
	}
}
