// Package lsp is ppconn's language server: the connector linted as it is
// typed, from the editor's unsaved text, with the fixers as quick fixes,
// hover, completion, navigation and formatting.
//
// The server keeps the text of the open documents, groups them into
// connectors (the folder of a definition, apiProperties.json and
// script.csx, with the .ppconn.yaml found from it upwards), and lints a
// connector whole whenever one of its files changes: the lint runs a short
// while after the first change (Options.Debounce), later changes coalesce
// into one more run, and the diagnostics of every file of the connector are
// published. They are exactly the findings 'ppconn lint' reports for the
// same text and configuration.
//
// Transport is JSON-RPC 2.0 with LSP framing (go.lsp.dev/jsonrpc2), over
// stdio for 'ppconn lsp'. A panic in a handler is recovered, logged to the
// client and answered with an internal error; it never takes the server
// down.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Options configure a server.
type Options struct {
	// Registry holds the rules.
	Registry *lint.Registry
	// Version is ppconn's version, for serverInfo.
	Version string
	// Debounce is how long after the first change of a quiet connector its
	// lint starts; changes meanwhile, and during the lint, coalesce into
	// one more run. 0 means DefaultDebounce.
	Debounce time.Duration
	// Limits bound what parsing one file may cost.
	Limits connector.Limits
	// Log receives the server's own log (panics recovered, failures), as
	// well as the client's window/logMessage.
	Log io.Writer
}

// DefaultDebounce is the default of Options.Debounce: short enough that
// diagnostics follow a pause in typing at once, long enough that a burst
// of keystrokes is linted once.
const DefaultDebounce = 20 * time.Millisecond

// Server is one language server session.
type Server struct {
	opts Options
	conn jsonrpc2.Conn

	mu       sync.Mutex
	enc      encoding
	docs     map[string]*buffer         // open documents by path
	conns    map[string]*connectorState // linted connectors by key
	shutdown bool
	exit     chan struct{}
	exitOnce sync.Once
	bg       sync.WaitGroup // running lints
	logMu    sync.Mutex
}

// buffer is an open document.
type buffer struct {
	uri     DocumentURI
	path    string
	text    []byte
	version int
}

// New returns a server; Serve runs it.
func New(opts Options) *Server {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Limits == (connector.Limits{}) {
		opts.Limits = connector.DefaultLimits
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	return &Server{
		opts:  opts,
		docs:  map[string]*buffer{},
		conns: map[string]*connectorState{},
		exit:  make(chan struct{}),
	}
}

// Serve speaks the protocol over rwc until the client sends exit or closes
// the stream. It returns nil after shutdown and exit, and an error when the
// stream ended without them.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	s.conn.Go(ctx, s.handle)
	select {
	case <-s.exit:
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	s.stopLints()
	closeErr := s.conn.Close()
	s.mu.Lock()
	clean := s.shutdown
	s.mu.Unlock()
	switch {
	case clean:
		return nil
	case s.conn.Err() != nil:
		return s.conn.Err()
	case closeErr != nil && !errors.Is(closeErr, io.EOF):
		return closeErr
	}
	return errors.New("the client closed the connection without shutdown and exit")
}

// handler answers one method; params are the raw request parameters.
type handler func(s *Server, ctx context.Context, params json.RawMessage) (any, error)

// methods is the dispatch table: one function per LSP method.
var methods map[string]handler

func init() {
	methods = map[string]handler{
		"initialize":                          typed((*Server).initialize),
		"initialized":                         nothing,
		"shutdown":                            (*Server).shutdownRequest,
		"exit":                                (*Server).exitNotification,
		"textDocument/didOpen":                typed((*Server).didOpen),
		"textDocument/didChange":              typed((*Server).didChange),
		"textDocument/didSave":                typed((*Server).didSave),
		"textDocument/didClose":               typed((*Server).didClose),
		"workspace/didChangeWatchedFiles":     typed((*Server).didChangeWatchedFiles),
		"workspace/didChangeConfiguration":    nothing,
		"workspace/didChangeWorkspaceFolders": nothing,
		"$/setTrace":                          nothing,
		"$/cancelRequest":                     nothing,
	}
	for name, h := range featureMethods {
		methods[name] = h
	}
}

// featureMethods are the editor features, registered by their files.
var featureMethods = map[string]handler{}

func nothing(*Server, context.Context, json.RawMessage) (any, error) { return nil, nil }

// handle dispatches one request, and turns a panic into an error reply.
func (s *Server) handle(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
	method := req.Method()
	defer func() {
		if r := recover(); r != nil {
			s.logf("ppconn lsp: internal error in %s: %v\n%s", method, r, debug.Stack())
			result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "ppconn: internal error in %s (%v); the server goes on. Please report it with the file", method, r)
		}
	}()
	h, ok := methods[method]
	if !ok {
		if !req.IsCall() {
			return nil, nil // unknown notifications are ignored
		}
		return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not supported: %s", method)
	}
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	if down && method != "exit" && req.IsCall() {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "the server is shut down")
	}
	return h(s, ctx, json.RawMessage(req.Params()))
}

// typed makes a handler of a method that takes its parameters decoded
// into P: parameters that do not fit are the protocol's InvalidParams,
// for every method alike. (No method reads the request's context.)
func typed[P any](method func(s *Server, p *P) (any, error)) handler {
	return func(s *Server, _ context.Context, params json.RawMessage) (any, error) {
		var p P
		if err := decode(params, &p); err != nil {
			return nil, err
		}
		return method(s, &p)
	}
}

// decode unmarshals params into v with a protocol error when they do not fit.
func decode(params json.RawMessage, v any) error {
	if len(params) == 0 {
		return nil
	}
	if err := json.Unmarshal(params, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%v", err)
	}
	return nil
}

func (s *Server) initialize(p *InitializeParams) (any, error) {
	enc := utf16Enc
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-32" {
			enc = utf32Enc
		}
	}
	var init struct {
		DebounceMs *int `json:"debounceMs"`
	}
	_ = json.Unmarshal(p.InitializationOptions, &init) // options are optional
	s.mu.Lock()
	s.enc = enc
	if init.DebounceMs != nil && *init.DebounceMs >= 0 {
		s.opts.Debounce = time.Duration(*init.DebounceMs) * time.Millisecond
	}
	s.mu.Unlock()
	encName := "utf-16"
	if enc == utf32Enc {
		encName = "utf-32"
	}
	return InitializeResult{
		ServerInfo: ServerInfo{Name: "ppconn", Version: s.opts.Version},
		Capabilities: ServerCapabilities{
			PositionEncoding:           encName,
			TextDocumentSync:           TextDocumentSyncOptions{OpenClose: true, Change: syncIncremental, Save: SaveOptions{}},
			HoverProvider:              true,
			CompletionProvider:         &CompletionOptions{TriggerCharacters: []string{`"`, "-", ":", " ", "/"}},
			DefinitionProvider:         true,
			ReferencesProvider:         true,
			DocumentSymbolProvider:     true,
			DocumentFormattingProvider: true,
			CodeActionProvider:         &CodeActionOptions{CodeActionKinds: []string{kindQuickFix, kindFixAllPPConn}},
		},
	}, nil
}

func (s *Server) shutdownRequest(context.Context, json.RawMessage) (any, error) {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.stopLints()
	return nil, nil
}

func (s *Server) exitNotification(context.Context, json.RawMessage) (any, error) {
	s.exitOnce.Do(func() { close(s.exit) })
	return nil, nil
}

// logf writes to the server's log.
func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// notify sends a notification, logging a failure: the client is gone or
// going, and there is no one else to tell.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(context.Background(), method, params); err != nil {
		s.logf("ppconn lsp: sending %s: %v", method, err)
	}
}
