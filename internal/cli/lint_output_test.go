package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// writeNoisy writes a connector with an error at its end, five operations
// without a description (five warnings of one rule) and twelve whose
// description repeats the summary (twelve infos), and returns its folder.
func writeNoisy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := range 12 {
		paths = append(paths, fmt.Sprintf(`"/items%d": {"get": {"operationId": "GetItem%d", "summary": "Get item %d", "description": "Get item %d",
      "responses": {"200": {"description": "OK", "schema": {"type": "object"}}}}}`, i, i, i, i))
	}
	for i := range 5 {
		paths = append(paths, fmt.Sprintf(`"/bare%d": {"get": {"operationId": "GetBare%d", "summary": "Get bare %d",
      "responses": {"200": {"description": "OK", "schema": {"type": "object"}}}}}`, i, i, i))
	}
	paths = append(paths, `"securityDefinitions": {}`)
	ciWriteFile(t, filepath.Join(dir, "apiDefinition.swagger.json"), `{
  "swagger": "2.0",
  "info": {"title": "Noisy", "version": "1.0", "description": "A connector with many findings, for the tests."},
  "host": "example.com", "basePath": "/", "schemes": ["https"],
  "paths": {
    `+strings.Join(paths, ",\n    ")+`
  }
}
`)
	return dir
}

// forceTerminal makes stdout a terminal of rows rows (0: not a terminal)
// for the rest of the test.
func forceTerminal(t *testing.T, rows int) {
	t.Helper()
	saved := isTerminal
	t.Cleanup(func() { isTerminal = saved })
	isTerminal = func(io.Writer) bool { return rows > 0 }
	t.Setenv("LINES", fmt.Sprint(rows))
}

// TestLintRuleTable: the text output ends with the rule table, the summary
// and the fixable count, and lists errors before warnings in a file.
func TestLintRuleTable(t *testing.T) {
	forceTerminal(t, 0)
	_, out, _ := run("lint", "--no-config", "--no-color", writeNoisy(t))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	n := len(lines)
	if n < 4 || lines[n-1] != "0 fixable with `ppconn fix`" || lines[n-2] != "1 error, 7 warnings, 13 info in 1 file (1 connector)" {
		t.Fatalf("the output does not end with the summary and the fixable count:\n%s", out)
	}
	if !strings.Contains(out, "\nrule ") || !strings.Contains(out, "\noperation-description-required  warning       5        0\n") {
		t.Errorf("no rule table with operation-description-required 5 times:\n%s", out)
	}
	errAt, warnAt := strings.Index(out, ": error "), strings.Index(out, ": warning ")
	if errAt < 0 || warnAt < 0 || errAt > warnAt {
		t.Errorf("the error is not listed before the warnings:\n%s", out)
	}
	if got := strings.Count(out, ": info summary-ne-description:"); got != 12 {
		t.Errorf("off a terminal %d infos are listed, want all 12", got)
	}
}

// TestLintMinSeverity: --min-severity and -q leave findings out, and the
// summary says how many, never "no problems".
func TestLintMinSeverity(t *testing.T) {
	forceTerminal(t, 0)
	dir := writeNoisy(t)
	tests := []struct {
		args    []string
		summary string
		listed  []string // severities listed
	}{
		{[]string{"--min-severity", "warning"}, "1 error, 7 warnings (13 info not shown) in 1 file (1 connector)", []string{"error", "warning"}},
		{[]string{"--min-severity", "error"}, "1 error (7 warnings, 13 info not shown) in 1 file (1 connector)", []string{"error"}},
		{[]string{"-q"}, "1 error (7 warnings, 13 info not shown) in 1 file (1 connector)", []string{"error"}},
	}
	for _, tt := range tests {
		_, out, _ := run(append(append([]string{"lint", "--no-config", "--no-color"}, tt.args...), dir)...)
		if !strings.Contains(out, "\n"+tt.summary+"\n") {
			t.Errorf("%v: no summary %q:\n%s", tt.args, tt.summary, out)
		}
		for _, sev := range []string{"error", "warning", "info"} {
			want := strings.Contains(strings.Join(tt.listed, " "), sev)
			if got := strings.Contains(out, ": "+sev+" "); got != want {
				t.Errorf("%v: %s listed: %v, want %v", tt.args, sev, got, want)
			}
		}
	}
	clean := writeNoisy(t)
	ciWriteFile(t, filepath.Join(clean, ".ppconn.yaml"), "rules:\n  no-unknown-keywords: off\n")
	_, out, _ := run("lint", "-q", clean)
	if strings.Contains(out, "no problems") || !strings.Contains(out, "0 errors (7 warnings, 13 info not shown)") {
		t.Errorf("-q with no error but hidden warnings: %q", out)
	}
	if code, _, errOut := run("lint", "--min-severity", "off", dir); code != ExitUsage || !strings.Contains(errOut, "--min-severity") {
		t.Errorf("--min-severity off: exit %d, %q", code, errOut)
	}
}

// TestLintTerminalListing: on a terminal, infos past a screenful are
// counted, not listed (those that fit are listed), and a rule's findings in a file past the first
// report.FoldAfter are counted on one line; --all lists everything.
func TestLintTerminalListing(t *testing.T) {
	dir := writeNoisy(t)
	forceTerminal(t, 24)
	_, out, _ := run("lint", "--no-config", "--no-color", dir)
	if strings.Contains(out, ": info ") {
		t.Errorf("a screenful of infos is listed on a terminal:\n%s", out)
	}
	if got := strings.Count(out, ": warning operation-description-required:"); got != 2 {
		t.Errorf("%d operation-description-required listed on a terminal, want 2", got)
	}
	wantContains(t, out,
		"apiDefinition.swagger.json: 3 more operation-description-required warnings not listed\n",
		"\n3 warnings, 13 info counted but not listed on the terminal: --all lists them",
		"\nsummary-ne-description          info         12        0\n")
	_, out, _ = run("lint", "--no-config", "--no-color", "--all", dir)
	if got := strings.Count(out, ": info summary-ne-description:"); got != 12 || strings.Contains(out, "not listed") {
		t.Errorf("--all on a terminal lists %d infos, want 12:\n%s", got, out)
	}
	forceTerminal(t, 200)
	_, out, _ = run("lint", "--no-config", "--no-color", dir)
	if got := strings.Count(out, ": info summary-ne-description:"); got != 2 || !strings.Contains(out, ": 10 more summary-ne-description info not listed\n") {
		t.Errorf("on a terminal of 200 rows, %d summary-ne-description infos are listed, want 2 and 10 counted:\n%s", got, out)
	}
}

// TestLintNboldScreen: nBold v5 on a terminal takes under 80 lines and
// ends with the rule table and the summary.
func TestLintNboldScreen(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold/v5")
	forceTerminal(t, 50)
	_, out, _ := run("lint", "--no-config", "--no-color", dir)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) >= 80 {
		t.Errorf("nbold/v5 takes %d lines on a terminal, want under 80", len(lines))
	}
	if !strings.HasSuffix(out, "fixable with `ppconn fix`\n") || !strings.Contains(out, "\nrule ") {
		t.Errorf("nbold/v5 does not end with the rule table and summary:\n%s", out)
	}
}

// wantContains reports each of wants that out lacks.
func wantContains(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

// TestLintStdin: 'lint -' reads standard input, JSON or YAML, under the
// name --stdin-filename gives, with the configuration found from it.
func TestLintStdin(t *testing.T) {
	dir := writeNoisy(t)
	src, err := os.ReadFile(filepath.Join(dir, "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	lintStdin := func(input string, args ...string) (int, string, string) {
		return runIn(input, append([]string{"lint", "--no-color"}, args...)...)
	}
	code, out, _ := lintStdin(string(src), "--no-config", "-")
	if code != ExitFindings || !strings.Contains(out, "<stdin>:") || !strings.Contains(out, "error no-unknown-keywords") {
		t.Errorf("lint - on the definition: exit %d:\n%s", code, out)
	}
	yaml := "swagger: '2.0'\ninfo:\n  title: Yaml\n  version: '1.0'\npaths:\n  /x:\n    get:\n      operationId: GetX\n      responses:\n        '200':\n          description: OK\n"
	if _, out, _ := lintStdin(yaml, "--no-config", "-"); strings.Contains(out, "syntax-error") || !strings.Contains(out, "<stdin>:") {
		t.Errorf("lint - on YAML is not read as YAML:\n%s", out)
	}
	ciWriteFile(t, filepath.Join(dir, ".ppconn.yaml"), "rules:\n  no-unknown-keywords: off\n")
	name := filepath.Join(dir, "pasted.swagger.json")
	code, out, _ = lintStdin(string(src), "--stdin-filename", name, "-")
	if code != ExitOK || !strings.Contains(out, name+":") || strings.Contains(out, "no-unknown-keywords") {
		t.Errorf("--stdin-filename: the name or its configuration is not used: exit %d:\n%s", code, out)
	}
	for _, args := range [][]string{{"--stdin-filename", name, dir}, {"-", "-"}} {
		if code, _, errOut := lintStdin("{}", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, ExitUsage, errOut)
		}
	}
}
