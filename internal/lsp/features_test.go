package lsp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/lsp"
)

// at is the position of the first occurrence of needle in text, plus
// shift characters (ASCII text).
func at(t *testing.T, text, needle string, shift int) lsp.Position {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q is not in the text", needle)
	}
	line := strings.Count(text[:i], "\n")
	col := i - (strings.LastIndex(text[:i], "\n") + 1)
	return lsp.Position{Line: line, Character: col + shift}
}

func pos(uri lsp.DocumentURI, p lsp.Position) lsp.TextDocumentPositionParams {
	return lsp.TextDocumentPositionParams{TextDocument: lsp.TextDocumentIdentifier{URI: uri}, Position: p}
}

func TestHoverCompletionNavigation(t *testing.T) {
	_, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	c.initialize()
	uri := c.open(swagger, text)
	c.waitDiags(uri, version(1))

	hover := func(p lsp.Position) string {
		t.Helper()
		var h *lsp.Hover
		c.call("textDocument/hover", pos(uri, p), &h)
		if h == nil {
			return ""
		}
		return h.Contents.Value
	}
	t.Run("hover", func(t *testing.T) {
		if got := hover(at(t, text, `"Advanced"`, 2)); !strings.Contains(got, "**visibility-canonical**") {
			t.Errorf("hover on a diagnostic: %q", got)
		}
		if got := hover(at(t, text, `"x-ms-visibility": "internal"`, 3)); !strings.Contains(got, "Allowed values: `important`, `advanced`, `internal`") {
			t.Errorf("hover on x-ms-visibility: %q", got)
		}
		if got := hover(at(t, text, `"#/definitions/Account"`, 5)); !strings.Contains(got, "#/definitions/Account") || !strings.Contains(got, "properties:") {
			t.Errorf("hover on a $ref: %q", got)
		}
		dyn := strings.Index(text, `"x-ms-dynamic-values"`)
		if got := hover(at(t, text[dyn:], `"ListTemplates"`, 3+0)); got != "" {
			_ = got
		}
		p := at(t, text[dyn:], `"ListTemplates"`, 3)
		p.Line += strings.Count(text[:dyn], "\n")
		if got := hover(p); !strings.Contains(got, "**ListTemplates** · GET /templates") {
			t.Errorf("hover on a dynamic-values operationId: %q", got)
		}
	})

	t.Run("definition and references", func(t *testing.T) {
		var locs []lsp.Location
		c.call("textDocument/definition", pos(uri, at(t, text, `"#/definitions/Account"`, 5)), &locs)
		if len(locs) != 1 || locs[0].Range.Start.Line != at(t, text, `"Account": {`, 0).Line {
			t.Errorf("definition of the $ref: %+v", locs)
		}
		var refs []lsp.Location
		c.call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at(t, text, `"Account": {`, 2), "context": map[string]any{"includeDeclaration": false}}, &refs)
		if want := strings.Count(text, `"$ref": "#/definitions/Account"`); len(refs) != want {
			t.Errorf("references of Account: %d, want %d", len(refs), want)
		}
	})

	t.Run("document symbols", func(t *testing.T) {
		var syms []lsp.DocumentSymbol
		c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms)
		if len(syms) != 2 || syms[0].Name != "operations" || syms[0].Children[0].Name != "TestConnection · GET /me" || syms[1].Name != "definitions" {
			t.Errorf("symbols: %+v", syms)
		}
	})

	t.Run("completion on half-typed text", func(t *testing.T) {
		anchor := `"operationId": "ListTemplates",` + "\n"
		i := strings.Index(text, anchor) + len(anchor)
		typed := text[:i] + `                "x-ms-` + "\n" + text[i:]
		c.changeAll(uri, 2, typed)
		d := c.waitDiags(uri, version(2))
		if codes(d)["syntax-error"] != 1 {
			t.Fatalf("half-typed key: %v", codes(d))
		}
		var list lsp.CompletionList
		c.call("textDocument/completion", pos(uri, at(t, typed, `"x-ms-`+"\n", 6)), &list)
		labels := map[string]bool{}
		for _, it := range list.Items {
			labels[it.Label] = true
		}
		if !labels["x-ms-trigger"] || !labels["x-ms-pageable"] || labels["x-ms-visibility"] || labels["x-ms-url-encoding"] {
			t.Errorf("completion in an operation (which has x-ms-visibility): %v", labels)
		}

		value := strings.Replace(text, `"x-ms-visibility": "internal"`, `"x-ms-visibility": "`, 1)
		c.changeAll(uri, 3, value)
		c.waitDiags(uri, version(3))
		list = lsp.CompletionList{}
		c.call("textDocument/completion", pos(uri, at(t, value, `"x-ms-visibility": "`, 20)), &list)
		if len(list.Items) != 3 || list.Items[0].Label != "important" {
			t.Errorf("x-ms-visibility values: %+v", list.Items)
		}
		c.changeAll(uri, 4, text)
	})
	c.shutdown()
}

// TestHostileRequests: malformed and out-of-range requests get answers or
// errors, never a dead server.
func TestHostileRequests(t *testing.T) {
	dir, swagger, text := example(t)
	c := startServer(t, lsp.Options{})
	c.initialize()
	uri := c.open(swagger, text)
	c.waitDiags(uri, version(1))
	far := lsp.Position{Line: 1 << 20, Character: 1 << 20}
	for _, method := range []string{"textDocument/hover", "textDocument/completion", "textDocument/definition"} {
		var out json.RawMessage
		c.call(method, pos(uri, far), &out)
		c.call(method, pos(lsp.DocumentURI("file:///nowhere/x.json"), far), &out)
	}
	var out json.RawMessage
	if _, err := c.conn.Call(t.Context(), "textDocument/hover", map[string]any{"textDocument": 5}, &out); err == nil {
		t.Error("hover with a malformed textDocument: no error")
	}
	// An incremental change past the end, then a binary file: still served.
	c.notify("textDocument/didChange", lsp.DidChangeTextDocumentParams{
		TextDocument:   lsp.VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []lsp.TextDocumentContentChangeEvent{{Range: &lsp.Range{Start: far, End: far}, Text: "\x00{"}},
	})
	c.waitDiags(uri, version(2))
	props := filepath.Join(dir, "apiProperties.json")
	data, _ := os.ReadFile(props)
	puri := c.open(props, string(data[:len(data)/2]))
	c.waitDiags(puri, version(1))
	c.shutdown()
}
