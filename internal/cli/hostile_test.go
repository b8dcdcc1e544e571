package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ppconn runs in CI on files from pull requests, so every bad input gets a
// clear message, a defined exit code, bounded time and memory, and never a
// panic. Each case writes one connector file and lints it.
func TestLintHostileInputs(t *testing.T) {
	deepJSON := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	tests := []struct {
		name, file, content string
		wantCode            int
		wantRule, wantText  string
	}{
		{"empty file", "apiDefinition.swagger.json", "", ExitFindings, "syntax-error", "the file is empty"},
		{"binary file", "apiDefinition.swagger.json", "\x00\x01\x02\xff\xfe garbage", ExitFindings, "syntax-error", "expected a value"},
		{"JSON array root", "apiDefinition.swagger.json", `[{"swagger": "2.0"}]`, ExitFindings, "swagger-version-2-0", "the definition's root is a JSON array"},
		{"OpenAPI 3", "apiDefinition.swagger.json", `{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}}`, ExitFindings, "swagger-version-2-0", "Power Platform needs Swagger 2.0"},
		{"Postman collection", "apiDefinition.swagger.json", `{"info": {"_postman_id": "1", "name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}`, ExitFindings, "swagger-version-2-0", "Postman collection"},
		{"YAML alias bomb", "apiDefinition.swagger.yaml", hostileFiles()["alias-bomb.yaml"], ExitFindings, "input-limits", "alias"},
		{"nesting 100,000 deep", "apiDefinition.swagger.json", deepJSON, ExitFindings, "input-limits", "deeper than 1000"},
		{"circular $ref", "apiDefinition.swagger.json", `{"swagger": "2.0", "info": {"title": "Loop", "version": "1"}, "paths": {"/a": {"get": {"operationId": "A", "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}}},
			"definitions": {"A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/B"}}}, "B": {"type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}}, "C": {"$ref": "#/definitions/C"}}}`, ExitOK, "ref-no-chains-or-loops", "may not use a '$ref'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			code, out, stderr := run("lint", "--format", "json", dir)
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.wantCode, stderr)
			}
			if !hasFinding(t, out, tt.wantRule, tt.wantText) {
				t.Errorf("no %s finding containing %q in %s", tt.wantRule, tt.wantText, out)
			}
		})
	}
}

func hasFinding(t *testing.T, out, rule, text string) bool {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	for _, f := range rep.Findings {
		if f.Rule == rule && strings.Contains(f.Message, text) {
			return true
		}
	}
	return false
}

// TestLintHugeDefinition lints a 50 MB definition: it is refused by the
// size rule without being parsed, in bounded memory.
func TestLintHugeDefinition(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(`{"swagger": "2.0"}`+"\n"), 1<<16)
	for written := 0; written < 50<<20; written += len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run("lint", "--format", "json", dir)
	if code != ExitFindings || !hasFinding(t, out, "definition-max-size-1mb", "MB") || !hasFinding(t, out, "input-limits", "more than ppconn parses") {
		t.Errorf("exit %d, output %s", code, out)
	}
}

func TestLintBadPaths(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "conn")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	// A dangling symlink stands for an unreadable file even for root.
	if err := os.Symlink(filepath.Join(dir, "gone.json"), filepath.Join(broken, "apiDefinition.swagger.json")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing path", filepath.Join(dir, "nope"), "no such file or folder"},
		{"folder without a connector", t.TempDir(), "no connector found"},
		{"unreadable definition", broken, "apiDefinition.swagger.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run("lint", tt.path)
			if code != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tt.want)
			}
		})
	}
}

// TestLintNeverConnects points remote references at a listener on the
// loopback address and checks that linting never connects to it.
func TestLintNeverConnects(t *testing.T) {
	url, conns := loopbackListener(t)
	dir := t.TempDir()
	def := `{"swagger": "2.0", "info": {"title": "Remote", "version": "1"}, "paths": {"/a": {"get": {"operationId": "A",
		"parameters": [{"$ref": "` + url + `/params.json#/p"}],
		"responses": {"200": {"description": "ok", "schema": {"$ref": "` + url + `/defs.json#/definitions/A"}}}}}},
		"definitions": {"B": {"$ref": "../../etc/passwd#/x"}}}`
	if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run("lint", "--format", "json", dir)
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	time.Sleep(100 * time.Millisecond)
	if n := conns.Load(); n != 0 {
		t.Errorf("lint made %d connections to a remote $ref", n)
	}
	if !hasFinding(t, out, "ref-json-pointer-valid", "points outside this file") {
		t.Errorf("remote $ref not reported: %s", out)
	}
	if strings.Contains(out, "root:") {
		t.Error("the content of a file outside the connector was printed")
	}
}
