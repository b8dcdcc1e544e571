package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/lint"
)

func testRegistry(t *testing.T) *lint.Registry {
	t.Helper()
	rule := func(id string, opts ...lint.Option) *lint.Rule {
		return &lint.Rule{ID: id, Level: lint.Certification, Title: "t", Doc: "d", Source: "s", Since: "0", Check: func(*lint.Pass) {}, Options: opts}
	}
	reg, err := lint.NewRegistry(
		rule("host-present"),
		rule("operation-count", lint.Option{Name: "max", Default: 256, Doc: "most"}),
		rule("param-reserved-name", lint.Option{Name: "names", Default: []string{"connectionId"}, Doc: "names"}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

const full = `# a full configuration
profile: certification
rules:
  host-present: off
  operation-count:
    severity: warning
    options:
      max: 300
  param-reserved-name:
    options:
      names: [connectionId, token]
ignore:
  - rule: host-present
    file: "connectors/legacy/**"
    reason: legacy connectors are frozen
  - rule: [operation-count, host-present]
    pointer: /paths/~1teams
fmt:
  indent: 4
auth:
  aad:
    client-id: 00000000-0000-0000-0000-000000000000
    tenant-id: common
    login-uri: https://login.microsoftonline.com
    resource-uri: https://graph.microsoft.com
    scopes: [https://graph.microsoft.com/.default]
    redirect-mode: GlobalPerConnector
    on-behalf-of: true
`

func TestParseFull(t *testing.T) {
	cfg, err := Parse("/x/.ppconn.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Profile != "certification" || cfg.Fmt.Indent != 4 || len(cfg.Ignore) != 2 || len(cfg.Rules) != 3 {
		t.Errorf("parsed %+v", cfg)
	}
	a := cfg.Auth.AAD
	if a.ClientID != "00000000-0000-0000-0000-000000000000" || a.TenantID != "common" || a.LoginURI != "https://login.microsoftonline.com" ||
		a.ResourceURI != "https://graph.microsoft.com" || len(a.Scopes) != 1 || a.RedirectMode != "GlobalPerConnector" || a.OnBehalfOf == nil || !*a.OnBehalfOf {
		t.Errorf("auth.aad parsed as %+v", a)
	}
	if got := cfg.Ignore[1].Rules; len(got) != 2 || got[0] != "operation-count" {
		t.Errorf("ignore rules %v", got)
	}
	var lc lint.Config
	if err := cfg.Apply(testRegistry(t), &lc); err != nil {
		t.Fatal(err)
	}
	if lc.Profile.Name != "certification" || lc.Severity["host-present"] != lint.Off || lc.Severity["operation-count"] != lint.Warning {
		t.Errorf("lint config %+v", lc)
	}
	if lc.Options["operation-count"]["max"] != 300 {
		t.Errorf("option max = %#v", lc.Options["operation-count"]["max"])
	}
	if names, ok := lc.Options["param-reserved-name"]["names"].([]string); !ok || len(names) != 2 {
		t.Errorf("option names = %#v", lc.Options["param-reserved-name"]["names"])
	}
	if len(lc.Ignore) != 2 || lc.Ignore[0].Base != "/x" {
		t.Errorf("ignore %+v", lc.Ignore)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "---\n", "~\n"} {
		cfg, err := Parse("c.yaml", []byte(src))
		if err != nil || cfg.Profile != "" {
			t.Errorf("%q: %v %+v", src, err, cfg)
		}
	}
}

// TestErrorsAreLocated: every problem names file:line:col.
func TestErrorsAreLocated(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"profil: custom\n", `c.yaml:1:1: unknown key "profil" (expected profile, rules, ignore, fmt, auth, diff)`},
		{"profile: strict\n", `c.yaml:1:10: profile: "strict" is not one of custom, certification`},
		{"rules:\n  host-present: loud\n", `c.yaml:2:17: rules.host-present: "loud" is not one of error, warning, info, off`},
		{"rules:\n  host-present: {severity: error, level: 2}\n", `c.yaml:2:35: unknown key in rules.host-present "level" (expected severity, options)`},
		{"rules:\n  host-presnt: off\n", `c.yaml:2:3: rules: no rule "host-presnt" (did you mean "host-present"?); ppconn rules lists them`},
		{"rules:\n  operation-count: {options: {maximum: 3}}\n", `c.yaml:2:31: rules.operation-count: no option "maximum" (options: max)`},
		{"rules:\n  operation-count: {options: {max: many}}\n", `c.yaml:2:36: rules.operation-count.options.max: must be an integer, not a string`},
		{"rules:\n  param-reserved-name: {options: {names: [1]}}\n", `c.yaml:2:42: rules.param-reserved-name.options.names: must be a list of strings`},
		{"rules:\n  host-present: {options: {x: 1}}\n", `c.yaml:2:28: rules.host-present: the rule has no options`},
		{"ignore:\n  - reason: because\n", `c.yaml:2:5: ignore[0] must name at least one of rule, file, pointer`},
		{"ignore:\n  - rule: nope\n", `c.yaml:2:11: ignore: no rule "nope"`},
		{"ignore:\n  - pointer: paths\n", `c.yaml:2:14: ignore[0].pointer: "paths" is not a JSON pointer: it must start with '/'`},
		{"ignore:\n  - file: '[abc'\n", `c.yaml:2:11: ignore: glob "[abc": '[' without ']'`},
		{"ignore: {rule: x}\n", `c.yaml:1:9: ignore must be a list, not a mapping`},
		{"fmt:\n  indent: 0\n", `c.yaml:2:11: fmt.indent: 0 is out of range (1 to 8)`},
		{"fmt:\n  indent: four\n", `c.yaml:2:11: fmt.indent must be an integer, not a string`},
		{"auth:\n  aad:\n    login-uri: login.microsoftonline.com\n", `c.yaml:3:16: auth.aad.login-uri: "login.microsoftonline.com" is not an absolute URI`},
		{"auth:\n  aad:\n    redirect-mode: global\n", `c.yaml:3:20: auth.aad.redirect-mode: "global" is not one of Global, Direct, GlobalPerConnector`},
		{"auth:\n  aad:\n    on-behalf-of: yes\n", `c.yaml:3:19: auth.aad.on-behalf-of must be true or false, not a string`},
		{"auth:\n  aad:\n    scopes: openid\n", `c.yaml:3:13: auth.aad.scopes must be a list, not a string`},
		{"auth:\n  okta: {}\n", `c.yaml:2:3: unknown key in auth "okta" (expected aad, oauth2, apikey, secret-expires)`},
		{"profile: custom\nprofile: custom\n", `c.yaml:2:1: "profile" is given twice in the configuration`},
		{"profile: [custom\n", `c.yaml:1:1: invalid YAML`},
		{"a: 1\n---\nb: 2\n", `c.yaml:2:1: a second YAML document`},
		{"- profile\n", `c.yaml:1:1: the configuration must be a mapping, not a list`},
	}
	reg := testRegistry(t)
	for _, tt := range tests {
		cfg, err := Parse("c.yaml", []byte(tt.src))
		if err == nil {
			err = cfg.Apply(reg, &lint.Config{})
		}
		if err == nil {
			t.Errorf("%q: no error, want %s", tt.src, tt.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n got %s\nwant %s", tt.src, err, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(deep, "apiDefinition.swagger.json")
	if err := os.WriteFile(file, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(cfgPath, []byte("profile: custom\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{deep, file, filepath.Join(root, "a")} {
		got, err := Find(start)
		if err != nil || got != cfgPath {
			t.Errorf("Find(%s) = %q, %v; want %s", start, got, err, cfgPath)
		}
	}
	if got, _ := Find(root); got != "" && !strings.HasPrefix(root, filepath.Dir(got)) {
		t.Errorf("Find(%s) = %q, want none below the root", root, got)
	}
}

// TestSchemaAgreesWithCode runs the same documents through the loader and
// through the generated JSON schema: they must accept and reject the same.
func TestSchemaAgreesWithCode(t *testing.T) {
	reg := testRegistry(t)
	raw, err := json.Marshal(Schema(reg))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{
		full,
		"{}",
		"profile: custom",
		"profile: strict",
		"profil: custom",
		"rules: {host-present: error}",
		"rules: {host-present: ERROR}",
		"rules: {host-present: {severity: info}}",
		"rules: {host-present: {severity: info, options: {max: 1}}}",
		"rules: {host-presnt: error}",
		"rules: {host-present: 3}",
		"rules: {operation-count: {options: {max: 3}}}",
		"rules: {operation-count: {options: {max: three}}}",
		"rules: {operation-count: {options: {max: 3.5}}}",
		"rules: {operation-count: {options: {mx: 3}}}",
		"rules: {param-reserved-name: {options: {names: [a, b]}}}",
		"rules: {param-reserved-name: {options: {names: a}}}",
		"rules: {param-reserved-name: {options: {names: [1]}}}",
		"ignore: []",
		"ignore: [{rule: host-present}]",
		"ignore: [{rule: [host-present, operation-count]}]",
		"ignore: [{rule: 3}]",
		"ignore: [{reason: x}]",
		"ignore: [{file: '**/*.json', pointer: /paths}]",
		"ignore: [{pointer: paths}]",
		"ignore: [{file: x, because: y}]",
		"fmt: {indent: 4}",
		"fmt: {indent: 9}",
		"fmt: {indent: 0}",
		"fmt: {indent: '4'}",
		"fmt: {width: 80}",
		"auth: {aad: {client-id: abc, scopes: [a, b], on-behalf-of: false}}",
		"auth: {aad: {scopes: a}}",
		"auth: {aad: {login-uri: 'https://login.windows.net'}}",
		"auth: {aad: {login-uri: 'not a uri'}}",
		"auth: {aad: {redirect-mode: Direct}}",
		"auth: {aad: {redirect-mode: direct}}",
		"auth: {aad: {on-behalf-of: 'true'}}",
		"auth: {aad: {client-id: 3}}",
		"auth: {okta: {}}",
		"auth: []",
	}
	for _, src := range docs {
		cfg, codeErr := Parse("c.yaml", []byte(src))
		if codeErr == nil {
			codeErr = cfg.Apply(reg, &lint.Config{})
		}
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		schemaErr := sch.Validate(inst)
		if (codeErr == nil) != (schemaErr == nil) {
			t.Errorf("%q: the code says %v, the schema says %v", src, codeErr, schemaErr)
		}
	}
}

// TestLoadSizeLimit (#19 item 9): .ppconn.yaml is read through the
// bounded reader; a file of MaxBytes loads, one byte more is an error
// that says so.
func TestLoadSizeLimit(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		size int
		ok   bool
	}{{MaxBytes, true}, {MaxBytes + 1, false}, {64 * MaxBytes, false}} {
		head := "profile: custom\n#"
		data := head + strings.Repeat("x", tt.size-len(head)-1) + "\n"
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if tt.ok != (err == nil) || err != nil && !strings.Contains(err.Error(), "more than 1048576 bytes") {
			t.Errorf("%d bytes: %v", tt.size, err)
		}
	}
}
