package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/fix"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
)

func init() {
	featureMethods["textDocument/codeAction"] = typed((*Server).codeAction)
	featureMethods["textDocument/formatting"] = typed((*Server).formatting)
}

// current lints the connector of path from the buffers as they are now,
// for requests that must see the latest text (code actions).
func (s *Server) current(path string) (*lintResult, encoding, bool) {
	key := connectorKey(path)
	if key == "" {
		return nil, 0, false
	}
	dir := key
	if _, ok, _ := connector.FolderTarget(key); !ok {
		dir = filepath.Dir(key)
	}
	s.mu.Lock()
	enc := s.enc
	s.mu.Unlock()
	res := s.lintConnector(key, dir, s.snapshot())
	if _, ok := res.texts[path]; !ok {
		return nil, 0, false
	}
	return res, enc, true
}

// wants reports whether a code action of kind is asked for by only.
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if kind == o || strings.HasPrefix(kind, o+".") {
			return true
		}
	}
	return false
}

func (s *Server) codeAction(p *CodeActionParams) (any, error) {
	actions := []CodeAction{}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return actions, nil
	}
	res, enc, ok := s.current(path)
	if !ok {
		return actions, nil
	}
	l := newLines(res.texts[path])
	first, last := p.Range.Start.Line+1, p.Range.End.Line+1
	fixable := 0
	for i := range res.findings {
		f := &res.findings[i]
		if f.File != path {
			continue
		}
		if f.Fix != nil {
			fixable++
		}
		if f.Line < first || f.Line > last {
			continue
		}
		diag := s.diagnostic(*f, l, enc)
		if f.Fix != nil && wants(p.Context.Only, kindQuickFix) {
			if a := s.fixAction(res, f, diag, enc); a != nil {
				actions = append(actions, *a)
			}
		}
		if wants(p.Context.Only, kindQuickFix) {
			if a := s.inlineIgnoreAction(res, f, diag, enc); a != nil {
				actions = append(actions, *a)
			}
			if a := s.configIgnoreAction(res, f, diag, enc); a != nil {
				actions = append(actions, *a)
			}
		}
	}
	if fixable > 0 && wants(p.Context.Only, kindFixAllPPConn) {
		if a := s.fixAllAction(res, path, enc); a != nil {
			actions = append(actions, *a)
		}
	}
	return actions, nil
}

// sameFinding reports whether a and b are one finding (of two lints).
func sameFinding(a, b *lint.Finding) bool {
	return a.Rule == b.Rule && a.File == b.File && a.Pointer == b.Pointer && a.Message == b.Message
}

// edits turns the files a fix changed into a workspace edit.
func edits(r *fix.Result, uris func(string) DocumentURI, enc encoding) *WorkspaceEdit {
	we := &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{}}
	for _, f := range r.Files {
		if e, ok := editBetween(f.Original, f.Fixed, enc); ok {
			we.Changes[uris(f.Path)] = append(we.Changes[uris(f.Path)], e)
		}
	}
	if len(we.Changes) == 0 {
		return nil
	}
	return we
}

// uriOf is the URI the client knows path by.
func (s *Server) uriOf(path string) DocumentURI {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.docs[path]; b != nil {
		return b.uri
	}
	return pathToURI(path)
}

// fixAction is the quick fix of one finding: 'ppconn fix' for that finding
// alone, with all its checks (the text must parse to the intended value,
// and no new finding may appear).
func (s *Server) fixAction(res *lintResult, f *lint.Finding, diag Diagnostic, enc encoding) *CodeAction {
	r := fix.Package(res.pkg, &res.cfg, fix.Options{
		Rounds: 1,
		Unsafe: f.Fix.Unsafe,
		Only:   func(g *lint.Finding) bool { return sameFinding(f, g) },
	})
	if len(r.Applied) == 0 {
		return nil
	}
	we := edits(r, s.uriOf, enc)
	if we == nil {
		return nil
	}
	title := "Fix " + f.Rule
	if f.Fix.Unsafe {
		title += " (then: " + f.Fix.Note + ")"
	}
	return &CodeAction{Title: title, Kind: kindQuickFix, Diagnostics: []Diagnostic{diag}, IsPreferred: !f.Fix.Unsafe, Edit: we}
}

// fixAllAction applies every safe fix of the file, in rounds, as 'ppconn
// fix' does; for editor.codeActionsOnSave.
func (s *Server) fixAllAction(res *lintResult, path string, enc encoding) *CodeAction {
	r := fix.Package(res.pkg, &res.cfg, fix.Options{Only: func(g *lint.Finding) bool { return g.File == path }})
	we := edits(r, s.uriOf, enc)
	if we == nil {
		return nil
	}
	return &CodeAction{Title: fmt.Sprintf("Fix all: %d safe fixes (ppconn fix)", len(r.Applied)), Kind: kindFixAllPPConn, Edit: we}
}

// documentOf returns the parsed document of path in the package.
func documentOf(pkg *connector.Package, path string) *connector.Document {
	for _, d := range pkg.Documents() {
		if d.Path == path {
			return d
		}
	}
	return nil
}

// inlineIgnoreAction adds the rule to the x-lint-ignore of the object
// the finding is at (or in).
func (s *Server) inlineIgnoreAction(res *lintResult, f *lint.Finding, diag Diagnostic, enc encoding) *CodeAction {
	doc := documentOf(res.pkg, f.File)
	if doc == nil || doc.Root == nil || doc.Role == connector.RoleSettings || f.Pointer == "" {
		return nil
	}
	n := doc.Root.Resolve(f.Pointer)
	for n != nil && n.Kind != connector.Object {
		n = n.Parent
	}
	if n == nil || len(doc.Problems) > 0 {
		return nil
	}
	ids := []any{}
	if old := n.Get(lint.IgnoreKey); old != nil {
		for _, id := range lint.IgnoreList(old) {
			ids = append(ids, id)
		}
	}
	var value any = f.Rule
	if len(ids) > 0 {
		ids = append(ids, f.Rule)
		value = ids
	}
	ed, err := rewrite.NewEditor(doc)
	if err != nil {
		return nil
	}
	if err := ed.Set(n.Pointer()+"/"+lint.IgnoreKey, value); err != nil {
		return nil
	}
	out, err := ed.Bytes()
	if err != nil {
		return nil
	}
	e, ok := editBetween(res.texts[f.File], withoutBOM(out), enc)
	if !ok {
		return nil
	}
	where := n.Pointer()
	if where == "" {
		where = "the root"
	}
	return &CodeAction{
		Title:       fmt.Sprintf("Ignore %s here (x-lint-ignore at %s)", f.Rule, where),
		Kind:        kindQuickFix,
		Diagnostics: []Diagnostic{diag},
		Edit:        &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{s.uriOf(f.File): {e}}},
	}
}

func withoutBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// globEscape quotes the glob characters of a JSON pointer.
func globEscape(s string) string {
	return strings.NewReplacer("*", "[*]", "?", "[?]", "[", "[[]").Replace(s)
}

// configIgnoreAction adds an ignore entry for this finding to the
// .ppconn.yaml that configures the connector (one is created beside the
// connector when there is none).
func (s *Server) configIgnoreAction(res *lintResult, f *lint.Finding, diag Diagnostic, enc encoding) *CodeAction {
	cfgPath := res.cfgPath
	if cfgPath != "" && len(res.cfgErrs) > 0 {
		return nil // do not edit a configuration that does not load
	}
	base := res.pkg.Dir
	if base == "" {
		base = filepath.Dir(f.File)
	}
	entry := func(cfgDir string) rewrite.Object {
		rel, err := filepath.Rel(cfgDir, f.File)
		if err != nil {
			rel = filepath.Base(f.File)
		}
		obj := rewrite.Object{{Key: "rule", Value: f.Rule}, {Key: "file", Value: globEscape(filepath.ToSlash(rel))}}
		if f.Pointer != "" {
			obj = append(obj, rewrite.Member{Key: "pointer", Value: globEscape(f.Pointer)})
		}
		return append(obj, rewrite.Member{Key: "reason", Value: "TODO: say why"})
	}
	title := fmt.Sprintf("Ignore %s here in %s", f.Rule, config.FileName)
	if cfgPath == "" {
		cfgPath = filepath.Join(base, config.FileName)
		doc := &connector.Document{Path: cfgPath, Format: connector.YAML}
		connector.Parse(doc, []byte("ignore: []\n"), connector.DefaultLimits)
		text, err := setYAML(doc, "/ignore", []any{entry(base)})
		if err != nil {
			return nil
		}
		uri := pathToURI(cfgPath)
		return &CodeAction{
			Title: title + " (a new file)", Kind: kindQuickFix, Diagnostics: []Diagnostic{diag},
			Edit: &WorkspaceEdit{DocumentChanges: []any{
				CreateFile{Kind: "create", URI: uri, Options: &CreateFileOptions{IgnoreIfExists: true}},
				TextDocumentEdit{TextDocument: OptionalVersionedTextDocumentIdentifier{URI: uri}, Edits: []TextEdit{{NewText: string(text)}}},
			}},
		}
	}
	old := s.textOf(cfgPath)
	doc := &connector.Document{Path: cfgPath, Format: connector.YAML}
	connector.Parse(doc, old, connector.DefaultLimits)
	if doc.Root == nil || len(doc.Problems) > 0 {
		return nil
	}
	var text []byte
	var err error
	if list := doc.Root.Get("ignore"); list != nil && list.Kind == connector.Array {
		text, err = setYAML(doc, fmt.Sprintf("/ignore/%d", len(list.Children)), entry(filepath.Dir(cfgPath)))
	} else {
		text, err = setYAML(doc, "/ignore", []any{entry(filepath.Dir(cfgPath))})
	}
	if err != nil {
		return nil
	}
	e, ok := editBetween(old, text, enc)
	if !ok {
		return nil
	}
	return &CodeAction{
		Title: title, Kind: kindQuickFix, Diagnostics: []Diagnostic{diag},
		Edit: &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{s.uriOf(cfgPath): {e}}},
	}
}

// setYAML sets a value in a YAML document through the comment-keeping
// editor.
func setYAML(doc *connector.Document, pointer string, value any) ([]byte, error) {
	ed, err := rewrite.NewEditor(doc)
	if err != nil {
		return nil, err
	}
	if err := ed.Set(pointer, value); err != nil {
		return nil, err
	}
	return ed.Bytes()
}

// textOf is the text of path: the open buffer, else the file.
func (s *Server) textOf(path string) []byte {
	s.mu.Lock()
	b := s.docs[path]
	s.mu.Unlock()
	if b != nil {
		return b.text
	}
	data, _ := os.ReadFile(path)
	return data
}

// formatting is 'ppconn fmt': the canonical form of a definition or
// apiProperties.json (JSON indent from .ppconn.yaml fmt.indent, else 4).
func (s *Server) formatting(p *DocumentFormattingParams) (any, error) {
	b := s.buffer(p.TextDocument.URI)
	if b == nil || strings.EqualFold(filepath.Ext(b.path), ".csx") || strings.EqualFold(filepath.Base(b.path), config.FileName) {
		return []TextEdit{}, nil
	}
	doc := &connector.Document{Path: b.path, Format: rewrite.FormatOf(b.path)}
	connector.Parse(doc, b.text, s.opts.Limits)
	if pr := rewrite.FirstProblem(doc); pr != nil {
		return nil, fmt.Errorf("%s:%d:%d: not formatted: %s", b.path, pr.Pos.Line, pr.Pos.Col, pr.Message)
	}
	indent := 4
	if cfgPath := findConfig(filepath.Dir(b.path), s.snapshot()); cfgPath != "" {
		if c, err := config.Parse(cfgPath, s.textOf(cfgPath)); err == nil && c.Fmt.Indent > 0 {
			indent = c.Fmt.Indent
		}
	}
	out, err := rewrite.Canonical(doc, doc.Format, indent)
	if err != nil {
		return nil, fmt.Errorf("%s: not formatted: %w", b.path, err)
	}
	s.mu.Lock()
	enc := s.enc
	s.mu.Unlock()
	e, ok := editBetween(b.text, out, enc)
	if !ok {
		return []TextEdit{}, nil
	}
	return []TextEdit{e}, nil
}
