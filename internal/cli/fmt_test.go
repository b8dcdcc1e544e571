package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

const fmtData = "../../testdata/fmt"

// runIn runs ppconn with standard input, as Run does.
func runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	root := NewRoot(&out, &errOut)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK, out.String(), errOut.String()
	case errors.As(err, &ee):
		if ee.err != nil {
			errOut.WriteString("ppconn: " + ee.err.Error() + "\n")
		}
		return ee.code, out.String(), errOut.String()
	}
	return ExitUsage, out.String(), errOut.String() + err.Error()
}

// copyDir copies a fixture folder into a temporary one, to write in it.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func parseValue(t *testing.T, path string, src []byte) any {
	t.Helper()
	doc := &connector.Document{Path: path, Format: connector.JSON}
	if strings.HasSuffix(path, ".yaml") {
		doc.Format = connector.YAML
	}
	connector.Parse(doc, src, connector.DefaultLimits)
	if doc.Root == nil || len(doc.Problems) > 0 {
		t.Fatalf("%s does not parse: %v", path, doc.Problems)
	}
	return doc.Root.Interface()
}

// TestFmtFixtureLayout guards the fixture itself: it must keep the BOM,
// the CRLF line endings and the missing final newline that fmt removes.
func TestFmtFixtureLayout(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fmtData, "widgets", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(b, []byte("\r\n")) || bytes.HasSuffix(b, []byte("\n")) {
		t.Error("testdata/fmt/widgets/apiDefinition.swagger.json lost its BOM, CRLF or missing final newline (a .gitattributes?)")
	}
}

// TestFmtGolden pins the output of each mode on a small connector in
// JSON (BOM, CRLF, 2 spaces, tabs) and one in YAML (comments, flow style).
func TestFmtGolden(t *testing.T) {
	widgets := filepath.Join(fmtData, "widgets")
	yamlDir := filepath.Join(fmtData, "widgets-yaml")
	tests := []struct {
		golden string
		args   []string
	}{
		{"widgets.golden", []string{"fmt", widgets}},
		{"widgets.indent2.golden", []string{"fmt", "--indent", "2", widgets}},
		{"widgets.diff.golden", []string{"fmt", "-d", widgets}},
		{"widgets.list.golden", []string{"fmt", "-l", widgets, yamlDir}},
		{"widgets-yaml.golden", []string{"fmt", yamlDir}},
		{"widgets-yaml.diff.golden", []string{"fmt", "-d", yamlDir}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, stderr := run(tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			compareGolden(t, filepath.Join(fmtData, tt.golden), filepath.ToSlash(out))
		})
	}
}

func TestFmtExitCodes(t *testing.T) {
	widgets := filepath.Join(fmtData, "widgets")
	broken := filepath.Join(fmtData, "broken")
	formatted := copyDir(t, widgets)
	if code, _, stderr := run("fmt", "-w", formatted); code != ExitOK {
		t.Fatalf("fmt -w: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name       string
		args       []string
		want       int
		wantStderr string
	}{
		{"check: not formatted", []string{"fmt", "--check", widgets}, ExitFindings, "widgets/apiProperties.json: not formatted"},
		{"check: formatted", []string{"fmt", "--check", formatted}, ExitOK, ""},
		{"check with -l prints the list only", []string{"fmt", "--check", "-l", widgets}, ExitFindings, "all 2 files are not formatted"},
		{"a file that does not parse", []string{"fmt", broken}, ExitUsage, "broken/apiDefinition.swagger.json:4:22: trailing comma"},
		{"the other files still formatted", []string{"fmt", "-l", broken, widgets}, ExitUsage, "1 of 4 files could not be formatted"},
		{"bad indent", []string{"fmt", "--indent", "-1", widgets}, ExitUsage, "--indent -1"},
		{"missing path", []string{"fmt", filepath.Join(fmtData, "nope")}, ExitUsage, "no such file or folder"},
		{"folder without a connector", []string{"fmt", "../../testdata/cli/empty-dir"}, ExitUsage, "no connector found"},
		{"-w on standard input", []string{"fmt", "-w", "-"}, ExitUsage, "cannot write to standard input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.want {
				t.Errorf("ppconn %s: exit %d, want %d; stderr: %s", strings.Join(tt.args, " "), code, tt.want, stderr)
			}
			if tt.wantStderr != "" && !strings.Contains(filepath.ToSlash(stderr), tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.wantStderr)
			}
		})
	}
	// The broken file's neighbour was still formatted.
	_, out, _ := run("fmt", broken)
	if !strings.Contains(out, "\"publisher\": \"Acme\"") {
		t.Errorf("apiProperties.json next to the broken definition was not formatted: %q", out)
	}
}

// TestFmtWrite formats a copy in place: the result is what fmt prints,
// means the same, and formatting it again changes nothing.
func TestFmtWrite(t *testing.T) {
	for _, fixture := range []string{"widgets", "widgets-yaml"} {
		t.Run(fixture, func(t *testing.T) {
			dir := copyDir(t, filepath.Join(fmtData, fixture))
			before := map[string][]byte{}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				before[e.Name()], _ = os.ReadFile(filepath.Join(dir, e.Name()))
			}
			_, printed, _ := run("fmt", dir)
			code, out, stderr := run("fmt", "-w", "-l", dir)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Count(out, "\n") != len(before) {
				t.Errorf("-l listed %q", out)
			}
			var written strings.Builder
			for _, e := range entries {
				p := filepath.Join(dir, e.Name())
				after, _ := os.ReadFile(p)
				written.Write(after)
				if !reflect.DeepEqual(parseValue(t, p, after), parseValue(t, p, before[e.Name()])) {
					t.Errorf("%s: the value changed", e.Name())
				}
			}
			if written.String() != printed {
				t.Error("-w wrote something else than fmt prints")
			}
			code, out, _ = run("fmt", "-l", "-w", dir)
			if code != ExitOK || out != "" {
				t.Errorf("fmt is not idempotent: exit %d, changed %q", code, out)
			}
			if code, _, _ := run("fmt", "--check", dir); code != ExitOK {
				t.Errorf("--check after -w: exit %d", code)
			}
		})
	}
}

func TestFmtStdin(t *testing.T) {
	code, out, stderr := runIn("\ufeff{\"b\": [1.0, 1e3],\r\n \"a\": \"\\u00e9\"}", "fmt", "-")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The first line ends in CRLF, so the output keeps CRLF.
	if want := "{\r\n    \"b\": [\r\n        1.0,\r\n        1e3\r\n    ],\r\n    \"a\": \"\\u00e9\"\r\n}\r\n"; out != want {
		t.Errorf("got %q", out)
	}
	code, out, _ = runIn("swagger: '2.0'\n", "fmt", "-")
	if code != ExitOK || out != "swagger: \"2.0\"\n" {
		t.Errorf("YAML on stdin: exit %d, %q", code, out)
	}
	code, _, stderr = runIn("{\"a\": }", "fmt", "-")
	if code != ExitUsage || !strings.Contains(stderr, "<stdin>:1:7:") {
		t.Errorf("bad stdin: exit %d, %q", code, stderr)
	}
}

// TestFmtNBold formats both twins of the nBold connector through the
// command: the values are kept and a second pass changes nothing.
func TestFmtNBold(t *testing.T) {
	dir := copyDir(t, sharedtest.Dir(t, "nbold/v5"))
	names := []string{"apiDefinition.swagger.json", "apiDefinition.swagger.yaml", "apiProperties.json"}
	before := map[string]any{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		before[n] = parseValue(t, n, b)
	}
	if code, _, stderr := run("fmt", "-w", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, n := range names {
		b, _ := os.ReadFile(filepath.Join(dir, n))
		if !reflect.DeepEqual(parseValue(t, n, b), before[n]) {
			t.Errorf("%s: the value changed", n)
		}
	}
	if code, out, _ := run("fmt", "-l", dir); code != ExitOK || out != "" {
		t.Errorf("second pass: exit %d, lists %q", code, out)
	}
}

// TestFmtCorpus lists the unformatted files of the whole corpus: every
// file that parses is formatted without error, and each file that does
// not is reported at its line and column.
func TestFmtCorpus(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/connectors")
	code, out, stderr := run("fmt", "-l", dir)
	if code != ExitUsage {
		t.Errorf("exit %d, want 2 (the corpus has files with syntax errors)", code)
	}
	listed := strings.Count(out, "\n")
	var failed int
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(l, "ppconn: ") {
			continue
		}
		failed++
		if !strings.Contains(l, ".json:") {
			t.Errorf("unlocated failure: %s", l)
		}
	}
	t.Logf("fmt -l over the corpus: %d files to format, %d that do not parse", listed, failed)
	if listed < 1000 || failed == 0 || failed > 30 {
		t.Errorf("%d listed, %d failed: not what the corpus holds", listed, failed)
	}
}

// TestFmtIndentFromConfig: fmt.indent in .ppconn.yaml is the default
// width of 'ppconn fmt' (issue #13: it was parsed but never read, and a
// 2-space file was re-indented to 4); --indent still wins over it, and a
// bad configuration is a usage error.
func TestFmtIndentFromConfig(t *testing.T) {
	dir := t.TempDir()
	two := "{\n  \"swagger\": \"2.0\",\n  \"info\": {\n    \"title\": \"A\",\n    \"version\": \"1.0\"\n  },\n  \"paths\": {}\n}\n"
	def := filepath.Join(dir, "apiDefinition.swagger.json")
	for name, text := range map[string]string{".ppconn.yaml": "fmt:\n  indent: 2\n", "apiDefinition.swagger.json": two} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := run("fmt", "--check", dir); code != ExitOK || out != "" || errOut != "" {
		t.Errorf("fmt --check with fmt.indent 2: exit %d, stdout %q, stderr %q; want a formatted file", code, out, errOut)
	}
	if code, out, _ := run("fmt", def); code != ExitOK || out != two {
		t.Errorf("fmt with fmt.indent 2: exit %d, got\n%s", code, out)
	}
	// a file named alone finds the configuration of its folder too
	if code, _, _ := run("fmt", "--indent", "4", "--check", def); code != ExitFindings {
		t.Errorf("fmt --indent 4 --check of a 2-space file: exit %d, want %d (the flag wins over fmt.indent)", code, ExitFindings)
	}
	if err := os.WriteFile(filepath.Join(dir, ".ppconn.yaml"), []byte("fmt:\n  indent: 99\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run("fmt", "--check", dir); code != ExitUsage || !strings.Contains(errOut, "indent") {
		t.Errorf("fmt with fmt.indent 99: exit %d, stderr %q; want a usage error naming indent", code, errOut)
	}
}
