package connector

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestDiscover(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"a/apiDefinition.swagger.json":      `{}`,
		"a/apiDefinition.swagger.yaml":      `swagger: "2.0"`,
		"a/apiProperties.json":              `{}`,
		"a/script.csx":                      `class Script {}`,
		"b/APIDEFINITION.SWAGGER.JSON":      `{}`,
		"c/Other-Name.swagger.json":         `{}`,
		"d/only/apiProperties.json":         `{}`,
		"e/readme.md":                       `nothing`,
		".git/x/apiDefinition.swagger.json": `{}`,
	})
	targets, err := Discover([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range targets {
		rel, _ := filepath.Rel(root, tg.Dir)
		got = append(got, filepath.ToSlash(rel)+":"+itoa(len(tg.Swaggers))+":"+mark(tg.Props != "", "props")+":"+mark(tg.Script != "", "script"))
	}
	want := "a:2:props:script b:1:-:- c:1:-:- d/only:0:props:-"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func mark(b bool, word string) string {
	if b {
		return word
	}
	return "-"
}

func TestDiscoverErrors(t *testing.T) {
	empty := t.TempDir()
	if _, err := Discover([]string{empty}); !errors.Is(err, ErrNoConnector) {
		t.Errorf("empty folder: %v", err)
	}
	_, err := Discover([]string{filepath.Join(empty, "missing")})
	if err == nil || !strings.Contains(err.Error(), "no such file or folder") {
		t.Errorf("missing path: %v", err)
	}
}

func TestLoadOversizedFile(t *testing.T) {
	root := writeFiles(t, map[string]string{"apiDefinition.swagger.json": `{"swagger": "2.0", "padding": "` + strings.Repeat("x", 200) + `"}`})
	pkg := Load(Target{Dir: root, Swaggers: []string{filepath.Join(root, "apiDefinition.swagger.json")}}, Limits{MaxBytes: 100, MaxDepth: 10, MaxAliasNodes: 10})
	doc := pkg.Swagger()
	if doc.Root != nil || doc.Size < 200 || len(doc.Problems) != 1 || doc.Problems[0].Kind != ProblemLimit {
		t.Fatalf("root=%v size=%d problems=%+v", doc.Root != nil, doc.Size, doc.Problems)
	}
}
