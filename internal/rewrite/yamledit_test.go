package rewrite

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
	yaml "gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/golden"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

const rewriteData = "../../testdata/rewrite"

func yamlDoc(t *testing.T, src string) *connector.Document {
	t.Helper()
	doc := &connector.Document{Path: "t.yaml", Format: connector.YAML}
	connector.Parse(doc, []byte(src), connector.DefaultLimits)
	if p := FirstProblem(doc); p != nil {
		t.Fatalf("test source does not parse: %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	return doc
}

// commentLines returns the comment lines of a YAML text, trimmed.
func commentLines(src string) []string {
	var out []string
	for _, l := range strings.Split(src, "\n") {
		if i := strings.Index(l, "#"); i >= 0 && (i == 0 || l[i-1] == ' ') {
			out = append(out, strings.TrimSpace(l[i:]))
		}
	}
	return out
}

// TestYAMLEditKeepsBanners edits a YAML definition laid out in sections
// under comment banners, as authors of YAML connectors do, and checks
// that every comment and blank line survives.
func TestYAMLEditKeepsBanners(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(rewriteData, "banners.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	ed, err := NewYAMLEditor(yamlDoc(t, string(src)))
	if err != nil {
		t.Fatal(err)
	}
	steps := []editOp{
		set("/info/version", "1.1"),
		set("/securityDefinitions/oauth2_auth", Object{
			{"type", "oauth2"}, {"flow", "accessCode"},
			{"authorizationUrl", "https://login.windows.net/common/oauth2/authorize"},
			{"tokenUrl", "https://login.windows.net/common/oauth2/authorize"},
			{"scopes", Object{}},
		}),
		del("/securityDefinitions/api_key"),
		set("/security", []any{Object{{"oauth2_auth", []any{}}}}),
		set("/paths/~1widgets/get/x-ms-visibility", "important"),
		set("/paths/~1widgets/get/parameters/0/default", 25),
	}
	for _, op := range steps {
		if op.del {
			err = ed.Delete(op.pointer)
		} else {
			err = ed.Set(op.pointer, op.value)
		}
		if err != nil {
			t.Fatalf("%s: %v", op.pointer, err)
		}
	}
	out, err := ed.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join(rewriteData, "banners.edited.yaml"), out)
	if got, want := commentLines(string(out)), commentLines(string(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("comments changed:\n got %q\nwant %q", got, want)
	}
	if got, want := strings.Count(string(out), "\n\n"), strings.Count(string(src), "\n\n"); got != want {
		t.Errorf("%d blank lines, want %d", got, want)
	}
	doc := yamlDoc(t, string(out))
	if doc.Root.At("securityDefinitions", "oauth2_auth", "flow").Str() != "accessCode" || doc.Root.At("securityDefinitions").Has("api_key") {
		t.Error("edits not applied")
	}
}

func TestYAMLEdits(t *testing.T) {
	tests := []struct {
		name string
		src  string
		ops  []editOp
		want string
	}{
		{
			name: "replace a scalar keeps its line comment",
			src:  "a: 1 # one\nb: 2\n",
			ops:  []editOp{set("/a", "2.0")},
			want: "a: \"2.0\" # one\nb: 2\n",
		},
		{
			name: "add a member at the end, with missing mappings",
			src:  "info:\n    title: T\n",
			ops:  []editOp{set("/info/contact/name", "Nina"), set("/info/contact/x", "N")},
			want: "info:\n    title: T\n    contact:\n        name: Nina\n        x: \"N\"\n",
		},
		{
			name: "append to a sequence",
			src:  "schemes:\n  - http\n",
			ops:  []editOp{set("/schemes/-", "https")},
			want: "schemes:\n  - http\n  - https\n",
		},
		{
			name: "a deleted key's banner moves to the next key",
			src:  "a: 1\n# SECTION\nb: 2\nc: 3\n",
			ops:  []editOp{del("/b")},
			want: "a: 1\n# SECTION\nc: 3\n",
		},
		{
			name: "delete the last key and a sequence item",
			src:  "a:\n  - x\n  - y\nb: 2\n",
			ops:  []editOp{del("/b"), del("/a/0")},
			want: "a:\n  - y\n",
		},
		{
			name: "CRLF and BOM are kept",
			src:  "\ufeffa: 1\r\nb: 'x'\r\n",
			ops:  []editOp{set("/a", 2)},
			want: "\ufeffa: 2\r\nb: 'x'\r\n",
		},
		{
			// yaml.v3 read the CR into the comment, which came out as
			// "# c\r\r\n" (a blank line in editors) before the fix.
			name: "CRLF with comments",
			src:  "# c\r\na: 1 # d\r\n# e\r\nb: 'x'\r\n",
			ops:  []editOp{set("/a", 2)},
			want: "# c\r\na: 2 # d\r\n# e\r\nb: 'x'\r\n",
		},
		{
			name: "multi-line text becomes a literal block",
			src:  "info:\n  title: T\n",
			ops:  []editOp{set("/info/description", "line 1\nline 2\n")},
			want: "info:\n  title: T\n  description: |\n    line 1\n    line 2\n",
		},
		{
			name: "keys that read as numbers are quoted",
			src:  "responses:\n  default:\n    description: D\n",
			ops:  []editOp{set("/responses/200", Object{{"description", "OK"}})},
			want: "responses:\n  default:\n    description: D\n  \"200\":\n    description: OK\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ed, err := NewYAMLEditor(yamlDoc(t, tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := applyEditOps(t, ed, tt.ops)
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestYAMLEditErrors(t *testing.T) {
	ed, err := NewYAMLEditor(yamlDoc(t, "a: &x\n  b: 1\nc: *x\nd: s\ne: [1]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		op   editOp
		want string
	}{
		{set("/c/b", 2), "is an alias"},
		{set("/d/x", 2), "is a scalar"},
		{set("/e/3", 2), "past the end"},
		{del("/nope"), "no such member"},
		{del(""), "cannot delete the root"},
	} {
		if tt.op.del {
			err = ed.Delete(tt.op.pointer)
		} else {
			err = ed.Set(tt.op.pointer, tt.op.value)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.op.pointer, err, tt.want)
		}
	}
	if _, err := NewYAMLEditor(jsonDoc(t, "{}")); err == nil {
		t.Error("a JSON document accepted")
	}
}

// changedLines counts the lines a line diff deletes and inserts.
func changedLines(a, b string) (deleted, inserted int) {
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines) {
		n := strings.Count(d.Text, "\n")
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			deleted += n
		case diffmatchpatch.DiffInsert:
			inserted += n
		}
	}
	return deleted, inserted
}

// TestYAMLLimitsOnNBold measures what yaml.v3 changes in nBold's
// published YAML (five versions, about 3,000 lines each with comment
// banners) on a no-op edit and on fmt; the figures are those of
// docs/rewrite.md.
func TestYAMLLimitsOnNBold(t *testing.T) {
	for _, v := range []string{"v1", "v2", "v3", "v4", "v5"} {
		t.Run(v, func(t *testing.T) { checkNBoldYAML(t, v) })
	}
}

func checkNBoldYAML(t *testing.T, version string) {
	path := filepath.Join(sharedtest.Dir(t, "nbold/"+version), "apiDefinition.swagger.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := yamlDoc(t, string(src))
	want := doc.Root.Interface()

	ed, err := NewYAMLEditor(doc)
	if err != nil {
		t.Fatal(err)
	}
	noop, err := ed.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(yamlDoc(t, string(noop)).Root.Interface(), want) {
		t.Error("a no-op edit changed the value")
	}
	if got, want := commentLines(string(noop)), commentLines(string(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("a no-op edit changed the comments (%d lines, want %d)", len(got), len(want))
	}
	// yaml.v3 alone, without putting the blank lines back.
	var raw yaml.Node
	if err := yaml.Unmarshal(src, &raw); err != nil {
		t.Fatal(err)
	}
	bare, err := encodeYAML(&raw, 2)
	if err != nil {
		t.Fatal(err)
	}
	rd, ri := changedLines(string(src), string(bare))
	nd, ni := changedLines(string(src), string(noop))
	t.Logf("nBold %s YAML, %d lines, %d blank: yaml.v3 round trip changes %d-/%d+ lines; YAMLEditor no-op %d-/%d+",
		version, strings.Count(string(src), "\n"), strings.Count(string(src), "\n\n"), rd, ri, nd, ni)
	if nd > 4 || ni > 1 {
		t.Errorf("a no-op edit changed %d/%d lines; docs/rewrite.md says at most 4/1 (the flow mapping of scopes)", nd, ni)
	}

	canon, err := Canonical(doc, connector.YAML, 2)
	if err != nil {
		t.Fatal(err)
	}
	cdoc := yamlDoc(t, string(canon))
	if !reflect.DeepEqual(cdoc.Root.Interface(), want) {
		t.Error("canonical YAML changed the value")
	}
	if got, want := commentLines(string(canon)), commentLines(string(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("canonical YAML changed the comments (%d lines, want %d)", len(got), len(want))
	}
	again, _ := Canonical(cdoc, connector.YAML, 2)
	if string(again) != string(canon) {
		t.Error("canonical YAML is not idempotent on nBold")
	}
	cd, ci := changedLines(string(src), string(canon))
	t.Logf("fmt of nBold %s YAML: %d lines removed, %d added", version, cd, ci)
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	golden.Compare(t, path, got)
}
