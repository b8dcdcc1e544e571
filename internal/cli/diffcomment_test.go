package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/golden"
)

// TestDiffCommentGolden is the body of the GitHub Action's sticky pull-
// request comment (action.yml, mode: diff): ppconn diff --against BASE
// --format markdown over the files a pull request changed, in a git
// repository of the test's. One connector breaks, one is new, a README is
// left out; the body starts with the marker the action finds it by.
func TestDiffCommentGolden(t *testing.T) {
	r := newGitRepo(t)
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "    ", nil))
	r.write("connectors/acme/apiProperties.json", `{"properties": {"publisher": "Acme", "stackOwner": "Acme"}}`+"\n")
	r.commit("base")
	r.git("branch", "base")
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "  ", func(v map[string]any) {
		paths := v["paths"].(map[string]any)
		delete(paths, "/items/{id}")
		get := paths["/items"].(map[string]any)["get"].(map[string]any)
		get["summary"] = "List all items | <b>now</b> @team"
		get["parameters"] = append(get["parameters"].([]any), map[string]any{"name": "filter", "in": "query", "type": "string", "required": true})
	}))
	r.write("connectors/beta/apiDefinition.swagger.json", gitDef)
	r.write("README.md", "# connectors\n")
	r.commit("pull request")
	changed := strings.Fields(r.git("diff", "--name-only", "base", "HEAD"))

	goldenPath, err := filepath.Abs(filepath.Join("..", "..", "testdata", "cli", "diff-comment.golden"))
	if err != nil {
		t.Fatal(err)
	}
	r.enter()
	code, out, errOut := run(append([]string{"diff", "--against", "base", "--format", "markdown", "--fail-on", "breaking", "--"}, changed...)...)
	if code != ExitFindings {
		t.Errorf("a breaking change must fail: exit %d\n%s", code, errOut)
	}
	if !strings.HasPrefix(out, CommentMarker+"\n") {
		t.Errorf("the body must start with %q, the action's marker", CommentMarker)
	}
	golden.Compare(t, goldenPath, []byte(out))

	// Acknowledged (acks' accept file, through --against): the gate passes.
	acme := "connectors/acme/apiDefinition.swagger.json"
	if code, _, errOut := run("diff", "--against", "base", "--write-accept", "accept.yaml", "--reason", "v2 drops DeleteItem, announced", "--", acme); code != ExitOK {
		t.Fatalf("--against --write-accept: exit %d\n%s", code, errOut)
	}
	code, out, errOut = run("diff", "--against", "base", "--accept", "accept.yaml", "--fail-on", "breaking", "--format", "markdown", "--", acme)
	if code != ExitOK || strings.Contains(out, "ppconn found changes at or above") {
		t.Errorf("acknowledged changes must not fail the gate: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := run("diff", "--against", "base", "--write-accept", "a.yaml", "--", "connectors/acme", "connectors/beta"); code != ExitUsage || !strings.Contains(errOut, "one PATH") {
		t.Errorf("--write-accept over two connectors: exit %d %s", code, errOut)
	}

	// Nothing changed: a short body that says so, exit 0.
	code, out, _ = run("diff", "--against", "HEAD", "--format", "markdown", "--fail-on", "breaking", "--", "README.md")
	if code != ExitOK || !strings.Contains(out, "No connector changed.") {
		t.Errorf("no connector changed: exit %d\n%s", code, out)
	}
	code, out, _ = run("diff", "--against", "HEAD", "--format", "markdown", "--")
	if code != ExitOK || !strings.Contains(out, "No connector changed.") {
		t.Errorf("no connector changed: exit %d\n%s", code, out)
	}
}
