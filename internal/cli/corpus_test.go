package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// TestLintCorpus lints the 663 real connectors: no crash and no internal
// error in any rule, exit 0 or 1, every finding located, exactly one
// syntax finding per invalid file, and the same output whatever --jobs is.
func TestLintCorpus(t *testing.T) {
	dir := sharedtest.Dir(t, "corpus/connectors")
	code, out, stderr := run("lint", "--format", "json", "--jobs", "2", dir)
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary["connectors"] != 663 {
		t.Errorf("linted %d connectors, want 663", rep.Summary["connectors"])
	}
	syntax := map[string]int{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Message, "internal error") {
			t.Errorf("%s:%d: %s", f.File, f.Line, f.Message)
		}
		if f.Line < 1 || f.Column < 1 {
			t.Errorf("unlocated finding %+v", f)
		}
		if f.Rule == "syntax-error" {
			syntax[f.File]++
		}
	}
	if len(syntax) != 12 {
		t.Errorf("%d files with syntax findings, want 12: %v", len(syntax), syntax)
	}
	for file, n := range syntax {
		if n != 1 {
			t.Errorf("%s: %d syntax findings, want 1", file, n)
		}
	}
	_, serial, _ := run("lint", "--format", "json", "--jobs", "1", dir)
	if serial != out {
		t.Error("output with --jobs 1 differs from --jobs 2")
	}
}
