package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixData = "../../testdata/fix/_cli"

// fixGolden is the absolute path of a golden file of fixData, for the
// tests that change the working folder.
func fixGolden(t *testing.T, name string) string {
	p, err := filepath.Abs(filepath.Join(fixData, name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFixDryRun: -d prints the diffs, the summary goes to stderr, nothing
// is written, and the exit status says that there is something to fix.
func TestFixDryRun(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixData, "connector"))
	before := readAll(t, dir)
	diffGolden, stderrGolden := fixGolden(t, "dry-run.diff.golden"), fixGolden(t, "dry-run.stderr.golden")
	t.Chdir(dir)
	code, out, stderr := run("fix", "-d", ".")
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr)
	}
	compareGolden(t, diffGolden, out)
	compareGolden(t, stderrGolden, stderr)
	if after := readAll(t, dir); !equalMaps(before, after) {
		t.Error("-d wrote files")
	}
}

// TestFixWrite: the fixes are written, only the fixed lines change, a
// summary per rule is printed, and a second run has nothing to do. The
// unsafe redirect fix waits for --unsafe, which prints what to do next.
func TestFixWrite(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixData, "connector"))
	golden := fixGolden(t, "write.golden")
	t.Chdir(dir)
	code, out, stderr := run("fix", ".")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0 (only an unsafe fix is left); stdout: %s stderr: %s", code, out, stderr)
	}
	compareGolden(t, golden, out)
	fixed, err := os.ReadFile("apiDefinition.swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"x-ms-visibility": "advanced"`, `"x-ms-summary": "Team ID"`, `"enum": ["open", "closed"]`, `"x-ms-url-encoding": "single"`, `"operationId": "get_team"`} {
		if !strings.Contains(string(fixed), want) {
			t.Errorf("the fixed definition lacks %s", want)
		}
	}
	code, out, _ = run("fix", ".")
	if code != ExitOK || !strings.HasPrefix(out, "nothing to fix\n") {
		t.Errorf("second run: exit %d, output %q; want 0 and nothing to fix", code, out)
	}
	code, out, stderr = run("fix", "--unsafe", ".")
	if code != ExitOK {
		t.Fatalf("--unsafe: exit %d; stderr: %s", code, stderr)
	}
	if !strings.Contains(out, "oauth-redirect-mode") || !strings.Contains(out, "to do: ") || !strings.Contains(out, "register the per-connector redirect URI") {
		t.Errorf("--unsafe output lacks the redirect fix and its note:\n%s", out)
	}
	props, err := os.ReadFile("apiProperties.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(props), `"redirectMode": "GlobalPerConnector"`) || strings.Contains(string(props), "redirectUrl") {
		t.Errorf("apiProperties.json not migrated:\n%s", props)
	}
}

// TestFixRuleFlag: --rule limits the fixes (and is repeatable), and the
// exit status: the fixable findings of other rules do not count.
func TestFixRuleFlag(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixData, "connector"))
	t.Chdir(dir)
	code, out, stderr := run("fix", "--rule", "visibility-canonical", "--rule", "array-unique-values", ".")
	if code != ExitOK {
		t.Fatalf("exit %d, want 0; stdout: %s stderr: %s", code, out, stderr)
	}
	if !strings.Contains(out, "fixed 2 findings in 1 file:") {
		t.Errorf("summary: %s", out)
	}
	fixed, _ := os.ReadFile("apiDefinition.swagger.json")
	if !strings.Contains(string(fixed), `"x-ms-summmary"`) {
		t.Error("--rule visibility-canonical fixed the extension typo too")
	}
}

func TestFixExitCodes(t *testing.T) {
	conn := filepath.Join(fixData, "connector")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"unknown rule", []string{"fix", "--rule", "no-such-rule", conn}, ExitUsage},
		{"rule without a fix", []string{"fix", "--rule", "operation-id-pascal-case", conn}, ExitUsage},
		{"missing path", []string{"fix", filepath.Join(fixData, "nope")}, ExitUsage},
		{"clean connector", []string{"fix", "-d", filepath.Join(cliData, "clean")}, ExitOK},
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

// TestFixableInJSON: a finding carries "fixable" in the JSON report when a
// fix applies to it, and only then.
func TestFixableInJSON(t *testing.T) {
	_, out, _ := run("lint", "--format", "json", filepath.Join(fixData, "connector"))
	var rep struct {
		Findings []struct {
			Rule    string `json:"rule"`
			Fixable bool   `json:"fixable"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"visibility-canonical": true, "x-ms-extension-typo": true, "path-param-url-encoding": true,
		"array-unique-values": true, "oauth-redirect-mode": true,
		"operation-id-pascal-case": false, "param-x-ms-summary-required": false,
	}
	seen := map[string]bool{}
	for _, f := range rep.Findings {
		if w, ok := want[f.Rule]; ok {
			seen[f.Rule] = true
			if f.Fixable != w {
				t.Errorf("%s: fixable %v, want %v", f.Rule, f.Fixable, w)
			}
		}
	}
	for id := range want {
		if !seen[id] {
			t.Errorf("no %s finding on the fixture", id)
		}
	}
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
