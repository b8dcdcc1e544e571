package cli

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileFiles are the bad inputs every command must survive.
func hostileFiles() map[string]string {
	var bomb strings.Builder
	bomb.WriteString("swagger: \"2.0\"\na0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		bomb.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 9 {
			if j > 0 {
				bomb.WriteString(", ")
			}
			bomb.WriteString("*a" + string(rune('0'+i-1)))
		}
		bomb.WriteString("]\n")
	}
	return map[string]string{
		"empty.json":          "",
		"binary.json":         "\x00\x01\x02\xff\xfe garbage",
		"array-root.json":     `[{"swagger": "2.0"}]`,
		"openapi3.json":       `{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}}`,
		"postman.json":        `{"info": {"_postman_id": "1", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": []}`,
		"alias-bomb.yaml":     bomb.String(),
		"deep.json":           strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000),
		"circular-ref.json":   `{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}, "definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}}`,
		"trailing-comma.json": `{"swagger": "2.0", "info": {"title": "x", "version": "1",}, "paths": {}}`,
	}
}

// TestEveryCommandOnHostileInputs runs each command that reads a
// definition on each bad input: a defined exit code, a message on stderr
// for exit 2, bounded time, and never a panic (a panic fails the test
// binary itself).
func TestEveryCommandOnHostileInputs(t *testing.T) {
	dir := t.TempDir()
	files := hostileFiles()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := filepath.Join(cliData, "clean", "apiDefinition.swagger.json")
	commands := map[string]func(file string) []string{
		"lint":    func(f string) []string { return []string{"lint", f} },
		"fmt":     func(f string) []string { return []string{"fmt", f} },
		"convert": func(f string) []string { return []string{"convert", f} },
		"diff":    func(f string) []string { return []string{"diff", good, f} },
		"fix":     func(f string) []string { return []string{"fix", "--dry-run", f} },
		"auth": func(f string) []string {
			return []string{"auth", "aad", "--dry-run", "--resource-uri", "https://graph.microsoft.com", authDir(t, f)}
		},
	}
	for cmd, args := range commands {
		for name := range files {
			t.Run(cmd+"/"+name, func(t *testing.T) {
				start := time.Now()
				code, _, stderr := run(args(filepath.Join(dir, name))...)
				if elapsed := time.Since(start); elapsed > 10*time.Second {
					t.Errorf("took %v", elapsed)
				}
				if code != ExitOK && code != ExitFindings && code != ExitUsage {
					t.Errorf("exit %d", code)
				}
				if code == ExitUsage && strings.TrimSpace(stderr) == "" {
					t.Error("exit 2 without a message")
				}
			})
		}
		t.Run(cmd+"/missing path", func(t *testing.T) {
			if code, _, stderr := run(args(filepath.Join(dir, "nope.json"))...); code != ExitUsage || stderr == "" {
				t.Errorf("exit %d, stderr %q; want 2 and a message", code, stderr)
			}
		})
	}
}

// TestNoCommandConnects points remote references at a loopback listener
// and runs lint, diff, fmt, convert, fix and auth on the connector: none
// of them may connect.
func TestNoCommandConnects(t *testing.T) {
	url, conns := loopbackListener(t)
	dir := t.TempDir()
	def := `{"swagger": "2.0", "info": {"title": "Remote", "description": "A connector whose references point at a server.", "version": "1"},
		"host": "api.contoso.com", "basePath": "/", "schemes": ["https"],
		"paths": {"/a": {"get": {"operationId": "A", "summary": "Get A", "description": "Gets A.",
		"parameters": [{"$ref": "` + url + `/params.json#/p"}],
		"responses": {"200": {"description": "ok", "schema": {"$ref": "` + url + `/defs.json#/definitions/A"}}}}}}}`
	def2 := strings.Replace(def, `"Get A"`, `"Get the A"`, 1)
	for name, content := range map[string]string{"apiDefinition.swagger.json": def, "v2.json": def2} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(dir, "apiDefinition.swagger.json")
	for _, args := range [][]string{
		{"lint", dir},
		{"diff", "--text", file, filepath.Join(dir, "v2.json")},
		{"fmt", file},
		{"convert", file},
		{"fix", "--dry-run", dir},
		{"auth", "aad", "--dry-run", "--replace", "--resource-uri", "https://graph.microsoft.com", dir},
	} {
		if code, _, stderr := run(args...); code != ExitOK && code != ExitFindings {
			t.Errorf("ppconn %s: exit %d: %s", strings.Join(args, " "), code, stderr)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if n := conns.Load(); n != 0 {
		t.Errorf("%d connections to a remote $ref", n)
	}
}

// authDir puts a hostile file in a connector folder of its own as its
// definition, since auth takes a folder; a missing file stays missing.
func authDir(t *testing.T, file string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(file)
	if err != nil {
		return filepath.Join(dir, "missing")
	}
	name := "apiDefinition.swagger.json"
	if strings.HasSuffix(file, ".yaml") {
		name = "apiDefinition.swagger.yaml"
	}
	if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// loopbackListener accepts connections on 127.0.0.1 and counts them, for
// the tests that prove ppconn never reaches the network.
func loopbackListener(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	conns := new(atomic.Int32)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			_ = c.Close()
		}
	}()
	return "http://" + ln.Addr().String(), conns
}
