package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAmbiguousDefinitions: a folder with two *.swagger.json files and no
// apiDefinition.swagger.json is refused by every command that finds the
// definition of a folder, naming both files (escaped) and saying what to
// do, instead of silently reading one of them (#12 item 15).
func TestAmbiguousDefinitions(t *testing.T) {
	clearAuthEnv(t)
	dir := filepath.Join(t.TempDir(), "conn")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(cliData, "clean", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := "b\x1b[31m.swagger.json"
	for _, name := range []string{"a.swagger.json", hostile} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	want := "ambiguous: two definitions, 'a.swagger.json' and 'b\\x1b[31m.swagger.json'"
	for _, args := range [][]string{
		{"lint", dir},
		{"lint", filepath.Dir(dir)},
		{"lint", "--whole-connector", filepath.Join(dir, "a.swagger.json")},
		{"fmt", "--check", dir},
		{"fix", "-d", dir},
		{"diff", dir, dir},
		{"sync", "--check", dir},
		{"auth", "show", dir},
		{"auth", "aad", "--no-config", "--dry-run", "--resource-uri", "https://graph.microsoft.com", "--client-id", "11111111-2222-3333-4444-555555555555", dir},
	} {
		code, _, stderr := run(args...)
		if code != ExitUsage || !strings.Contains(stderr, want) || !strings.Contains(stderr, "rename the connector's definition apiDefinition.swagger.json") {
			t.Errorf("ppconn %s: exit %d, stderr %q\nwant exit 2 saying %q and what to do", strings.Join(args[:len(args)-1], " "), code, stderr, want)
		}
		if strings.Contains(stderr, "\x1b") {
			t.Errorf("ppconn %s: a raw escape character from a file name reached stderr: %q", args[0], stderr)
		}
	}
	// Naming one of the files is the way out.
	if code, _, stderr := run("lint", filepath.Join(dir, "a.swagger.json")); code == ExitUsage {
		t.Errorf("ppconn lint FILE: exit 2: %s", stderr)
	}
}
