package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
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

// lintReadmeRules lints one target with the two readme rules under a
// profile and returns the findings as "rule: message" lines.
func lintReadmeRules(t *testing.T, target connector.Target, profile string, overlay map[string][]byte) []string {
	t.Helper()
	reg, err := lint.NewRegistry(readmePresent, readmeHeadings)
	if err != nil {
		t.Fatal(err)
	}
	p, err := lint.LookupProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	cfg := lint.Config{Registry: reg, Profile: p, Limits: connector.DefaultLimits, Overlay: overlay}
	res := lint.LintTarget(target, &cfg)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule+": "+f.Message)
	}
	return got
}

// TestReadmeRulesScope: the readme rules speak only under the
// certification profile, and only of a connector folder, not of a lone
// definition (a file argument, or standard input).
func TestReadmeRulesScope(t *testing.T) {
	bad := filepath.Join("..", "testdata", "rules", "readme-present", "bad", "missing")
	targets, err := connector.Discover([]string{bad})
	if err != nil {
		t.Fatal(err)
	}
	if got := lintReadmeRules(t, targets[0], "certification", nil); len(got) != 1 {
		t.Fatalf("certification profile on %s: got %q, want one readme-present finding", bad, got)
	}
	if got := lintReadmeRules(t, targets[0], "custom", nil); len(got) != 0 {
		t.Errorf("custom profile on %s: got %q, want nothing", bad, got)
	}
	lone := connector.FileTarget(filepath.Join(bad, "apiDefinition.swagger.json"))
	if got := lintReadmeRules(t, lone, "certification", nil); len(got) != 0 {
		t.Errorf("a lone definition: got %q, want nothing", got)
	}
	src, err := os.ReadFile(filepath.Join(bad, "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	stdin := connector.FileTarget("<stdin>")
	if got := lintReadmeRules(t, stdin, "certification", map[string][]byte{"<stdin>": src}); len(got) != 0 {
		t.Errorf("standard input: got %q, want nothing", got)
	}
}

// TestReadmeHostile: the readme is read only as a regular file of the
// folder, within a size bound, never through a symbolic link that leaves
// the folder, and none of its bytes reach a message.
func TestReadmeHostile(t *testing.T) {
	def, err := os.ReadFile(filepath.Join("..", "testdata", "rules", "readme-present", "good", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	folder := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), def, 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	target := func(t *testing.T, dir string) connector.Target {
		targets, err := connector.Discover([]string{dir})
		if err != nil || len(targets) != 1 {
			t.Fatalf("Discover(%s) = %v, %v", dir, targets, err)
		}
		return targets[0]
	}
	hostile := "# Contoso \x1b[31m\n##vso[task.setvariable variable=x]y\n## \x1b]8;;https://evil\x07Prereq\n"

	t.Run("link out of the folder", func(t *testing.T) {
		outside := filepath.Join(t.TempDir(), "notes.md")
		if err := os.WriteFile(outside, []byte(hostile), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := folder(t)
		if err := os.Symlink(outside, filepath.Join(dir, "README.md")); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		got := lintReadmeRules(t, target(t, dir), "certification", nil)
		if len(got) != 1 || !strings.HasPrefix(got[0], "readme-present: 'README.md' is a symbolic link that leaves the connector folder") {
			t.Errorf("got %q, want only readme-present's link finding", got)
		}
	})
	t.Run("link inside the folder", func(t *testing.T) {
		dir := folder(t)
		if err := os.WriteFile(filepath.Join(dir, "notes.md"), []byte("## Prerequisites\n## Supported Operations\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("notes.md", filepath.Join(dir, "readme.md")); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		if got := lintReadmeRules(t, target(t, dir), "certification", nil); len(got) != 0 {
			t.Errorf("got %q, want nothing", got)
		}
	})
	t.Run("too large", func(t *testing.T) {
		dir := folder(t)
		big := strings.Repeat("## Prerequisites\n", readmeMaxBytes/10)
		if err := os.WriteFile(filepath.Join(dir, "readme.md"), []byte(big), 0o600); err != nil {
			t.Fatal(err)
		}
		got := lintReadmeRules(t, target(t, dir), "certification", nil)
		if len(got) != 1 || !strings.Contains(got[0], "larger than 1 MiB") {
			t.Errorf("got %q, want one 'larger than 1 MiB' finding", got)
		}
	})
	t.Run("hostile text", func(t *testing.T) {
		dir := folder(t)
		if err := os.WriteFile(filepath.Join(dir, "readme.md"), []byte(hostile), 0o600); err != nil {
			t.Fatal(err)
		}
		got := lintReadmeRules(t, target(t, dir), "certification", nil)
		if len(got) != 1 || !strings.HasPrefix(got[0], "readme-headings: the readme has no 'Prerequisites' and 'Supported Operations' headings") {
			t.Errorf("got %q, want readme-headings for both headings", got)
		}
		for _, m := range got {
			if strings.ContainsAny(m, "\x1b\x07\n") || strings.Contains(m, "##vso[") {
				t.Errorf("the message carries the readme's bytes: %q", m)
			}
		}
	})
}

// TestMarkdownHeadings: what counts as a heading of the readme, and how
// its text is compared.
func TestMarkdownHeadings(t *testing.T) {
	for _, c := range []struct {
		name, src string
		missing   []string
	}{
		{"template", "# T\n## Publisher: X\n## Prerequisites\n## Supported Operations\n### Op 1\n", nil},
		{"any level and case", "###### PREREQUISITES\n# supported operations\n", nil},
		{"closing hashes", "## Prerequisites ##\n## Supported Operations #####\n", nil},
		{"setext", "Prerequisites\n=====\n\nSupported Operations\n-\n", nil},
		{"numbered, emphasis, colon", "## 2) __Pre-Requisites__:\n## `Supported Triggers`: two\n", nil},
		{"no-break space and zero-width space", "##\u00a0Prerequisites\u200b\n## Actions\n", nil},
		{"actions and triggers", "## Prerequisites\n## Actions and triggers\n", nil},
		{"BOM and CRLF", "\uFEFF## Prerequisites\r\n## Supported Operations\r\n", nil},
		{"no space after #", "#Prerequisites\n##Supported Operations\n", []string{"Prerequisites", "Supported Operations"}},
		{"seven hashes", "####### Prerequisites\n## Supported Operations\n", []string{"Prerequisites"}},
		{"indented four spaces", "    ## Prerequisites\n## Supported Operations\n", []string{"Prerequisites"}},
		{"in a code block", "```\n## Prerequisites\n```\n## Supported Operations\n", []string{"Prerequisites"}},
		{"in a tilde block", "~~~~\n## Prerequisites\n~~~\n## Supported Operations\n~~~~\n", []string{"Prerequisites", "Supported Operations"}},
		{"inline code is no fence", "```x```\n## Prerequisites\n## Supported Operations\n", nil},
		{"a thematic break after a blank line", "Prerequisites\n\n---\n## Supported Operations\n", []string{"Prerequisites"}},
		{"a word, not the heading", "## Operations list\n## Requisites\n", []string{"Prerequisites", "Supported Operations"}},
		{"empty", "", []string{"Prerequisites", "Supported Operations"}},
	} {
		if got := readmeMissing([]byte(c.src)); !slices.Equal(got, c.missing) {
			t.Errorf("%s: missing %q, want %q", c.name, got, c.missing)
		}
	}
}
