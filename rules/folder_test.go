package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

// TestSettingsFileHostileNames: a name in settings.json is only looked at
// inside the connector folder, never through a symbolic link that leaves
// it, and it reaches a message escaped.
func TestSettingsFileHostileNames(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "icon.png"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, link := range []struct{ name, target string }{{"out", outside}, {"file.json", filepath.Join(outside, "secret.json")}, {"in.png", filepath.Join(dir, "icon.png")}} {
		if err := os.Symlink(link.target, filepath.Join(dir, link.name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	for _, c := range []struct{ value, want string }{
		{"out/secret.json", "symbolic link that leaves"},
		{"file.json", "symbolic link that leaves"},
		{"in.png", ""},
		{"sub/../../x", "leaves the connector folder"},
		{`..\x`, "leaves the connector folder"},
		{`\\server\share\x`, "an absolute path"},
		{"c:x", "Windows drive"},
		{"a\x1b[31m\n##vso[task.setvariable]", `a\x1b[31m\n##`},
	} {
		v := &connector.Node{Kind: connector.String, Value: c.value}
		got := settingsFileProblem(dir, dir, "icon", v)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%q: got %q, want it to say %q", c.value, got, c.want)
		}
		if strings.ContainsAny(got, "\x1b\n") || strings.Contains(got, "##vso[") {
			t.Errorf("%q: the message is not escaped: %q", c.value, got)
		}
	}
}
