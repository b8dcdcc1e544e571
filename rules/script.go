package rules

import (
	"bytes"
	"cmp"
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

var scriptRules = []*lint.Rule{scriptSize, scriptClassShape, scriptNamespacesRule, scriptSendAsync, scriptOperationIDs}

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
			p.Report(lint.Diagnostic{File: s.Path, Message: fmt.Sprintf("the script is %s; custom code must be less than %s in total: move constant data out of the script", humanBytes(s.Size), humanBytes(limit))})
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
		scriptCheckClasses(p, s.Path, scriptTokens(p))
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
		for _, u := range scriptUsings(scriptTokens(p)) {
			if !scriptUsingAllowed(u) {
				p.Report(lint.Diagnostic{File: s.Path, Pos: connector.Pos{Line: u.at.line, Col: u.at.col}, Message: u.problem()})
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
		toks := scriptTokens(p)
		for i, t := range toks {
			if t.is("new") && scriptTypeNameAt(toks, i+1) == "HttpClient" {
				p.Report(lint.Diagnostic{File: s.Path, Pos: connector.Pos{Line: t.line, Col: t.col}, Message: "Custom code should not create an HttpClient: send requests with 'await this.Context.SendAsync(request, this.CancellationToken)'; Microsoft plans to block HttpClient in custom code"})
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
	src []byte
	// text is src as one string: a token's text is a substring of it,
	// so that lexing allocates no string per token.
	text      string
	i         int
	line, col int
	lineStart bool
	toks      []scriptTok
}

// scriptMaxNesting bounds interpolated strings nested in interpolation holes.
const scriptMaxNesting = 32

func scriptTokenize(src []byte) []scriptTok {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	lx := &scriptLexer{src: src, text: string(src), line: 1, col: 1, lineStart: true}
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
	lx.toks = append(lx.toks, scriptTok{kind: kind, text: lx.text[start:lx.i], line: line, col: col})
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
		p.Report(lint.Diagnostic{File: path, Pos: connector.Pos{Line: t.line, Col: t.col}, Message: fmt.Sprintf(format, args...)})
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
			p.Report(lint.Diagnostic{File: path, Pos: connector.Pos{Line: c.kw.line, Col: c.kw.col}, Message: "Only one class 'Script : ScriptBase' is supported, and one is already declared: merge the two", Related: []lint.RelatedInfo{{Pos: connector.Pos{Line: first.line, Col: first.col}, Message: "the first class 'Script : ScriptBase'"}}})
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
	p.Report(lint.Diagnostic{File: path, Message: "The script has no class 'Script : ScriptBase', which the platform compiles and runs: add 'public class Script : ScriptBase' with '" + scriptExecuteSignature + "'"})
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

// ---- operationIds compared in the script ----

var scriptOperationIDs = &lint.Rule{
	ID:     "script-operation-ids",
	Level:  lint.Guidance,
	Title:  "The operationIds the script compares Context.OperationId with are operations of the definition",
	Source: "catalog §1.12 (INFERRED); L-WRITE; R-CORPUS",
	Since:  since,
	Target: lint.Script,
	Doc: `Custom code branches on the operation being called: "this.Context.OperationId" is
the operationId of the definition. A string that the script compares it with, but that
is no operationId of the definition, is a branch that can never run: usually an
operation renamed in the definition and not in the script, or a typo. The code meant
for that operation is skipped, and its requests go to the service unchanged. So is a
branch for an operation that apiProperties.json "scriptOperations" does not list,
since only the listed operations reach the script (an empty or missing list sends all
of them).

The comparisons read are: "==" and "!=" on either side, "Equals" (without regard to
case when a StringComparison ...IgnoreCase is given), "case" labels of a switch
statement and the arms of a switch expression on the operationId, the same after
".ToLower()" or ".ToUpper()", and all of these on a local variable assigned
"this.Context.OperationId". An "==" compares with the case, so an id that differs from
an operationId only in case never matches either.

Not read: operationIds held in constants, arrays or dictionaries (OP_GET == ...,
ids.Contains(...)).

It is guidance: the certification validator does not read the script's logic. On the
certified corpus (` + "`" + `../shared/corpus` + "`" + `) it fires on 4 of the 381 parseable
connectors (33 have a script), 12 findings, each checked by hand and each a branch
that cannot run: a switch with 7 list operations the definition does not have, a
switch expression arm for an operation renamed since, and two scripts that branch on
operations their "scriptOperations" does not list.

Bad:

    switch (this.Context.OperationId)
    {
        case "GetTeams":      // the operationId is "GetTeam"
            ...
    }

Good:

    switch (this.Context.OperationId)
    {
        case "GetTeam":
            ...
    }`,
	Check: func(p *lint.Pass) {
		s, sw := p.Package.Script, p.Package.Swagger()
		if s.Src == nil || sw == nil || sw.Root == nil {
			return
		}
		ids := crossfileOperationIDs(p, sw.Root)
		routed, all := scriptRoutedOperations(p.Package.Properties)
		for _, c := range scriptOperationComparisons(scriptTokens(p)) {
			if msg := scriptComparisonProblem(c, ids, routed, all); msg != "" {
				p.Report(lint.Diagnostic{File: s.Path, Pos: connector.Pos{Line: c.tok.line, Col: c.tok.col}, Message: msg})
			}
		}
	},
}

// scriptComparison is a string literal compared with the operationId.
type scriptComparison struct {
	tok  scriptTok
	id   string // the literal's value
	fold bool   // compared without regard to case
	// caseTo is "lower" or "upper" when the operationId is converted
	// first (OperationId.ToLower() == "getteam").
	caseTo string
	how    string // how it is compared, for the message: "with '=='", "in a switch case"
}

// scriptRoutedOperations reads apiProperties.json "scriptOperations": the
// operations that reach the script, or all of them when the list is
// missing, null or empty.
func scriptRoutedOperations(props *connector.Document) (routed []string, all bool) {
	if props == nil || props.Root == nil {
		return nil, true
	}
	so := props.Root.At("properties", "scriptOperations")
	if so == nil || so.Kind != connector.Array || so.Len() == 0 {
		return nil, true
	}
	for _, it := range so.Children {
		routed = append(routed, it.Str())
	}
	return routed, false
}

// scriptComparisonProblem says what is wrong with one comparison, or "".
func scriptComparisonProblem(c scriptComparison, ids, routed []string, all bool) string {
	match := ""
	for _, id := range ids {
		want := id
		switch c.caseTo {
		case "lower":
			want = strings.ToLower(id)
		case "upper":
			want = strings.ToUpper(id)
		}
		if want == c.id || c.fold && strings.EqualFold(want, c.id) {
			match = id
			break
		}
	}
	where := fmt.Sprintf("The script compares Context.OperationId to \"%s\" %s", c.id, c.how)
	switch {
	case match == "" && c.caseTo == "" && foldFind(ids, c.id) != "":
		return fmt.Sprintf("%s, which differs from the operationId '%s' only in case, and the comparison heeds case, so this branch never runs; write '%s'", where, foldFind(ids, c.id), foldFind(ids, c.id))
	case match == "" && c.caseTo != "" && foldFind(ids, c.id) != "":
		return fmt.Sprintf("%s after converting it to %s case, but \"%s\" is not in %s case, so this branch never runs; write \"%s\"", where, c.caseTo, c.id, c.caseTo, scriptCased(c.caseTo, c.id))
	case match == "":
		return fmt.Sprintf("%s, which is not an operationId of the definition, so this branch never runs%s", where, unknownOperationHint(c.id, ids))
	case !all && !contains(routed, match):
		return fmt.Sprintf("%s, but apiProperties.json 'scriptOperations' does not list '%s', so its requests never reach the script: add it to the list, or remove the branch", where, match)
	}
	return ""
}

func scriptCased(to, s string) string {
	if to == "upper" {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

// scriptStringValue is the value of a plain or verbatim string literal
// without escapes or interpolation, and whether it is one.
func scriptStringValue(t scriptTok) (string, bool) {
	s := strings.TrimPrefix(t.text, "@")
	if t.kind != scriptLiteral || len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	s = s[1 : len(s)-1]
	if strings.ContainsAny(s, "\\\"") {
		return "", false
	}
	return s, true
}

// scriptOperationComparisons finds the string literals compared with the
// operationId: [this.]Context.OperationId, or a local variable assigned it.
func scriptOperationComparisons(toks []scriptTok) []scriptComparison {
	aliases := scriptOperationAliases(toks)
	t := scriptToks(toks)
	pairs := scriptPairs(toks)
	var out []scriptComparison
	add := func(j int, fold bool, caseTo, how string) {
		if j >= 0 && j < len(toks) {
			if v, ok := scriptStringValue(toks[j]); ok {
				out = append(out, scriptComparison{tok: toks[j], id: v, fold: fold, caseTo: caseTo, how: how})
			}
		}
	}
	for i := 0; i < len(toks); i++ {
		end, caseTo, ok := scriptSubjectAt(toks, i, aliases)
		if !ok {
			continue
		}
		conv, after := scriptCaseConversion(toks, end)
		caseTo = cmp.Or(conv, caseTo)
		switch { // the subject, then the literal
		case t.puncts(after, "=", "="):
			add(after+2, false, caseTo, "with '=='")
		case t.puncts(after, "!", "="):
			add(after+2, false, caseTo, "with '!='")
		case t.puncts(after, ".") && t.is(after+1, "Equals") && t.puncts(after+2, "("):
			add(after+3, scriptIgnoresCase(toks, pairs, after+2), caseTo, "with Equals")
		case t.is(after, "switch"):
			scriptSwitchArms(toks, pairs, after+1, false, func(j int) { add(j, false, caseTo, "in a switch arm") })
		}
		switch { // the literal, then the subject
		case t.puncts(i-2, "=", "="):
			add(i-3, false, caseTo, "with '=='")
		case t.puncts(i-2, "!", "="):
			add(i-3, false, caseTo, "with '!='")
		case t.puncts(i-1, "(") && t.is(i-2, "Equals") && t.puncts(i-3, ".") && (t.is(i-4, "string") || t.is(i-4, "String")):
			if t.puncts(after, ",") { // string.Equals(OperationId, "x")
				add(after+1, scriptIgnoresCase(toks, pairs, i-1), caseTo, "with Equals")
			}
		case t.puncts(i-1, "(") && t.is(i-2, "Equals") && t.puncts(i-3, "."): // "x".Equals(OperationId)
			add(i-4, scriptIgnoresCase(toks, pairs, i-1), caseTo, "with Equals")
		case t.puncts(i-1, ",") && t.puncts(i-3, "(") && t.is(i-4, "Equals"): // string.Equals("x", OperationId)
			add(i-2, scriptIgnoresCase(toks, pairs, i-3), caseTo, "with Equals")
		case t.puncts(i-1, "(") && t.is(i-2, "switch") && t.puncts(after, ")"):
			scriptSwitchArms(toks, pairs, after+1, true, func(j int) { add(j, false, caseTo, "in a switch case") })
		}
		i = after - 1
	}
	return out
}

// scriptToks reads tokens by index, out of range reading as nothing.
type scriptToks []scriptTok

func (t scriptToks) is(j int, ident string) bool { return j >= 0 && j < len(t) && t[j].is(ident) }

// puncts reports whether the punctuation rs follows from j on.
func (t scriptToks) puncts(j int, rs ...string) bool {
	if j < 0 || j+len(rs) > len(t) {
		return false
	}
	for k, r := range rs {
		if !t[j+k].p(r) {
			return false
		}
	}
	return true
}

// scriptSubjectAt matches the operationId at toks[i]: [this.]Context.OperationId
// or an alias. It returns the index after it, and the case conversion of
// an alias.
func scriptSubjectAt(toks []scriptTok, i int, aliases map[string]string) (end int, caseTo string, ok bool) {
	t := scriptToks(toks)
	if t.puncts(i-1, ".") {
		return 0, "", false
	}
	j := i
	if t.is(j, "this") && t.puncts(j+1, ".") {
		j += 2
	}
	if t.is(j, "Context") && t.puncts(j+1, ".") && t.is(j+2, "OperationId") {
		return j + 3, "", true
	}
	if j == i && i < len(toks) && toks[i].kind == scriptIdent {
		if c, found := aliases[toks[i].text]; found && !t.puncts(i+1, "(") {
			return i + 1, c, true
		}
	}
	return 0, "", false
}

// scriptCaseConversion reads .ToLower() and the like after the operationId.
func scriptCaseConversion(toks []scriptTok, j int) (caseTo string, after int) {
	t := scriptToks(toks)
	if !t.puncts(j, ".") || !t.puncts(j+2, "(", ")") {
		return "", j
	}
	switch {
	case t.is(j+1, "ToLower"), t.is(j+1, "ToLowerInvariant"):
		return "lower", j + 4
	case t.is(j+1, "ToUpper"), t.is(j+1, "ToUpperInvariant"):
		return "upper", j + 4
	}
	return "", j
}

// scriptOperationAliases finds the variables assigned the operationId
// ("var op = this.Context.OperationId;"), with their case conversion.
func scriptOperationAliases(toks []scriptTok) map[string]string {
	t := scriptToks(toks)
	aliases := map[string]string{}
	for k := 1; k < len(toks); k++ {
		if !toks[k].p("=") || toks[k-1].kind != scriptIdent || t.puncts(k+1, "=") {
			continue
		}
		if end, _, ok := scriptSubjectAt(toks, k+1, nil); ok {
			if caseTo, after := scriptCaseConversion(toks, end); t.puncts(after, ";") {
				aliases[toks[k-1].text] = caseTo
			}
		}
	}
	return aliases
}

// scriptPairs maps the index of every "(" and "{" to that of the ")" or
// "}" that closes it, -1 when none does, so that a call's arguments or a
// block are read without their nested groups, each token once.
func scriptPairs(toks []scriptTok) []int {
	pairs := make([]int, len(toks))
	var parens, braces []int
	for j, tk := range toks {
		pairs[j] = -1
		stack := &parens
		switch {
		case tk.p("("), tk.p(")"):
		case tk.p("{"), tk.p("}"):
			stack = &braces
		default:
			continue
		}
		if tk.p("(") || tk.p("{") {
			*stack = append(*stack, j)
		} else if n := len(*stack); n > 0 {
			pairs[(*stack)[n-1]] = j
			*stack = (*stack)[:n-1]
		}
	}
	return pairs
}

// scriptIgnoresCase reports whether the call whose "(" is at open passes
// a StringComparison or StringComparer that ignores case, as an argument
// of its own (StringComparison.OrdinalIgnoreCase).
func scriptIgnoresCase(toks []scriptTok, pairs []int, open int) bool {
	for j := open + 1; j < pairs[open]; j++ {
		switch tk := toks[j]; {
		case (tk.p("(") || tk.p("{")) && pairs[j] < 0:
			return false
		case tk.p("(") || tk.p("{"):
			j = pairs[j]
		case tk.kind == scriptIdent && strings.HasSuffix(tk.text, "IgnoreCase"):
			return true
		}
	}
	return false
}

// scriptSwitchArms calls fn with the index of every string literal that a
// switch on the operationId matches, the switch block starting at toks[open]:
// the "case" labels of a statement, or the arms ("x" => ...) of an
// expression, with their "or" patterns. Nested groups are skipped.
func scriptSwitchArms(toks []scriptTok, pairs []int, open int, statement bool, fn func(int)) {
	t := scriptToks(toks)
	if !t.puncts(open, "{") || pairs[open] < 0 {
		return
	}
	armStart := true
	for j := open + 1; j < pairs[open]; j++ {
		switch {
		case statement && toks[j].is("case"):
			scriptPatternLiterals(toks, j+1, fn)
		case !statement && armStart && scriptArmLiterals(toks, j):
			scriptPatternLiterals(toks, j, fn)
		}
		armStart = !statement && toks[j].p(",")
		if (toks[j].p("(") || toks[j].p("{")) && pairs[j] > j {
			j = pairs[j]
		}
	}
}

// scriptArmLiterals reports whether a switch expression arm at j is
// "x" [or "y" ...] =>.
func scriptArmLiterals(toks []scriptTok, j int) bool {
	t := scriptToks(toks)
	for ; j < len(toks) && toks[j].kind == scriptLiteral; j += 2 {
		if !t.is(j+1, "or") {
			return t.puncts(j+1, "=", ">")
		}
	}
	return false
}

// scriptPatternLiterals calls fn with "x" or "y" or ... from toks[j] on.
func scriptPatternLiterals(toks []scriptTok, j int, fn func(int)) {
	for ; j < len(toks) && toks[j].kind == scriptLiteral; j += 2 {
		fn(j)
		if !scriptToks(toks).is(j+1, "or") {
			return
		}
	}
}
