package lsp_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/ppconn/ppconn/internal/lsp"
	"github.com/ppconn/ppconn/rules"
)

// client is a test LSP client on a real jsonrpc2 connection to an
// in-process server.
type client struct {
	t    testing.TB
	conn jsonrpc2.Conn
	done chan error

	mu      sync.Mutex
	diags   map[lsp.DocumentURI]lsp.PublishDiagnosticsParams
	arrived chan struct{} // closed and replaced on every publish
	logs    []string
}

// startServer connects a client to a fresh server over a pipe.
func startServer(t testing.TB, opts lsp.Options) *client {
	t.Helper()
	if opts.Registry == nil {
		opts.Registry = rules.Registry()
	}
	serverEnd, clientEnd := net.Pipe()
	srv := lsp.New(opts)
	c := &client{t: t, done: make(chan error, 1), diags: map[lsp.DocumentURI]lsp.PublishDiagnosticsParams{}, arrived: make(chan struct{})}
	go func() { c.done <- srv.Serve(context.Background(), serverEnd) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(context.Background(), c.handle)
	t.Cleanup(func() {
		_ = c.conn.Close()
		select {
		case err := <-c.done:
			if err != nil {
				t.Logf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop within 10s of the connection closing")
		}
	})
	return c
}

// handle receives the server's notifications and requests.
func (c *client) handle(_ context.Context, req *jsonrpc2.Request) (any, error) {
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p lsp.PublishDiagnosticsParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
			return nil, nil
		}
		c.mu.Lock()
		c.diags[p.URI] = p
		close(c.arrived)
		c.arrived = make(chan struct{})
		c.mu.Unlock()
	case "window/logMessage", "window/showMessage":
		c.mu.Lock()
		c.logs = append(c.logs, string(req.Params()))
		c.mu.Unlock()
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) initialize() lsp.InitializeResult {
	c.t.Helper()
	var res lsp.InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &res)
	c.notify("initialized", map[string]any{})
	return res
}

func (c *client) open(path, text string) lsp.DocumentURI {
	c.t.Helper()
	uri := uriOf(path)
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "json", Version: 1, Text: text}})
	return uri
}

func (c *client) changeAll(uri lsp.DocumentURI, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", lsp.DidChangeTextDocumentParams{
		TextDocument:   lsp.VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []lsp.TextDocumentContentChangeEvent{{Text: text}},
	})
}

// waitDiags waits until the diagnostics of uri satisfy ok, and returns them.
func (c *client) waitDiags(uri lsp.DocumentURI, ok func(lsp.PublishDiagnosticsParams) bool) lsp.PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		c.mu.Lock()
		p, have := c.diags[uri]
		arrived := c.arrived
		c.mu.Unlock()
		if have && ok(p) {
			return p
		}
		select {
		case <-arrived:
		case <-deadline:
			c.t.Fatalf("no matching diagnostics for %s within 30s; last: %+v", uri, p)
		}
	}
}

// version is a predicate on the version of published diagnostics.
func version(v int) func(lsp.PublishDiagnosticsParams) bool {
	return func(p lsp.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == v }
}

func (c *client) shutdown() {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve after shutdown and exit: %v", err)
		}
		c.done <- nil
	case <-time.After(10 * time.Second):
		c.t.Fatal("the server did not exit within 10s")
	}
}

func uriOf(path string) lsp.DocumentURI { return lsp.DocumentURI("file://" + filepath.ToSlash(path)) }

// copyDir copies the files of a folder (not its sub-folders) into a new
// temporary folder.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// applyEdits applies LSP text edits (UTF-16 positions) to text.
func applyEdits(t testing.TB, text string, edits []lsp.TextEdit) string {
	t.Helper()
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offsetOf(text, e.Range.Start), offsetOf(text, e.Range.End), e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start > spans[j].start })
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

// offsetOf is the byte offset of an LSP position (UTF-16 characters).
func offsetOf(text string, p lsp.Position) int {
	off := 0
	for line := 0; line < p.Line; line++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	units := 0
	for i, r := range text[off:] {
		if units >= p.Character || r == '\n' {
			return off + i
		}
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return len(text)
}

func codes(p lsp.PublishDiagnosticsParams) map[string]int {
	m := map[string]int{}
	for _, d := range p.Diagnostics {
		m[d.Code]++
	}
	return m
}
