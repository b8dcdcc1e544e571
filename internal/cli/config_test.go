package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/rules"
)

// TestConfigSchemaUpToDate keeps docs/ppconn.schema.json, the JSON schema
// editors use for .ppconn.yaml, in step with the loader: both come from
// the one description in internal/config, with every rule and option.
// internal/config's TestSchemaAgreesWithCode checks that the schema and
// the loader accept the same files.
func TestConfigSchemaUpToDate(t *testing.T) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(config.Schema(rules.Registry())); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "../../docs/ppconn.schema.json", b.String())
}

// ciCopyConnector copies a connector folder into a temporary folder and
// returns the folder.
func ciCopyConnector(t *testing.T, from string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "connector")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func ciWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lintJSON lints with --format json and returns the findings as
// "rule@pointer" strings, and the report.
func ciLintJSON(t *testing.T, args ...string) ([]string, jsonReport, int, string) {
	t.Helper()
	code, out, stderr := run(append([]string{"lint", "--format", "json", "--fail-on", "never"}, args...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		return nil, rep, code, stderr
	}
	var keys []string
	for _, f := range rep.Findings {
		keys = append(keys, f.Rule+"@"+f.Pointer+"@"+f.Severity)
	}
	return keys, rep, code, stderr
}

// ciUnder returns the keys of findings at or below pointer.
func ciUnder(keys []string, pointer string) []string {
	var out []string
	for _, k := range keys {
		p := strings.Split(k, "@")[1]
		if p == pointer || strings.HasPrefix(p, pointer+"/") {
			out = append(out, k)
		}
	}
	return out
}

func ciMinus(all, some []string) []string {
	drop := map[string]int{}
	for _, s := range some {
		drop[s]++
	}
	var out []string
	for _, s := range all {
		if drop[s] > 0 {
			drop[s]--
			continue
		}
		out = append(out, s)
	}
	return out
}

const ciConnector = "../../testdata/ci/connector"

// TestConfigOffAndIgnore: a rule set to off and an ignore entry silence
// exactly what they name; a severity override changes only that rule.
func TestConfigOffAndIgnore(t *testing.T) {
	dir := ciCopyConnector(t, ciConnector)
	before, _, _, _ := ciLintJSON(t, "--no-config", dir)
	if len(before) < 8 {
		t.Fatalf("the fixture should have findings, got %v", before)
	}
	cfgPath := filepath.Join(filepath.Dir(dir), config.FileName)
	tests := []struct {
		name, config string
		gone         []string
		changed      map[string]string
	}{
		{"off", "rules:\n  param-description-required: off\n",
			[]string{"param-description-required@/paths/~1teams/get/parameters/0@warning", "param-description-required@/paths/~1teams/get/parameters/1@warning"}, nil},
		{"severity", "rules:\n  host-present: {severity: error}\n", nil,
			map[string]string{"host-present@@info": "host-present@@error"}},
		{"ignore by pointer", "ignore:\n  - rule: param-description-required\n    pointer: /paths/~1teams/get/parameters/1\n    reason: test\n",
			[]string{"param-description-required@/paths/~1teams/get/parameters/1@warning"}, nil},
		{"ignore by pointer glob", "ignore:\n  - rule: [operation-description-required]\n    pointer: /paths/*/delete\n",
			[]string{"operation-description-required@/paths/~1teams~1{teamId}/delete@warning"}, nil},
		{"ignore by file", "ignore:\n  - rule: format-indent-4-spaces\n    file: connector/*.swagger.json\n",
			[]string{"format-indent-4-spaces@@info"}, nil},
		{"ignore by other file", "ignore:\n  - rule: format-indent-4-spaces\n    file: other/*.swagger.json\n", nil, nil},
		{"ignore everything under a path", "ignore:\n  - pointer: /paths/~1teams/get\n", ciUnder(before, "/paths/~1teams/get"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ciWriteFile(t, cfgPath, tt.config)
			after, _, code, stderr := ciLintJSON(t, dir)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			want := ciMinus(before, tt.gone)
			for i, k := range want {
				if c, ok := tt.changed[k]; ok {
					want[i] = c
				}
			}
			if strings.Join(after, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(after, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestConfigDiscoveryAndFlags(t *testing.T) {
	dir := ciCopyConnector(t, ciConnector)
	parent := filepath.Dir(dir)
	ciWriteFile(t, filepath.Join(parent, config.FileName), "profile: certification\n")
	_, rep, _, _ := ciLintJSON(t, dir)
	if rep.Summary["errors"] <= 1 {
		t.Errorf("the certification profile of the config found upwards was not used: %v", rep.Summary)
	}
	_, rep, _, _ = ciLintJSON(t, "--profile", "custom", dir)
	if rep.Summary["errors"] != 1 {
		t.Errorf("--profile must override the configuration: %v", rep.Summary)
	}
	_, rep, _, _ = ciLintJSON(t, "--no-config", dir)
	if rep.Summary["errors"] != 1 {
		t.Errorf("--no-config must read no configuration: %v", rep.Summary)
	}
	// The file found from a single file's folder upwards counts too.
	_, rep, _, _ = ciLintJSON(t, filepath.Join(dir, "apiDefinition.swagger.json"))
	if rep.Summary["errors"] <= 1 {
		t.Errorf("the config above a file was not used: %v", rep.Summary)
	}
	other := filepath.Join(t.TempDir(), "other.yaml")
	ciWriteFile(t, other, "rules:\n  no-unknown-keywords: off\n")
	_, rep, _, _ = ciLintJSON(t, "--config", other, dir)
	if rep.Summary["errors"] != 0 {
		t.Errorf("--config must replace the config found upwards: %v", rep.Summary)
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	dir := ciCopyConnector(t, ciConnector)
	cfgPath := filepath.Join(filepath.Dir(dir), config.FileName)
	for _, tt := range []struct{ config, want string }{
		{"profile: custom\nrulez: {}\n", ":2:1: unknown key \"rulez\""},
		{"rules:\n  no-unknown-keyword: off\n", `:2:3: rules: no rule "no-unknown-keyword" (did you mean "no-unknown-keywords"?)`},
		{"rules:\n  no-unknown-keywords: never\n", `:2:24: rules.no-unknown-keywords: "never" is not one of error, warning, info, off`},
		{"fmt:\n  indent: 2\n  tabs: true\n", `:3:3: unknown key in fmt "tabs"`},
	} {
		ciWriteFile(t, cfgPath, tt.config)
		code, _, stderr := run("lint", dir)
		if code != ExitUsage || !strings.Contains(stderr, cfgPath+tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %s%s", tt.config, code, stderr, cfgPath, tt.want)
		}
	}
	code, _, stderr := run("lint", "--config", filepath.Join(dir, "nope.yaml"), dir)
	if code != ExitUsage || !strings.Contains(stderr, "nope.yaml: no such file") {
		t.Errorf("missing --config: exit %d, %s", code, stderr)
	}
}

// TestInlineIgnoreCLI: x-lint-ignore silences exactly the rules it names
// at and below its object, and is itself no finding (it is an x- key, so
// no-unknown-keywords, known-x-ms-extension and x-ms-extension-typo leave
// it alone).
func TestInlineIgnoreCLI(t *testing.T) {
	dir := ciCopyConnector(t, ciConnector)
	before, _, _, _ := ciLintJSON(t, "--no-config", dir)
	swagger := filepath.Join(dir, "apiDefinition.swagger.json")
	src, err := os.ReadFile(swagger)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	// On a parameter, one rule; on a path item, a list (one of which finds
	// nothing there); on the root, an id that is no rule; and on a schema,
	// a rule that reports elsewhere.
	s = strings.Replace(s, `"name": "top",`, `"name": "top", "x-lint-ignore": "param-description-required",`, 1)
	s = strings.Replace(s, `"/teams/{teamId}": {`, `"/teams/{teamId}": { "x-lint-ignore": ["operation-description-required", "x-ms-extension-typo"],`, 1)
	s = strings.Replace(s, `"swagger": "2.0",`, `"swagger": "2.0", "x-lint-ignore": "no-such-rule-here",`, 1)
	s = strings.Replace(s, `"Team": {`, `"Team": { "x-lint-ignore": "host-present",`, 1)
	ciWriteFile(t, swagger, s)
	after, _, _, _ := ciLintJSON(t, "--no-config", dir)
	want := ciMinus(before, []string{
		"param-description-required@/paths/~1teams/get/parameters/0@warning",
		"operation-description-required@/paths/~1teams~1{teamId}/delete@warning",
	})
	// The id that is no rule, and the entries that silence nothing, are
	// reported (#12 item 15).
	want = append(want,
		"unused-lint-ignore@/x-lint-ignore@info",
		"unused-lint-ignore@/paths/~1teams~1{teamId}/x-lint-ignore/1@info",
		"unused-lint-ignore@/definitions/Team/x-lint-ignore@info")
	after, want = slices.Sorted(slices.Values(after)), slices.Sorted(slices.Values(want))
	if strings.Join(after, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(after, "\n"), strings.Join(want, "\n"))
	}
}
