package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

func fuzzInput(name string, src []byte) *Input {
	doc := &connector.Document{Path: name}
	connector.Parse(doc, src, connector.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxAliasNodes: 1000})
	return &Input{Name: name, Definition: doc}
}

// FuzzCompare checks the diff's invariants on arbitrary pairs of
// definitions: a document compared with itself has no change, and swapping
// the arguments swaps additions and removals.
func FuzzCompare(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/rules/*/*/apiDefinition.swagger.json")
	for i := 0; i+1 < len(files) && i < 40; i += 2 {
		a, _ := os.ReadFile(files[i])
		b, _ := os.ReadFile(files[i+1])
		f.Add(a, b)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		old, cur := fuzzInput("old.json", a), fuzzInput("new.json", b)
		if old.Definition.Root == nil || cur.Definition.Root == nil {
			return
		}
		opt := Options{NoWhatChanged: true}
		self, err := Compare(old, fuzzInput("same.json", a), opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(self.Changes) != 0 {
			t.Fatalf("a document compared with itself has %d changes, first %+v", len(self.Changes), self.Changes[0])
		}
		fwd, err1 := Compare(old, cur, opt)
		back, err2 := Compare(cur, old, opt)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if count(fwd, Added) != count(back, Removed) || count(fwd, Removed) != count(back, Added) {
			t.Fatalf("swapping the arguments: %d added/%d removed forward, %d added/%d removed backward",
				count(fwd, Added), count(fwd, Removed), count(back, Added), count(back, Removed))
		}
	})
}

func count(r *Report, k Kind) int {
	n := 0
	for _, c := range r.Changes {
		if c.Kind == k {
			n++
		}
	}
	return n
}
