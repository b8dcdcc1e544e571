package lint

import (
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

// TestDerivedOncePerPackage: a derived value is computed by the first rule
// of a package that asks for it and shared by the others, one per
// document; the next package gets its own, computed from its own document
// (no value survives its package, nothing is shared across packages); a
// value may ask for another (Requires), which is shared too.
func TestDerivedOncePerPackage(t *testing.T) {
	computed := map[*connector.Node]int{}
	title := &Derived[string]{Name: "title", Compute: func(_ *Pass, root *connector.Node) string {
		computed[root]++
		return root.At("info", "title").Str()
	}}
	shout := &Derived[string]{Name: "title, loud", Compute: func(p *Pass, root *connector.Node) string {
		return title.Of(p, root) + "!"
	}}
	var seen []string
	ask := func(p *Pass) { seen = append(seen, p.Rule.ID+":"+title.Of(p, p.Root)+":"+shout.Of(p, p.Root)) }
	reg, err := NewRegistry(testRule("a", Import, ask), testRule("b", Import, ask), testRule("c", Import, ask))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits}
	dir := t.TempDir()
	for _, name := range []string{"one", "two"} {
		LintTarget(writeConnector(t, filepath.Join(dir, name), name), cfg)
	}
	want := []string{"a:one:one!", "b:one:one!", "c:one:one!", "a:two:two!", "b:two:two!", "c:two:two!"}
	if len(seen) != len(want) {
		t.Fatalf("rules saw %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("rules saw %v, want %v", seen, want)
			break
		}
	}
	if len(computed) != 2 {
		t.Errorf("computed for %d documents, want 2 (one per package)", len(computed))
	}
	for root, n := range computed {
		if n != 1 {
			t.Errorf("computed %d times for %q, want once for the package's three rules", n, root.At("info", "title").Str())
		}
	}

	// A pass made by hand (outside LintPackage) holds nothing: every
	// call computes.
	doc := &connector.Document{Path: "apiDefinition.swagger.json"}
	connector.Parse(doc, []byte(`{"info": {"title": "three"}}`), connector.DefaultLimits)
	p := &Pass{Root: doc.Root}
	first, second := title.Of(p, doc.Root), title.Of(p, doc.Root)
	if first != "three" || second != "three" || computed[doc.Root] != 2 {
		t.Errorf("a pass outside LintPackage: computed %d times for two calls, want 2", computed[doc.Root])
	}
}
