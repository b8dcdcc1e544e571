package fix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/fix"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/rules"
)

// manyFixes is a definition of ops operations with two path parameters
// each and no x-ms-url-encoding: 2×ops fixes of path-param-url-encoding.
func manyFixes(ops int) string {
	var b strings.Builder
	b.WriteString(`{"swagger": "2.0", "info": {"title": "Many", "version": "1"}, "host": "api.contoso.com", "paths": {`)
	for i := 0; i < ops; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `"/teams/{id}/x%d/{sub}": {"get": {"operationId": "Op%d", "summary": "Get %d", "parameters": [
  {"name": "id", "in": "path", "required": true, "type": "string"},
  {"name": "sub", "in": "path", "required": true, "type": "string"}],
  "responses": {"200": {"description": "OK", "schema": {"type": "string"}}}}}`, i, i, i)
	}
	b.WriteString("}}")
	return b.String()
}

// BenchmarkFixManyFindings: 6,000 fixes in one file (issue 19 item 8:
// before, planning the fixes and following pointers through the changes
// were quadratic in their number).
func BenchmarkFixManyFindings(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), []byte(manyFixes(3000)), 0o644); err != nil {
		b.Fatal(err)
	}
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	// Only the fixing rule: the fixes take the file over 1 MB, which the
	// size rules would (rightly) blame on them.
	var rule *lint.Rule
	for _, r := range rules.Registry().Rules() {
		if r.ID == "path-param-url-encoding" {
			rule = r
		}
	}
	reg, err := lint.NewRegistry(rule)
	if err != nil {
		b.Fatal(err)
	}
	cfg := &lint.Config{Registry: reg, Profile: lint.Profiles[0], Limits: connector.DefaultLimits}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := fix.Target(targets[0], cfg, fix.Options{Rules: []string{"path-param-url-encoding"}})
		if len(res.Applied) != 6000 {
			b.Fatalf("%d fixes applied, want 6000 (skipped: %d, first %+v)", len(res.Applied), len(res.Skipped), res.Skipped[:min(1, len(res.Skipped))])
		}
	}
}
