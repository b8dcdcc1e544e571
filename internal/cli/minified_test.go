package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// minifiedConnector writes a connector whose definition is one line of
// JSON of some 15 KB, as nBold publishes it, with three path parameters
// that path-param-url-encoding fixes.
func minifiedConnector(t *testing.T) string {
	t.Helper()
	paths := map[string]any{}
	for i := range 60 {
		op := map[string]any{
			"operationId": fmt.Sprintf("ListItems%d", i),
			"summary":     fmt.Sprintf("List items %d", i),
			"description": "Returns the items of the list, with all of their fields.",
			"responses":   map[string]any{"200": map[string]any{"description": "OK"}},
		}
		path := fmt.Sprintf("/lists%d/items", i)
		if i%20 == 0 {
			path = fmt.Sprintf("/lists%d/items/{id}", i)
			op["parameters"] = []any{map[string]any{
				"name": "id", "in": "path", "required": true, "type": "string",
				"x-ms-summary": "Item id", "description": "The item's identifier.",
			}}
		}
		paths[path] = map[string]any{"get": op}
	}
	def := map[string]any{
		"swagger": "2.0",
		"info":    map[string]any{"title": "Minified", "version": "1.0", "description": "A minified definition."},
		"host":    "api.contoso.com", "basePath": "/", "schemes": []any{"https"},
		"paths": paths,
	}
	b, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "minified")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEditDiffOfMinifiedFile: fix -d and auth --dry-run show the edits of a
// minified definition on its canonical rendering, a few short lines per
// change, not the whole file as one removed and one added line (#12 item 5).
func TestEditDiffOfMinifiedFile(t *testing.T) {
	dirs := map[string]string{"fixture": minifiedConnector(t)}
	if v1, ok := sharedtest.Optional(t, "nbold/v1"); ok {
		dirs["nbold v1"] = copyDir(t, v1)
	}
	for name, dir := range dirs {
		def, err := os.ReadFile(filepath.Join(dir, "apiDefinition.swagger.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"fix", "-d", dir},
			{"auth", "aad", "--dry-run", "--client-id", "11111111-2222-3333-4444-555555555555", "--resource-uri", "https://graph.microsoft.com", dir},
		} {
			_, out, stderr := run(args...)
			cmd := name + ": ppconn " + strings.Join(args[:len(args)-1], " ")
			if !strings.Contains(out, "apiDefinition.swagger.json\t(minified: shown on its canonical rendering)") {
				t.Errorf("%s: the diff of the minified definition does not say it is shown on its canonical rendering:\n%.2000s%s", cmd, out, stderr)
			}
			longest := 0
			for _, l := range strings.Split(out, "\n") {
				longest = max(longest, len(l))
			}
			if longest > 400 || len(out) > len(def)/2 {
				t.Errorf("%s: %d bytes of output for a %d-byte definition, longest line %d bytes: the minified line is printed whole", cmd, len(out), len(def), longest)
			}
		}
	}
}
