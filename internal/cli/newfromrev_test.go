package cli

import (
	"strings"
	"testing"
)

// TestLintNewFromRev lints in a git repository of the test's: findings the
// files had in REV are not reported, whatever the re-indent, and only what
// the change added fails the run.
func TestLintNewFromRev(t *testing.T) {
	r := newGitRepo(t)
	r.write("acme/apiDefinition.swagger.json", reindent(t, gitDef, "  ", nil))
	r.commit("v1")
	r.enter()

	code, out, _ := run("lint", "--no-config", "acme")
	if code != ExitOK || !strings.Contains(out, "info-contact-required") {
		t.Fatalf("the fixture should have warnings of its own: exit %d\n%s", code, out)
	}
	// Unchanged: nothing is new.
	code, out, errOut := run("lint", "--no-config", "--new-from-rev", "HEAD", "acme")
	if code != ExitOK || strings.Contains(out, "warning") || !strings.Contains(errOut, "findings the files already had in HEAD") {
		t.Errorf("nothing changed: exit %d\n%s\n%s", code, out, errOut)
	}
	// Re-indented, with an unknown keyword added: only that is reported.
	r.write("acme/apiDefinition.swagger.json", reindent(t, gitDef, "    ", func(v map[string]any) {
		v["paths"].(map[string]any)["/items"].(map[string]any)["get"].(map[string]any)["x-bogus-keyword"] = true
		v["paths"].(map[string]any)["/items"].(map[string]any)["get"].(map[string]any)["summrary"] = "typo"
	}))
	code, out, errOut = run("lint", "--no-config", "--new-from-rev", "HEAD", "acme")
	if code != ExitFindings || !strings.Contains(out, "no-unknown-keywords") || strings.Contains(out, "info-contact-required") {
		t.Errorf("the added keyword alone should be reported and fail: exit %d\n%s\n%s", code, out, errOut)
	}
	// A connector that REV does not have: everything in it is new.
	r.write("other/apiDefinition.swagger.json", gitDef)
	code, out, _ = run("lint", "--no-config", "--fail-on", "warning", "--new-from-rev", "HEAD", "other")
	if code != ExitFindings || !strings.Contains(out, "info-contact-required") {
		t.Errorf("a new connector's findings are all new: exit %d\n%s", code, out)
	}
	if code, _, errOut := run("lint", "--new-from-rev", "no-such-rev", "acme"); code != ExitUsage || !strings.Contains(errOut, "no-such-rev") {
		t.Errorf("a bad REV is a usage error: exit %d %s", code, errOut)
	}
}
