package lint

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/ppconn/ppconn/internal/connector"
)

// IgnoreKey is the extension that silences rules inline, on any object of
// a definition: "x-lint-ignore": "rule-id" or ["rule-a", "rule-b"]. It is
// vacuum's name for the same thing. It silences the named rules for the
// findings whose pointer is at or below the object that carries it.
const IgnoreKey = "x-lint-ignore"

// InlineIgnored reports whether an x-lint-ignore of the document doc
// silences the finding f: one on the object at f.Pointer or on any object
// above it.
func InlineIgnored(doc *connector.Document, f *Finding) bool {
	return len(inlineIgnores(doc, f)) > 0
}

// inlineIgnores are the entries of x-lint-ignore (the string nodes) in doc
// that silence f: on the object at f.Pointer or on any object above it.
func inlineIgnores(doc *connector.Document, f *Finding) []*connector.Node {
	if doc == nil || doc.Root == nil || !bytes.Contains(doc.Src, []byte(IgnoreKey)) {
		return nil
	}
	n := doc.Root
	found := ignoresRule(nil, n, f.Rule)
	if f.Pointer == "" || f.Pointer[0] != '/' {
		return found
	}
	for _, tok := range strings.Split(f.Pointer[1:], "/") {
		n = n.Resolve("/" + tok)
		if n == nil {
			return found
		}
		found = ignoresRule(found, n, f.Rule)
	}
	return found
}

// ignoresRule appends to found the entries of the x-lint-ignore of the
// object n that name rule.
func ignoresRule(found []*connector.Node, n *connector.Node, rule string) []*connector.Node {
	ig := n.Get(IgnoreKey)
	if ig == nil {
		return found
	}
	for _, e := range ignoreEntries(ig) {
		if strings.TrimSpace(e.Value) == rule {
			found = append(found, e)
		}
	}
	return found
}

// IgnoreList returns the rule ids an x-lint-ignore value names: a string,
// or an array of strings (other items are skipped).
func IgnoreList(n *connector.Node) []string {
	var ids []string
	for _, e := range ignoreEntries(n) {
		ids = append(ids, strings.TrimSpace(e.Value))
	}
	return ids
}

// ignoreEntries are the string nodes of an x-lint-ignore value: itself, or
// the strings of its array.
func ignoreEntries(n *connector.Node) []*connector.Node {
	switch n.Kind {
	case connector.String:
		return []*connector.Node{n}
	case connector.Array:
		var out []*connector.Node
		for _, c := range n.Children {
			if c.Kind == connector.String {
				out = append(out, c)
			}
		}
		return out
	}
	return nil
}

// Ignore is an ignore entry of the configuration: it silences the findings
// of Rules (every rule when empty) in the files matching File and at or
// below the places matching Pointer.
type Ignore struct {
	// Rules are rule ids; empty means every rule.
	Rules []string
	// File is a glob over the path of the file, slash-separated and
	// relative to Base: "*" matches within one path segment, "**" across
	// segments, "?" one character. Empty matches every file.
	File string
	// Pointer is a glob over the JSON pointer of the finding, with the
	// same syntax ("/paths/~1legacy~1**", "/paths/*/get"). It matches a
	// finding whose pointer, or the pointer of any object above it,
	// matches. Empty matches everywhere.
	Pointer string
	// Base is the folder File is relative to (the configuration's folder).
	Base string
	// Reason says why; it is for people, not for matching.
	Reason string

	once       sync.Once
	file, ptr  *regexp.Regexp
	compileErr error
}

func (ig *Ignore) compile() error {
	ig.once.Do(func() {
		if ig.File != "" {
			if ig.file, ig.compileErr = CompileFileGlob(ig.File); ig.compileErr != nil {
				return
			}
		}
		if ig.Pointer != "" {
			ig.ptr, ig.compileErr = CompileGlob(ig.Pointer)
		}
	})
	return ig.compileErr
}

// Validate reports a malformed glob.
func (ig *Ignore) Validate() error { return ig.compile() }

// Matches reports whether the entry silences f. A malformed glob matches
// nothing.
func (ig *Ignore) Matches(f *Finding) bool {
	if ig.compile() != nil {
		return false
	}
	if len(ig.Rules) > 0 {
		found := false
		for _, r := range ig.Rules {
			found = found || r == f.Rule
		}
		if !found {
			return false
		}
	}
	if ig.file != nil && !ig.file.MatchString(RelSlash(ig.Base, f.File)) {
		return false
	}
	if ig.ptr != nil {
		p := f.Pointer
		for {
			if ig.ptr.MatchString(p) {
				return true
			}
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				return false
			}
			p = p[:i]
		}
	}
	return true
}

// RelSlash returns path relative to base, slash-separated; a path that
// cannot be made relative is returned cleaned and slash-separated. An
// empty base means the current folder.
func RelSlash(base, path string) string {
	if base == "" {
		base = "."
	}
	absBase, err1 := filepath.Abs(base)
	absPath, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absBase, absPath); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(path))
}

// CompileFileGlob compiles a glob over file paths. A "\" in it is a path
// separator, as "/" is, so that a configuration written on Windows
// (connectors\legacy\**) matches the same files everywhere; a "*", "?"
// or "[" in a file name is matched with a class ([*]), not escaped. The
// paths it is matched against are slash-separated (RelSlash).
func CompileFileGlob(glob string) (*regexp.Regexp, error) {
	return CompileGlob(strings.ReplaceAll(glob, `\`, "/"))
}

// CompileGlob turns a glob into an anchored regular expression: "**"
// matches any characters, "*" any characters but "/", "?" one character
// but "/", "[...]" a class; "\" escapes the next character. A pattern
// "**/x" also matches "x".
func CompileGlob(glob string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`^`)
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				i++
				if i+1 < len(glob) && glob[i+1] == '/' {
					i++
					b.WriteString(`(?:.*/)?`)
				} else {
					b.WriteString(`.*`)
				}
			} else {
				b.WriteString(`[^/]*`)
			}
		case '?':
			b.WriteString(`[^/]`)
		case '[':
			j := strings.IndexByte(glob[i+1:], ']')
			if j < 0 {
				return nil, fmt.Errorf("glob %q: '[' without ']'", glob)
			}
			class := glob[i+1 : i+1+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += j + 1
		case '\\':
			if i+1 >= len(glob) {
				return nil, fmt.Errorf("glob %q ends with '\\'", glob)
			}
			i++
			b.WriteString(regexp.QuoteMeta(string(glob[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil, fmt.Errorf("glob %q: %w", glob, err)
	}
	return re, nil
}

// suppress drops the findings that an x-lint-ignore of their document or
// an ignore entry of the configuration silences, and adds the findings of
// UnusedIgnore: the x-lint-ignore entries that silence nothing.
func suppress(pkg *connector.Package, cfg *Config, fs []Finding) []Finding {
	docs := map[string]*connector.Document{}
	for _, d := range pkg.Documents() {
		if d != nil && d.Root != nil && bytes.Contains(d.Src, []byte(IgnoreKey)) {
			docs[d.Path] = d
		}
	}
	if len(docs) == 0 && len(cfg.Ignore) == 0 {
		return fs
	}
	used := map[*connector.Node]bool{}
	out := fs[:0]
	for i := range fs {
		f := &fs[i]
		entries := inlineIgnores(docs[f.File], f)
		for _, e := range entries {
			used[e] = true
		}
		if len(entries) > 0 || cfg.ignored(f) {
			continue
		}
		out = append(out, *f)
	}
	for _, f := range unusedIgnores(pkg, cfg, used) {
		if !InlineIgnored(docs[f.File], &f) && !cfg.ignored(&f) {
			out = append(out, f)
		}
	}
	return out
}

// UnusedIgnore is reported by suppress, after every other rule of the
// package ran: its check does nothing.
var UnusedIgnore = &Rule{
	ID:     "unused-lint-ignore",
	Level:  Guidance,
	Title:  "Every x-lint-ignore entry names a rule of ppconn and silences one of its findings",
	Source: "staticcheck (unmatched //lint:ignore directives are reported); vacuum's x-lint-ignore",
	Since:  "0.2.0",
	Target: Package,
	Doc: `"x-lint-ignore": "rule-id" (or a list of ids) on an object of a definition silences
those rules at and below it. An entry that silences
nothing is a trap: a misspelt id (` + "`info-contacts-required`" + `) silences nothing
while the author believes the finding is handled, and an entry whose finding was fixed
since would silence the next real one without anyone noticing. The rule reports an id
that is no rule of ppconn (with the ids it probably meant), and an entry of a rule that
ran and found nothing there. It says nothing of a rule that did not run (turned off,
not in the profile): the entry may serve in another profile. Nor, for the rules across
files, when the connector was linted without its definition or its apiProperties.json,
or with a file that could not be parsed.

Evidence: no connector of the shared corpus (663 folders, certified and independent
publisher) uses x-lint-ignore, which is ppconn's and vacuum's, not the platform's: the
rule reports nothing there (docs/precision.md). ` + "`ppconn convert --strip-lint-ignore`" + `
removes every x-lint-ignore from the text to paste into the portal.

Bad:

    "info": {"x-lint-ignore": "info-contacts-required", "title": "Contoso"}

Good:

    "info": {"x-lint-ignore": "info-contact-required", "title": "Contoso"}

Fix: correct the id, or remove the entry (and the x-lint-ignore when it is empty).`,
	Check: func(*Pass) {},
}

// unusedIgnores are the findings of UnusedIgnore: the entries of every
// x-lint-ignore of pkg that name no rule, or a rule that ran on the
// package and whose findings none of them silenced (used).
func unusedIgnores(pkg *connector.Package, cfg *Config, used map[*connector.Node]bool) []Finding {
	if cfg.Registry == nil || cfg.Registry.Lookup(UnusedIgnore.ID) == nil {
		return nil
	}
	sev := cfg.severityOf(UnusedIgnore)
	if sev == Off {
		return nil
	}
	var out []Finding
	for _, doc := range pkg.Documents() {
		if doc == nil || doc.Root == nil || !bytes.Contains(doc.Src, []byte(IgnoreKey)) {
			continue
		}
		pass := &Pass{Rule: UnusedIgnore, Package: pkg, Doc: doc, Root: doc.Root, severity: sev, emit: func(f Finding) { out = append(out, f) }}
		doc.Root.Walk(func(n *connector.Node) bool {
			if !n.IsMember() || n.Key != IgnoreKey {
				return true
			}
			for _, e := range ignoreEntries(n) {
				id := strings.TrimSpace(e.Value)
				r := cfg.Registry.Lookup(id)
				switch {
				case r == nil:
					pass.Reportf(e, "x-lint-ignore names no rule %q%s: correct the id, or remove it", id, cfg.Registry.DidYouMean(id))
				case used[e] || r == UnusedIgnore || !ranOn(r, pkg, cfg):
				default:
					pass.Reportf(e, "x-lint-ignore of %s silences nothing here: %s finds nothing at or below this object; remove the entry", id, id)
				}
			}
			return false
		})
	}
	return out
}

// ranOn reports whether rule r ran on pkg with all it reads: it is on, has
// a document to run on, and, for a rule across files, the package has its
// definition and apiProperties.json, every file parsed.
func ranOn(r *Rule, pkg *connector.Package, cfg *Config) bool {
	if cfg.severityOf(r) == Off || len(docsFor(r, pkg)) == 0 {
		return false
	}
	if r.Target != Package {
		return true
	}
	if pkg.Dir == "" || pkg.Properties == nil || len(pkg.Swaggers) == 0 {
		return false
	}
	for _, d := range pkg.Documents() {
		if d == nil || d.Root == nil {
			return false
		}
	}
	return true
}

func (c *Config) ignored(f *Finding) bool {
	for _, ig := range c.Ignore {
		if ig.Matches(f) {
			return true
		}
	}
	return false
}
