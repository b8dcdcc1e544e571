package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// azureSteps flattens the steps of an Azure Pipelines template: the items
// of a "${{ if ... }}:" entry are steps too.
func azureSteps(items []map[string]any) []map[string]any {
	var out []map[string]any
	for _, it := range items {
		cond := false
		for k, v := range it {
			if !strings.HasPrefix(k, "${{") {
				continue
			}
			cond = true
			list, _ := v.([]any)
			var sub []map[string]any
			for _, s := range list {
				if m, ok := s.(map[string]any); ok {
					sub = append(sub, m)
				}
			}
			out = append(out, azureSteps(sub)...)
		}
		if !cond {
			out = append(out, it)
		}
	}
	return out
}

// TestAzurePipelinesTemplate parses ci/azure-pipelines/ppconn.yml, checks
// that it publishes JUnit and SARIF, and runs its lint and diff scripts as
// an agent would (ppconn is this test binary) in a git repository of the
// test's: the reports are written where the publishing tasks look, the
// diff uploads its summary and fails on the breaking change.
func TestAzurePipelinesTemplate(t *testing.T) {
	data, err := os.ReadFile("../../ci/azure-pipelines/ppconn.yml")
	if err != nil {
		t.Fatal(err)
	}
	var tpl struct {
		Parameters []struct {
			Name    string `yaml:"name"`
			Type    string `yaml:"type"`
			Default any    `yaml:"default"`
		} `yaml:"parameters"`
		Steps []map[string]any `yaml:"steps"`
	}
	if err := yaml.Unmarshal(data, &tpl); err != nil {
		t.Fatalf("the template is not YAML: %v", err)
	}
	params := map[string]any{}
	for _, p := range tpl.Parameters {
		if p.Type == "" {
			p.Type = "string"
		}
		params[p.Name] = p.Default
	}
	for _, want := range []string{"path", "profile", "failOn", "diff", "diffFailOn", "baseBranch", "install"} {
		if _, ok := params[want]; !ok {
			t.Errorf("the template lacks the parameter %q", want)
		}
	}
	scripts := map[string]map[string]any{}
	tasks := map[string]map[string]any{}
	for _, s := range azureSteps(tpl.Steps) {
		name, _ := s["displayName"].(string)
		if _, ok := s["bash"]; ok {
			scripts[name] = s
		}
		if task, ok := s["task"].(string); ok {
			inputs, _ := s["inputs"].(map[string]any)
			tasks[task] = inputs
		}
	}
	junit := tasks["PublishTestResults@2"]
	if junit["testResultsFormat"] != "JUnit" || junit["testResultsFiles"] != "$(Agent.TempDirectory)/ppconn/ppconn-junit.xml" {
		t.Errorf("PublishTestResults: %v", junit)
	}
	sarif := tasks["PublishPipelineArtifact@1"]
	if sarif["artifact"] != "CodeAnalysisLogs" || sarif["targetPath"] != "$(Agent.TempDirectory)/ppconn/sarif" {
		t.Errorf("the SARIF artifact: %v", sarif)
	}
	lintStep, diffStep := scripts["ppconn lint"], scripts["ppconn diff"]
	if lintStep == nil || diffStep == nil {
		t.Fatalf("the template lacks the ppconn lint or ppconn diff step: %v", scripts)
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}

	r := newGitRepo(t)
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "    ", nil))
	r.commit("base")
	r.git("checkout", "-q", "-b", "topic")
	r.write("connectors/acme/apiDefinition.swagger.json", reindent(t, gitDef, "    ", func(v map[string]any) {
		delete(v["paths"].(map[string]any), "/items/{id}")
	}))
	r.commit("pull request")
	r.git("remote", "add", "origin", r.dir) // the agent's checkout has an origin

	tmp := t.TempDir()
	bin := helperBin(t, tmp)
	env := append(append([]string(nil), r.env...), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"AGENT_TEMPDIRECTORY="+tmp, "SYSTEM_PULLREQUEST_TARGETBRANCH=refs/heads/main")
	stepEnv := func(step map[string]any) []string {
		e := append([]string(nil), env...)
		vars, _ := step["env"].(map[string]any)
		for k, v := range vars {
			s, _ := v.(string)
			// ${{ parameters.X }}: the parameter's default
			if name, ok := strings.CutPrefix(s, "${{ parameters."); ok {
				s = strings.TrimSpace(strings.TrimSuffix(name, "}}"))
				if p := params[s]; p != nil {
					s = fmt.Sprint(p)
				} else {
					s = ""
				}
			}
			e = append(e, k+"="+s)
		}
		return e
	}

	out, err := ciCommand(t, r.dir, stepEnv(lintStep), "bash", "-e", "-c", lintStep["bash"].(string))
	if err != nil {
		t.Logf("lint exits 1 on the fixture's warnings only with failOn warning: %v", err)
	}
	if !strings.Contains(out, "##vso[task.logissue type=warning;sourcepath=connectors/acme/apiDefinition.swagger.json") {
		t.Errorf("the lint step should annotate with logging commands:\n%s", out)
	}
	for _, f := range []string{"ppconn/ppconn-junit.xml", "ppconn/sarif/ppconn.sarif"} {
		if b, err := os.ReadFile(filepath.Join(tmp, f)); err != nil || len(b) == 0 {
			t.Errorf("the lint step should write %s: %v", f, err)
		}
	}

	out, err = ciCommand(t, r.dir, stepEnv(diffStep), "bash", "-e", "-c", diffStep["bash"].(string))
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("the diff step should fail (exit 1) on the removed operation: %v\n%s", err, out)
	}
	report := filepath.Join(tmp, "ppconn", "ppconn-diff.md")
	for _, want := range []string{"##vso[task.logissue type=error;sourcepath=connectors/acme/apiDefinition.swagger.json;linenumber=", "operation DeleteItem (DELETE /items/{id}) removed", "##vso[task.uploadsummary]" + report, "##vso[task.logissue type=error]ppconn diff"} {
		if !strings.Contains(out, want) {
			t.Errorf("the diff step's log lacks %q:\n%s", want, out)
		}
	}
	if md, _ := os.ReadFile(report); !strings.Contains(string(md), "DeleteItem") {
		t.Errorf("the summary file:\n%s", md)
	}
}
