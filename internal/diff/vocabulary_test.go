package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestDiffWalksTheVocabulary compares each definition of the corpus with
// itself and checks that diff's walk and the vocabulary the rules read
// (connector.Spec) agree on every object: each object diff compares as a
// Swagger object (root, path item, operation, parameter, responses,
// response, schema, notification content) has that type in the
// vocabulary's walk of the definition, and each object the vocabulary
// types as one of them is compared by diff as one.
func TestDiffWalksTheVocabulary(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/pairs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name(), "after.json")
		a, errA := Read(path, nil, connector.DefaultLimits)
		b, errB := Read(path, nil, connector.DefaultLimits)
		if errA != nil || errB != nil || a.Definition == nil {
			continue
		}
		checked += checkWalk(t, e.Name(), a.Definition, b.Definition)
	}
	if checked < 10000 {
		t.Errorf("only %d objects checked", checked)
	}
}

// swaggerPlace is what diff's place is for each type of the vocabulary it
// compares as a Swagger object.
var swaggerPlace = map[connector.ObjectType]place{
	connector.RootObject: pDoc, connector.PathItemObject: pPathItem, connector.OperationObject: pOp,
	connector.ParameterObject: pParam, connector.ResponsesObject: pResponses, connector.ResponseObject: pResponse,
	connector.SchemaObject: pSchema, connector.ItemsObject: pSchema, connector.HeaderObject: pSchema,
	connector.NotificationObject: pNotification,
}

func checkWalk(t *testing.T, name string, old, new *connector.Document) int {
	t.Helper()
	typed := map[*connector.Node]connector.ObjectType{}
	walkVocabulary(new.Root, connector.RootObject, typed)
	seen := map[*connector.Node]place{}
	d := &differ{old: &side{doc: old, idx: newIndex(old.Root)}, new: &side{doc: new, idx: newIndex(new.Root)}}
	d.compared = func(f frame, _, n *connector.Node) { seen[n] = f.at }
	d.compareDefinitions()
	if len(d.out) != 0 {
		t.Fatalf("%s: %d change(s) between a definition and itself", name, len(d.out))
	}
	checked := 0
	for n, at := range seen {
		if !isSwaggerPlace(at) || comparedAsResponse(n) {
			continue
		}
		checked++
		if typ, ok := typed[n]; !ok || swaggerPlace[typ] != at {
			t.Errorf("%s: diff compares %s at place %d; the vocabulary types it %q", name, n.Pointer(), at, typ)
		}
	}
	for n, typ := range typed {
		want, ok := swaggerPlace[typ]
		if !ok {
			continue
		}
		if at, compared := seen[n]; !compared || at != want {
			t.Errorf("%s: the vocabulary types %s %q; diff compares it: %v, at place %d", name, n.Pointer(), typ, compared, at)
		}
	}
	return checked
}

func isSwaggerPlace(at place) bool {
	for _, p := range swaggerPlace {
		if p == at {
			return true
		}
	}
	return false
}

// comparedAsResponse: diff compares x-ms-notification-content as a
// response (specAt), which the vocabulary does not: on an operation (Power
// Platform reads it on the path item only) and its headers (which
// certified connectors carry there, and no-unknown-keywords lets pass).
func comparedAsResponse(n *connector.Node) bool {
	for a := n; a != nil && a.Parent != nil; a = a.Parent {
		switch {
		case a.Key == "headers" && a.Parent.Key == "x-ms-notification-content":
			return true
		case a.Key == "x-ms-notification-content" && a.Parent.Parent != nil && a.Parent.Parent.Parent != nil &&
			a.Parent.Parent.Parent.Key == "paths":
			return true
		}
	}
	return false
}

// walkVocabulary types the objects below n as the rules do (walkObject).
func walkVocabulary(n *connector.Node, t connector.ObjectType, typed map[*connector.Node]connector.ObjectType) {
	if n == nil || n.Kind != connector.Object {
		return
	}
	typed[n] = t
	spec := connector.Spec(t)
	for _, c := range n.Children {
		typ, shape, ok := spec.Child(c.Key)
		switch {
		case !ok:
		case shape == connector.Single:
			walkVocabulary(c, typ, typed)
		default:
			for _, item := range c.Children {
				walkVocabulary(item, typ, typed)
			}
		}
	}
}
