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

// TestDiscoverAmbiguous: a folder with several definitions of one format,
// none named apiDefinition.swagger.*, is an error naming them all, not a
// silent pick of one (#12 item 15).
func TestDiscoverAmbiguous(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string
		want  string // "" when the folder is a connector
	}{
		{"two JSON", []string{"b.swagger.json", "a.swagger.json"}, "ambiguous: two definitions, 'a.swagger.json' and 'b.swagger.json', and none is apiDefinition.swagger.json"},
		{"three YAML", []string{"a.swagger.yaml", "b.swagger.yml", "c.Swagger.YAML"}, "ambiguous: three definitions, 'a.swagger.yaml', 'b.swagger.yml' and 'c.Swagger.YAML'"},
		{"apiDefinition among them", []string{"apiDefinition.swagger.json", "old.swagger.json"}, ""},
		{"one of each format", []string{"a.swagger.json", "b.swagger.yaml"}, ""},
		{"lone definition", []string{"contoso.swagger.json"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"conn/apiProperties.json": `{}`}
			for _, f := range tt.files {
				files["conn/"+f] = `{}`
			}
			root := writeFiles(t, files)
			for _, path := range []string{filepath.Join(root, "conn"), root} {
				_, err := Discover([]string{path})
				if tt.want == "" {
					if err != nil {
						t.Errorf("Discover(%s): %v", path, err)
					}
					continue
				}
				var amb *AmbiguousError
				if !errors.As(err, &amb) || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), filepath.Join(root, "conn")+": ") {
					t.Errorf("Discover(%s): %v\nwant an *AmbiguousError for its conn folder saying %q", path, err, tt.want)
				}
			}
			_, ok, err := FolderTarget(filepath.Join(root, "conn"))
			if (err != nil) != (tt.want != "") || ok == (tt.want != "") {
				t.Errorf("FolderTarget: ok %v, err %v", ok, err)
			}
			_, err = PickFolder(tt.files)
			if (err != nil) != (tt.want != "") {
				t.Errorf("PickFolder(%q): %v", tt.files, err)
			}
		})
	}
}
