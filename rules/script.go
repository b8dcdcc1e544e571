package rules

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Custom code rules (catalog §1.12): the script.csx that runs in front of
// the connector's operations. The checks read a light token stream (see
// scriptTokenize), not a C# syntax tree: comments and string literals are
// skipped, and the few shapes the platform requires are matched on tokens.

var scriptRules = []*lint.Rule{scriptSize, scriptClassShape, scriptNamespacesRule, scriptSendAsync}

// scriptNamespaces are the namespaces custom code may import (L-WRITE),
// with a note for those that are not in Microsoft's list. It is the one
// table behind script-namespaces and its doc.
var scriptNamespaces = []struct{ name, note string }{
	{"System", ""},
	{"System.Collections", ""},
	{"System.Collections.Generic", ""},
	{"System.Diagnostics", ""},
	{"System.IO", ""},
	{"System.IO.Compression", ""},
	{"System.Linq", ""},
	{"System.Net", ""},
	{"System.Net.Http", ""},
	{"System.Net.Http.Headers", ""},
	{"System.Net.Security", ""},
	{"System.Security.Authentication", ""},
	{"System.Security.Cryptography", ""},
	{"System.Text", ""},
	{"System.Text.RegularExpressions", ""},
	{"System.Threading", ""},
	{"System.Threading.Tasks", ""},
	{"System.Web", ""},
	{"System.Xml", ""},
	{"System.Xml.Linq", ""},
	{"System.Drawing", ""},
	{"System.Drawing.Drawing2D", ""},
	{"System.Drawing.Imaging", ""},
	{"Microsoft.Extensions.Logging", ""},
	{"Newtonsoft.Json", ""},
	{"Newtonsoft.Json.Linq", ""},
	{"Microsoft.PowerPlatform.Connectors.CustomCode.CSharp", "the namespace of ScriptBase itself, imported by Microsoft's own Azure Communication Services Email connector"},
}

func scriptNamespaceAllowed(ns string) bool {
	for _, n := range scriptNamespaces {
		if n.name == ns {
			return true
		}
	}
	return false
}

func scriptNamespaceDoc() string {
	var names, notes []string
	for _, n := range scriptNamespaces {
		names = append(names, n.name)
		if n.note != "" {
			notes = append(notes, n.name+" is accepted too: "+n.note+".")
		}
	}
	return strings.Join(names, ", ") + ".\n\n" + strings.Join(notes, "\n")
}

// scriptExecuteSignature is the method the platform calls.
const scriptExecuteSignature = "public override async Task<HttpResponseMessage> ExecuteAsync()"

var scriptSize = &lint.Rule{
	ID:     "script-size-1mb",
	Level:  lint.Import,
	Title:  "The custom code file must not exceed 1 MB",
	Source: "catalog §1.12 script-size-1mb; L-WRITE FAQ, L-BLANK, L-TRAIN-CODE",
	Since:  since,
	Target: lint.Script,
	Options: []lint.Option{{Name: "max-bytes", Default: 1 << 20,
		Doc: "the largest accepted script size in bytes (1 MB = 1,048,576)"}},
	Doc: `Custom code "must be less than 1 MB in total": the platform refuses a larger
script.csx when the connector is saved.

Fix: move large constant data (schemas, lookup tables) out of the script into the
definition or the service, and remove dead code.`,
	Check: func(p *lint.Pass) {
		s := p.Package.Script
		if limit := int64(p.IntOption("max-bytes")); s.Size > limit {
			p.ReportAt(s.Path, connector.Pos{Line: 1, Col: 1}, "",
				fmt.Sprintf("the script is %s; custom code must be less than %s in total: move constant data out of the script", humanBytes(s.Size), humanBytes(limit)))
		}
	},
}

var scriptClassShape = &lint.Rule{
	ID:     "script-class-shape",
	Level:  lint.Import,
	Title:  "The script has exactly one class Script : ScriptBase overriding ExecuteAsync",
	Source: "catalog §1.12 script-class-shape; L-WRITE, L-TRAIN-CODE",
	Since:  since,
	Target: lint.Script,
	Doc: `The platform compiles the script and calls ExecuteAsync on the class named Script:
"The class name must be Script and it must implement ScriptBase", and "Only one
Script file or class is supported". A script without that class or method does not
compile, and the connector cannot be saved. Other helper classes are fine. The name
is compared without regard to case, since a connector with "class script" was
accepted (independent-publisher Tumblr).

Bad:

    public class MyScript : ScriptBase
    {
        public Task<HttpResponseMessage> Execute() { ... }
    }

Good:

    public class Script : ScriptBase
    {
        ` + scriptExecuteSignature + `
        {
            return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
        }
    }`,
	Check: func(p *lint.Pass) {
		s := p.Package.Script
		if s.Src == nil {
			return
		}
		scriptCheckClasses(p, s.Path, scriptTokenize(s.Src))
	},
}

var scriptNamespacesRule = &lint.Rule{
	ID:     "script-namespaces",
	Level:  lint.Certification,
	Title:  "Custom code imports only the supported namespaces",
	Source: "catalog §1.12 script-namespaces; L-WRITE; PR#3478",
	Since:  since,
	Target: lint.Script,
	Doc: `Custom code may only use the namespaces Microsoft lists as supported; certification
rejects scripts that import others (PR#3478), even when they happen to compile.
Each using directive is checked: "using static" and alias directives ("using X = Y;")
are checked by the namespace of the type they name. The supported namespaces are:

` + scriptNamespaceDoc() + `

Bad:

    using System.Runtime.Remoting.Contexts;
    using Crypto = BouncyCastle.Crypto;

Good:

    using System.Net.Http;
    using Newtonsoft.Json.Linq;`,
	Check: func(p *lint.Pass) {
		s := p.Package.Script
		if s.Src == nil {
			return
		}
		for _, u := range scriptUsings(scriptTokenize(s.Src)) {
			if !scriptUsingAllowed(u) {
				p.ReportAt(s.Path, connector.Pos{Line: u.at.line, Col: u.at.col}, "",
					u.problem())
			}
		}
	},
}

var scriptSendAsync = &lint.Rule{
	ID:     "script-use-context-sendasync",
	Level:  lint.Guidance,
	Title:  "Send requests with this.Context.SendAsync, not a new HttpClient",
	Source: "catalog §1.12 script-use-context-sendasync; L-WRITE, L-BLANK",
	Since:  since,
	Target: lint.Script,
	Doc: `The script context sends requests through the platform, with its cancellation token
and its logging: "Use this method to send requests instead of HttpClient.SendAsync".
Microsoft warns that it will block HttpClient in custom code in the future.

Bad:

    var client = new HttpClient();
    var response = await client.SendAsync(request);

Good:

    var response = await this.Context.SendAsync(request, this.CancellationToken);`,
	Check: func(p *lint.Pass) {
		s := p.Package.Script
		if s.Src == nil {
			return
		}
		toks := scriptTokenize(s.Src)
		for i, t := range toks {
			if t.is("new") && scriptTypeNameAt(toks, i+1) == "HttpClient" {
				p.ReportAt(s.Path, connector.Pos{Line: t.line, Col: t.col}, "",
					"Custom code should not create an HttpClient: send requests with 'await this.Context.SendAsync(request, this.CancellationToken)'; Microsoft plans to block HttpClient in custom code")
			}
		}
	},
}

// ---- tokens ----

type scriptTokKind uint8

const (
	scriptIdent scriptTokKind = iota + 1
	scriptPunct
	scriptLiteral // strings, characters and numbers
)

type scriptTok struct {
	kind      scriptTokKind
	text      string
	line, col int
}

func (t scriptTok) is(ident string) bool { return t.kind == scriptIdent && t.text == ident }
func (t scriptTok) p(r string) bool      { return t.kind == scriptPunct && t.text == r }

// scriptLexer turns C# source into identifiers, punctuation and literals,
// skipping white space, comments, preprocessor lines and the contents of
// string and character literals (whose interpolation holes are lexed as
// code). Columns count characters, as editors do.
type scriptLexer struct {
	src       []byte
	i         int
	line, col int
	lineStart bool
	toks      []scriptTok
}

// scriptMaxNesting bounds interpolated strings nested in interpolation holes.
const scriptMaxNesting = 32

func scriptTokenize(src []byte) []scriptTok {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	lx := &scriptLexer{src: src, line: 1, col: 1, lineStart: true}
	lx.code(false, 0)
	return lx.toks
}

func (lx *scriptLexer) peek(k int) rune {
	j := lx.i
	for ; k > 0 && j < len(lx.src); k-- {
		_, w := utf8.DecodeRune(lx.src[j:])
		j += w
	}
	if j >= len(lx.src) {
		return 0
	}
	r, _ := utf8.DecodeRune(lx.src[j:])
	return r
}

func (lx *scriptLexer) next() rune {
	r, w := utf8.DecodeRune(lx.src[lx.i:])
	lx.i += w
	if r == '\n' {
		lx.line, lx.col, lx.lineStart = lx.line+1, 1, true
	} else {
		lx.col++
	}
	return r
}

func (lx *scriptLexer) eof() bool { return lx.i >= len(lx.src) }

func (lx *scriptLexer) skipLine() {
	for !lx.eof() && lx.peek(0) != '\n' {
		lx.next()
	}
}

func (lx *scriptLexer) emit(kind scriptTokKind, start, line, col int) {
	lx.toks = append(lx.toks, scriptTok{kind: kind, text: string(lx.src[start:lx.i]), line: line, col: col})
}

// code lexes until the end of input or, in an interpolation hole, until
// the '}' that closes it.
func (lx *scriptLexer) code(hole bool, nesting int) {
	depth := 0
	for !lx.eof() {
		r, start, line, col := lx.peek(0), lx.i, lx.line, lx.col
		switch {
		case r == '\n' || unicode.IsSpace(r):
			lx.next()
			continue
		case r == '/' && lx.peek(1) == '/':
			lx.skipLine()
			continue
		case r == '/' && lx.peek(1) == '*':
			lx.blockComment()
			continue
		case r == '#' && lx.lineStart:
			lx.skipLine()
			continue
		}
		lx.lineStart = false
		switch {
		case hole && r == '}' && depth == 0:
			return
		case lx.stringStart():
			lx.stringLiteral(nesting)
			lx.emit(scriptLiteral, start, line, col)
		case r == '\'':
			lx.quoted('\'')
			lx.emit(scriptLiteral, start, line, col)
		case r == '_' || unicode.IsLetter(r) || (r == '@' && (unicode.IsLetter(lx.peek(1)) || lx.peek(1) == '_')):
			if r == '@' {
				lx.next()
				start = lx.i
			}
			for !lx.eof() && scriptIdentRune(lx.peek(0)) {
				lx.next()
			}
			lx.emit(scriptIdent, start, line, col)
		case unicode.IsDigit(r):
			for !lx.eof() && (scriptIdentRune(lx.peek(0)) || lx.peek(0) == '.' && unicode.IsDigit(lx.peek(1))) {
				lx.next()
			}
			lx.emit(scriptLiteral, start, line, col)
		default:
			switch r {
			case '{':
				depth++
			case '}':
				depth--
			}
			lx.next()
			lx.emit(scriptPunct, start, line, col)
		}
	}
}

func scriptIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (lx *scriptLexer) blockComment() {
	lx.next()
	lx.next()
	for !lx.eof() && !(lx.peek(0) == '*' && lx.peek(1) == '/') {
		lx.next()
	}
	if !lx.eof() {
		lx.next()
		lx.next()
	}
}

// stringStart reports whether a string literal starts here: ", @", $",
// $@", @$" or a raw string with one or more $ signs.
func (lx *scriptLexer) stringStart() bool {
	k := 0
	for p := lx.peek(k); p == '$' || p == '@'; p = lx.peek(k) {
		k++
	}
	return lx.peek(k) == '"'
}

// stringLiteral consumes one string literal of any form.
func (lx *scriptLexer) stringLiteral(nesting int) {
	verbatim, interp := false, false
	for lx.peek(0) != '"' {
		switch lx.next() {
		case '@':
			verbatim = true
		case '$':
			interp = true
		}
	}
	if lx.peek(1) == '"' && lx.peek(2) == '"' {
		lx.rawString()
		return
	}
	lx.next() // opening quote
	for !lx.eof() {
		r := lx.next()
		switch {
		case r == '"' && verbatim && lx.peek(0) == '"':
			lx.next()
		case r == '"':
			return
		case r == '\\' && !verbatim:
			lx.next()
		case r == '\n' && !verbatim:
			return // unterminated: recover at the end of the line
		case r == '{' && interp && lx.peek(0) == '{':
			lx.next()
		case r == '{' && interp && nesting < scriptMaxNesting:
			lx.code(true, nesting+1)
			if !lx.eof() {
				lx.next() // the closing brace of the hole
			}
		}
	}
}

// rawString consumes a C# 11 raw string literal: n ≥ 3 quotes, then
// anything up to the same number of quotes.
func (lx *scriptLexer) rawString() {
	n := 0
	for lx.peek(0) == '"' {
		lx.next()
		n++
	}
	for run := 0; !lx.eof() && run < n; {
		if lx.next() == '"' {
			run++
		} else {
			run = 0
		}
	}
	for lx.peek(0) == '"' {
		lx.next()
	}
}

// quoted consumes a character literal.
func (lx *scriptLexer) quoted(q rune) {
	lx.next()
	for !lx.eof() {
		switch lx.next() {
		case q, '\n':
			return
		case '\\':
			lx.next()
		}
	}
}

// ---- using directives ----

// scriptUsing is one using directive.
type scriptUsing struct {
	at     scriptTok
	static bool
	alias  string
	name   string // the imported name, without global:: and type arguments
}

// problem says why the directive is refused.
func (u scriptUsing) problem() string {
	const fix = "remove it and use only the supported namespaces (see `ppconn explain script-namespaces`)"
	parent, _ := scriptParentName(u.name)
	switch {
	case u.static:
		return fmt.Sprintf("'using static %s' imports a type of the namespace '%s', which is not supported in custom code: %s", u.name, parent, fix)
	case u.alias != "":
		return fmt.Sprintf("The alias '%s' names '%s', which is outside the namespaces supported in custom code: %s", u.alias, u.name, fix)
	default:
		return fmt.Sprintf("The namespace '%s' is not supported in custom code: %s", u.name, fix)
	}
}

// scriptUsingAllowed: a namespace import names an allowed namespace; a
// static import names a type of one; an alias names either.
func scriptUsingAllowed(u scriptUsing) bool {
	parent, ok := scriptParentName(u.name)
	switch {
	case u.static:
		return ok && scriptNamespaceAllowed(parent)
	case u.alias != "":
		return scriptNamespaceAllowed(u.name) || ok && scriptNamespaceAllowed(parent)
	default:
		return scriptNamespaceAllowed(u.name)
	}
}

func scriptParentName(name string) (string, bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", false
	}
	return name[:i], true
}

// scriptUsings finds the using directives: the using keywords that stand
// outside every brace but those of namespaces (using statements and
// declarations live in method bodies).
func scriptUsings(toks []scriptTok) []scriptUsing {
	var out []scriptUsing
	var stack []bool // true for a namespace body
	others, nsPending := 0, false
	for i, t := range toks {
		switch {
		case t.is("namespace"):
			nsPending = true
		case t.p(";"):
			nsPending = false
		case t.p("{"):
			stack = append(stack, nsPending)
			if !nsPending {
				others++
			}
			nsPending = false
		case t.p("}") && len(stack) > 0:
			if !stack[len(stack)-1] {
				others--
			}
			stack = stack[:len(stack)-1]
		case t.is("using") && others == 0:
			if u, ok := scriptParseUsing(toks, i); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

// scriptParseUsing reads `using [static] [Alias =] Name[<...>];` at toks[i].
func scriptParseUsing(toks []scriptTok, i int) (scriptUsing, bool) {
	u := scriptUsing{at: toks[i]}
	j := i + 1
	if j < len(toks) && toks[j].is("static") {
		u.static = true
		j++
	}
	if j+1 < len(toks) && toks[j].kind == scriptIdent && toks[j+1].p("=") {
		u.alias = toks[j].text
		j += 2
	}
	name, j := scriptQualifiedName(toks, j)
	if name == "" {
		return u, false
	}
	if j < len(toks) && toks[j].p("<") {
		j = scriptSkipAngles(toks, j)
	}
	u.name = name
	return u, j < len(toks) && toks[j].p(";")
}

// scriptQualifiedName reads A.B.C (or global::A.B) from toks[j] and returns
// it with the index after it.
func scriptQualifiedName(toks []scriptTok, j int) (string, int) {
	if j+2 < len(toks) && toks[j].is("global") && toks[j+1].p(":") && toks[j+2].p(":") {
		j += 3
	}
	var parts []string
	for j < len(toks) && toks[j].kind == scriptIdent {
		parts = append(parts, toks[j].text)
		j++
		if j+1 < len(toks) && toks[j].p(".") && toks[j+1].kind == scriptIdent {
			j++
			continue
		}
		break
	}
	return strings.Join(parts, "."), j
}

// scriptSkipAngles skips a balanced <...> starting at toks[j].
func scriptSkipAngles(toks []scriptTok, j int) int {
	depth := 0
	for ; j < len(toks); j++ {
		switch {
		case toks[j].p("<"):
			depth++
		case toks[j].p(">"):
			depth--
			if depth == 0 {
				return j + 1
			}
		case toks[j].p(";") || toks[j].p("{"):
			return j
		}
	}
	return j
}

// scriptTypeNameAt returns the last segment of the (qualified) type name
// at toks[j], e.g. "HttpClient" for System.Net.Http.HttpClient.
func scriptTypeNameAt(toks []scriptTok, j int) string {
	name, _ := scriptQualifiedName(toks, j)
	if k := strings.LastIndexByte(name, '.'); k >= 0 {
		return name[k+1:]
	}
	return name
}

// ---- classes ----

// scriptClass is a class declaration.
type scriptClass struct {
	kw, name  scriptTok
	partial   bool
	bases     []string // last segments of the base types
	open, end int      // token indexes of the body braces
}

func (c scriptClass) derivesFromScriptBase() bool { return contains(c.bases, "ScriptBase") }

func scriptClasses(toks []scriptTok) []scriptClass {
	var out []scriptClass
	for i := 0; i+1 < len(toks); i++ {
		if !toks[i].is("class") || toks[i+1].kind != scriptIdent {
			continue
		}
		c := scriptClass{kw: toks[i], name: toks[i+1], open: -1}
		c.partial = i > 0 && toks[i-1].is("partial")
		j := i + 2
		if j < len(toks) && toks[j].p("<") {
			j = scriptSkipAngles(toks, j)
		}
		if j < len(toks) && toks[j].p(":") {
			c.bases, j = scriptBaseList(toks, j+1)
		}
		for ; j < len(toks) && !toks[j].p("{") && !toks[j].p(";"); j++ {
		}
		if j < len(toks) && toks[j].p("{") {
			c.open, c.end = j, scriptMatchBrace(toks, j)
		}
		out = append(out, c)
	}
	return out
}

// scriptBaseList reads `A, B.C<T>, D` up to '{', ';' or 'where'.
func scriptBaseList(toks []scriptTok, j int) ([]string, int) {
	var bases []string
	for j < len(toks) && !toks[j].p("{") && !toks[j].p(";") && !toks[j].is("where") {
		switch {
		case toks[j].kind == scriptIdent:
			bases = append(bases, scriptTypeNameAt(toks, j))
			_, j = scriptQualifiedName(toks, j)
		case toks[j].p("<"):
			j = scriptSkipAngles(toks, j)
		default:
			j++
		}
	}
	return bases, j
}

func scriptMatchBrace(toks []scriptTok, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch {
		case toks[j].p("{"):
			depth++
		case toks[j].p("}"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(toks)
}

func scriptCheckClasses(p *lint.Pass, path string, toks []scriptTok) {
	at := func(t scriptTok, format string, args ...any) {
		p.ReportAt(path, connector.Pos{Line: t.line, Col: t.col}, "", fmt.Sprintf(format, args...))
	}
	classes := scriptClasses(toks)
	var scripts []scriptClass
	for _, c := range classes {
		if strings.EqualFold(c.name.text, "Script") && c.derivesFromScriptBase() {
			scripts = append(scripts, c)
		}
	}
	if len(scripts) == 0 {
		scriptReportMissing(p, path, classes, at)
		return
	}
	for _, c := range scripts[1:] {
		if !c.partial || !scripts[0].partial {
			first := scripts[0].kw
			p.ReportAtRelated(path, connector.Pos{Line: c.kw.line, Col: c.kw.col}, "",
				"Only one class 'Script : ScriptBase' is supported, and one is already declared: merge the two",
				lint.Related{File: path, Line: first.line, Column: first.col, Message: "the first class 'Script : ScriptBase'"})
		}
	}
	scriptCheckExecute(toks, scripts, at)
}

func scriptReportMissing(p *lint.Pass, path string, classes []scriptClass, at func(scriptTok, string, ...any)) {
	for _, c := range classes {
		if c.derivesFromScriptBase() {
			at(c.name, "The class '%s' derives from ScriptBase, but the platform runs the class named 'Script': rename it to Script", c.name.text)
			return
		}
	}
	for _, c := range classes {
		if strings.EqualFold(c.name.text, "Script") {
			at(c.name, "The class 'Script' must implement ScriptBase: declare it 'public class Script : ScriptBase'")
			return
		}
	}
	p.ReportAt(path, connector.Pos{Line: 1, Col: 1}, "",
		"The script has no class 'Script : ScriptBase', which the platform compiles and runs: add 'public class Script : ScriptBase' with '"+scriptExecuteSignature+"'")
}

// scriptCheckExecute looks for ExecuteAsync among the members of the
// Script class: one correct override is enough; otherwise the first
// ExecuteAsync, or the class, is reported.
func scriptCheckExecute(toks []scriptTok, scripts []scriptClass, at func(scriptTok, string, ...any)) {
	var first *scriptTok
	var problem string
	for _, c := range scripts {
		for _, j := range scriptMembersNamed(toks, c, "ExecuteAsync") {
			pr := scriptExecuteProblem(toks, c, j)
			if pr == "" {
				return
			}
			if first == nil {
				first, problem = &toks[j], pr
			}
		}
	}
	if first != nil {
		at(*first, "ExecuteAsync %s: declare it '%s'", problem, scriptExecuteSignature)
		return
	}
	at(scripts[0].name, "The class 'Script' must override 'Task<HttpResponseMessage> ExecuteAsync()', which the platform calls: add '%s'", scriptExecuteSignature)
}

// scriptMembersNamed lists the token indexes of method names `name(`
// declared directly in the class body.
func scriptMembersNamed(toks []scriptTok, c scriptClass, name string) []int {
	var out []int
	if c.open < 0 {
		return nil
	}
	depth := 0
	for j := c.open; j < c.end && j < len(toks); j++ {
		switch {
		case toks[j].p("{"):
			depth++
		case toks[j].p("}"):
			depth--
		case depth == 1 && toks[j].is(name) && j+1 < len(toks) && toks[j+1].p("("):
			out = append(out, j)
		}
	}
	return out
}

// scriptExecuteProblem says what is wrong with the ExecuteAsync declared
// at toks[j], or "" when it is the required override.
func scriptExecuteProblem(toks []scriptTok, c scriptClass, j int) string {
	head := scriptMemberHead(toks, c, j)
	if !scriptReturnsTaskOfResponse(head) {
		return "must return Task<HttpResponseMessage>"
	}
	hasOverride := false
	for _, t := range head {
		hasOverride = hasOverride || t.is("override")
	}
	if !hasOverride {
		return "must be declared 'override' (it implements ScriptBase.ExecuteAsync)"
	}
	if j+2 >= len(toks) || !toks[j+2].p(")") {
		return "takes no parameters"
	}
	return ""
}

// scriptMemberHead returns the tokens of the member declaration before
// its name: back to the previous ';', '}', '{' or ']' of the class body.
func scriptMemberHead(toks []scriptTok, c scriptClass, j int) []scriptTok {
	k := j - 1
	for ; k > c.open; k-- {
		if t := toks[k]; t.p(";") || t.p("}") || t.p("{") || t.p("]") {
			break
		}
	}
	return toks[k+1 : j]
}

// scriptReturnsTaskOfResponse: the head ends with Task<HttpResponseMessage>,
// each name possibly qualified.
func scriptReturnsTaskOfResponse(head []scriptTok) bool {
	n := len(head)
	if n < 4 || !head[n-1].p(">") || !head[n-2].is("HttpResponseMessage") {
		return false
	}
	k := n - 3
	for k >= 1 && head[k].p(".") && head[k-1].kind == scriptIdent {
		k -= 2
	}
	return k >= 1 && head[k].p("<") && head[k-1].is("Task")
}
