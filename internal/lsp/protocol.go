package lsp

import "encoding/json"

// The subset of the Language Server Protocol (3.17) that the server speaks,
// as plain structs. go.lsp.dev/protocol would have given these, but its last
// release (v0.12.0, 2022) is written against go.lsp.dev/jsonrpc2 v0.10 and
// does not compile with the maintained v1 line, so the types the server
// uses are declared here, field for field as the specification names them.

// DocumentURI is a file: URI.
type DocumentURI string

// Position is a zero-based line and character; characters are counted in
// the negotiated position encoding (UTF-16 unless the client offers
// UTF-32).
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is a half-open range of positions.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// Location is a range in a document.
type Location struct {
	URI   DocumentURI `json:"uri"`
	Range Range       `json:"range"`
}

// TextDocumentIdentifier names a document.
type TextDocumentIdentifier struct {
	URI DocumentURI `json:"uri"`
}

// TextDocumentItem is a document as didOpen sends it.
type TextDocumentItem struct {
	URI        DocumentURI `json:"uri"`
	LanguageID string      `json:"languageId"`
	Version    int         `json:"version"`
	Text       string      `json:"text"`
}

// VersionedTextDocumentIdentifier names a version of a document.
type VersionedTextDocumentIdentifier struct {
	URI     DocumentURI `json:"uri"`
	Version int         `json:"version"`
}

// TextDocumentPositionParams is a place in a document.
type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

// InitializeParams is what the client says about itself.
type InitializeParams struct {
	ProcessID             *int               `json:"processId"`
	RootURI               DocumentURI        `json:"rootUri,omitempty"`
	InitializationOptions json.RawMessage    `json:"initializationOptions,omitempty"`
	Capabilities          ClientCapabilities `json:"capabilities"`
}

// ClientCapabilities is the part of the client's capabilities the server
// reads.
type ClientCapabilities struct {
	General struct {
		PositionEncodings []string `json:"positionEncodings,omitempty"`
	} `json:"general"`
}

// InitializeResult is what the server can do.
type InitializeResult struct {
	Capabilities ServerCapabilities `json:"capabilities"`
	ServerInfo   ServerInfo         `json:"serverInfo"`
}

// ServerInfo names the server.
type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

// ServerCapabilities lists the features the server provides.
type ServerCapabilities struct {
	PositionEncoding           string                   `json:"positionEncoding,omitempty"`
	TextDocumentSync           TextDocumentSyncOptions  `json:"textDocumentSync"`
	HoverProvider              bool                     `json:"hoverProvider"`
	CompletionProvider         *CompletionOptions       `json:"completionProvider,omitempty"`
	DefinitionProvider         bool                     `json:"definitionProvider"`
	ReferencesProvider         bool                     `json:"referencesProvider"`
	DocumentSymbolProvider     bool                     `json:"documentSymbolProvider"`
	DocumentFormattingProvider bool                     `json:"documentFormattingProvider"`
	CodeActionProvider         *CodeActionOptions       `json:"codeActionProvider,omitempty"`
	ExecuteCommandProvider     *ExecuteCommandOptions   `json:"executeCommandProvider,omitempty"`
	Workspace                  *WorkspaceServerFeatures `json:"workspace,omitempty"`
}

// TextDocumentSyncOptions: full text on every change.
type TextDocumentSyncOptions struct {
	OpenClose bool        `json:"openClose"`
	Change    int         `json:"change"`
	Save      SaveOptions `json:"save"`
}

// SaveOptions asks for didSave notifications.
type SaveOptions struct {
	IncludeText bool `json:"includeText"`
}

// Text document sync kinds.
const (
	syncFull        = 1
	syncIncremental = 2
)

// CompletionOptions are the completion trigger characters.
type CompletionOptions struct {
	TriggerCharacters []string `json:"triggerCharacters,omitempty"`
}

// CodeActionOptions lists the code action kinds offered.
type CodeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds,omitempty"`
}

// ExecuteCommandOptions lists the commands the server executes.
type ExecuteCommandOptions struct {
	Commands []string `json:"commands"`
}

// WorkspaceServerFeatures: workspace folder support.
type WorkspaceServerFeatures struct {
	WorkspaceFolders struct {
		Supported bool `json:"supported"`
	} `json:"workspaceFolders"`
}

// DidOpenTextDocumentParams is textDocument/didOpen.
type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// TextDocumentContentChangeEvent is a change: the whole text, or a range
// replaced.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	Text  string `json:"text"`
}

// DidChangeTextDocumentParams is textDocument/didChange.
type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

// DidCloseTextDocumentParams is textDocument/didClose.
type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// DidChangeWatchedFilesParams is workspace/didChangeWatchedFiles.
type DidChangeWatchedFilesParams struct {
	Changes []struct {
		URI DocumentURI `json:"uri"`
	} `json:"changes"`
}

// DidSaveTextDocumentParams is textDocument/didSave.
type DidSaveTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Text         *string                `json:"text,omitempty"`
}

// Diagnostic severities.
const (
	severityError       = 1
	severityWarning     = 2
	severityInformation = 3
	severityHint        = 4
)

// Diagnostic is one finding as the editor shows it.
type Diagnostic struct {
	Range           Range            `json:"range"`
	Severity        int              `json:"severity"`
	Code            string           `json:"code,omitempty"`
	CodeDescription *CodeDescription `json:"codeDescription,omitempty"`
	Source          string           `json:"source"`
	Message         string           `json:"message"`
	Data            *DiagnosticData  `json:"data,omitempty"`
}

// CodeDescription links a diagnostic to its rule's page.
type CodeDescription struct {
	Href string `json:"href"`
}

// DiagnosticData travels with a diagnostic back into codeAction requests.
type DiagnosticData struct {
	Pointer string `json:"pointer"`
	Fixable bool   `json:"fixable,omitempty"`
}

// PublishDiagnosticsParams is textDocument/publishDiagnostics.
type PublishDiagnosticsParams struct {
	URI         DocumentURI  `json:"uri"`
	Version     *int         `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

// TextEdit replaces a range.
type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

// WorkspaceEdit is edits over several documents: Changes, or
// DocumentChanges when a file is created.
type WorkspaceEdit struct {
	Changes         map[DocumentURI][]TextEdit `json:"changes,omitempty"`
	DocumentChanges []any                      `json:"documentChanges,omitempty"`
}

// CreateFile is a documentChanges operation that creates a file.
type CreateFile struct {
	Kind    string             `json:"kind"` // "create"
	URI     DocumentURI        `json:"uri"`
	Options *CreateFileOptions `json:"options,omitempty"`
}

// CreateFileOptions: leave an existing file alone.
type CreateFileOptions struct {
	IgnoreIfExists bool `json:"ignoreIfExists,omitempty"`
}

// TextDocumentEdit is a documentChanges operation that edits a file.
type TextDocumentEdit struct {
	TextDocument OptionalVersionedTextDocumentIdentifier `json:"textDocument"`
	Edits        []TextEdit                              `json:"edits"`
}

// OptionalVersionedTextDocumentIdentifier names a document, with a null
// version for one the client need not have open.
type OptionalVersionedTextDocumentIdentifier struct {
	URI     DocumentURI `json:"uri"`
	Version *int        `json:"version"`
}

// CodeActionParams is textDocument/codeAction.
type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// CodeActionContext carries the diagnostics at the range and the kinds
// wanted.
type CodeActionContext struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
	Only        []string     `json:"only,omitempty"`
}

// Code action kinds.
const (
	kindQuickFix     = "quickfix"
	kindSource       = "source"
	kindSourceFixAll = "source.fixAll"
	kindFixAllPPConn = "source.fixAll.ppconn"
)

// CodeAction is a quick fix, a suppression or fix-all.
type CodeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

// ApplyWorkspaceEditParams is workspace/applyEdit, sent to the client.
type ApplyWorkspaceEditParams struct {
	Label string        `json:"label,omitempty"`
	Edit  WorkspaceEdit `json:"edit"`
}

// ExecuteCommandParams is workspace/executeCommand.
type ExecuteCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments,omitempty"`
}

// MarkupContent is markdown shown by hover and completion.
type MarkupContent struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Hover is the answer to textDocument/hover.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// CompletionParams is textDocument/completion.
type CompletionParams struct {
	TextDocumentPositionParams
}

// CompletionItem is one proposal.
type CompletionItem struct {
	Label         string         `json:"label"`
	Kind          int            `json:"kind,omitempty"`
	Detail        string         `json:"detail,omitempty"`
	Documentation *MarkupContent `json:"documentation,omitempty"`
	InsertText    string         `json:"insertText,omitempty"`
	FilterText    string         `json:"filterText,omitempty"`
	TextEdit      *TextEdit      `json:"textEdit,omitempty"`
}

// CompletionList is the answer to textDocument/completion.
type CompletionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []CompletionItem `json:"items"`
}

// ReferenceParams is textDocument/references.
type ReferenceParams struct {
	TextDocumentPositionParams
	Context struct {
		IncludeDeclaration bool `json:"includeDeclaration"`
	} `json:"context"`
}

// DocumentSymbol is an outline entry.
type DocumentSymbol struct {
	Name           string           `json:"name"`
	Detail         string           `json:"detail,omitempty"`
	Kind           int              `json:"kind"`
	Range          Range            `json:"range"`
	SelectionRange Range            `json:"selectionRange"`
	Children       []DocumentSymbol `json:"children,omitempty"`
}

// DocumentSymbolParams is textDocument/documentSymbol.
type DocumentSymbolParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// DocumentFormattingParams is textDocument/formatting.
type DocumentFormattingParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// LogMessageParams is window/logMessage and window/showMessage.
type LogMessageParams struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}

// Completion item kinds.
const (
	completionProperty  = 10
	completionReference = 18
	completionEnumValue = 20
)

// Symbol kinds.
const (
	symbolNamespace = 3
	symbolClass     = 5
	symbolMethod    = 6
)
