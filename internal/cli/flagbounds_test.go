package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedFlagValues: flag values that cannot mean anything are usage
// errors that say why and what to run instead, not silently accepted
// (#12 item 15: -j 0, negative -j, fmt --check -w).
func TestRefusedFlagValues(t *testing.T) {
	clean := filepath.Join(cliData, "clean")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "-j", "0", clean}, "-j 0: give 1 or more"},
		{[]string{"lint", "--jobs=-2", clean}, "-j -2: give 1 or more"},
		{[]string{"fix", "-d", "-j", "0", clean}, "-j 0: give 1 or more"},
		{[]string{"fmt", "--check", "-w", clean}, "--check and -w cannot go together"},
	} {
		code, _, stderr := run(tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("ppconn %s: exit %d, stderr %q; want exit 2 saying %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
	if code, _, stderr := run("lint", "-j", "1", clean); code != ExitOK {
		t.Errorf("ppconn lint -j 1: exit %d: %s", code, stderr)
	}
}

// TestOutputFormatFromExtension: -o findings.json without --format writes
// JSON, not text into a .json file (#12 item 15); the terminal keeps text.
func TestOutputFormatFromExtension(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct{ file, prefix string }{{"findings.json", "{"}, {"ppconn.sarif", "{"}, {"junit.xml", "<?xml"}} {
		path := filepath.Join(dir, tt.file)
		code, _, stderr := run("lint", "-o", path, filepath.Join(cliData, "broken"))
		if code == ExitUsage {
			t.Fatalf("lint -o %s: %s", tt.file, stderr)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(strings.TrimSpace(string(b)), tt.prefix) {
			t.Errorf("lint -o %s wrote %.200q, not its extension's format", tt.file, b)
		}
	}
}

// TestOutputAppendsToStepSummary: -o markdown:$GITHUB_STEP_SUMMARY adds to
// the job summary, as `>> "$GITHUB_STEP_SUMMARY"` does, instead of
// erasing what the step wrote before; any other -o file is replaced
// (#12 item 15).
func TestOutputAppendsToStepSummary(t *testing.T) {
	dir := t.TempDir()
	summary, other := filepath.Join(dir, "step_summary"), filepath.Join(dir, "report.md")
	const earlier = "## written earlier in the step\n"
	for _, f := range []string{summary, other} {
		if err := os.WriteFile(f, []byte(earlier), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("GITHUB_STEP_SUMMARY", summary)
	// the same file, spelled another way
	respelled := filepath.Join(dir, ".", "step_summary")
	code, _, stderr := run("lint", "-o", "markdown:"+respelled, "-o", "markdown:"+other, filepath.Join(cliData, "broken"))
	if code == ExitUsage {
		t.Fatal(stderr)
	}
	got, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), earlier) || len(got) <= len(earlier) {
		t.Errorf("the step summary lost what was there, or got nothing:\n%s", got)
	}
	got, err = os.ReadFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(got), earlier) || len(got) == 0 {
		t.Errorf("-o markdown:report.md did not replace the file:\n%s", got)
	}
}
