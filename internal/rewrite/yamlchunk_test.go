package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// canonicalYAMLChunked renders doc as canonical YAML with yaml.v3
// encoding at most chunk nodes at once.
func canonicalYAMLChunked(t *testing.T, doc *connector.Document, chunk int) ([]byte, error) {
	t.Helper()
	saved := yamlChunkNodes
	yamlChunkNodes = chunk
	defer func() { yamlChunkNodes = saved }()
	return Canonical(doc, connector.YAML, 2)
}

// assertChunksSameText fails when the YAML of doc encoded member by
// member (every mapping split) differs from the YAML of one encoding.
func assertChunksSameText(t *testing.T, name string, doc *connector.Document) {
	t.Helper()
	whole, err := canonicalYAMLChunked(t, doc, 1<<30)
	if err != nil {
		return // not renderable: no text to compare
	}
	split, err := canonicalYAMLChunked(t, doc, 1)
	if err != nil {
		t.Errorf("%s: split rendering fails: %v", name, err)
		return
	}
	if !bytes.Equal(whole, split) {
		t.Errorf("%s: the YAML rendered member by member differs:\n%s", name, UnifiedDiff("whole", "split", whole, split))
	}
}

// TestYAMLChunksSameText (#19 item 8): a definition encoded a mapping
// member at a time, as a big one is to bound yaml.v3's memory, is the
// same text as in one piece: for JSON and YAML sources of testdata, for
// a YAML source with comments, anchors, block scalars and long keys, and
// for a sample of the corpus (its JSON and its canonical YAML read back).
func TestYAMLChunksSameText(t *testing.T) {
	yamlSrc := "# head\nswagger: '2.0'\ninfo: # note\n  title: T\n  description: |\n    one\n\n    two\n" +
		"paths:\n  /a: &p\n    get:\n      summary: x\n  /b: *p\n  " + strings.Repeat("k", 200) + ":\n    deep:\n      x: 1\n" +
		"  ? [flow, key]\n  : v\n  \"quoted: key\":\n    in: {a: 1}\n    seq:\n      - a\n      - b: c\n        d: e\n# foot\n"
	assertChunksSameText(t, "inline YAML", parse([]byte(yamlSrc), connector.YAML))

	var files []string
	for _, pattern := range []string{"../../testdata/*/*/*.json", "../../testdata/*/*/*.yaml", "../../testdata/*/*/*/*.json", "../../testdata/*/*/*/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d testdata files", len(files))
	}
	for _, f := range files {
		checkChunksFile(t, f, false)
	}
	dir := sharedtest.Dir(t, "corpus/connectors")
	var corpus []string
	if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".swagger.json") {
			corpus = append(corpus, p)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(corpus)
	n := 0
	for i, f := range corpus {
		if *long || i%10 == 0 {
			checkChunksFile(t, f, true)
			n++
		}
	}
	t.Logf("%d testdata files, %d corpus definitions of %d", len(files), n, len(corpus))
}

func checkChunksFile(t *testing.T, path string, viaYAML bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	format := connector.JSON
	if strings.HasSuffix(path, ".yaml") {
		format = connector.YAML
	}
	doc := parse(src, format)
	if doc.Root == nil {
		return
	}
	assertChunksSameText(t, path, doc)
	if viaYAML {
		if y, err := Canonical(doc, connector.YAML, 2); err == nil {
			assertChunksSameText(t, fmt.Sprintf("%s as YAML", path), parse(y, connector.YAML))
		}
	}
}
