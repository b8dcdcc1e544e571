package fix_test

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/fix"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/fix")

const fixtureRoot = "../../testdata/fix"

// TestFixFixtures runs each fixable rule's fix, alone, on its fixture
// testdata/fix/<rule-id>/before (a connector folder; definitions often
// come as JSON and YAML twins, both fixed) and compares the fixed files
// with after.golden and the diffs with diff.golden. The fix must apply,
// leave no finding of the rule that it could fix, bring no new finding,
// and change nothing when run again.
func TestFixFixtures(t *testing.T) {
	for _, r := range rules.Registry().Rules() {
		if !r.Fixable {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			src := filepath.Join(fixtureRoot, r.ID, "before")
			if _, err := os.Stat(src); err != nil {
				t.Fatalf("the fixable rule has no fixture %s: %v", src, err)
			}
			dir := copyTree(t, src)
			cfg := onlyRule(t, r)
			opts := fix.Options{Unsafe: true}
			res := fixDir(t, dir, cfg, opts)
			if len(res.Applied) == 0 {
				t.Fatalf("no fix applied on %s", src)
			}
			var after, diff strings.Builder
			for _, f := range res.Files {
				rel := relSlash(t, dir, f.Path)
				after.WriteString("=== " + rel + "\n")
				after.Write(f.Fixed)
				if len(f.Fixed) > 0 && f.Fixed[len(f.Fixed)-1] != '\n' {
					after.WriteString("\n")
				}
				diff.WriteString(rewrite.UnifiedDiff(rel+".orig", rel, f.Original, f.Fixed))
				if err := rewrite.WriteFileAtomic(f.Path, f.Fixed, f.Original); err != nil {
					t.Fatal(err)
				}
			}
			compareGolden(t, filepath.Join(fixtureRoot, r.ID, "after.golden"), after.String())
			compareGolden(t, filepath.Join(fixtureRoot, r.ID, "diff.golden"), diff.String())
			for _, f := range res.Remaining {
				t.Errorf("still fixable after the fix: %s:%d:%d: %s", f.File, f.Line, f.Column, f.Message)
			}
			for _, f := range res.New {
				t.Errorf("new finding after the fix: %s:%d:%d: %s %s", f.File, f.Line, f.Column, f.Rule, f.Message)
			}
			again := fixDir(t, dir, cfg, opts)
			for _, f := range again.Files {
				t.Errorf("a second fix changes %s", f.Path)
			}
		})
	}
}

// TestEveryFixFixtureHasAFixableRule catches a fixture left behind.
func TestEveryFixFixtureHasAFixableRule(t *testing.T) {
	entries, err := os.ReadDir(fixtureRoot)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "_") {
			continue // the command's own fixtures (internal/cli)
		}
		if r := rules.Registry().Lookup(e.Name()); r == nil || !r.Fixable {
			t.Errorf("testdata/fix/%s belongs to no fixable rule", e.Name())
		}
	}
}

// TestFixableRulesDocumentTheFix: each fixable rule says what its fix
// does, in a "Fix:" paragraph of its doc (docs/rules and 'ppconn
// explain' show it). Other rules may have one, saying how to fix by hand.
func TestFixableRulesDocumentTheFix(t *testing.T) {
	n := 0
	for _, r := range rules.Registry().Rules() {
		has := strings.Contains(r.Doc, "\n\nFix: ") || strings.Contains(r.Doc, "\n\nFix (")
		if r.Fixable && !has {
			t.Errorf("%s is fixable but its doc has no \"Fix:\" paragraph", r.ID)
		}
		if r.Fixable {
			n++
		}
	}
	if n < 20 {
		t.Errorf("%d fixable rules, want at least 20", n)
	}
}

// TestFixRuleSelection: Options.Rules limits the fixes, Unsafe gates the
// unsafe ones, and a finding carries Fixable exactly when it has a fix.
func TestFixRuleSelection(t *testing.T) {
	dir := copyTree(t, filepath.Join(fixtureRoot, "oauth-redirect-mode", "before"))
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{Rules: []string{"oauth-redirect-mode"}})
	if len(res.Applied) != 0 || len(res.Remaining) != 0 {
		t.Errorf("without Unsafe: %d applied, %d remaining; want none", len(res.Applied), len(res.Remaining))
	}
	for _, f := range res.Before {
		if f.Fixable != (f.Fix != nil) {
			t.Errorf("%s: Fixable %v but fix %v", f.Rule, f.Fixable, f.Fix)
		}
	}
	res = fixDir(t, dir, cfg, fix.Options{Rules: []string{"oauth-redirect-mode"}, Unsafe: true})
	if len(res.Applied) == 0 {
		t.Fatal("with Unsafe: nothing applied")
	}
	for _, a := range res.Applied {
		if a.Rule != "oauth-redirect-mode" {
			t.Errorf("applied a fix of %s", a.Rule)
		}
		if a.Fix.Note == "" || !a.Fix.Unsafe {
			t.Errorf("the redirect fix has no note or is not unsafe: %+v", a.Fix)
		}
	}
}

// TestFixConflicts: a misspelled x-ms-url-encoding is renamed, not
// doubled by the missing-encoding fix; a renamed x-ms-visibilty is then
// lower-cased in the next round; duplicates of one array are all removed.
func TestFixConflicts(t *testing.T) {
	dir := t.TempDir()
	src := `{
    "swagger": "2.0",
    "info": {"title": "Contoso", "version": "1.0"},
    "paths": {
        "/teams/{id}": {
            "get": {
                "operationId": "GetTeam",
                "x-ms-visibilty": "Important",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "type": "string", "x-ms-url-encodng": "double"},
                    {"name": "state", "in": "query", "type": "string", "enum": ["a", "b", "a", "c", "b", "a"]}
                ],
                "responses": {"200": {"description": "OK"}}
            }
        }
    }
}
`
	path := filepath.Join(dir, "apiDefinition.swagger.json")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{})
	if len(res.Files) != 1 {
		t.Fatalf("%d files fixed, want 1", len(res.Files))
	}
	doc := &connector.Document{Format: connector.JSON}
	connector.Parse(doc, res.Files[0].Fixed, connector.DefaultLimits)
	get := doc.Root.At("paths", "/teams/{id}", "get")
	if v := get.Get("x-ms-visibility").Str(); v != "important" {
		t.Errorf("x-ms-visibility = %q, want important", v)
	}
	if v := get.Get("parameters").Children[0].Get("x-ms-url-encoding").Str(); v != "double" {
		t.Errorf("x-ms-url-encoding = %q, want the author's double", v)
	}
	var enum []string
	for _, c := range get.Get("parameters").Children[1].Get("enum").Children {
		enum = append(enum, c.Value)
	}
	if !reflect.DeepEqual(enum, []string{"a", "b", "c"}) {
		t.Errorf("enum = %v, want [a b c]", enum)
	}
	if len(res.New) > 0 {
		t.Errorf("new findings: %+v", res.New)
	}
	rounds := map[int]bool{}
	for _, a := range res.Applied {
		rounds[a.Round] = true
	}
	if !rounds[2] {
		t.Error("the lower-casing of the renamed x-ms-visibility should come in round 2")
	}
}

func fixDir(t *testing.T, dir string, cfg *lint.Config, opts fix.Options) *fix.Result {
	t.Helper()
	targets, err := connector.Discover([]string{dir})
	if err != nil || len(targets) != 1 {
		t.Fatalf("%s: %v (%d targets)", dir, err, len(targets))
	}
	return fix.Target(targets[0], cfg, opts)
}

func onlyRule(t *testing.T, r *lint.Rule) *lint.Config {
	reg, err := lint.NewRegistry(r)
	if err != nil {
		t.Fatal(err)
	}
	return &lint.Config{Registry: reg, Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
}

// copyTree copies the files of a folder (not its subfolders) to a
// temporary folder, writable.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func relSlash(t *testing.T, base, path string) string {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel)
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/fix -update to create it, then review it)", err)
	}
	if string(want) != got {
		t.Errorf("output differs from %s (run with -update and review the diff)\n--- want\n%s--- got\n%s", path, want, got)
	}
}

// TestFixYAML: on the lines when it can (comments and layout kept, a
// sequence written flush with its key left as it is), through the YAML
// editor when it cannot (a flow mapping), and the comments stay either
// way.
func TestFixYAML(t *testing.T) {
	dir := t.TempDir()
	src := `# Contoso Teams, by hand
swagger: "2.0"
info:
  title: Contoso Teams   # the name in the designer
  version: "1.0"
paths:
  /teams/{id}:
    get:
      operationId: GetTeam
      x-ms-visibility: Important   # shown first
      parameters:
      - name: id
        in: path
        required: true
        type: string
      - name: state
        in: query
        type: string
        enum:
        - open
        - open
      responses:
        "200":
          description: OK
  /teams/{id}/members:
    get:
      operationId: ListMembers
      parameters:
        - {name: id, in: path, type: string, x-ms-url-encoding: single}
      responses:
        "200":
          description: OK
`
	path := filepath.Join(dir, "apiDefinition.swagger.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{Rules: []string{"visibility-canonical", "path-param-url-encoding", "array-unique-values"}})
	if len(res.Files) != 1 {
		t.Fatalf("%d files fixed, want 1", len(res.Files))
	}
	got := string(res.Files[0].Fixed)
	for _, want := range []string{"# Contoso Teams, by hand\n", "  title: Contoso Teams   # the name in the designer\n",
		"x-ms-visibility: important   # shown first\n", "        type: string\n        x-ms-url-encoding: single\n", "        - open\n      responses:"} {
		if !strings.Contains(got, want) {
			t.Errorf("the fixed YAML lacks %q:\n%s", want, got)
		}
	}
	d := rewrite.UnifiedDiff("a", "b", []byte(src), res.Files[0].Fixed)
	removed, added := 0, 0
	for _, l := range strings.Split(d, "\n")[2:] {
		switch {
		case strings.HasPrefix(l, "-"):
			removed++
		case strings.HasPrefix(l, "+"):
			added++
		}
	}
	if removed != 2 || added != 2 {
		t.Errorf("the fix should change 1 line, remove 1 and add 1:\n%s", d)
	}
	// A flow mapping cannot take a member on its own line: the YAML
	// editor adds "required: true" and keeps the comments.
	res = fixDir(t, dir, cfg, fix.Options{Rules: []string{"path-param-required-true"}})
	if len(res.Files) != 1 || len(res.Applied) != 1 {
		t.Fatalf("%d files, %d fixes; want 1 and 1", len(res.Files), len(res.Applied))
	}
	got = string(res.Files[0].Fixed)
	if !strings.Contains(got, "# Contoso Teams, by hand") || !strings.Contains(got, "# shown first") || !strings.Contains(got, "required: true") {
		t.Errorf("the YAML editor's output lost a comment or the fix:\n%s", got)
	}
}

// TestFixGuard: a fix that would bring a finding that no selected fix
// removes is not applied, and says why; with the fix of that finding
// selected too, both are applied, one round after the other.
func TestFixGuard(t *testing.T) {
	dir := t.TempDir()
	src := `{"swagger": "2.0", "info": {"title": "Contoso", "version": "1.0"}, "host": "api.contoso.com",
 "schemes": ["https", "HTTPS"], "paths": {}}
`
	if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{Rules: []string{"schemes-http-https-only"}})
	if len(res.Applied) != 0 || len(res.Files) != 0 {
		t.Errorf("the lower-casing that makes a duplicate was applied: %+v", res.Applied)
	}
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "array-unique-values") {
		t.Errorf("skipped = %+v, want the fix set aside for the new array-unique-values finding", res.Skipped)
	}
	res = fixDir(t, dir, cfg, fix.Options{Rules: []string{"schemes-http-https-only", "array-unique-values"}})
	if len(res.Files) != 1 || !strings.Contains(string(res.Files[0].Fixed), `"schemes": ["https"]`) || len(res.New) > 0 {
		t.Errorf("want schemes [\"https\"] and no new finding; got %d files, new %+v", len(res.Files), res.New)
	}
}

// TestFixOneTwin: fixing one twin alone (the editor's quick fix on the
// JSON file) makes the twins disagree; that finding of twins-in-sync is
// not the fix's fault ('ppconn sync' makes the other twin follow), so
// the fix is applied, and the disagreement is reported as new.
func TestFixOneTwin(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"apiDefinition.swagger.json": "{\n    \"swagger\": \"2.0\",\n    \"info\": {\"title\": \"Contoso\", \"version\": \"1.0\"},\n    \"host\": \"api.contoso.com\",\n    \"basePath\": \"v1\",\n    \"paths\": {}\n}\n",
		"apiDefinition.swagger.yaml": "# the source\nswagger: '2.0'\ninfo: {title: Contoso, version: '1.0'}\nhost: api.contoso.com\nbasePath: v1\npaths: {}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	jsonPath := filepath.Join(dir, "apiDefinition.swagger.json")
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{Rules: []string{"basepath-leading-slash"}, Only: func(f *lint.Finding) bool { return f.File == jsonPath }})
	if len(res.Applied) != 1 || len(res.Files) != 1 || !strings.Contains(string(res.Files[0].Fixed), `"basePath": "/v1"`) {
		t.Fatalf("applied %d fixes to %d files, skipped %+v; want the JSON twin's basePath fixed", len(res.Applied), len(res.Files), res.Skipped)
	}
	var twins int
	for _, f := range res.New {
		if f.Rule == "twins-in-sync" && f.Pointer == "/basePath" {
			twins++
		}
	}
	if twins != 1 {
		t.Errorf("new findings %+v, want the twins' disagreement at /basePath once", res.New)
	}
}

// TestFixKeepsNextMemberLine: a fix that removes a member leaves the line
// of the member after it as written, as auth's edits always did through
// the same engine (certified U.S. Bank Treasury Management indents the
// member after its redirectUrl with a tab; fix used to give that line the
// removed member's spaces).
func TestFixKeepsNextMemberLine(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(fixtureRoot, "oauth-redirect-mode", "before", "apiProperties.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's redirectUrl is the last member; move it up, before a
	// member indented with a tab.
	const url, next = "\"redirectUrl\": \"https://global.consent.azure-apim.net/redirect\"", "\n\t    \"properties\": {"
	text := strings.Replace(string(src), "},\n                    "+url+"\n", "}\n", 1)
	text = strings.Replace(text, "\"redirectMode\": \"Global\",\n                    \"properties\": {",
		"\"redirectMode\": \"Global\",\n                    "+url+","+next, 1)
	if strings.Count(text, url) != 1 || !strings.Contains(text, next) {
		t.Fatal("the fixture changed: no place for redirectUrl")
	}
	def, err := os.ReadFile(filepath.Join(fixtureRoot, "oauth-redirect-mode", "before", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"apiProperties.json": []byte(text), "apiDefinition.swagger.json": def} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &lint.Config{Registry: rules.Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	res := fixDir(t, dir, cfg, fix.Options{Rules: []string{"oauth-redirect-mode"}, Unsafe: true})
	if len(res.Files) != 1 || strings.Contains(string(res.Files[0].Fixed), "redirectUrl") {
		t.Fatalf("want apiProperties.json fixed without its redirectUrl; got %d files, skipped %+v", len(res.Files), res.Skipped)
	}
	if got := string(res.Files[0].Fixed); !strings.Contains(got, "\"GlobalPerConnector\","+next) {
		t.Errorf("the line after the removed redirectUrl changed:\n%s", got)
	}
}
