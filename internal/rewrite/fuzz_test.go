package rewrite

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

func fuzzDoc(src []byte, f connector.Format) *connector.Document {
	doc := &connector.Document{Path: "fuzz", Format: f}
	connector.Parse(doc, src, connector.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxAliasNodes: 1000})
	return doc
}

// FuzzCanonical checks the rewriter's invariants on arbitrary JSON: the
// canonical JSON (what fmt writes) and the canonical YAML (what convert
// writes) keep the value, and formatting twice changes nothing.
func FuzzCanonical(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/rules/*/*/apiDefinition.swagger.json")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := fuzzDoc(src, connector.JSON)
		if FirstProblem(doc) != nil {
			return
		}
		want := doc.Root.Interface()
		for _, to := range []connector.Format{connector.JSON, connector.YAML} {
			out, err := Canonical(doc, to, 4)
			if err != nil {
				t.Fatalf("%v: %v", to, err)
			}
			again := fuzzDoc(out, to)
			if p := FirstProblem(again); p != nil {
				t.Fatalf("%v output does not parse: %s\n%s", to, p.Message, out)
			}
			if !reflect.DeepEqual(again.Root.Interface(), want) {
				t.Fatalf("%v output changes the value:\n%s", to, out)
			}
			twice, err := Canonical(again, to, 4)
			if err != nil || string(twice) != string(out) {
				t.Fatalf("%v: formatting twice changes the text (%v)", to, err)
			}
		}
	})
}
