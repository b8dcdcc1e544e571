package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

const convertData = "../../testdata/convert"

// TestConvertGolden converts a small connector (BOM, CRLF, strings YAML
// 1.1 misreads) to YAML and the YAML back to JSON: both are pinned, and
// the value survives the round trip.
func TestConvertGolden(t *testing.T) {
	src := filepath.Join(convertData, "apiDefinition.swagger.json")
	yamlGolden := filepath.Join(convertData, "apiDefinition.swagger.yaml.golden")
	jsonGolden := filepath.Join(convertData, "apiDefinition.swagger.json.golden")

	code, y, stderr := run("convert", src, "--to", "yaml")
	if code != ExitOK {
		t.Fatalf("to yaml: exit %d: %s", code, stderr)
	}
	compareGolden(t, yamlGolden, y)

	dir := t.TempDir()
	yamlFile := filepath.Join(dir, "apiDefinition.swagger.yaml")
	if err := os.WriteFile(yamlFile, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	code, j, stderr := run("convert", yamlFile) // --to json by default
	if code != ExitOK {
		t.Fatalf("to json: exit %d: %s", code, stderr)
	}
	compareGolden(t, jsonGolden, j)

	orig, _ := os.ReadFile(src)
	want := parseValue(t, src, orig)
	if got := parseValue(t, yamlFile, []byte(y)); !reflect.DeepEqual(got, want) {
		t.Error("JSON → YAML changed the value")
	}
	if got := parseValue(t, "x.json", []byte(j)); !reflect.DeepEqual(got, want) {
		t.Error("JSON → YAML → JSON changed the value")
	}
	if strings.Count(y, "\n") != strings.Count(y, "\r\n") || strings.Count(j, "\n") != strings.Count(j, "\r\n") {
		t.Error("the source has CRLF line endings: both conversions must keep them")
	}
	y = strings.ReplaceAll(y, "\r\n", "\n")
	for _, quoted := range []string{`swagger: "2.0"`, `version: "1.0"`, `- "yes"`, `- "no"`, `- "on"`, `- "off"`, `- "null"`, `- "~"`, `default: "2022-03-04"`, `"200":`, `"404":`} {
		if !strings.Contains(y, quoted) {
			t.Errorf("the YAML lacks %s", quoted)
		}
	}
	if !strings.Contains(y, "description: |-\n    Manage widgets.\n    Second line") {
		t.Error("multi-line text is not a block scalar")
	}
}

func TestConvertOutput(t *testing.T) {
	src := filepath.Join(convertData, "apiDefinition.swagger.json")
	dir := t.TempDir()
	out := filepath.Join(dir, "apiDefinition.swagger.yaml")
	if code, stdout, stderr := run("convert", src, "-o", out); code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
	}
	golden, _ := os.ReadFile(filepath.Join(convertData, "apiDefinition.swagger.yaml.golden"))
	if got, _ := os.ReadFile(out); string(got) != string(golden) {
		t.Error("-o wrote something else than the golden YAML")
	}
	// An existing OUT is replaced.
	back := filepath.Join(dir, "back.json")
	if err := os.WriteFile(back, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("convert", out, "-o", back, "--indent", "2"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(back)
	if !strings.HasPrefix(string(got), "{\r\n  \"swagger\": \"2.0\",\r\n") { // CRLF, as the source
		t.Errorf("back.json: %.40q", got)
	}
	if info, _ := os.Stat(back); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v not kept", info.Mode().Perm())
	}
}

func TestConvertKeepsYAMLComments(t *testing.T) {
	code, out, stderr := run("convert", filepath.Join(fmtData, "widgets-yaml", "apiDefinition.swagger.yaml"), "--to", "yaml")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, c := range []string{"# WIDGETS\n", "# OPERATIONS\n", "title: Widgets # shown in the list\n"} {
		if !strings.Contains(out, c) {
			t.Errorf("comment %q lost", c)
		}
	}
}

func TestConvertErrors(t *testing.T) {
	src := filepath.Join(convertData, "apiDefinition.swagger.json")
	inf := filepath.Join(t.TempDir(), "inf.yaml")
	if err := os.WriteFile(inf, []byte("swagger: \"2.0\"\nx: .inf\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"convert"}, "takes 1 argument, got 0"},
		{"two files", []string{"convert", src, src}, "takes 1 argument, got 2"},
		{"bad --to", []string{"convert", src, "--to", "xml"}, `--to "xml"`},
		{"--to and -o disagree", []string{"convert", src, "--to", "yaml", "-o", "x.json"}, "has a .json extension"},
		{"a folder", []string{"convert", convertData}, "is a folder"},
		{"missing file", []string{"convert", "nope.json"}, "no such file"},
		{"syntax error", []string{"convert", filepath.Join(fmtData, "broken", "apiDefinition.swagger.json")}, "apiDefinition.swagger.json:4:22: trailing comma"},
		{"a number JSON cannot spell", []string{"convert", inf, "--to", "json"}, "/x: the number .inf has no JSON spelling"},
		{"bad indent", []string{"convert", src, "--indent", "99"}, "--indent 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q lacks %q", stderr, tt.want)
			}
		})
	}
}

func TestConvertStdin(t *testing.T) {
	code, out, stderr := runIn(`{"swagger": "2.0", "info": {"version": "1.0"}}`, "convert", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "swagger: \"2.0\"\ninfo:\n  version: \"1.0\"\n"; out != want {
		t.Errorf("got %q", out)
	}
}

// TestConvertNBold converts nBold's published JSON to YAML and back:
// at its own indent of 2 the JSON comes back byte for byte.
func TestConvertNBold(t *testing.T) {
	src := filepath.Join(sharedtest.Dir(t, "nbold/v5"), "apiDefinition.swagger.json")
	dir := t.TempDir()
	y := filepath.Join(dir, "n.yaml")
	j := filepath.Join(dir, "n.json")
	if code, _, stderr := run("convert", src, "-o", y); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := run("convert", y, "-o", j, "--indent", "2"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	orig, _ := os.ReadFile(src)
	got, _ := os.ReadFile(j)
	if strings.TrimSuffix(string(got), "\n") != strings.TrimSuffix(string(orig), "\n") {
		t.Error("nBold JSON → YAML → JSON does not give the published file back")
	}
}

// TestConvertStripLintIgnore removes ppconn's inline suppressions before a
// definition is pasted into the portal, in both output formats, and keeps
// everything else.
func TestConvertStripLintIgnore(t *testing.T) {
	file := filepath.Join("..", "..", "testdata", "convert", "lint-ignore", "apiDefinition.swagger.json")
	for _, to := range []string{"yaml", "json"} {
		code, out, stderr := run("convert", "--strip-lint-ignore", "--to", to, file)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(out, "x-lint-ignore") || !strings.Contains(out, "ListTeams") || !strings.Contains(out, "Contoso Teams") {
			t.Errorf("--to %s:\n%s", to, out)
		}
		_, kept, _ := run("convert", "--to", to, file)
		if !strings.Contains(kept, "x-lint-ignore") {
			t.Errorf("--to %s without the flag lost x-lint-ignore", to)
		}
	}
}
