package connector

import "testing"

// TestGetFilterAnswersAsTheScan: Get, which skips the members of an object
// when the name's bit is clear in its filter (keyBits), answers for every
// object of a parsed document, JSON or YAML, small or indexed, what a scan
// of its members answers, for names it has and names it lacks; a node made
// by hand (no filter) is scanned.
func TestGetFilterAnswersAsTheScan(t *testing.T) {
	big := `"m0": 0, "m1": 1, "m2": 2, "m3": 3, "m4": 4, "m5": 5, "m6": 6, "m7": 7, "m8": 8, "m9": 9, "m10": 10, "m11": 11, "m12": 12, "m13": 13, "m14": 14, "m15": 15, "m16": 16`
	srcs := map[string]string{
		"apiDefinition.swagger.json": `{"swagger": "2.0", "": "empty name", "x-ms-visibility": "internal",
		  "paths": {"/a": {"get": {"summary": "s", "x-ms-summary": "t", "parameters": [{"name": "n", "in": "query", "x-ms-dynamic-values": {}}]}}},
		  "definitions": {` + big + `}}`,
		"apiDefinition.swagger.yaml": "swagger: '2.0'\nx-ms-visibility: internal\npaths:\n  /a:\n    get:\n      summary: s\n      x-ms-summary: t\n",
	}
	probes := []string{"", "swagger", "paths", "x-ms-visibility", "x-ms-summary", "x-ms-dynamic-values", "x-ms-dynamic-list",
		"summary", "parameters", "name", "in", "schema", "$ref", "type", "m0", "m16", "m17", "m1", "x", "pathz", "get", "post"}
	for path, src := range srcs {
		doc := &Document{Path: path, Format: SniffFormat([]byte(src))}
		Parse(doc, []byte(src), DefaultLimits)
		if doc.Root == nil {
			t.Fatalf("%s: does not parse: %v", path, doc.Problems)
		}
		objects := 0
		doc.Root.Walk(func(n *Node) bool {
			if n.Kind != Object {
				return true
			}
			objects++
			if len(n.Children) > 0 && n.keyBits == 0 {
				t.Errorf("%s %s: an object with members has no filter", path, n.Pointer())
			}
			names := append([]string(nil), probes...)
			for _, c := range n.Children {
				names = append(names, c.Key)
			}
			for _, k := range names {
				var want *Node
				for _, c := range n.Children {
					if c.Key == k {
						want = c
						break
					}
				}
				if got := n.Get(k); got != want {
					t.Errorf("%s %s: Get(%q) = %v, a scan finds %v", path, n.Pointer(), k, got, want)
				}
			}
			return true
		})
		if objects < 4 {
			t.Errorf("%s: %d objects, the fixture has more", path, objects)
		}
	}
	byHand := &Node{Kind: Object}
	byHand.Children = []*Node{{Kind: String, Value: "v", Key: "k", Parent: byHand}}
	if byHand.Get("k") == nil || byHand.Get("x-ms-summary") != nil {
		t.Errorf("a node made by hand: Get(k) = %v, Get(x-ms-summary) = %v", byHand.Get("k"), byHand.Get("x-ms-summary"))
	}
}

// TestPointerLeadsBack: the pointer of every node of a document resolves
// to that node, through escaped names and arrays of ten items and more.
func TestPointerLeadsBack(t *testing.T) {
	doc := &Document{Path: "a.json"}
	Parse(doc, []byte(`{"a/b": {"c~d": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, {"": [[true]]}]}, "paths": {"/x/{id}": {"get": {}}}}`), DefaultLimits)
	nodes := 0
	doc.Root.Walk(func(n *Node) bool {
		nodes++
		if got := doc.Root.Resolve(n.Pointer()); got != n {
			t.Errorf("%q resolves to %v, not to its node", n.Pointer(), got)
		}
		return true
	})
	if want := "/a~1b/c~0d/11//0/0"; doc.Root.At("a/b", "c~d").Children[11].Get("").Children[0].Children[0].Pointer() != want {
		t.Errorf("the deepest node's pointer is not %q", want)
	}
	if nodes != 21 {
		t.Errorf("%d nodes, want 21", nodes)
	}
}
