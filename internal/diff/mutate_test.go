package diff

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestRandomMutations edits a real connector at random (values changed,
// members added and removed, kinds swapped, arrays reordered and cut,
// operations moved) and checks that Compare never panics and reports
// nothing exactly when the two trees are equal.
func TestDiffRandomMutations(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(sharedtest.Dir(t, "nbold"), "v5", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	var base any
	if err := json.Unmarshal(src, &base); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(5))
	iterations := 300
	if testing.Short() {
		iterations = 40
	}
	for i := range iterations {
		doc := deepCopy(base)
		edits := 1 + rng.Intn(4)
		if i%25 == 0 {
			edits = 0
		}
		for range edits {
			doc = mutate(rng, doc, 0)
		}
		text, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		old := &Input{Name: "old", Definition: parseJSONDoc(t, "old.json", src)}
		new := &Input{Name: "new", Definition: parseJSONDoc(t, "new.json", text)}
		var r *Report
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("iteration %d: panic %v\n%s", i, p, text)
				}
			}()
			r, err = Compare(old, new, Options{NoWhatChanged: i%10 != 0})
		}()
		if err != nil {
			t.Fatal(err)
		}
		same := reflect.DeepEqual(old.Definition.Root.Interface(), new.Definition.Root.Interface())
		if same != (len(r.Changes) == 0) {
			t.Fatalf("iteration %d: equal %v, %d change(s): %v", i, same, len(r.Changes), changeLines(r))
		}
		for _, c := range r.Changes {
			if c.Message == "" || c.Reason == "" || c.Rule == "" || c.Old == nil && c.New == nil {
				t.Fatalf("iteration %d: incomplete change %+v", i, c)
			}
		}
	}
}

func parseJSONDoc(t *testing.T, name string, src []byte) *connector.Document {
	t.Helper()
	doc := &connector.Document{Path: name}
	connector.Parse(doc, src, connector.DefaultLimits)
	if doc.Root == nil {
		t.Fatalf("%s does not parse", name)
	}
	return doc
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, c := range x {
			m[k] = deepCopy(c)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, c := range x {
			a[i] = deepCopy(c)
		}
		return a
	}
	return v
}

var replacements = []any{"changed", 42.0, true, nil, map[string]any{"type": "string"}, []any{"a", "b"}, "internal", "#/definitions/Hook"}

// mutate applies one random edit somewhere below v and returns v.
func mutate(rng *rand.Rand, v any, depth int) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 || rng.Intn(6) == 0 && depth > 0 {
			x[fmt.Sprintf("x-added-%d", rng.Intn(1000))] = replacements[rng.Intn(len(replacements))]
			return x
		}
		k := keys[rng.Intn(len(keys))]
		switch rng.Intn(8) {
		case 0:
			delete(x, k)
		case 1:
			x[k] = replacements[rng.Intn(len(replacements))]
		case 2:
			if other := keys[rng.Intn(len(keys))]; other != k && depth > 0 {
				x[k], x[other] = x[other], x[k]
			}
		default:
			x[k] = mutate(rng, x[k], depth+1)
		}
		return x
	case []any:
		if len(x) == 0 {
			return append(x, replacements[rng.Intn(len(replacements))])
		}
		i := rng.Intn(len(x))
		switch rng.Intn(6) {
		case 0:
			return append(x[:i:i], x[i+1:]...)
		case 1:
			j := rng.Intn(len(x))
			x[i], x[j] = x[j], x[i]
			return x
		case 2:
			return append(x, deepCopy(x[i]))
		default:
			x[i] = mutate(rng, x[i], depth+1)
			return x
		}
	case string:
		if rng.Intn(2) == 0 {
			return x + "-edited"
		}
		return replacements[rng.Intn(len(replacements))]
	case float64:
		return x + 1
	case bool:
		return !x
	}
	return replacements[rng.Intn(len(replacements))]
}
