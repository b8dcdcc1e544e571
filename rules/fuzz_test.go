package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// FuzzLint runs every rule on arbitrary definitions: no rule may crash
// (the engine turns a panic into an "internal error" finding, which this
// target treats as a failure) and every finding must be located.
func FuzzLint(f *testing.F) {
	files, _ := filepath.Glob("../testdata/rules/*/*/apiDefinition.swagger.json")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 32<<10 {
			f.Add(b)
		}
	}
	cfg := &lint.Config{Registry: Registry(), Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc := &connector.Document{Path: "apiDefinition.swagger.json", Size: int64(len(src))}
		connector.Parse(doc, src, connector.Limits{MaxBytes: 1 << 20, MaxDepth: 64, MaxAliasNodes: 1000})
		pkg := &connector.Package{Swaggers: []*connector.Document{doc}}
		for _, fd := range lint.LintPackage(pkg, cfg) {
			if strings.HasPrefix(fd.Message, "internal error") {
				t.Fatalf("%s: %s", fd.Rule, fd.Message)
			}
			if fd.Line < 1 || fd.Column < 1 {
				t.Fatalf("unlocated finding %+v", fd)
			}
		}
	})
}
