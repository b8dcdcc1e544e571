package lint

import (
	"fmt"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// Pass is what one rule's check gets for one document or package.
type Pass struct {
	Rule    *Rule
	Package *connector.Package
	// Doc is the document under check: a definition for Swagger rules,
	// apiProperties.json for Properties rules, nil otherwise.
	Doc *connector.Document
	// Root is Doc.Root, for brevity.
	Root *connector.Node

	options  map[string]any
	severity Severity
	emit     func(Finding)
	run      *packageRun // nil outside LintPackage
	internal bool        // reports are internal errors of the engine
	now      func() time.Time
}

// Now is the date and time the rules read: Config.Now, else the clock.
func (p *Pass) Now() time.Time {
	if p.now != nil {
		return p.now()
	}
	return time.Now()
}

// Option returns the configured value of one of the rule's options.
func (p *Pass) Option(name string) any {
	if v, ok := p.options[name]; ok {
		return v
	}
	return p.Rule.Option(name)
}

// IntOption returns an integer option.
func (p *Pass) IntOption(name string) int {
	switch v := p.Option(name).(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	panic(fmt.Sprintf("rule %s: option %s is not an integer", p.Rule.ID, name))
}

// Diagnostic is a finding as a check reports it, in the manner of
// go/analysis. Only Message is required: every other field left zero
// means the common case, a finding at a node of the document under check,
// without fix or related places (see Reportf, which reports just that).
type Diagnostic struct {
	// Node is the value the finding is about; AtKey points at its member
	// name instead (at Node itself when it is not an object member): the
	// place for a misspelled or misplaced key.
	Node  *connector.Node
	AtKey bool
	// Doc is the document of Node when it is not the document under
	// check: another file of the package, for checks across files.
	Doc *connector.Document
	// File, Pos and Pointer place a finding that has no node (a syntax
	// error, a line of a script, a file as a whole); Node is then nil.
	// File "" is Doc's (else the document under check's), a zero Pos the
	// start of the file; Pointer may stay "".
	File    string
	Pos     connector.Pos
	Pointer string
	// Message is short, the why goes in the rule's Doc: annotations in
	// GitHub and Azure truncate long messages. LintPackage masks the
	// secrets of the package in it.
	Message string
	// Fix is the correction 'ppconn fix' applies. Only rules declared
	// Fixable attach fixes: a fix from another rule is an internal error.
	Fix *Fix
	// Related are the other places the finding speaks of (the first of
	// two duplicates, say). They reach SARIF relatedLocations, JSON
	// related and the text note lines: never write "(line N)" in Message.
	Related []RelatedInfo
	// Notice makes the finding at most a warning: the advance notice of
	// what the rule reports at its own severity later (a date that comes
	// near, then passes). Off and lower severities stay.
	Notice bool
}

// RelatedInfo is a related place of a Diagnostic, and what it is
// (Message). It is placed as a Diagnostic is: at Node (in Doc, by default
// the finding's document), or, without a node, at File (by default the
// finding's file), Pos and Pointer.
type RelatedInfo struct {
	Node    *connector.Node
	AtKey   bool
	Doc     *connector.Document
	File    string
	Pos     connector.Pos
	Pointer string
	Message string
}

// Reportf reports a finding at the value n of the document under check,
// the common case: Report(Diagnostic{Node: n, Message: fmt.Sprintf(...)}).
func (p *Pass) Reportf(n *connector.Node, format string, args ...any) {
	p.Report(Diagnostic{Node: n, Message: fmt.Sprintf(format, args...)})
}

// Report reports the finding d; it is the one way a check reports.
func (p *Pass) Report(d Diagnostic) {
	doc := d.Doc
	if doc == nil {
		doc = p.Doc
	}
	file, pos, pointer := p.place(doc, d.Node, d.AtKey, d.File, d.Pos, d.Pointer)
	var related []Related
	if len(d.Related) > 0 {
		// Related messages quote names of the files, as messages do: they
		// are masked the same way (LintPackage masks the messages).
		known := p.secrets()
		related = make([]Related, len(d.Related))
		for i, r := range d.Related {
			rdoc, rfile := r.Doc, r.File
			if rdoc == nil {
				rdoc = doc
			}
			if r.Node == nil && rfile == "" {
				rfile = file
			}
			f, at, ptr := p.place(rdoc, r.Node, r.AtKey, rfile, r.Pos, r.Pointer)
			related[i] = Related{File: f, Line: at.Line, Column: at.Col, Pointer: ptr, Message: secret.MaskText(r.Message, known...)}
		}
	}
	fix := d.Fix
	if fix != nil && !p.Rule.Fixable {
		// A programming error, made loud: runCheck turns the panic into
		// an internal error, which fails the rule's tests and any gate.
		panic(fmt.Sprintf("rule %s attached a fix but is not declared Fixable", p.Rule.ID))
	}
	if fix != nil && len(fix.Edits) == 0 {
		fix = nil
	}
	severity := p.severity
	if d.Notice && severity > Warning {
		severity = Warning
	}
	p.emit(Finding{
		Rule:      p.Rule.ID,
		Level:     p.Rule.Level,
		Severity:  severity,
		Message:   d.Message,
		File:      file,
		Line:      pos.Line,
		Column:    pos.Col,
		Pointer:   pointer,
		Fixable:   fix != nil,
		Sensitive: p.Rule.Sensitive,
		Fix:       fix,
		Internal:  p.internal,
		Related:   related,
	})
}

// place is the file, position and pointer of a finding or a related
// place: those of node n in doc (at its member name when atKey), else the
// explicit ones, with their defaults (doc's file, its start). A place
// given both ways, or a node without a document, is a programming error.
func (p *Pass) place(doc *connector.Document, n *connector.Node, atKey bool, file string, pos connector.Pos, pointer string) (string, connector.Pos, string) {
	if n != nil {
		switch {
		case file != "" || pos != (connector.Pos{}) || pointer != "":
			panic(fmt.Sprintf("rule %s reported a place with both a node and a file, position or pointer", p.Rule.ID))
		case doc == nil:
			panic(fmt.Sprintf("rule %s reported a node without its document (Diagnostic.Doc)", p.Rule.ID))
		case atKey:
			return doc.Path, doc.KeyPosition(n), n.Pointer()
		}
		return doc.Path, doc.Position(n), n.Pointer()
	}
	if file == "" {
		if doc == nil {
			panic(fmt.Sprintf("rule %s reported a finding without a node, a document or a file", p.Rule.ID))
		}
		file = doc.Path
	}
	if pos == (connector.Pos{}) {
		pos = connector.Pos{Line: 1, Col: 1}
	}
	return file, pos, pointer
}

// secrets are the secret values of the pass's package, computed once per
// package in LintPackage.
func (p *Pass) secrets() []string {
	if p.Package == nil {
		return nil
	}
	if p.run == nil {
		return secret.All(p.Package.Documents()...)
	}
	return p.run.secrets(p.Package)
}
