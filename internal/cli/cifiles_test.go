package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/rules"
)

// lintFlagUse finds "ppconn lint ... --flag" and "args=(lint ... --flag"
// in the CI files, so that a renamed flag cannot break the recipes.
var (
	ciLintLine = regexp.MustCompile(`(?m)(?:ppconn lint|args=\(lint|args\+=\()[^\n]*`)
	ciLongFlag = regexp.MustCompile(`(?:^|[\s("])--([a-z][a-z-]*)`)
)

// TestCIFilesUseRealFlags: every lint flag that action.yml,
// .pre-commit-hooks.yaml and docs/ci.md use exists.
func TestCIFilesUseRealFlags(t *testing.T) {
	flags := newLintCmd().Flags()
	for _, path := range []string{"../../action.yml", "../../.pre-commit-hooks.yaml", "../../docs/ci.md", "../../ci/azure-pipelines/ppconn.yml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		uses := 0
		for _, line := range ciLintLine.FindAllString(string(data), -1) {
			for _, m := range ciLongFlag.FindAllStringSubmatch(line, -1) {
				uses++
				if m[1] != "" && flags.Lookup(m[1]) == nil {
					t.Errorf("%s uses ppconn lint --%s, which does not exist: %s", path, m[1], line)
				}
			}
		}
		if uses == 0 {
			t.Errorf("%s: no ppconn lint flags found; is the test still reading the right lines?", path)
		}
	}
	hooks, _ := os.ReadFile("../../.pre-commit-hooks.yaml")
	for _, id := range []string{"id: ppconn-lint", "id: ppconn-fmt", "id: ppconn-auth-check", "language: golang", "entry: ppconn fmt --check", "entry: ppconn auth aad --check", "id: ppconn-diff", "id: ppconn-fix", "id: ppconn-diff-node", "id: ppconn-fix-node"} {
		if !strings.Contains(string(hooks), id) {
			t.Errorf(".pre-commit-hooks.yaml lacks %q", id)
		}
	}
	action, _ := os.ReadFile("../../action.yml")
	for _, want := range []string{"using: composite", "github/codeql-action/upload-sarif", "go install"} {
		if !strings.Contains(string(action), want) {
			t.Errorf("action.yml lacks %q", want)
		}
	}
}

// ciDiffLine finds "ppconn diff ..." and "ppconn fix ..." in the CI files.
var ciDiffLine = regexp.MustCompile(`(?m)(?:ppconn |args=\()(diff|fix)\b[^\n]*`)

// TestCIFilesUseRealDiffFlags: every diff and fix flag that the CI files
// and docs use exists.
func TestCIFilesUseRealDiffFlags(t *testing.T) {
	cmds := map[string]interface{ Lookup(string) *pflag.Flag }{"diff": newDiffCmd().Flags(), "fix": newFixCmd().Flags()}
	uses := 0
	for _, path := range []string{"../../action.yml", "../../.pre-commit-hooks.yaml", "../../docs/ci.md", "../../ci/azure-pipelines/ppconn.yml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ciDiffLine.FindAllStringSubmatch(string(data), -1) {
			for _, f := range ciLongFlag.FindAllStringSubmatch(m[0], -1) {
				uses++
				if cmds[m[1]].Lookup(f[1]) == nil {
					t.Errorf("%s uses ppconn %s --%s, which does not exist: %s", path, m[1], f[1], m[0])
				}
			}
		}
	}
	if uses < 4 {
		t.Errorf("only %d diff and fix flags found; is the test still reading the right lines?", uses)
	}
}

// TestDocsConfigExample: the example .ppconn.yaml of docs/ci.md loads.
func TestDocsConfigExample(t *testing.T) {
	data, err := os.ReadFile("../../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## Configuration: .ppconn.yaml")
	if !ok {
		t.Fatal("docs/ci.md has no configuration section")
	}
	_, block, ok := strings.Cut(rest, "```yaml\n")
	if !ok {
		t.Fatal("the configuration section has no yaml example")
	}
	block, _, _ = strings.Cut(block, "```")
	cfg, err := config.Parse("docs/ci.md", []byte(block))
	if err == nil {
		err = cfg.Apply(rules.Registry(), &lint.Config{})
	}
	if err != nil {
		t.Errorf("the example configuration of docs/ci.md does not load:\n%v", err)
	}
}
