package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

var hookEntry = regexp.MustCompile(`(?m)^  entry: ppconn (lint .*)$`)

// TestPreCommitLintHookOutput: the ppconn-lint hooks of
// .pre-commit-hooks.yaml print the errors and warnings and the summary,
// with the infos only counted (nBold v5: 197 lines, not 543), run as
// pre-commit runs them: on the changed files, output to a pipe (#12 item 11).
func TestPreCommitLintHookOutput(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	entries := hookEntry.FindAllStringSubmatch(string(data), -1)
	if len(entries) < 2 {
		t.Fatalf("found %d ppconn lint hooks, want the golang and node ones", len(entries))
	}
	conn := filepath.Join(sharedtest.RepoRoot(t), "examples/teams-provisioning")
	if v5, ok := sharedtest.Optional(t, "nbold/v5"); ok {
		conn = v5
	}
	files := []string{filepath.Join(conn, "apiDefinition.swagger.json"), filepath.Join(conn, "apiProperties.json")}
	_, all, _ := run(append([]string{"lint", "--whole-connector"}, files...)...)
	if !strings.Contains(all, ": info ") {
		t.Fatalf("%s has no info findings: the test proves nothing", conn)
	}
	for _, e := range entries {
		args := append(strings.Fields(e[1]), files...)
		_, out, stderr := run(args...)
		if strings.Contains(out, ": info ") {
			t.Errorf("the hook %q lists infos:\n%.3000s", e[1], out)
		}
		if !strings.Contains(out, ": warning ") || !strings.Contains(out, "info not shown") || !strings.Contains(out, "\nrule ") {
			t.Errorf("the hook %q must list the warnings, then the rule summary counting the infos:\n%.3000s%s", e[1], out, stderr)
		}
		t.Logf("%s: %d lines (%d without the hook's flags)", e[1], strings.Count(out, "\n"), strings.Count(all, "\n"))
	}
}
