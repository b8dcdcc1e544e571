package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/golden"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

const cliData = "../../testdata/cli"

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestLintExitCodes(t *testing.T) {
	clean := filepath.Join(cliData, "clean")
	broken := filepath.Join(cliData, "broken")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean connector", []string{"lint", clean}, ExitOK},
		{"import errors", []string{"lint", broken}, ExitFindings},
		{"fail-on never", []string{"lint", "--fail-on", "never", broken}, ExitOK},
		{"a single file", []string{"lint", filepath.Join(broken, "apiDefinition.swagger.json")}, ExitFindings},
		{"missing path", []string{"lint", filepath.Join(cliData, "nope")}, ExitUsage},
		{"folder without a connector", []string{"lint", filepath.Join(cliData, "empty-dir")}, ExitUsage},
		{"unknown flag", []string{"lint", "--bogus", clean}, ExitUsage},
		{"unknown format", []string{"lint", "--format", "xml", clean}, ExitUsage},
		{"unknown profile", []string{"lint", "--profile", "strict", clean}, ExitUsage},
		{"bad fail-on", []string{"lint", "--fail-on", "off", clean}, ExitUsage},
		{"unknown command", []string{"lnit"}, ExitUsage},
		{"explain unknown rule", []string{"explain", "no-such-rule"}, ExitUsage},
		{"explain", []string{"explain", "syntax-error"}, ExitOK},
		{"version", []string{"version"}, ExitOK},
		{"completion", []string{"completion", "bash"}, ExitOK},
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

func TestFailOnThresholds(t *testing.T) {
	broken := filepath.Join(cliData, "broken")
	_, out, _ := run("lint", "--format", "json", "--fail-on", "never", broken)
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	worst := map[string]bool{}
	for _, f := range rep.Findings {
		worst[f.Severity] = true
	}
	for _, level := range []string{"error", "warning", "info"} {
		code, _, _ := run("lint", "--fail-on", level, broken)
		want := ExitOK
		if worst["error"] || level != "error" && worst["warning"] || level == "info" && worst["info"] {
			want = ExitFindings
		}
		if code != want {
			t.Errorf("--fail-on %s: exit %d, want %d", level, code, want)
		}
	}
}

// TestLintGolden pins the text and JSON output on the broken fixture.
func TestLintGolden(t *testing.T) {
	broken := filepath.Join(cliData, "broken")
	for _, format := range []string{"text", "json"} {
		_, out, _ := run("lint", "--no-color", "--format", format, broken)
		compareGolden(t, filepath.Join(cliData, "broken."+format+".golden"), out)
	}
}

type jsonReport struct {
	Findings []struct {
		Rule, Level, Severity, Message, File, Pointer string
		Line, Column                                  int
	}
	Summary map[string]int
}

var textFinding = regexp.MustCompile(`^(.+):(\d+):(\d+): (error|warning|info) ([a-z0-9-]+): .+$`)

// TestLintNBold runs lint on the latest published nBold connector, JSON and
// YAML twins, and checks that every finding is located in both formats.
func TestLintNBold(t *testing.T) {
	dir := sharedtest.Dir(t, "nbold/v5")
	code, out, stderr := run("lint", "--no-color", "--fail-on", "never", "--format", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 || rep.Summary["files"] != 3 {
		t.Fatalf("want findings over 3 files, got %d findings, summary %v", len(rep.Findings), rep.Summary)
	}
	for _, f := range rep.Findings {
		if f.Line < 1 || f.Column < 1 || f.File == "" || f.Rule == "" || f.Level == "" {
			t.Errorf("finding not located: %+v", f)
		}
	}
	_, text, _ := run("lint", "--no-color", "--fail-on", "never", dir)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	located := 0
	for _, l := range lines {
		if textFinding.MatchString(l) {
			located++
		}
	}
	if located != len(rep.Findings) {
		t.Errorf("text output has %d located findings, JSON %d", located, len(rep.Findings))
	}
}

func TestRulesJSON(t *testing.T) {
	code, out, _ := run("rules", "--format", "json")
	if code != ExitOK {
		t.Fatal(code)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) < 40 {
		t.Errorf("%d rules, want at least 40", len(list))
	}
	for _, r := range list {
		for _, k := range []string{"id", "level", "severity", "title", "validatorCodes", "fixable", "doc"} {
			if _, ok := r[k]; !ok {
				t.Errorf("rule %v lacks %q", r["id"], k)
			}
		}
	}
}

func TestNoColorByDefaultOffTerminal(t *testing.T) {
	_, out, _ := run("lint", "--fail-on", "never", filepath.Join(cliData, "broken"))
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	golden.Compare(t, path, []byte(got))
}
