package lsp

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/report"
	"github.com/ppconn/ppconn/internal/secret"
)

// connectorState is what the server keeps of one connector: its lint
// schedule, the last result and the files that got diagnostics.
type connectorState struct {
	key, dir string
	pending  bool // a lint is due: scheduled, or wanted after the running one
	running  bool
	// published maps the files given diagnostics last to their URIs.
	published map[string]DocumentURI
	last      *lintResult
	// good holds each document's last parse without a syntax error, for
	// hover, completion and navigation while the text is half-typed.
	good map[string]*connector.Document
}

// lintResult is one lint of a connector from a snapshot of the buffers.
type lintResult struct {
	pkg      *connector.Package
	cfg      lint.Config
	cfgPath  string // "" for none
	cfgErrs  []*config.Error
	findings []lint.Finding
	// texts are the texts linted, by path; versions those of open buffers.
	texts    map[string][]byte
	versions map[string]int
	known    []string // see secrets
}

// connectorKey names the connector a file belongs to: its folder when the
// folder is a connector, else the file itself when it is a definition or
// apiProperties.json; "" when it belongs to none.
func connectorKey(path string) string {
	if _, ok, _ := connector.FolderTarget(filepath.Dir(path)); ok {
		return filepath.Dir(path)
	}
	if connector.IsDefinitionName(path) || strings.EqualFold(filepath.Base(path), "apiProperties.json") {
		return path
	}
	return ""
}

// target is the connector of key as it is now on disk, with the open
// buffers that disk does not have yet.
func target(key string) connector.Target {
	if t, ok, _ := connector.FolderTarget(key); ok {
		return t
	}
	if strings.EqualFold(filepath.Base(key), "apiProperties.json") {
		return connector.Target{Props: key}
	}
	return connector.Target{Swaggers: []string{key}}
}

// schedule asks for a lint of the connector key.
func (s *Server) schedule(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return
	}
	c := s.conns[key]
	if c == nil {
		dir := key
		if _, ok, _ := connector.FolderTarget(key); !ok {
			dir = filepath.Dir(key)
		}
		c = &connectorState{key: key, dir: dir, published: map[string]DocumentURI{}, good: map[string]*connector.Document{}}
		s.conns[key] = c
	}
	if c.pending {
		return
	}
	c.pending = true
	if c.running {
		return // the running loop takes it up
	}
	c.running = true
	s.bg.Add(1)
	time.AfterFunc(s.opts.Debounce, func() { s.lintLoop(c) })
}

// lintLoop lints c until no change is pending, publishing each result.
func (s *Server) lintLoop(c *connectorState) {
	defer s.bg.Done()
	for {
		s.mu.Lock()
		if !c.pending || s.shutdown {
			c.running = false
			s.mu.Unlock()
			return
		}
		c.pending = false
		s.mu.Unlock()
		res := s.safeLint(c)
		s.publish(c, res)
	}
}

// stopLints waits for the running lints after shutdown.
func (s *Server) stopLints() {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.bg.Wait()
}

// safeLint is lintConnector with a panic turned into a log line: the
// connector keeps its last diagnostics.
func (s *Server) safeLint(c *connectorState) (res *lintResult) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("ppconn lsp: internal error linting %s: %v\n%s", c.key, r, debug.Stack())
			res = nil
		}
	}()
	return s.lintConnector(c.key, c.dir, s.snapshot())
}

// lintConnector lints the connector key from the buffers in snap and the
// files on disk, as 'ppconn lint' would lint the same text.
func (s *Server) lintConnector(key, dir string, snap map[string]*buffer) *lintResult {
	t := target(key)
	res := &lintResult{texts: map[string][]byte{}, versions: map[string]int{}}
	overlay := map[string][]byte{}
	for _, p := range targetFiles(t) {
		if b := snap[p]; b != nil {
			overlay[p] = b.text
			res.versions[p] = b.version
		}
	}
	res.cfg, res.cfgPath, res.cfgErrs = s.config(dir, snap)
	if b := snap[res.cfgPath]; b != nil {
		res.versions[res.cfgPath] = b.version
	}
	res.pkg = connector.LoadOverlay(t, res.cfg.Limits, overlay)
	res.findings = lint.LintPackage(res.pkg, &res.cfg)
	for _, d := range res.pkg.Documents() {
		res.texts[d.Path] = d.Src
	}
	if sc := res.pkg.Script; sc != nil {
		res.texts[sc.Path] = sc.Src
	}
	return res
}

// targetFiles lists the files of a target.
func targetFiles(t connector.Target) []string {
	files := append([]string(nil), t.Swaggers...)
	for _, f := range []string{t.Props, t.Settings, t.Script} {
		if f != "" {
			files = append(files, f)
		}
	}
	return files
}

// config is the lint configuration of a connector in dir, as 'ppconn
// lint' builds it: the custom profile, then the .ppconn.yaml found from
// dir upwards (an open buffer of it is read instead of the file). A
// configuration with errors is reported on its file, and the connector is
// linted with the defaults meanwhile.
func (s *Server) config(dir string, snap map[string]*buffer) (lint.Config, string, []*config.Error) {
	cfg := lint.Config{Registry: s.opts.Registry, Profile: lint.Profiles[0], Limits: s.opts.Limits}
	path := findConfig(dir, snap)
	if path == "" {
		return cfg, "", nil
	}
	var file *config.Config
	var err error
	if b := snap[path]; b != nil {
		file, err = config.Parse(path, b.text)
	} else {
		file, err = config.Load(path)
	}
	if err == nil {
		try := cfg
		if err = file.Apply(s.opts.Registry, &try); err == nil {
			return try, path, nil
		}
	}
	return cfg, path, configErrors(path, err)
}

// findConfig is config.Find over the buffers and the disk.
func findConfig(dir string, snap map[string]*buffer) string {
	for d := dir; ; {
		p := filepath.Join(d, config.FileName)
		if snap[p] != nil {
			return p
		}
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// configErrors flattens what config.Parse and Apply return.
func configErrors(path string, err error) []*config.Error {
	var list config.Errors
	if errors.As(err, &list) {
		return list
	}
	var one *config.Error
	if errors.As(err, &one) {
		return []*config.Error{one}
	}
	return []*config.Error{{File: path, Msg: err.Error()}}
}

// secrets are the secret values of the package's files, computed once.
func (r *lintResult) secrets() []string {
	if r.known == nil {
		r.known = append([]string{}, secret.All(r.pkg.Documents()...)...)
	}
	return r.known
}

// publish sends the diagnostics of every file of the connector, and empty
// lists to the files that had some and have none now. When none of the
// connector's files is open any more, its diagnostics are cleared and the
// server forgets it.
func (s *Server) publish(c *connectorState, res *lintResult) {
	if res == nil {
		return
	}
	s.mu.Lock()
	enc := s.enc
	open := false
	uris := map[string]DocumentURI{}
	for p, b := range s.docs {
		uris[p] = b.uri
		if connectorKey(p) == c.key || p == res.cfgPath {
			open = open || connectorKey(p) == c.key
		}
	}
	s.mu.Unlock()

	byFile := map[string][]Diagnostic{}
	if open {
		byFile = s.diagnostics(res, enc)
	}
	var sends []PublishDiagnosticsParams
	s.mu.Lock()
	old := c.published
	c.published = map[string]DocumentURI{}
	for path, diags := range byFile {
		uri := uris[path]
		if uri == "" {
			uri = pathToURI(path)
		}
		c.published[path] = uri
		p := PublishDiagnosticsParams{URI: uri, Diagnostics: diags}
		if v, ok := res.versions[path]; ok {
			p.Version = &v
		}
		sends = append(sends, p)
	}
	for path, uri := range old {
		if _, ok := byFile[path]; !ok {
			sends = append(sends, PublishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
		}
	}
	c.last = res
	for _, d := range res.pkg.Documents() {
		if d.Root != nil && !hasSyntaxProblem(d) {
			c.good[d.Path] = d
		}
	}
	if !open && !c.pending {
		delete(s.conns, c.key)
	}
	s.mu.Unlock()
	for _, p := range sends {
		s.notify("textDocument/publishDiagnostics", p)
	}
}

func hasSyntaxProblem(d *connector.Document) bool {
	for _, p := range d.Problems {
		if p.Kind == connector.ProblemSyntax {
			return true
		}
	}
	return false
}

// diagnostics turns a lint result into diagnostics by file. Every file of
// the package gets a list, empty when it has no finding.
func (s *Server) diagnostics(res *lintResult, enc encoding) map[string][]Diagnostic {
	out := map[string][]Diagnostic{}
	index := map[string]*lines{}
	linesOf := func(path string) *lines {
		if l := index[path]; l != nil {
			return l
		}
		l := newLines(res.texts[path])
		index[path] = l
		return l
	}
	for path := range res.texts {
		out[path] = []Diagnostic{}
	}
	primary := ""
	if d := res.pkg.Swagger(); d != nil {
		primary = d.Path
	} else if res.pkg.Properties != nil {
		primary = res.pkg.Properties.Path
	}
	for _, f := range res.findings {
		file := f.File
		if _, ok := res.texts[file]; !ok {
			// A finding on the folder (a file missing from it): shown on
			// the definition, where the author is.
			file = primary
			if file == "" {
				continue
			}
		}
		out[file] = append(out[file], s.diagnostic(f, linesOf(file), enc, res.secrets()...))
	}
	if res.cfgPath != "" && len(res.cfgErrs) > 0 {
		text, _ := os.ReadFile(res.cfgPath)
		if b := s.buffer(pathToURI(res.cfgPath)); b != nil {
			text = b.text
		}
		l := newLines(text)
		for _, e := range res.cfgErrs {
			line, col := max(e.Line, 1), max(e.Col, 1)
			start := l.fromPos(line, col, enc)
			out[res.cfgPath] = append(out[res.cfgPath], Diagnostic{
				Range:    Range{Start: start, End: tokenEnd(l, start, enc)},
				Severity: severityError,
				Source:   "ppconn",
				Message:  "bad configuration: " + e.Msg + " (the connector is linted with the defaults until it is fixed)",
			})
		}
	}
	return out
}

// severities maps ppconn's severities to the protocol's.
var severities = map[lint.Severity]int{lint.Error: severityError, lint.Warning: severityWarning, lint.Info: severityInformation}

// diagnostic is one finding as a diagnostic: the rule id as code, a link
// to its page, and the range of the token the finding is at.
//
// The message is masked as every output of ppconn masks it (secret.MaskText,
// with the secret values of the connector's files as known).
func (s *Server) diagnostic(f lint.Finding, l *lines, enc encoding, known ...string) Diagnostic {
	start := l.fromPos(f.Line, f.Column, enc)
	return Diagnostic{
		Range:           Range{Start: start, End: tokenEnd(l, start, enc)},
		Severity:        severities[f.Severity],
		Code:            f.Rule,
		CodeDescription: &CodeDescription{Href: report.HelpURI(f.Rule)},
		Source:          "ppconn",
		Message:         strings.ToValidUTF8(secret.MaskText(f.Message, known...), "\uFFFD"),
		Data:            &DiagnosticData{Pointer: f.Pointer, Fixable: f.Fix != nil},
	}
}

// tokenEnd is where the token at start ends on its line: a quoted string
// with its quotes, or a run up to the next delimiter. An empty token
// still gets one character, so the editor has something to underline.
func tokenEnd(l *lines, start Position, enc encoding) Position {
	text := l.line(start.Line)
	off := l.offset(start, enc) - l.starts[min(start.Line, len(l.starts)-1)]
	if off >= len(text) {
		return start
	}
	end := off
	switch q := text[off]; q {
	case '"', '\'':
		end++
		for end < len(text) && text[end] != q {
			if text[end] == '\\' && q == '"' {
				end++
			}
			end++
		}
		end = min(end+1, len(text))
	default:
		for end < len(text) && !strings.ContainsRune(",}]\t", rune(text[end])) &&
			!(text[end] == ':' && (end+1 == len(text) || text[end+1] == ' ')) {
			end++
		}
		for end > off+1 && text[end-1] == ' ' {
			end--
		}
		if end == off {
			end = off + 1
		}
	}
	return l.position(l.starts[start.Line]+end, enc)
}
