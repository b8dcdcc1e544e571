package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

func TestCompileGlob(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{"*.json", "a.json", true},
		{"*.json", "d/a.json", false},
		{"**/a.json", "a.json", true},
		{"**/a.json", "x/y/a.json", true},
		{"connectors/**", "connectors/x/a.json", true},
		{"connectors/*/apiDefinition.swagger.json", "connectors/x/apiDefinition.swagger.json", true},
		{"connectors/*/apiDefinition.swagger.json", "connectors/x/y/apiDefinition.swagger.json", false},
		{"/paths/~1teams/*", "/paths/~1teams/get", true},
		{"/paths/~1teams/*", "/paths/~1teams/get/parameters", false},
		{"/paths/*/get/**", "/paths/~1a/get/parameters/0", true},
		{"/definitions/T?am", "/definitions/Team", true},
		{"[ab].json", "b.json", true},
		{"[!ab].json", "b.json", false},
		{`\*.json`, "*.json", true},
		{`\*.json`, "a.json", false},
		{"a.b", "axb", false},
	}
	for _, tt := range tests {
		re, err := CompileGlob(tt.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(tt.path); got != tt.want {
			t.Errorf("glob %q on %q: %v, want %v", tt.glob, tt.path, got, tt.want)
		}
	}
	for _, bad := range []string{"[abc", `abc\`} {
		if _, err := CompileGlob(bad); err == nil {
			t.Errorf("glob %q: no error", bad)
		}
	}
}

// TestCompileFileGlob: a file glob written with Windows separators
// matches the slash-separated paths it is compared with (issue #18).
func TestCompileFileGlob(t *testing.T) {
	tests := []struct {
		glob, path string
		want       bool
	}{
		{`connectors\legacy\**`, "connectors/legacy/x/apiDefinition.swagger.json", true},
		{`connectors\*\apiProperties.json`, "connectors/teams/apiProperties.json", true},
		{`connectors\*\apiProperties.json`, "connectors/a/b/apiProperties.json", false},
		{"connectors/legacy/**", "connectors/legacy/apiProperties.json", true},
		{`[*].json`, "*.json", true},
		{`[*].json`, "a.json", false},
	}
	for _, tt := range tests {
		re, err := CompileFileGlob(tt.glob)
		if err != nil {
			t.Fatal(err)
		}
		if got := re.MatchString(tt.path); got != tt.want {
			t.Errorf("file glob %q on %q: %v, want %v", tt.glob, tt.path, got, tt.want)
		}
	}
}

func TestIgnoreMatches(t *testing.T) {
	base := t.TempDir()
	f := &Finding{Rule: "r1", File: filepath.Join(base, "c", "apiDefinition.swagger.json"), Pointer: "/paths/~1teams/get/parameters/0"}
	tests := []struct {
		ig   *Ignore
		want bool
	}{
		{&Ignore{Rules: []string{"r1"}}, true},
		{&Ignore{Rules: []string{"r2"}}, false},
		{&Ignore{Rules: []string{"r2", "r1"}}, true},
		{&Ignore{File: "c/*.json"}, true},
		{&Ignore{File: "*.json"}, false},
		{&Ignore{File: "**/*.json"}, true},
		{&Ignore{Pointer: "/paths/~1teams"}, true}, // an ancestor
		{&Ignore{Pointer: "/paths/~1teams/get/parameters/0"}, true},
		{&Ignore{Pointer: "/paths/~1teams/get/parameters/0/name"}, false}, // below the finding
		{&Ignore{Pointer: "/paths/*/post"}, false},
		{&Ignore{Rules: []string{"r1"}, File: "c/**", Pointer: "/paths/**"}, true},
		{&Ignore{Rules: []string{"r1"}, File: "d/**", Pointer: "/paths/**"}, false},
	}
	for _, tt := range tests {
		tt.ig.Base = base
		if got := tt.ig.Matches(f); got != tt.want {
			t.Errorf("%+v %q %q: %v, want %v", tt.ig.Rules, tt.ig.File, tt.ig.Pointer, got, tt.want)
		}
	}
}

// TestInlineIgnore checks that x-lint-ignore silences exactly the rules
// it names, at and below its object, in JSON and in YAML.
func TestInlineIgnore(t *testing.T) {
	reportAll := func(p *Pass) {
		p.Root.Walk(func(n *connector.Node) bool {
			if n.Key == "name" {
				p.Reportf(n, "%s", n.Str())
			}
			return true
		})
	}
	reg, err := NewRegistry(testRule("aa", Import, reportAll), testRule("bb", Import, reportAll))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{
		"apiDefinition.swagger.json": `{"swagger": "2.0", "name": "root",
  "paths": {"/a": {"x-lint-ignore": "aa", "get": {"name": "a-get", "parameters": [{"name": "p0"}, {"name": "p1", "x-lint-ignore": ["bb", "cc"]}]}},
            "/b": {"get": {"name": "b-get", "x-lint-ignore": []}}}}`,
		"apiDefinition.swagger.yaml": `swagger: "2.0"
name: root
paths:
  /a:
    x-lint-ignore: aa
    get:
      name: a-get
      parameters:
        - name: p0
        - name: p1
          x-lint-ignore: [bb, cc]
  /b:
    get:
      name: b-get
      x-lint-ignore: []
`,
	}
	want := "aa:b-get aa:root bb:a-get bb:b-get bb:p0 bb:root"
	for name, src := range docs {
		dir := t.TempDir()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		prof, _ := LookupProfile("custom")
		res := LintTarget(connector.Target{Dir: dir, Swaggers: []string{p}}, &Config{Registry: reg, Profile: prof, Limits: connector.DefaultLimits})
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule+":"+f.Message)
		}
		sortStrings(got)
		if strings.Join(got, " ") != want {
			t.Errorf("%s: got %v, want %s", name, got, want)
		}
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// TestUnusedIgnore: an x-lint-ignore entry that names no rule, or a rule
// that ran and found nothing at or below its object, is reported; one
// that silenced a finding never is, nor one of a rule that did not run
// (#12 item 15).
func TestUnusedIgnore(t *testing.T) {
	reportNames := func(p *Pass) {
		p.Root.Walk(func(n *connector.Node) bool {
			if n.Key == "name" {
				p.Reportf(n, "%s", n.Str())
			}
			return true
		})
	}
	pkgRule := testRule("pp", Import, func(*Pass) {})
	pkgRule.Target = Package
	reg, err := NewRegistry(testRule("aa", Import, reportNames), testRule("bb", Import, reportNames), pkgRule, UnusedIgnore)
	if err != nil {
		t.Fatal(err)
	}
	unknown := `unused-lint-ignore@%s: x-lint-ignore names no rule "ab" (did you mean "aa"?): correct the id, or remove it`
	unusedAA := `unused-lint-ignore@%s: x-lint-ignore of aa silences nothing here: aa finds nothing at or below this object; remove the entry`
	for _, tt := range []struct {
		name     string
		files    map[string]string
		severity map[string]Severity
		ignore   []*Ignore
		want     []string // rule@pointer: message, of every finding
		twins    bool     // the wants say the file and its twin
	}{
		{name: "used", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": "aa", "name": "n"}}`},
			want: []string{"bb@/info/name: n"}},
		{name: "used by the objects above too", files: map[string]string{"apiDefinition.swagger.json": `{"x-lint-ignore": ["aa"], "info": {"x-lint-ignore": "aa", "name": "n"}}`},
			want: []string{"bb@/info/name: n"}},
		{name: "unknown id", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": ["aa", "ab"], "name": "n"}}`},
			want: []string{"bb@/info/name: n", fmt.Sprintf(unknown, "/info/x-lint-ignore/1")}},
		{name: "unused", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": "aa"}, "paths": {"name": "n"}}`},
			want: []string{"aa@/paths/name: n", "bb@/paths/name: n", fmt.Sprintf(unusedAA, "/info/x-lint-ignore")}},
		{name: "rule turned off", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": "aa"}}`},
			severity: map[string]Severity{"aa": Off}},
		{name: "itself turned off", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": ["aa", "ab"]}}`},
			severity: map[string]Severity{UnusedIgnore.ID: Off}},
		{name: "silenced by an entry of its own", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": ["unused-lint-ignore", "ab", "aa"]}}`}},
		{name: "silenced by the configuration", files: map[string]string{"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": "ab"}}`},
			ignore: []*Ignore{{Rules: []string{UnusedIgnore.ID}}}},
		{name: "a rule across files, without apiProperties.json", files: map[string]string{"apiDefinition.swagger.json": `{"x-lint-ignore": "pp"}`}},
		{name: "a rule across files, with apiProperties.json", files: map[string]string{"apiDefinition.swagger.json": `{"x-lint-ignore": "pp"}`, "apiProperties.json": `{}`},
			want: []string{"unused-lint-ignore@/x-lint-ignore: x-lint-ignore of pp silences nothing here: pp finds nothing at or below this object; remove the entry"}},
		{name: "twins: once, in the YAML twin", files: map[string]string{
			"apiDefinition.swagger.json": `{"info": {"x-lint-ignore": "aa", "name": "n"}, "paths": {"x-lint-ignore": "aa"}}`,
			"apiDefinition.swagger.yaml": "info:\n  x-lint-ignore: aa\n  name: n\npaths:\n  x-lint-ignore: aa\n"},
			want:  []string{"bb@/info/name: n (yaml; twin json)", fmt.Sprintf(unusedAA, "/paths/x-lint-ignore") + " (yaml; twin json)"},
			twins: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			targets, err := connector.Discover([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			prof, _ := LookupProfile("custom")
			res := LintTarget(targets[0], &Config{Registry: reg, Profile: prof, Severity: tt.severity, Ignore: tt.ignore, Limits: connector.DefaultLimits})
			var got []string
			for _, f := range res.Findings {
				s := f.Rule + "@" + f.Pointer + ": " + f.Message
				if tt.twins {
					s += " (" + strings.TrimPrefix(filepath.Ext(f.File), ".")
					for _, r := range f.Related {
						if r.Twin {
							s += "; twin " + strings.TrimPrefix(filepath.Ext(r.File), ".")
						}
					}
					s += ")"
				}
				got = append(got, s)
			}
			sortStrings(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}
