package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/lint"
)

// TestLintIgnoreReported: with every rule of ppconn, on a folder with JSON
// and YAML twins, an x-lint-ignore entry that names no rule and one that
// silences nothing are each reported once (in the YAML twin), while the
// entries that silence a finding are not, with or without a baseline
// (#12 item 15).
func TestLintIgnoreReported(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "conn")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"apiDefinition.swagger.json": `{
  "swagger": "2.0",
  "x-lint-ignore": ["connector-metadata-required", "info-contacts-required"],
  "info": {"x-lint-ignore": "info-contact-required", "title": "Contoso Teams", "description": "Creates and manages collaboration spaces in Contoso Teams.", "version": "1.0"},
  "host": "api.contoso.com",
  "paths": {"x-lint-ignore": "host-present"}
}
`,
		"apiDefinition.swagger.yaml": `swagger: "2.0"
x-lint-ignore: [connector-metadata-required, info-contacts-required]
info:
  x-lint-ignore: info-contact-required
  title: Contoso Teams
  description: Creates and manages collaboration spaces in Contoso Teams.
  version: "1.0"
host: api.contoso.com
paths:
  x-lint-ignore: host-present
`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	want := []string{
		`apiDefinition.swagger.yaml /paths/x-lint-ignore: x-lint-ignore of host-present silences nothing here: host-present finds nothing at or below this object; remove the entry`,
		`apiDefinition.swagger.yaml /x-lint-ignore/1: x-lint-ignore names no rule "info-contacts-required" (did you mean "info-contact-required"?): correct the id, or remove it`,
	}
	for _, args := range [][]string{
		{"lint", "--no-config", "--profile", "certification", "--format", "json", dir},
		{"lint", "--no-config", "--profile", "certification", "--format", "json", "--write-baseline", baseline, dir},
		{"lint", "--no-config", "--profile", "certification", "--format", "json", "--baseline", baseline, "--fail-on", "info", dir},
	} {
		code, stdout, stderr := run(args...)
		if code == ExitUsage {
			t.Fatalf("%s: %s", strings.Join(args, " "), stderr)
		}
		if strings.Contains(strings.Join(args, " "), "--write-baseline") {
			continue
		}
		var out struct{ Findings []lint.Finding }
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatalf("%v:\n%s", err, stdout)
		}
		var got []string
		for _, f := range out.Findings {
			switch f.Rule {
			case lint.UnusedIgnore.ID:
				got = append(got, filepath.Base(f.File)+" "+f.Pointer+": "+f.Message)
			case "connector-metadata-required", "info-contact-required", "host-present":
				t.Errorf("%s: a finding x-lint-ignore silences: %s %s", strings.Join(args, " "), f.Rule, f.Message)
			}
		}
		sort.Strings(got)
		if strings.Contains(strings.Join(args, " "), "--baseline") {
			// the baseline holds them: nothing new
			want = nil
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\ngot  %s\nwant %s", strings.Join(args, " "), strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
	}
}
