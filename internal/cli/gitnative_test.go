package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitHelperProcess is not a test: git runs the test binary as its
// textconv and external diff (GIT_EXTERNAL_DIFF), with PPCONN_GIT_HELPER
// set, and this runs the ppconn command line on the arguments after "--".
func TestGitHelperProcess(t *testing.T) {
	if os.Getenv("PPCONN_GIT_HELPER") != "1" {
		t.Skip("run by git in TestGitNative")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Run(args, os.Stdout, os.Stderr))
}

// gitRepo is a git repository created by a test, and the environment
// that runs its git without the user's or the system's configuration.
type gitRepo struct {
	t   *testing.T
	dir string
	env []string
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "GIT_") {
			env = append(env, kv)
		}
	}
	env = append(env, "GIT_CONFIG_GLOBAL="+os.DevNull, "GIT_CONFIG_NOSYSTEM=1", "PPCONN_GIT_HELPER=1", "NO_COLOR=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	r := &gitRepo{t: t, dir: dir, env: env}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *gitRepo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false", "-c", "core.pager=cat"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// enter makes the repository the current folder of the test, and the
// in-process git runs of ppconn read no user configuration.
func (r *gitRepo) enter() {
	r.t.Chdir(r.dir)
	r.t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	r.t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
}

func (r *gitRepo) write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *gitRepo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

// helperCommand is the shell command git runs to start ppconn: this test
// binary, in TestGitHelperProcess.
func helperCommand(t *testing.T, args ...string) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return "'" + exe + "' -test.run=^TestGitHelperProcess$ -- " + strings.Join(args, " ")
}

// helperBin makes a folder with a "ppconn" that runs this test binary in
// TestGitHelperProcess, for scripts that call ppconn (the CI templates).
func helperBin(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ciWriteFile(t, filepath.Join(bin, "ppconn"), "#!/bin/sh\nexec '"+exe+"' -test.run='^TestGitHelperProcess$' -- \"$@\"\n")
	if err := os.Chmod(filepath.Join(bin, "ppconn"), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// reindent re-indents a JSON definition (2 spaces, then 4: the same
// definition in other bytes), after edit has changed its value.
func reindent(t *testing.T, src string, indent string, edit func(map[string]any)) string {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(v)
	}
	out, err := json.MarshalIndent(v, "", indent)
	if err != nil {
		t.Fatal(err)
	}
	return string(out) + "\n"
}

const gitDef = `{"swagger": "2.0", "info": {"title": "Acme", "version": "1.0", "description": "Acme items."},
 "host": "api.acme.com", "basePath": "/", "schemes": ["https"],
 "paths": {"/items": {"get": {"operationId": "ListItems", "summary": "List items", "description": "Lists the items.",
   "parameters": [{"name": "top", "in": "query", "type": "integer", "description": "How many."}],
   "responses": {"200": {"description": "OK"}}}},
  "/items/{id}": {"delete": {"operationId": "DeleteItem", "summary": "Delete an item", "description": "Deletes one.",
   "parameters": [{"name": "id", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "single"}],
   "responses": {"200": {"description": "OK"}}}}}}`

// TestGitNative runs git itself on a repository of the test's: textconv
// makes a re-indent invisible to a plain git diff, the external driver
// prints the impact report, and ppconn log lists commits with counts.
func TestGitNative(t *testing.T) {
	r := newGitRepo(t)
	def := "acme/apiDefinition.swagger.json"
	r.write(def, reindent(t, gitDef, "  ", nil))
	r.write(".gitattributes", "*.swagger.json diff=ppconn\n")
	r.commit("v1: import Acme")
	r.git("config", "diff.ppconn.textconv", helperCommand(t, "textconv"))

	// A re-indent: the raw diff touches every line, textconv's none.
	r.write(def, reindent(t, gitDef, "    ", nil))
	if raw := r.git("diff", "--no-textconv", "--", def); !strings.Contains(raw, `-  "host": "api.acme.com",`) {
		t.Fatalf("the re-indent should show without textconv:\n%s", raw)
	}
	if got := r.git("diff", "--", def); got != "" {
		t.Errorf("with textconv, a re-indent must show nothing:\n%s", got)
	}
	r.commit("re-indent")

	// A real change among the re-indent: only it shows.
	r.write(def, reindent(t, gitDef, "  ", func(v map[string]any) { v["host"] = "api.acme.io" }))
	got := r.git("diff", "--", def)
	var changed []string
	for _, l := range strings.Split(got, "\n") {
		if (strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-")) && !strings.HasPrefix(l, "+++") && !strings.HasPrefix(l, "---") {
			changed = append(changed, l)
		}
	}
	if strings.Join(changed, "|") != "-host: api.acme.com|+host: api.acme.io" {
		t.Errorf("with textconv, only the host should change, got %q\n%s", changed, got)
	}

	// The external diff driver: the impact report instead of a line diff.
	r.env = append(r.env, "GIT_EXTERNAL_DIFF="+helperCommand(t, "diff"))
	got = r.git("diff", "--ext-diff", "--", def)
	for _, want := range []string{"ppconn diff a/" + def + " b/" + def, "breaking modified /host", "1 change: 1 breaking, 0 warnings, 0 safe"} {
		if !strings.Contains(got, want) {
			t.Errorf("GIT_EXTERNAL_DIFF: no %q in\n%s", want, got)
		}
	}
	r.commit("move to api.acme.io")

	// An operation removed, and a new file and a removed one.
	r.write(def, reindent(t, gitDef, "  ", func(v map[string]any) {
		v["host"] = "api.acme.io"
		delete(v["paths"].(map[string]any), "/items/{id}")
	}))
	r.write("other/apiDefinition.swagger.json", gitDef)
	r.write("README.md", "# connectors\n")
	r.commit("drop DeleteItem")
	got = r.git("diff", "--ext-diff", "HEAD~1", "HEAD")
	for _, want := range []string{"operation DeleteItem (DELETE /items/{id}) removed", "ppconn diff a/other/apiDefinition.swagger.json", "A new file: nothing to compare it with.", "+# connectors"} {
		if !strings.Contains(got, want) {
			t.Errorf("git diff --ext-diff HEAD~1 HEAD: no %q in\n%s", want, got)
		}
	}

	// ppconn log: one line per commit that touched the connector, newest first.
	r.enter()
	code, out, errOut := run("log", "acme")
	if code != ExitOK {
		t.Fatalf("log: exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	wants := []string{"1 breaking, 0 warnings, 0 safe", "1 breaking, 0 warnings, 0 safe", "no change", "added"}
	subjects := []string{"drop DeleteItem", "move to api.acme.io", "re-indent", "v1: import Acme"}
	if len(lines) != len(wants) {
		t.Fatalf("log: want %d lines, got\n%s", len(wants), out)
	}
	for i, l := range lines {
		if !strings.Contains(l, wants[i]) || !strings.HasSuffix(l, subjects[i]) {
			t.Errorf("log line %d: want %q and %q, got %q", i, wants[i], subjects[i], l)
		}
	}
	code, out, _ = run("log", "-p", "-n", "1", "acme/apiDefinition.swagger.json")
	if code != ExitOK || strings.Count(out, "drop DeleteItem") != 1 || !strings.Contains(out, "operation DeleteItem (DELETE /items/{id}) removed") || strings.Contains(out, "re-indent") {
		t.Errorf("log -p -n 1: exit %d\n%s", code, out)
	}
	if code, _, errOut := run("log", "nope/"); code != ExitOK || !strings.Contains(errOut, "no commit changed") {
		t.Errorf("log of a path no commit touched: exit %d, %s", code, errOut)
	}
}

// TestGitNativeHostile: a commit subject with a terminal escape and a CI
// command reaches log's output escaped.
func TestGitNativeHostile(t *testing.T) {
	r := newGitRepo(t)
	r.write("acme/apiDefinition.swagger.json", gitDef)
	r.commit("::error::pwned \x1b[2J")
	r.enter()
	code, out, _ := run("log", "acme")
	if code != ExitOK || strings.Contains(out, "\x1b") || strings.Contains(out, "\n::error") || strings.HasPrefix(out, "::") {
		t.Errorf("log must escape the subject: %q", out)
	}
}

func TestTextconv(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.swagger.json"), filepath.Join(dir, "b.swagger.json")
	if err := os.WriteFile(a, []byte(reindent(t, gitDef, "", nil)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(reindent(t, gitDef, "\t", nil)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, outA, _ := run("textconv", a)
	code, outB, _ := run("textconv", b)
	if code != ExitOK || outA != outB || !strings.Contains(outA, "host: api.acme.com\n") {
		t.Errorf("textconv: two layouts of one definition must give one text; exit %d\n%s\n---\n%s", code, outA, outB)
	}
	// A file that does not parse is printed as it is, for git to show.
	if err := os.WriteFile(a, []byte("{\"swagger\": \"2.0\", \x1b]8;;x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run("textconv", a)
	if code != ExitOK || !strings.Contains(out, `"swagger": "2.0"`) || strings.Contains(out, "\x1b") || !strings.Contains(errOut, "note:") {
		t.Errorf("textconv of a broken file: exit %d %q %q", code, out, errOut)
	}
}
