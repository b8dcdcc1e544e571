package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

const diffData = "../../testdata/diff/cli"

var (
	diffOld = filepath.Join(diffData, "old")
	diffNew = filepath.Join(diffData, "new")
)

// runDiffStdin runs ppconn with stdin.
func runDiffStdin(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	root := NewRoot(&out, &errOut)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	code = ExitOK
	if err != nil {
		code = ExitUsage
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
	}
	return code, out.String(), errOut.String()
}

func TestDiffExitCodes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"default never fails", []string{"diff", diffOld, diffNew}, ExitOK},
		{"fail on breaking", []string{"diff", "--fail-on", "breaking", diffOld, diffNew}, ExitFindings},
		{"fail on warning", []string{"diff", "--fail-on", "warning", diffOld, diffNew}, ExitFindings},
		{"fail on any", []string{"diff", "--fail-on", "any", diffOld, diffNew}, ExitFindings},
		{"no change never fails", []string{"diff", "--fail-on", "any", diffOld, diffOld}, ExitOK},
		{"one argument", []string{"diff", diffOld}, ExitUsage},
		{"three arguments", []string{"diff", diffOld, diffNew, diffNew}, ExitUsage},
		{"both stdin", []string{"diff", "-", "-"}, ExitUsage},
		{"missing file", []string{"diff", filepath.Join(diffData, "nope.json"), diffNew}, ExitUsage},
		{"bad format", []string{"diff", "--format", "html", diffOld, diffNew}, ExitUsage},
		{"bad fail-on", []string{"diff", "--fail-on", "error", diffOld, diffNew}, ExitUsage},
		{"bad text format", []string{"diff", "--text", "--text-format", "xml", diffOld, diffNew}, ExitUsage},
		{"negative context", []string{"diff", "--text", "--context", "-1", diffOld, diffNew}, ExitUsage},
		{"properties against a definition", []string{"diff", filepath.Join(diffOld, "apiProperties.json"), diffNew}, ExitUsage},
		{"bad git spec", []string{"diff", "git:HEAD", diffNew}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(tt.args...)
			if code != tt.want {
				t.Errorf("ppconn %s: exit %d, want %d; stderr: %s", strings.Join(tt.args, " "), code, tt.want, stderr)
			}
			if code == ExitUsage && !strings.HasPrefix(stderr, "ppconn: ") {
				t.Errorf("a usage error must say what went wrong on stderr, got %q", stderr)
			}
		})
	}
}

// TestDiffGolden pins the three formats on a small update, folder against
// folder, JSON against YAML.
func TestDiffGolden(t *testing.T) {
	for _, tt := range []struct{ name, format string }{
		{"report.text", "text"}, {"report.markdown", "markdown"}, {"report.json", "json"},
	} {
		_, out, _ := run("diff", "--no-color", "--text", "--format", tt.format, diffOld, diffNew)
		compareGolden(t, filepath.Join(diffData, tt.name+".golden"), out)
	}
	_, out, _ := run("diff", "--no-color", "--text", "--text-format", "json", "--context", "1", diffOld, diffNew)
	compareGolden(t, filepath.Join(diffData, "report.text-json-context1.golden"), out)
}

func TestDiffJSONShape(t *testing.T) {
	_, out, _ := run("diff", "--format", "json", diffOld, diffNew)
	var rep struct {
		Changes []struct {
			Impact, Kind, Pointer, Message, Reason, Rule string
			Operations                                   []string
			Old, New                                     *struct{ Line int }
		}
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary["breaking"] != 4 || len(rep.Changes) != rep.Summary["breaking"]+rep.Summary["warning"]+rep.Summary["safe"] {
		t.Errorf("summary %v for %d changes", rep.Summary, len(rep.Changes))
	}
	for _, c := range rep.Changes {
		if c.Impact == "" || c.Kind == "" || c.Pointer == "" || c.Message == "" || c.Reason == "" || c.Operations == nil {
			t.Errorf("incomplete change %+v", c)
		}
		if c.Kind != "added" && (c.Old == nil || c.Old.Line < 1) || c.Kind != "removed" && (c.New == nil || c.New.Line < 1) {
			t.Errorf("%s %s: lines missing", c.Kind, c.Pointer)
		}
	}
}

// TestDiffStdin: the text copied out of the Swagger editor, as NEW.
func TestDiffStdin(t *testing.T) {
	yaml := `swagger: "2.0"
info: {title: Acme Items, description: Items of your Acme account., version: "1.0"}
host: api.acme.io
paths: {}
`
	code, out, stderr := runDiffStdin(yaml, "diff", "--fail-on", "breaking", "--format", "json", filepath.Join(diffOld, "apiDefinition.swagger.json"), "-")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"/host"`, `"newInput": "-"`, `"file": "-"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestDiffNoColorOffTerminal(t *testing.T) {
	_, out, _ := run("diff", "--text", diffOld, diffNew)
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

// TestDiffNBold runs the command on the nBold update whose JSON was
// reformatted (v3 minified, v4 pretty): two URL changes, both safe.
func TestDiffNBold(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold")
	code, out, stderr := run("diff", "--fail-on", "warning", "--format", "json", filepath.Join(dir, "v3"), filepath.Join(dir, "v4"))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Changes []struct{ Impact, Pointer string }
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Changes) != 2 || rep.Summary["safe"] != 2 ||
		rep.Changes[0].Pointer != "/x-ms-connector-metadata/0/propertyValue" || rep.Changes[1].Pointer != "/x-ms-connector-metadata/1/propertyValue" {
		t.Errorf("v3 → v4: %s", out)
	}
	code, out, _ = run("diff", "--fail-on", "any", filepath.Join(dir, "v5", "apiDefinition.swagger.json"), filepath.Join(dir, "v5", "apiDefinition.swagger.yaml"))
	if code != ExitOK || !strings.Contains(out, "No changes") {
		t.Errorf("v5 JSON against YAML: exit %d\n%s", code, out)
	}
}

func TestDiffHelpTeaches(t *testing.T) {
	_, out, _ := run("diff", "--help")
	for _, want := range []string{"git:REV:PATH", "standard input", "--fail-on", "breaking", "docs/diff.md", "Examples:"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff --help lacks %q", want)
		}
	}
}

// The diff performance goals, as whole `ppconn diff` runs in process
// (read, parse, compare, JSON report): two nBold versions ≤ 50 ms, the
// largest real pair of the corpus ≤ 300 ms.

func benchDiff(b *testing.B, args ...string) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(append([]string{"diff", "--format", "json"}, args...), io.Discard, io.Discard); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkDiffNBold(b *testing.B) {
	dir := sharedtest.Dir(b, "nbold")
	benchDiff(b, filepath.Join(dir, "v4"), filepath.Join(dir, "v5"))
}

func BenchmarkDiffNBoldText(b *testing.B) {
	dir := sharedtest.Dir(b, "nbold")
	benchDiff(b, "--text", filepath.Join(dir, "v4"), filepath.Join(dir, "v5"))
}

func BenchmarkDiffLargestPair(b *testing.B) {
	root := sharedtest.Dir(b, "corpus/pairs")
	entries, err := os.ReadDir(root)
	if err != nil {
		b.Fatal(err)
	}
	best, size := "", int64(0)
	for _, e := range entries {
		if info, err := os.Stat(filepath.Join(root, e.Name(), "before.json")); err == nil && info.Size() > size {
			best, size = e.Name(), info.Size()
		}
	}
	benchDiff(b, filepath.Join(root, best, "before.json"), filepath.Join(root, best, "after.json"))
}

// BenchmarkDiffWhatChangedPair is the slowest pair of the corpus, one of
// those where libopenapi's what-changed runs (both models built).
func BenchmarkDiffWhatChangedPair(b *testing.B) {
	dir := sharedtest.Dir(b, "corpus/pairs/certified__Expensya")
	benchDiff(b, filepath.Join(dir, "before.json"), filepath.Join(dir, "after.json"))
}
