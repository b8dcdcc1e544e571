package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/golden"
	"github.com/ppconn/ppconn/rules"
)

// TestRuleDocsUpToDate fails when docs/rules is stale: the docs are
// generated from the rule metadata, as staticcheck's are.
func TestRuleDocsUpToDate(t *testing.T) {
	dir := "../../docs/rules"
	if *golden.Update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]bool{"README.md": true}
	var index bytes.Buffer
	if err := WriteRuleIndex(&index, rules.Registry().Rules()); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, filepath.Join(dir, "README.md"), index.String())
	for _, r := range rules.Registry().Rules() {
		var b bytes.Buffer
		if err := WriteRuleDoc(&b, r); err != nil {
			t.Fatal(err)
		}
		compareGolden(t, filepath.Join(dir, r.ID+".md"), b.String())
		want[r.ID+".md"] = true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			if *golden.Update {
				_ = os.Remove(filepath.Join(dir, e.Name()))
				continue
			}
			t.Errorf("docs/rules/%s belongs to no rule (run with -update)", e.Name())
		}
	}
}
