package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/lsp"
)

// example is a copy of the bundled example connector with one planted
// defect per feature under test.
func example(t *testing.T) (dir, swagger, text string) {
	t.Helper()
	dir = copyDir(t, filepath.Join("..", "..", "examples", "teams-provisioning"))
	swagger = filepath.Join(dir, "apiDefinition.swagger.json")
	data, err := os.ReadFile(swagger)
	if err != nil {
		t.Fatal(err)
	}
	text = strings.Replace(string(data), `"x-ms-visibility": "advanced"`, `"x-ms-visibility": "Advanced"`, 1)
	if text == string(data) {
		t.Fatal("the example has no x-ms-visibility advanced to plant the defect in")
	}
	return dir, swagger, text
}

func TestDiagnosticsFollowTheUnsavedText(t *testing.T) {
	dir, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	init := c.initialize()
	if init.Capabilities.TextDocumentSync.Change != 2 || !init.Capabilities.HoverProvider || init.ServerInfo.Name != "ppconn" {
		t.Errorf("initialize: %+v", init)
	}
	uri := c.open(swagger, text)
	got := c.waitDiags(uri, version(1))
	if codes(got)["visibility-canonical"] != 1 {
		t.Fatalf("didOpen: want one visibility-canonical diagnostic, got %v", codes(got))
	}
	for _, d := range got.Diagnostics {
		if d.Code == "visibility-canonical" {
			if d.Source != "ppconn" || d.Severity != 3 || d.CodeDescription == nil ||
				d.CodeDescription.Href != "https://github.com/ppconn/ppconn/blob/main/docs/rules/visibility-canonical.md" {
				t.Errorf("diagnostic: %+v", d)
			}
			if line := strings.Split(text, "\n")[d.Range.Start.Line]; !strings.Contains(line, `"Advanced"`) {
				t.Errorf("the diagnostic is at line %d: %q", d.Range.Start.Line+1, line)
			}
		}
	}
	// The other file of the connector gets its (empty) list too.
	props := c.waitDiags(uriOf(filepath.Join(dir, "apiProperties.json")), func(lsp.PublishDiagnosticsParams) bool { return true })
	if len(props.Diagnostics) != 0 {
		t.Errorf("apiProperties.json: %v", codes(props))
	}

	// An unsaved edit that breaks the JSON: one syntax diagnostic.
	broken := strings.Replace(text, `"swagger": "2.0",`, `"swagger": "2.0" "oops",`, 1)
	c.changeAll(uri, 2, broken)
	got = c.waitDiags(uri, version(2))
	if n := len(got.Diagnostics); n != 1 || got.Diagnostics[0].Code != "syntax-error" {
		t.Errorf("a syntax error: want one syntax diagnostic, got %+v", got.Diagnostics)
	}

	// Back to the text with the defect fixed: no visibility diagnostic.
	c.changeAll(uri, 3, strings.Replace(text, `"Advanced"`, `"advanced"`, 1))
	got = c.waitDiags(uri, version(3))
	if n := codes(got)["visibility-canonical"]; n != 0 {
		t.Errorf("after the fix: %d visibility-canonical diagnostics", n)
	}
	c.shutdown()
}

// diagnosticOf returns the first diagnostic of rule.
func diagnosticOf(t *testing.T, p lsp.PublishDiagnosticsParams, rule string) lsp.Diagnostic {
	t.Helper()
	for _, d := range p.Diagnostics {
		if d.Code == rule {
			return d
		}
	}
	t.Fatalf("no %s diagnostic among %v", rule, codes(p))
	return lsp.Diagnostic{}
}

func (c *client) codeActions(uri lsp.DocumentURI, d lsp.Diagnostic, only ...string) []lsp.CodeAction {
	c.t.Helper()
	var actions []lsp.CodeAction
	c.call("textDocument/codeAction", lsp.CodeActionParams{
		TextDocument: lsp.TextDocumentIdentifier{URI: uri},
		Range:        d.Range,
		Context:      lsp.CodeActionContext{Diagnostics: []lsp.Diagnostic{d}, Only: only},
	}, &actions)
	return actions
}

func actionTitled(t *testing.T, actions []lsp.CodeAction, prefix string) lsp.CodeAction {
	t.Helper()
	for _, a := range actions {
		if strings.HasPrefix(a.Title, prefix) {
			return a
		}
	}
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	t.Fatalf("no code action %q among %q", prefix, titles)
	return lsp.CodeAction{}
}

// TestQuickFixAppliedRemovesTheDiagnostic: codeAction offers the fixer's
// edit; applied by the client, it removes the diagnostic and nothing else
// changes but the value.
func TestQuickFixAppliedRemovesTheDiagnostic(t *testing.T) {
	_, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	c.initialize()
	uri := c.open(swagger, text)
	d := diagnosticOf(t, c.waitDiags(uri, version(1)), "visibility-canonical")
	a := actionTitled(t, c.codeActions(uri, d), "Fix visibility-canonical")
	if a.Kind != "quickfix" || !a.IsPreferred || a.Edit == nil || len(a.Edit.Changes[uri]) != 1 {
		t.Fatalf("quick fix: %+v", a)
	}
	fixed := applyEdits(t, text, a.Edit.Changes[uri])
	if want := strings.Replace(text, `"Advanced"`, `"advanced"`, 1); fixed != want {
		t.Fatalf("the quick fix changed more than the value:\n%s", fixed)
	}
	c.changeAll(uri, 2, fixed)
	if n := codes(c.waitDiags(uri, version(2)))["visibility-canonical"]; n != 0 {
		t.Errorf("after the quick fix: %d visibility-canonical diagnostics", n)
	}
	c.shutdown()
}

// TestSuppressionActions: x-lint-ignore at the node, and an ignore entry
// in a new .ppconn.yaml, each silence the finding.
func TestSuppressionActions(t *testing.T) {
	dir, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	c.initialize()
	uri := c.open(swagger, text)
	d := diagnosticOf(t, c.waitDiags(uri, version(1)), "visibility-canonical")
	actions := c.codeActions(uri, d, "quickfix")

	inline := actionTitled(t, actions, "Ignore visibility-canonical here (x-lint-ignore")
	ignored := applyEdits(t, text, inline.Edit.Changes[uri])
	if !strings.Contains(ignored, `"x-lint-ignore": "visibility-canonical"`) {
		t.Fatalf("x-lint-ignore not added:\n%s", ignored)
	}
	c.changeAll(uri, 2, ignored)
	if n := codes(c.waitDiags(uri, version(2)))["visibility-canonical"]; n != 0 {
		t.Errorf("after x-lint-ignore: %d visibility-canonical diagnostics", n)
	}

	c.changeAll(uri, 3, text)
	d = diagnosticOf(t, c.waitDiags(uri, version(3)), "visibility-canonical")
	cfg := actionTitled(t, c.codeActions(uri, d, "quickfix"), "Ignore visibility-canonical here in .ppconn.yaml")
	if cfg.Edit == nil || len(cfg.Edit.DocumentChanges) != 2 {
		t.Fatalf("config ignore: %+v", cfg)
	}
	raw, _ := json.Marshal(cfg.Edit.DocumentChanges[1])
	var edit lsp.TextDocumentEdit
	if err := json.Unmarshal(raw, &edit); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".ppconn.yaml"), []byte(edit.Edits[0].NewText), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": uriOf(filepath.Join(dir, ".ppconn.yaml")), "type": 1}}})
	c.waitDiags(uri, func(p lsp.PublishDiagnosticsParams) bool { return codes(p)["visibility-canonical"] == 0 })
	c.shutdown()
}

func TestFormatting(t *testing.T) {
	_, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	c.initialize()
	squeezed := strings.Replace(text, "    \"swagger\": \"2.0\",", "  \"swagger\":   \"2.0\",", 1)
	uri := c.open(swagger, squeezed)
	var edits []lsp.TextEdit
	c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
	if got := applyEdits(t, squeezed, edits); got != text {
		t.Errorf("formatting did not restore the canonical text; edits: %+v", edits)
	}
	c.shutdown()
}
