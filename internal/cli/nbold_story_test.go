package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestNboldStory runs every command of docs/nbold.md, in its order and in
// one git sandbox as a user following it would: connectors/nbold holds
// nBold's v4, nbold-release its v5; without ../shared, the
// bundled example connector and a copy without one operation stand in.
// Beside "no usage error", it checks what the story says each step shows
// (#12 item 7).
func TestNboldStory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; the story reads git:HEAD:PATH")
	}
	root := sharedtest.RepoRoot(t)
	dir := filepath.Join(t.TempDir(), "repo")
	oldDir, newDir := filepath.Join(root, "examples/teams-provisioning"), ""
	if v4, ok := sharedtest.Optional(t, "nbold/v4"); ok {
		v5, _ := sharedtest.Optional(t, "nbold/v5")
		oldDir, newDir = v4, v5
	} else {
		t.Log("../shared/nbold is absent: the story runs on the bundled example connector")
	}
	copyTree(t, oldDir, filepath.Join(dir, "connectors/nbold"))
	if newDir != "" {
		copyTree(t, newDir, filepath.Join(dir, "nbold-release"))
	} else {
		copyTree(t, oldDir, filepath.Join(dir, "nbold-release"))
		edited := editedDefinition(t, filepath.Join(oldDir, "apiDefinition.swagger.json"))
		if err := os.WriteFile(filepath.Join(dir, "nbold-release/apiDefinition.swagger.json"), []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	t.Setenv("GIT_AUTHOR_NAME", "ppconn")
	t.Setenv("GIT_AUTHOR_EMAIL", "ppconn@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "ppconn")
	t.Setenv("GIT_COMMITTER_EMAIL", "ppconn@example.com")
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Chdir(dir)
	const appID = "11111111-2222-3333-4444-555555555555"
	t.Setenv("APP_ID", appID)

	steps := docExamples(t, filepath.Join(root, "docs/nbold.md"), "docs/nbold.md")
	if len(steps) < 8 {
		t.Fatalf("docs/nbold.md has %d commands: the story is missing", len(steps))
	}
	diffs := 0
	for _, step := range steps {
		invs := invocations(step.line)
		if len(invs) == 0 {
			word := strings.Fields(step.line)[0]
			if word != "cp" && word != "printf" && word != "git" {
				t.Errorf("docs/nbold.md: %q: a command the story test does not run", step.line)
				continue
			}
			if out, err := exec.Command("sh", "-c", step.line).CombinedOutput(); err != nil {
				t.Errorf("docs/nbold.md: %q: %v\n%s", step.line, err, out)
			}
			continue
		}
		for _, inv := range invs {
			code, stdout, stderr := runIn("", inv.args...)
			fail := func(what string) {
				t.Errorf("docs/nbold.md: %q: %s\nexit %d\nstdout:\n%.2000s\nstderr:\n%.2000s", step.line, what, code, stdout, stderr)
			}
			if code == ExitUsage {
				fail("a usage error")
				continue
			}
			switch strings.Join(inv.args[:2], " ") {
			case "auth aad":
				for _, want := range []string{"Redirect URIs", "Microsoft Graph delegated permissions", "Security tab"} {
					if !strings.Contains(stdout, want) {
						fail("the next steps do not say " + want)
					}
				}
			case "auth show":
				if !strings.Contains(stdout, appID) || !strings.Contains(stdout, "The files agree.") {
					fail("the Security tab values do not show the client id, or the files disagree")
				}
			case "diff git:HEAD:connectors/nbold":
				diffs++
				if !strings.Contains(stdout, "breaking") || !strings.Contains(stdout, "changes:") && !strings.Contains(stdout, "change:") {
					fail("the release's changes are not rated")
				}
				if diffs == 2 && strings.Contains(stdout, "clientId") {
					fail("after auth aad, the client id is still reported as changed")
				}
			case "convert connectors/nbold/apiDefinition.swagger.json":
				if !strings.HasPrefix(stdout, "swagger:") && !strings.Contains(stdout, "\nswagger:") {
					fail("no YAML to paste")
				}
			}
		}
	}
	if diffs != 2 {
		t.Errorf("the story ran %d diffs, want 2 (the release, then the folder after the copy)", diffs)
	}
}

// gitIn runs git in dir.
func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=ppconn", "-c", "user.email=ppconn@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
