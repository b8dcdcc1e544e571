package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// twinPair is a connector folder with a YAML twin (the authored file, with
// comments) and the JSON twin generated from it, as nBold keeps them.
const twinPair = "../../testdata/twins/pair"

// editFile replaces old by new in the file, once; the test fails when old
// is not there.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiffComparesBothTwins is issue #12 item 1: an edit to the YAML twin
// alone is a change, reported in the YAML file; an edit made to both twins
// is one change naming both files.
func TestDiffComparesBothTwins(t *testing.T) {
	dir := copyDir(t, twinPair)
	yamlPath := filepath.Join(dir, "apiDefinition.swagger.yaml")
	editFile(t, yamlPath, "title: Contoso Planner", "title: Contoso Plans")

	code, out, stderr := run("diff", twinPair, dir)
	if code != ExitOK || strings.Contains(out, "No changes") {
		t.Fatalf("an edit to the YAML twin only: exit %d, want 0 and a change:\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "/info/title  (apiDefinition.swagger.yaml: OLD line 5, NEW line 5)") {
		t.Errorf("the change must say it is in the YAML twin:\n%s", out)
	}

	editFile(t, filepath.Join(dir, "apiDefinition.swagger.json"), `"title": "Contoso Planner"`, `"title": "Contoso Plans"`)
	_, out, _ = run("diff", twinPair, dir)
	if !strings.Contains(out, "1 change:") || !strings.Contains(out, "(apiDefinition.swagger.json: OLD line 4, NEW line 4; apiDefinition.swagger.yaml: OLD line 5, NEW line 5)") {
		t.Errorf("the same edit to both twins must be one change naming both files:\n%s", out)
	}

	_, out, _ = run("diff", "--format", "json", twinPair, dir)
	var rep struct {
		Changes []struct {
			New     struct{ File string } `json:"new"`
			TwinNew *struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"twinNew"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if len(rep.Changes) != 1 || rep.Changes[0].TwinNew == nil || filepath.Base(rep.Changes[0].TwinNew.File) != "apiDefinition.swagger.yaml" ||
		filepath.Base(rep.Changes[0].New.File) != "apiDefinition.swagger.json" {
		t.Errorf("json: want one change in the JSON twin with twinNew in the YAML one:\n%s", out)
	}
}

// TestDiffNboldYAMLTitle is the repro of issue #12 item 1 on nBold v5.
func TestDiffNboldYAMLTitle(t *testing.T) {
	v5 := sharedtest.Dir(t, "nbold/v5")
	dir := copyDir(t, v5)
	editFile(t, filepath.Join(dir, "apiDefinition.swagger.yaml"), "  title: nBold Collaborative Process Automation", "  title: nBold Process Automation")
	code, out, stderr := run("diff", v5, dir)
	if code != ExitOK || !strings.Contains(out, "1 change:") || !strings.Contains(out, "apiDefinition.swagger.yaml: OLD line") {
		t.Errorf("exit %d, want one change in apiDefinition.swagger.yaml:\n%s%s", code, out, stderr)
	}
}

// TestLintTwinFindingsOnce is issue #12 item 3: a finding both twins have
// is reported once, in the YAML twin (the authored file), with the JSON
// twin's place as a related location.
func TestLintTwinFindingsOnce(t *testing.T) {
	_, out, _ := run("lint", "--format", "json", twinPair)
	var rep struct {
		Findings []struct {
			File    string `json:"file"`
			Related []struct {
				File string `json:"file"`
				Twin bool   `json:"twin"`
			} `json:"related"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	merged := 0
	for _, f := range rep.Findings {
		if filepath.Base(f.File) == "apiDefinition.swagger.json" {
			t.Errorf("a finding of the JSON twin that the YAML twin has too is reported apart: %+v", f)
		}
		for _, r := range f.Related {
			if r.Twin && filepath.Base(r.File) == "apiDefinition.swagger.json" {
				merged++
			}
		}
	}
	if merged == 0 {
		t.Errorf("no finding names the JSON twin as its related twin:\n%s", out)
	}
}
