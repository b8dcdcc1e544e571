package rules

import (
	"slices"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

// TestMemoisedListsMatchTheWalks: allParameters, walkSchemas and
// trigScan, made once per document, give each document what a fresh walk of it gives,
// in the same order, however calls on two documents interleave.
func TestMemoisedListsMatchTheWalks(t *testing.T) {
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
	var roots []*Node
	for _, src := range srcs {
		doc := &connector.Document{Path: "apiDefinition.swagger.json"}
		connector.Parse(doc, []byte(src), connector.DefaultLimits)
		if doc.Root == nil {
			t.Fatalf("fixture does not parse: %v", doc.Problems)
		}
		roots = append(roots, doc.Root)
	}
	wantCounts := [][3]int{{4, 16, 1}, {1, 1, 0}} // parameters, schemas, notification URLs
	for round := range 3 {
		for i, root := range roots {
			params, wantParams := allParameters(root), listParameters(root)
			var schemas []Schema
			walkSchemas(root, func(s Schema) { schemas = append(schemas, s) })
			wantSchemas := listSchemas(root)
			hooks, wantHooks := trigScan(root), listWebhooks(root)
			urls := 0
			for _, h := range hooks {
				urls += len(h.urls)
			}
			if !slices.EqualFunc(params, wantParams, func(a, b *Parameter) bool { return *a == *b }) {
				t.Errorf("round %d, document %d: allParameters gives %d parameters, a fresh walk %d, or not the same", round, i, len(params), len(wantParams))
			}
			if !slices.Equal(schemas, wantSchemas) {
				t.Errorf("round %d, document %d: walkSchemas visits %v, a fresh walk %v", round, i, schemas, wantSchemas)
			}
			if !slices.EqualFunc(hooks, wantHooks, sameWebhook) {
				t.Errorf("round %d, document %d: trigScan gives %d operations, a fresh scan %d, or not the same", round, i, len(hooks), len(wantHooks))
			}
			if got := [3]int{len(params), len(schemas), urls}; got != wantCounts[i] {
				t.Errorf("document %d: %v parameters, schemas and notification URLs, want %v", i, got, wantCounts[i])
			}
		}
	}
}

func sameWebhook(a, b trigWebhook) bool {
	return *a.op == *b.op && (a.body == nil) == (b.body == nil) && (a.body == nil || *a.body == *b.body) &&
		slices.EqualFunc(a.urls, b.urls, func(x, y trigURL) bool {
			return x.mark == y.mark && x.def == y.def && slices.Equal(x.steps, y.steps)
		})
}
