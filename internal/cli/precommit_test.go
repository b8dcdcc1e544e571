package cli

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestPreCommitEndToEnd runs the real pre-commit on a temporary git
// repository that holds a connector, with the hooks of
// .pre-commit-hooks.yaml taken from a committed copy of this working tree
// (language: golang: pre-commit builds ppconn with `go install ./...`,
// offline, from the module cache). It skips when pre-commit or git is
// missing: apt-get install -y pre-commit.
func TestPreCommitEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the pre-commit end-to-end test")
	}
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install -y pre-commit git); skipping the pre-commit end-to-end test", tool)
		}
	}
	repoRoot := sharedtest.RepoRoot(t)
	tmp := t.TempDir()
	env := ciPreCommitEnv(t, tmp)

	// The hook repository: this working tree, committed.
	hooks := filepath.Join(tmp, "hooks")
	ciCopyTree(t, repoRoot, hooks)
	ciGit(t, hooks, env, "init", "-q")
	ciGit(t, hooks, env, "add", "-A")
	ciGit(t, hooks, env, "commit", "-q", "-m", "hooks under test")
	rev := strings.TrimSpace(ciGit(t, hooks, env, "rev-parse", "HEAD"))

	if out, err := ciCommand(t, hooks, env, "pre-commit", "validate-manifest", ".pre-commit-hooks.yaml"); err != nil {
		t.Fatalf("pre-commit validate-manifest: %v\n%s", err, out)
	}

	// The project: a connector with an import error.
	proj := filepath.Join(tmp, "project")
	conn := filepath.Join(proj, "connectors", "contoso")
	ciCopyTree(t, filepath.Join(repoRoot, "testdata", "ci", "connector"), conn)
	ciWriteFile(t, filepath.Join(proj, ".pre-commit-config.yaml"), `repos:
  - repo: `+hooks+`
    rev: `+rev+`
    hooks:
      - id: ppconn-lint
      - id: ppconn-fmt
      - id: ppconn-fix
      - id: ppconn-diff
`)
	ciGit(t, proj, env, "init", "-q")
	ciGit(t, proj, env, "add", "-A")
	if out, err := ciCommand(t, proj, env, "pre-commit", "validate-config"); err != nil {
		t.Fatalf("pre-commit validate-config: %v\n%s", err, out)
	}

	start := time.Now()
	out, err := ciCommand(t, proj, env, "pre-commit", "run", "ppconn-lint", "--all-files")
	t.Logf("pre-commit run (building ppconn included) took %s", time.Since(start).Round(time.Second))
	if err == nil || !strings.Contains(out, "ppconn lint") || !strings.Contains(out, "Failed") ||
		!strings.Contains(out, "connectors/contoso/apiDefinition.swagger.json:121:5: error no-unknown-keywords") {
		t.Fatalf("pre-commit must fail on the import error: %v\n%s", err, out)
	}

	// Only apiProperties.json changed: the whole connector is linted.
	out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-lint", "--files", "connectors/contoso/apiProperties.json")
	if err == nil || !strings.Contains(out, "apiDefinition.swagger.json:121:5: error no-unknown-keywords") {
		t.Errorf("a change to apiProperties.json must lint its connector: %v\n%s", err, out)
	}

	// Fixed: warnings alone pass (--fail-on error by default).
	swagger := filepath.Join(conn, "apiDefinition.swagger.json")
	src, readErr := os.ReadFile(swagger)
	if readErr != nil {
		t.Fatal(readErr)
	}
	ciWriteFile(t, swagger, strings.Replace(string(src), "    },\n    \"securityDefinitions\": {}\n  },", "    }\n  },", 1))
	ciGit(t, proj, env, "add", "-A")
	out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-lint", "--all-files")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Errorf("pre-commit must pass once the error is fixed: %v\n%s", err, out)
	}

	// ppconn-fmt: the fixture is indented by 2 spaces, not 4.
	out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-fmt", "--all-files")
	if err == nil || !strings.Contains(out, "ppconn fmt --check") || !strings.Contains(out, "apiDefinition.swagger.json") {
		t.Errorf("ppconn-fmt must fail on a 2-space file and name it: %v\n%s", err, out)
	}

	// ppconn-fix: the fixture misspells x-ms-visibility; the hook fixes it
	// and fails, since it changed a file; the next run passes.
	out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-fix", "--all-files")
	if err == nil || !strings.Contains(out, "Failed") || !strings.Contains(out, "files were modified by this hook") {
		t.Errorf("ppconn-fix must fix the typo and fail: %v\n%s", err, out)
	}
	if src, _ := os.ReadFile(swagger); !strings.Contains(string(src), `"x-ms-visibility": "important"`) || strings.Contains(string(src), "x-ms-visibilty") {
		t.Errorf("ppconn-fix did not fix x-ms-visibilty:\n%s", src)
	}
	ciGit(t, proj, env, "add", "-A")
	if out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-fix", "--all-files"); err != nil || !strings.Contains(out, "Passed") {
		t.Errorf("ppconn-fix must pass once nothing is left to fix: %v\n%s", err, out)
	}

	// ppconn-diff: against origin/main, pushed to a bare "origin".
	ciGit(t, proj, env, "commit", "-q", "-m", "contoso")
	ciGit(t, tmp, env, "init", "-q", "--bare", "origin.git")
	ciGit(t, proj, env, "remote", "add", "origin", filepath.Join(tmp, "origin.git"))
	ciGit(t, proj, env, "push", "-q", "origin", "HEAD:main")
	ciGit(t, proj, env, "fetch", "-q", "origin")
	if out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-diff", "--all-files"); err != nil || !strings.Contains(out, "Passed") {
		t.Errorf("ppconn-diff must pass when nothing changed: %v\n%s", err, out)
	}
	src, _ = os.ReadFile(swagger)
	ciWriteFile(t, swagger, strings.Replace(string(src), `"operationId": "DeleteTeam"`, `"operationId": "RemoveTeam"`, 1))
	ciGit(t, proj, env, "add", "-A")
	out, err = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-diff", "--files", "connectors/contoso/apiDefinition.swagger.json")
	if err == nil || !strings.Contains(out, "Failed") || !strings.Contains(out, "git:origin/main:./connectors/contoso") || !strings.Contains(out, "1 breaking") {
		t.Errorf("ppconn-diff must fail on a renamed operationId: %v\n%s", err, out)
	}

	// A file the hook does not match is skipped.
	ciWriteFile(t, filepath.Join(proj, "README.md"), "# connectors\n")
	ciGit(t, proj, env, "add", "-A")
	out, _ = ciCommand(t, proj, env, "pre-commit", "run", "ppconn-lint", "--files", "README.md")
	if !strings.Contains(out, "Skipped") {
		t.Errorf("README.md must not run the hook:\n%s", out)
	}
}

// preCommitEnv is the environment of pre-commit and git: a private
// pre-commit cache, a git identity, and the Go settings that let pre-commit
// build ppconn offline from this machine's module cache (pre-commit sets
// GOPATH to its own folder, which would otherwise move the module cache).
func ciPreCommitEnv(t *testing.T, tmp string) []string {
	t.Helper()
	goenv := func(name string) string {
		out, err := exec.Command("go", "env", name).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOFLAGS", "GOMODCACHE", "GOCACHE", "GOPROXY", "GOTOOLCHAIN", "PRE_COMMIT_HOME", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-cache"),
		"PRE_COMMIT_COLOR=never",
		"GOMODCACHE="+goenv("GOMODCACHE"),
		"GOCACHE="+goenv("GOCACHE"),
		"GOPROXY="+goenv("GOPROXY"),
		"GOFLAGS="+strings.TrimSpace("-mod=mod "+goenv("GOFLAGS")),
		"GOTOOLCHAIN=local",
		"GIT_AUTHOR_NAME=ppconn test", "GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=ppconn test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1",
	)
}

func ciCommand(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func ciGit(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	out, err := ciCommand(t, dir, env, "git", append([]string{"-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// copyTree copies the files of src into dst, leaving out .git (a folder,
// or a worktree's file) and the
// files a build does not need to be fast (test data, docs).
func ciCopyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.Name() == ".git" && rel != "." {
			// In a git worktree .git is a file naming the main repository's
			// git dir: copied, it made the test's commits on the worktree's
			// own branch ("hooks under test").
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
