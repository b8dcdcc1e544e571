package connector

import (
	"os"
	"path/filepath"
	"testing"
)

// seedFiles adds the project's own fixture definitions to a fuzz corpus.
func seedFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
}

// checkTree asserts the invariants every parse must keep: every node's
// pointer resolves back to it, and every position is inside the file.
func checkTree(t *testing.T, doc *Document) {
	if doc.Root == nil {
		if len(doc.Problems) == 0 {
			t.Fatal("no tree and no problem")
		}
		return
	}
	lines := len(doc.lineStartsOrIndex())
	checked := 0
	doc.Root.Walk(func(n *Node) bool {
		// Resolving costs depth times width; the first nodes are enough.
		if checked++; checked > 2000 {
			return false
		}
		if got := doc.Root.Resolve(n.Pointer()); got != n {
			t.Fatalf("pointer %q does not resolve to its node", n.Pointer())
		}
		if pos := doc.Position(n); pos.Line < 1 || pos.Col < 1 || doc.Format == JSON && pos.Line > lines {
			t.Fatalf("position %v out of the file", pos)
		}
		return true
	})
	for _, p := range doc.Problems {
		if p.Pos.Line < 1 || p.Pos.Col < 1 {
			t.Fatalf("problem without a position: %+v", p)
		}
	}
}

func (d *Document) lineStartsOrIndex() []int32 {
	d.index()
	return d.lineStarts
}

func FuzzParseJSON(f *testing.F) {
	seedFiles(f, "../../testdata/rules/*/*/apiDefinition.swagger.json")
	for _, s := range []string{`{"a":[1,2,]}`, "{\"a\": \"\t\"}", `{"a" 1}`, `}`, "\xef\xbb\xbf{}", "{\"\xf8\": 1}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := &Document{Path: "fuzz.json"}
		Parse(doc, src, Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxAliasNodes: 1000})
		checkTree(t, doc)
	})
}

func FuzzParseYAML(f *testing.F) {
	seedFiles(f, "../../testdata/rules/*/*/*.yaml")
	for _, s := range []string{"a: 1\nb: [1, 2", "a: &x [1]\nb: *x\n", "200: ok\n", "- - - x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := &Document{Path: "fuzz.yaml", Format: YAML}
		Parse(doc, src, Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxAliasNodes: 1000})
		checkTree(t, doc)
	})
}
