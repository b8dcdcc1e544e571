package cli

// The hostile pull request suite (issue 19): one case per way a pull
// request could steer the CI gate, hang it, read the machine or leak a
// secret. Every case asserts the fixed behaviour, not only "no crash".

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refDiamond is a definition whose body schema X0 has two properties that
// both $ref X1, and so on down to X{depth}: 2^depth ways down, depth+1
// definitions.
func refDiamond(depth int) string {
	var defs []string
	for i := 0; i < depth; i++ {
		defs = append(defs, fmt.Sprintf(`"X%d": {"type": "object", "properties": {"a": {"$ref": "#/definitions/X%d"}, "b": {"$ref": "#/definitions/X%d"}}}`, i, i+1, i+1))
	}
	defs = append(defs, fmt.Sprintf(`"X%d": {"type": "object", "properties": {"leaf": {"type": "string", "x-ms-notification-url": true}}}`, depth))
	return `{"swagger": "2.0", "info": {"title": "Diamond", "version": "1.0", "description": "A diamond of references for a hostile test."},
  "host": "api.example.com", "basePath": "/", "schemes": ["https"],
  "paths": {"/hook": {"post": {"operationId": "Hook", "summary": "Hook", "description": "Hook",
    "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/X0"}}],
    "responses": {"201": {"description": "ok"}}}}},
  "definitions": {` + strings.Join(defs, ",\n") + `}}`
}

func writeConnector(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Item 3: a $ref diamond 40 deep (2^40 ways down) lints and fixes: every
// walk that follows $refs visits a definition once. Without memoisation
// this test never ends; its speed is measured by BenchmarkLintRefDiamond.
func TestHostileRefDiamond(t *testing.T) {
	dir := writeConnector(t, map[string]string{"apiDefinition.swagger.json": refDiamond(40)})
	if code, out, stderr := run("lint", "--format", "json", dir); code == ExitUsage || !json.Valid([]byte(out)) {
		t.Fatalf("lint: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run("fix", "-d", dir); code == ExitUsage {
		t.Fatalf("fix -d: exit %d, %s", code, stderr)
	}
}

func BenchmarkLintRefDiamond(b *testing.B) {
	dir := writeConnector(b, map[string]string{"apiDefinition.swagger.json": refDiamond(40)})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, _, stderr := run("lint", "-q", dir); code == ExitUsage {
			b.Fatal(stderr)
		}
	}
}

// Item 7: libopenapi's logger is silenced: an unresolvable $ref (with a CI
// command in it) no longer puts log lines on stdout when diff runs
// what-changed, so --format json stays one JSON document.
func TestHostileLibraryLogs(t *testing.T) {
	def := func(maxLength int, summary string) string {
		return `{"swagger": "2.0", "info": {"title": "L", "version": "1"}, "host": "a.example.com", "paths": {"/a": {"get": {"operationId": "A", "summary": "` + summary + `",
  "parameters": [{"name": "q", "in": "query", "type": "string", "maxLength": ` + fmt.Sprint(maxLength) + `}, {"$ref": "#/parameters/##vso[task.setvariable variable=PWNED]yes"}],
  "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Nope ::error ::PWNED"}}}}}}, "definitions": {}}`
	}
	old := writeConnector(t, map[string]string{"apiDefinition.swagger.json": def(20, "a")})
	new := writeConnector(t, map[string]string{"apiDefinition.swagger.json": def(10, "b")})
	code, out, stderr := run("diff", "--format", "json", old, new)
	if code == ExitUsage {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		WhatChanged bool `json:"whatChanged"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not one JSON document (%v):\n%s", err, out)
	}
	if !rep.WhatChanged {
		t.Error("what-changed did not run: the case no longer exercises libopenapi")
	}
	if strings.Contains(out+stderr, `"level"`) {
		t.Errorf("a library log line reached the output:\n%s\n%s", out, stderr)
	}
}
