package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// lintRules runs ppconn lint --format json with args and returns the ids of
// the rules that reported, sorted, each once.
func lintRules(t *testing.T, args ...string) []string {
	t.Helper()
	code, stdout, stderr := run(append([]string{"lint", "--format", "json", "--fail-on", "never", "--no-config"}, args...)...)
	if code != ExitOK {
		t.Fatalf("ppconn lint %s: exit %d: %s", strings.Join(args, " "), code, stderr)
	}
	var report struct {
		Findings []struct{ Rule string }
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("json report: %v\n%s", err, stdout)
	}
	var ids []string
	for _, f := range report.Findings {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestLintOnlyAndDisable(t *testing.T) {
	broken := filepath.Join(cliData, "broken")
	all := lintRules(t, broken)
	if !slices.Contains(all, "host-present") || !slices.Contains(all, "info-contact-required") || slices.Contains(all, "format-indent-4-spaces") {
		t.Fatalf("the fixture no longer has the findings this test is about: %v", all)
	}
	without := func(ids []string, drop ...string) []string {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(drop, id) })
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"only one rule", []string{"--only", "host-present"}, []string{"host-present"}},
		{"only, repeated", []string{"--only", "host-present", "--only", "info-contact-required"}, []string{"host-present", "info-contact-required"}},
		{"disable one rule", []string{"--disable", "host-present"}, without(all, "host-present")},
		{"disable wins over only", []string{"--only", "host-present", "--only", "info-contact-required", "--disable", "host-present"}, []string{"info-contact-required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lintRules(t, append(tt.args, broken)...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("rules reported: %v, want %v", got, tt.want)
			}
		})
	}
}

// A rule that is off by default runs when --only names it: the file here is
// indented with two spaces, which only format-indent-4-spaces reports.
func TestLintOnlyRunsDefaultOffRule(t *testing.T) {
	file := filepath.Join(t.TempDir(), "apiDefinition.swagger.json")
	if err := os.WriteFile(file, []byte("{\n  \"swagger\": \"2.0\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := lintRules(t, file); slices.Contains(got, "format-indent-4-spaces") {
		t.Fatalf("format-indent-4-spaces is off by default, yet reported: %v", got)
	}
	if got := lintRules(t, "--only", "format-indent-4-spaces", file); !slices.Equal(got, []string{"format-indent-4-spaces"}) {
		t.Errorf("--only format-indent-4-spaces reported %v", got)
	}
}

func TestLintOnlyUnknownRule(t *testing.T) {
	code, _, stderr := run("lint", "--only", "host-presnt", filepath.Join(cliData, "clean"))
	if code != ExitUsage || !strings.Contains(stderr, `no rule "host-presnt"`) || !strings.Contains(stderr, `did you mean "host-present"`) {
		t.Errorf("--only with a typo: exit %d, stderr %q; want a usage error that suggests host-present", code, stderr)
	}
}
