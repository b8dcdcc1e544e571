package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// plantedPath is the operation plantRemoval adds to before.json.
const plantedPath = `"/ppconn-planted": {"get": {"operationId": "PpconnPlanted", "responses": {"200": {"description": "ok"}}}}`

// pathsObject finds the top-level "paths" object's opening brace.
var pathsObject = regexp.MustCompile(`"paths"\s*:\s*\{`)

// plantRemoval writes before.json with one more operation, which after
// lacks: a breaking change no accept file written from the pair knows.
// The operation is inserted as bytes after the opening brace of "paths",
// so that the pairs ppconn reads but encoding/json refuses (comments,
// trailing commas, raw control characters) are planted too, every other
// byte as it was. It returns false when the file has no "paths" object.
func plantRemoval(t *testing.T, before, out string) bool {
	t.Helper()
	src, err := os.ReadFile(before)
	if err != nil {
		t.Fatal(err)
	}
	loc := pathsObject.FindIndex(src)
	if loc == nil {
		return false
	}
	insert := plantedPath
	if rest := bytes.TrimLeft(src[loc[1]:], " \t\r\n"); len(rest) > 0 && rest[0] != '}' {
		insert += ","
	}
	planted := append(append(append([]byte{}, src[:loc[1]]...), insert...), src[loc[1]:]...)
	if err := os.WriteFile(out, planted, 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

// TestDiffAcceptCorpusPairs: on every real pair, --write-accept (with a
// reason) then --accept exits 0 under --fail-on breaking, and a further
// breaking change (an operation removed) exits 1.
func TestDiffAcceptCorpusPairs(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/pairs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	pairs, withBreaking, entriesTotal, unplanted := 0, 0, 0, 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		before, after := filepath.Join(dir, e.Name(), "before.json"), filepath.Join(dir, e.Name(), "after.json")
		if _, err := os.Stat(before); err != nil {
			continue
		}
		pairs++
		accept := filepath.Join(tmp, e.Name()+".accept.yaml")
		code, _, stderr := run("diff", "--no-config", "--fail-on", "breaking", "--write-accept", accept, "--reason", "reviewed", before, after)
		if code != ExitOK {
			t.Errorf("%s: --write-accept exit %d: %s", e.Name(), code, stderr)
			continue
		}
		data, _ := os.ReadFile(accept)
		if n := strings.Count(string(data), "fingerprint: "); n > 0 {
			withBreaking++
			entriesTotal += n
		}
		if code, _, stderr := run("diff", "--no-config", "--fail-on", "breaking", "--accept", accept, before, after); code != ExitOK {
			t.Errorf("%s: --accept exit %d: %s", e.Name(), code, stderr)
		}
		planted := filepath.Join(tmp, e.Name()+".before.json")
		if !plantRemoval(t, before, planted) {
			unplanted++
			continue
		}
		if code, stdout, _ := run("diff", "--no-config", "--fail-on", "breaking", "--accept", accept, planted, after); code != ExitFindings || !strings.Contains(stdout, "PpconnPlanted") {
			t.Errorf("%s: a planted breaking change: exit %d, want 1 and PpconnPlanted named\n%s", e.Name(), code, stdout)
		}
	}
	t.Logf("%d pairs: %d with breaking changes, %d accept entries; --accept exits 0, a planted removal 1 (%d without a \"paths\" object, not planted)", pairs, withBreaking, entriesTotal, unplanted)
}

// TestDiffAcceptFile: an entry without a reason is not used, and said so;
// a stale entry is reported; diff.accept and diff.impact of .ppconn.yaml
// apply.
func TestDiffAcceptFile(t *testing.T) {
	tmp := t.TempDir()
	accept := filepath.Join(tmp, "accept.yaml")
	if code, _, stderr := run("diff", "--no-config", "--fail-on", "breaking", "--write-accept", accept, diffOld, diffNew); code != ExitFindings ||
		!strings.Contains(stderr, "no reason and are not used") {
		t.Fatalf("--write-accept without --reason: exit %d (want 1: the entries are not used), stderr %q", code, stderr)
	}
	data, err := os.ReadFile(accept)
	if err != nil {
		t.Fatal(err)
	}
	filled := strings.ReplaceAll(string(data), `reason: ""`, "reason: reviewed with the flow owners")
	if err := os.WriteFile(accept, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run("diff", "--no-config", "--fail-on", "breaking", "--accept", accept, diffOld, diffNew)
	if code != ExitOK || !strings.Contains(stdout, "acknowledged: reviewed with the flow owners") {
		t.Fatalf("--accept: exit %d\n%s", code, stdout)
	}
	// the same file against an update without those changes: stale
	code, stdout, stderr := run("diff", "--no-config", "--accept", accept, diffOld, diffOld)
	if code != ExitOK || !strings.Contains(stdout, "Stale acknowledgements") || !strings.Contains(stderr, "stale") {
		t.Fatalf("stale entries not reported: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// .ppconn.yaml: diff.accept beside it, and diff.impact
	cfgDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfgDir, "acks.yaml"), []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(cfgDir, ".ppconn.yaml")
	if err := os.WriteFile(cfg, []byte("diff:\n  accept: acks.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("diff", "--config", cfg, "--fail-on", "breaking", diffOld, diffNew); code != ExitOK {
		t.Fatalf("diff.accept: exit %d: %s", code, stderr)
	}
	_, stdout, _ = run("diff", "--no-config", "--format", "json", diffOld, diffNew)
	var rep struct {
		Changes []struct{ Impact, Rule string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	impacts := "diff:\n  impact:\n"
	for _, c := range rep.Changes {
		if c.Impact == "breaking" && !strings.Contains(impacts, " "+c.Rule+":") {
			impacts += "    " + c.Rule + ": warning\n"
		}
	}
	if err := os.WriteFile(cfg, []byte(impacts), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := run("diff", "--config", cfg, "--fail-on", "breaking", diffOld, diffNew); code != ExitOK || !strings.Contains(stdout, "by diff.impact") {
		t.Fatalf("diff.impact: exit %d: %s\n%s", code, stderr, stdout)
	}
	if code, _, _ := run("diff", "--config", cfg, "--fail-on", "warning", diffOld, diffNew); code != ExitFindings {
		t.Fatalf("diff.impact made them warnings, --fail-on warning must still fail: exit %d", code)
	}
	if err := os.WriteFile(cfg, []byte("diff:\n  impact:\n    no-such-row: safe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run("diff", "--config", cfg, diffOld, diffNew); code != ExitUsage || !strings.Contains(stderr, "no-such-row") {
		t.Fatalf("an unknown row: exit %d: %s", code, stderr)
	}
}

// TestDiffCIFormatGolden pins the CI formats on the small update, with
// one change acknowledged, one stale entry and one row made a warning by
// the configuration (testdata/diff/cli/ci.*), run from the repository
// root as CI runs it, so that paths are relative to the checkout.
func TestDiffCIFormatGolden(t *testing.T) {
	data, err := filepath.Abs(diffData)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	rel := "testdata/diff/cli"
	for _, format := range []string{"github", "azure", "sarif", "junit"} {
		code, out, _ := run("diff", "--config", rel+"/ci.ppconn.yaml", "--fail-on", "breaking", "--format", format, rel+"/old", rel+"/new")
		if code != ExitFindings {
			t.Errorf("%s: exit %d, want 1 (two breaking changes are not acknowledged)", format, code)
		}
		compareGolden(t, filepath.Join(data, "report."+format+".golden"), out)
	}
	// acknowledged and overridden, nothing fails: the same exit contract
	if code, _, _ := run("diff", "--config", rel+"/ci.ppconn.yaml", "--fail-on", "breaking", "--format", "sarif", rel+"/old", rel+"/old"); code != ExitOK {
		t.Errorf("no change: exit %d", code)
	}
}
