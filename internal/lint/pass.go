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
	fix      *Fix
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

// Report reports a finding at the value n of the document under check.
func (p *Pass) Report(n *connector.Node, format string, args ...any) {
	p.ReportIn(p.Doc, n, false, format, args...)
}

// ReportKey reports a finding at the member name of n (at n itself when n
// is not an object member): the place to point at for a misspelled or
// misplaced key.
func (p *Pass) ReportKey(n *connector.Node, format string, args ...any) {
	p.ReportIn(p.Doc, n, true, format, args...)
}

// ReportIn reports a finding in another document of the package, for
// checks across files.
func (p *Pass) ReportIn(doc *connector.Document, n *connector.Node, atKey bool, format string, args ...any) {
	pos := doc.Position(n)
	if atKey {
		pos = doc.KeyPosition(n)
	}
	pointer := ""
	if n != nil {
		pointer = n.Pointer()
	}
	p.ReportAt(doc.Path, pos, pointer, fmt.Sprintf(format, args...))
}

// WithFix returns a copy of the pass whose reports carry fix, the
// correction 'ppconn fix' applies (nil: none). Only rules declared
// Fixable attach fixes.
func (p *Pass) WithFix(fix *Fix) *Pass {
	q := *p
	q.fix = fix
	return &q
}

// ReportFix is Report with the fix of the finding.
func (p *Pass) ReportFix(n *connector.Node, fix *Fix, format string, args ...any) {
	p.WithFix(fix).ReportIn(p.Doc, n, false, format, args...)
}

// ReportKeyFix is ReportKey with the fix of the finding.
func (p *Pass) ReportKeyFix(n *connector.Node, fix *Fix, format string, args ...any) {
	p.WithFix(fix).ReportIn(p.Doc, n, true, format, args...)
}

// Diagnostic is a finding as a check reports it, in the manner of
// go/analysis: the node it is about (at its member name when AtKey), a
// short message (the why goes in the rule's Doc), the fix if the rule is
// Fixable, and the related places.
type Diagnostic struct {
	Node    *connector.Node
	AtKey   bool
	Message string
	Fix     *Fix
	Related []RelatedNode
	// Notice makes the finding at most a warning: the advance notice of
	// what the rule reports at its own severity later (a date that comes
	// near, then passes). Off and lower severities stay.
	Notice bool
}

// RelatedNode is a related place of a Diagnostic: a node of the document
// under check (at its member name when AtKey), and what it is.
type RelatedNode struct {
	Node    *connector.Node
	AtKey   bool
	Message string
}

// ReportDiagnostic reports d in the document under check.
func (p *Pass) ReportDiagnostic(d Diagnostic) {
	at := func(n *connector.Node, atKey bool) connector.Pos {
		if atKey {
			return p.Doc.KeyPosition(n)
		}
		return p.Doc.Position(n)
	}
	var related []Related
	for _, r := range d.Related {
		pos := at(r.Node, r.AtKey)
		rel := Related{File: p.Doc.Path, Line: pos.Line, Column: pos.Col, Message: r.Message}
		if r.Node != nil {
			rel.Pointer = r.Node.Pointer()
		}
		related = append(related, rel)
	}
	pointer := ""
	if d.Node != nil {
		pointer = d.Node.Pointer()
	}
	q := p
	if d.Fix != nil {
		q = p.WithFix(d.Fix)
	}
	if d.Notice && q.severity > Warning {
		c := *q
		c.severity = Warning
		q = &c
	}
	q.reportAt(p.Doc.Path, at(d.Node, d.AtKey), pointer, d.Message, related)
}

// ReportAt reports a finding at an explicit place, for problems that have
// no node (a syntax error, a line of a script).
func (p *Pass) ReportAt(file string, pos connector.Pos, pointer, msg string) {
	p.reportAt(file, pos, pointer, msg, nil)
}

// ReportAtRelated is ReportAt with related places, for findings without
// nodes that speak of other places (a second class in a script).
func (p *Pass) ReportAtRelated(file string, pos connector.Pos, pointer, msg string, related ...Related) {
	p.reportAt(file, pos, pointer, msg, related)
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

func (p *Pass) reportAt(file string, pos connector.Pos, pointer, msg string, related []Related) {
	if len(related) > 0 {
		// Related messages quote names of the files, as messages do: they
		// are masked the same way (LintPackage masks the messages).
		known := p.secrets()
		for i := range related {
			related[i].Message = secret.MaskText(related[i].Message, known...)
		}
	}
	fix := p.fix
	if fix != nil && !p.Rule.Fixable {
		// A programming error, made loud: runCheck turns the panic into
		// an internal error, which fails the rule's tests and any gate.
		panic(fmt.Sprintf("rule %s attached a fix but is not declared Fixable", p.Rule.ID))
	}
	if fix != nil && len(fix.Edits) == 0 {
		fix = nil
	}
	p.emit(Finding{
		Rule:      p.Rule.ID,
		Level:     p.Rule.Level,
		Severity:  p.severity,
		Message:   msg,
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
