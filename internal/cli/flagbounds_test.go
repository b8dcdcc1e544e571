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
