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
	if doc == nil || doc.Root == nil || !bytes.Contains(doc.Src, []byte(IgnoreKey)) {
		return false
	}
	n := doc.Root
	if ignoresRule(n, f.Rule) {
		return true
	}
	if f.Pointer == "" || f.Pointer[0] != '/' {
		return false
	}
	for _, tok := range strings.Split(f.Pointer[1:], "/") {
		n = n.Resolve("/" + tok)
		if n == nil {
			return false
		}
		if ignoresRule(n, f.Rule) {
			return true
		}
	}
	return false
}

// ignoresRule reports whether the object n carries an x-lint-ignore that
// names rule.
func ignoresRule(n *connector.Node, rule string) bool {
	ig := n.Get(IgnoreKey)
	if ig == nil {
		return false
	}
	for _, id := range IgnoreList(ig) {
		if id == rule {
			return true
		}
	}
	return false
}

// IgnoreList returns the rule ids an x-lint-ignore value names: a string,
// or an array of strings (other items are skipped).
func IgnoreList(n *connector.Node) []string {
	switch n.Kind {
	case connector.String:
		return []string{strings.TrimSpace(n.Value)}
	case connector.Array:
		var ids []string
		for _, c := range n.Children {
			if c.Kind == connector.String {
				ids = append(ids, strings.TrimSpace(c.Value))
			}
		}
		return ids
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
// an ignore entry of the configuration silences.
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
	out := fs[:0]
	for i := range fs {
		f := &fs[i]
		if InlineIgnored(docs[f.File], f) || cfg.ignored(f) {
			continue
		}
		out = append(out, *f)
	}
	return out
}

func (c *Config) ignored(f *Finding) bool {
	for _, ig := range c.Ignore {
		if ig.Matches(f) {
			return true
		}
	}
	return false
}
