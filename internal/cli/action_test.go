package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// actionFile is what the tests read of action.yml.
type actionFile struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name string            `yaml:"name"`
			ID   string            `yaml:"id"`
			If   string            `yaml:"if"`
			Env  map[string]string `yaml:"env"`
			Run  string            `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// TestActionDiffMode runs the shell of action.yml's diff steps, as the
// runner would, in a git repository of the test's: ppconn is this test
// binary, gh a script that records its arguments. The report reaches the
// job summary, the breaking change the step's exit-code output, and the
// sticky comment is updated, not posted again.
func TestActionDiffMode(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action actionFile
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Inputs["mode"].Default != "lint" || action.Inputs["diff-fail-on"].Default != "breaking" {
		t.Errorf("mode should default to lint and diff-fail-on to breaking: %+v", action.Inputs)
	}
	steps := map[string]string{}
	for _, s := range action.Runs.Steps {
		if strings.Contains(s.If, "inputs.mode == 'diff'") {
			steps[s.Name] = s.Run
		}
	}
	diffRun, commentRun := steps["Diff"], steps["Comment on the pull request"]
	if diffRun == "" || commentRun == "" || steps["Fail on breaking changes"] == "" {
		t.Fatalf("action.yml lacks the diff steps: %v", steps)
	}

	r := newGitRepo(t)
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "    ", nil))
	r.commit("base")
	r.git("branch", "base")
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "  ", func(v map[string]any) {
		delete(v["paths"].(map[string]any), "/items/{id}")
	}))
	r.write("README.md", "# connectors\n")
	r.commit("pull request")

	tmp := t.TempDir()
	bin := helperBin(t, tmp)
	ghLog := filepath.Join(tmp, "gh.log")
	ciWriteFile(t, filepath.Join(bin, "gh"), "#!/bin/sh\necho \"$*\" >> '"+ghLog+"'\ncase \"$*\" in *--jq*) echo 4711 ;; esac\n")
	if err := os.Chmod(filepath.Join(bin, "gh"), 0o755); err != nil {
		t.Fatal(err)
	}
	output, summary := filepath.Join(tmp, "output"), filepath.Join(tmp, "summary.md")
	env := append(append([]string(nil), r.env...), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_REPOSITORY=acme/connectors",
		"DIFF_PATH=.", "DIFF_BASE=base", "DIFF_FAIL_ON=breaking", "DIFF_ARGS=")
	out, err := ciCommand(t, r.dir, env, "bash", "-e", "-c", diffRun)
	if err != nil {
		t.Fatalf("the Diff step failed: %v\n%s", err, out)
	}
	if !strings.Contains(out, "::error file=connectors/acme/apiDefinition.swagger.json,line=") || !strings.Contains(out, "operation DeleteItem (DELETE /items/{id}) removed") {
		t.Errorf("the log should annotate the breaking change:\n%s", out)
	}
	outputs, _ := os.ReadFile(output)
	sum, _ := os.ReadFile(summary)
	if !strings.Contains(string(outputs), "exit-code=1\n") || !strings.Contains(string(outputs), "report-file="+filepath.Join(tmp, "ppconn-diff.md")) {
		t.Errorf("outputs: %s", outputs)
	}
	if !strings.HasPrefix(string(sum), CommentMarker) || !strings.Contains(string(sum), "DeleteItem") || strings.Contains(string(sum), "README") {
		t.Errorf("job summary:\n%s", sum)
	}

	env = append(env, "GH_TOKEN=x", "PR=12", "REPORT="+filepath.Join(tmp, "ppconn-diff.md"))
	if out, err := ciCommand(t, r.dir, env, "bash", "-e", "-c", commentRun); err != nil {
		t.Fatalf("the comment step failed: %v\n%s", err, out)
	}
	calls, _ := os.ReadFile(ghLog)
	lines := strings.Split(strings.TrimSpace(string(calls)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "repos/acme/connectors/issues/12/comments") || !strings.Contains(lines[0], CommentMarker) ||
		lines[1] != "api -X PATCH repos/acme/connectors/issues/comments/4711 -F body=@"+filepath.Join(tmp, "ppconn-comment.md") {
		t.Errorf("gh should find the marked comment and update it:\n%s", calls)
	}
	body, _ := os.ReadFile(filepath.Join(tmp, "ppconn-comment.md"))
	if string(body) != string(sum) {
		t.Error("the comment's body should be the report")
	}
}
