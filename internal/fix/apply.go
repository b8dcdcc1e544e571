package fix

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// Change is an edit as it was applied to a document: its pointer is the
// place as it was just before, so that a list of changes replays.
type Change struct {
	lint.Edit
	// InArray: the deleted value was an array item, so the items after it
	// moved down by one.
	InArray bool
	// Rule is the rule whose fix made the change.
	Rule string
	fix  int // the index of that fix in its round's plan
}

// planned is one edit to make, with the fix it belongs to.
type planned struct {
	lint.Edit
	fix  int // index of the fix in the file's plan
	rule string
}

// editError says which fix an edit that failed belongs to.
type editError struct {
	fix int
	err error
}

func (e *editError) Error() string { return e.err.Error() }

// applyDoc applies the edits to doc and returns the new text (with the
// byte-order mark, if the file had one), the document parsed from it and
// the changes made, in order. Renames are made first, as splices on the
// member names (neither format has a rename of its own); then the other
// edits, the deepest and last first: for JSON as byte splices, one edit
// per container at a time, for YAML through the YAML editor. The result is
// checked: it must parse, and its value must be the original one with
// exactly the changes made.
func applyDoc(doc *connector.Document, edits []planned) ([]byte, *connector.Document, []Change, error) {
	var changes []Change
	cur := doc
	var renames, others []planned
	for _, e := range edits {
		if e.RenameKey != "" {
			renames = append(renames, e)
		} else {
			others = append(others, e)
		}
	}
	if len(renames) > 0 {
		var err error
		if cur, err = renameKeys(cur, renames); err != nil {
			return nil, nil, nil, err
		}
		for _, e := range renames {
			changes = append(changes, Change{Edit: e.Edit, Rule: e.rule, fix: e.fix})
		}
	}
	slices.SortStableFunc(others, func(a, b planned) int { return -connector.Pointer(a.Pointer).Compare(connector.Pointer(b.Pointer)) })
	var next *connector.Document
	var more []Change
	var err error
	if doc.Format == connector.YAML {
		// On the lines first; through the YAML editor when that fails.
		next, more, err = editYAMLText(cur, others, changes)
		if err == nil && verify(doc, next, append(append([]Change(nil), changes...), more...)) != nil {
			err = errNoText
		}
		if err != nil {
			next, more, err = editYAML(cur, others, changes)
		}
	} else {
		next, more, err = editJSON(cur, others, changes)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	cur = next
	changes = append(changes, more...)
	if err := verify(doc, cur, changes); err != nil {
		return nil, nil, nil, err
	}
	out := cur.Src
	if cur.BOM {
		out = append([]byte{0xEF, 0xBB, 0xBF}, out...)
	}
	return out, cur, changes, nil
}

// reparse parses src as a new version of doc.
func reparse(doc *connector.Document, src []byte) (*connector.Document, error) {
	next := &connector.Document{Path: doc.Path, Role: doc.Role, Format: doc.Format}
	connector.Parse(next, src, connector.Limits{MaxBytes: 1 << 62, MaxDepth: connector.DefaultLimits.MaxDepth, MaxAliasNodes: connector.DefaultLimits.MaxAliasNodes})
	if p := rewrite.FirstProblem(next); p != nil {
		return nil, fmt.Errorf("internal error: the edited file does not parse at %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	next.BOM = next.BOM || doc.BOM
	next.Size = int64(len(src))
	return next, nil
}

// renameKeys renames members by replacing their names in the source.
func renameKeys(doc *connector.Document, renames []planned) (*connector.Document, error) {
	var splices []rewrite.JSONEdit
	for _, r := range renames {
		n := doc.Root.Resolve(r.Pointer)
		if n == nil || !n.IsMember() {
			return nil, &editError{r.fix, fmt.Errorf("%s: no member to rename", r.Pointer)}
		}
		if n.Parent.Get(r.RenameKey) != nil {
			return nil, &editError{r.fix, fmt.Errorf("%s: the object already has a member %q", r.Pointer, r.RenameKey)}
		}
		var s rewrite.JSONEdit
		var err error
		if doc.Format == connector.YAML {
			s, err = yamlKeySplice(doc, n, r.RenameKey)
		} else {
			s, err = jsonKeySplice(doc, n, r.RenameKey)
		}
		if err != nil {
			return nil, &editError{r.fix, err}
		}
		splices = append(splices, s)
	}
	src, err := rewrite.ApplyEdits(doc.Src, splices...)
	if err != nil {
		return nil, err
	}
	return reparse(doc, src)
}

// jsonKeySplice replaces the quoted name of the member n.
func jsonKeySplice(doc *connector.Document, n *connector.Node, key string) (rewrite.JSONEdit, error) {
	off := int(n.KeyOff)
	if off < 0 || off >= len(doc.Src) || doc.Src[off] != '"' {
		return rewrite.JSONEdit{}, fmt.Errorf("%s: the member name is not where the parser put it", n.Pointer())
	}
	end := off + 1
	for ; end < len(doc.Src) && doc.Src[end] != '"'; end++ {
		if doc.Src[end] == '\\' {
			end++
		}
	}
	if end >= len(doc.Src) {
		return rewrite.JSONEdit{}, fmt.Errorf("%s: unterminated member name", n.Pointer())
	}
	text, err := rewrite.RenderJSON(key, "", 0)
	if err != nil {
		return rewrite.JSONEdit{}, err
	}
	return rewrite.JSONEdit{Off: off, End: end + 1, Text: text}, nil
}

// plainKey is a YAML key that needs no quotes in any YAML version.
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// yamlKeySplice replaces the name of the member n where yaml.v3 saw it:
// a plain, single- or double-quoted scalar spelled as it reads (no
// escapes, not folded across lines); anything else is refused.
func yamlKeySplice(doc *connector.Document, n *connector.Node, key string) (rewrite.JSONEdit, error) {
	fail := fmt.Errorf("%s: the member name is not written plainly at %d:%d; rename it by hand", n.Pointer(), n.KeyLine, n.KeyCol)
	if n.KeyLine <= 0 || n.KeyCol <= 0 {
		return rewrite.JSONEdit{}, fail
	}
	// The offset of the line, then of the column (counted in characters).
	off := 0
	for line := 1; line < int(n.KeyLine); line++ {
		i := bytes.IndexByte(doc.Src[off:], '\n')
		if i < 0 {
			return rewrite.JSONEdit{}, fail
		}
		off += i + 1
	}
	for col := 1; col < int(n.KeyCol); col++ {
		if off >= len(doc.Src) || doc.Src[off] == '\n' {
			return rewrite.JSONEdit{}, fail
		}
		_, size := utf8.DecodeRune(doc.Src[off:])
		off += size
	}
	rest := doc.Src[off:]
	var span int
	var text string
	switch {
	case bytes.HasPrefix(rest, []byte(`"`+n.Key+`"`)) && !strings.ContainsAny(n.Key, `"\`):
		span = len(n.Key) + 2
		b, err := rewrite.RenderJSON(key, "", 0)
		if err != nil {
			return rewrite.JSONEdit{}, err
		}
		text = string(b)
	case bytes.HasPrefix(rest, []byte(`'`+n.Key+`'`)) && !strings.Contains(n.Key, `'`):
		span = len(n.Key) + 2
		text = "'" + strings.ReplaceAll(key, "'", "''") + "'"
	case bytes.HasPrefix(rest, []byte(n.Key)) && plainKey.MatchString(n.Key):
		span = len(n.Key)
		if after := rest[span:]; len(after) > 0 && after[0] != ':' && after[0] != ' ' && after[0] != '\t' {
			return rewrite.JSONEdit{}, fail
		}
		text = key
		if !plainKey.MatchString(key) {
			b, err := rewrite.RenderJSON(key, "", 0)
			if err != nil {
				return rewrite.JSONEdit{}, err
			}
			text = string(b)
		}
	default:
		return rewrite.JSONEdit{}, fail
	}
	return rewrite.JSONEdit{Off: off, End: off + span, Text: []byte(text)}, nil
}

// editJSON applies the edits as byte splices, in passes: each pass makes
// at most one edit per container, all computed on the same text, so that
// their spans cannot overlap. Pointers are followed through the changes
// made before (prior, then the passes').
func editJSON(doc *connector.Document, edits []planned, prior []Change) (*connector.Document, []Change, error) {
	var changes []Change
	for len(edits) > 0 {
		all := newPointerMap(append(append([]Change(nil), prior...), changes...))
		var splices []rewrite.JSONEdit
		var made []Change
		var rest []planned
		busy := map[string]bool{}
		layout := rewrite.DetectLayout(doc)
		for _, e := range edits {
			p, ok := all.follow(e.Pointer)
			if !ok {
				return nil, nil, &editError{e.fix, fmt.Errorf("%s: another edit removed the place of this one", e.Pointer)}
			}
			parent := string(connector.Pointer(p).Parent())
			if busy[parent] {
				rest = append(rest, e)
				continue
			}
			busy[parent] = true
			var s rewrite.JSONEdit
			var err error
			c := Change{Edit: e.Edit, Rule: e.rule, fix: e.fix}
			c.Pointer = p
			if e.Delete {
				c.InArray = isArray(doc, parent)
				s, err = rewrite.DeleteEdit(doc, p)
			} else {
				s, err = rewrite.SetEditIn(doc, layout, p, e.Value)
			}
			if err != nil {
				return nil, nil, &editError{e.fix, err}
			}
			splices = append(splices, s)
			made = append(made, c)
		}
		src, err := rewrite.ApplyEdits(doc.Src, splices...)
		if err != nil {
			return nil, nil, err
		}
		if doc, err = reparse(doc, src); err != nil {
			return nil, nil, err
		}
		changes = append(changes, made...)
		edits = rest
	}
	return doc, changes, nil
}

// editYAML applies the edits one after the other through the YAML
// editor, which re-emits the file keeping its comments and styles.
func editYAML(doc *connector.Document, edits []planned, prior []Change) (*connector.Document, []Change, error) {
	if len(edits) == 0 {
		return doc, nil, nil
	}
	ed, err := rewrite.NewYAMLEditor(doc)
	if err != nil {
		return nil, nil, err
	}
	var changes []Change
	all, before := newPointerMap(prior), newPointerMap(prior)
	for _, e := range edits {
		p, ok := all.follow(e.Pointer)
		if !ok {
			return nil, nil, &editError{e.fix, fmt.Errorf("%s: another edit removed the place of this one", e.Pointer)}
		}
		c := Change{Edit: e.Edit, Rule: e.rule, fix: e.fix}
		c.Pointer = p
		if e.Delete {
			// The YAML edits before this one are deeper or later: they do
			// not change what the parent is.
			was, _ := before.follow(e.Pointer)
			parent := string(connector.Pointer(was).Parent())
			c.InArray = isArray(doc, parent)
			err = ed.Delete(p)
		} else {
			err = ed.Set(p, e.Value)
		}
		if err != nil {
			return nil, nil, &editError{e.fix, err}
		}
		changes = append(changes, c)
		all.add(c)
	}
	src, err := ed.Bytes()
	if err != nil {
		return nil, nil, err
	}
	src = bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	next, err := reparse(doc, src)
	if err != nil {
		return nil, nil, err
	}
	return next, changes, nil
}

func isArray(doc *connector.Document, p string) bool {
	n := doc.Root.Resolve(p)
	return n != nil && n.Kind == connector.Array
}

// verify checks that the value of after is the value of before with the
// changes made, and nothing else.
func verify(before, after *connector.Document, changes []Change) error {
	want, err := Replay(before.Root.Interface(), changes)
	if err != nil {
		return fmt.Errorf("internal error: %w", err)
	}
	if !reflect.DeepEqual(want, after.Root.Interface()) {
		return errors.New("internal error: the edited file differs from the original in more than the fixes; it is left alone")
	}
	return nil
}

// Replay applies changes to a value as Node.Interface returns it
// (map[string]any, []any, string, float64, bool, nil) and returns the
// result; v is modified. It is what a document's value must become when
// the changes are made to its text.
func Replay(v any, changes []Change) (any, error) {
	for _, c := range changes {
		var err error
		if v, err = replayOne(v, c); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Pointer, err)
		}
	}
	return v, nil
}

func replayOne(root any, c Change) (any, error) {
	toks := connector.Pointer(c.Pointer).Tokens()
	if len(toks) == 0 {
		if c.Delete || c.RenameKey != "" {
			return nil, errors.New("cannot delete or rename the root")
		}
		return plain(c.Value)
	}
	// Find the container, creating objects on the way for a Set.
	parent := root
	for i, tok := range toks[:len(toks)-1] {
		switch p := parent.(type) {
		case map[string]any:
			next, ok := p[tok]
			if !ok {
				if c.Delete || c.RenameKey != "" {
					return nil, errors.New("no such member")
				}
				// Set creates the missing objects: build them inside out.
				val, err := plain(c.Value)
				if err != nil {
					return nil, err
				}
				for j := len(toks) - 1; j > i; j-- {
					val = map[string]any{toks[j]: val}
				}
				p[tok] = val
				return root, nil
			}
			parent = next
		case []any:
			idx, ok := index(tok, len(p))
			if !ok {
				return nil, errors.New("no such item")
			}
			parent = p[idx]
		default:
			return nil, errors.New("not a container")
		}
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		switch {
		case c.Delete:
			delete(p, last)
		case c.RenameKey != "":
			val, ok := p[last]
			if !ok {
				return nil, errors.New("no such member")
			}
			delete(p, last)
			p[c.RenameKey] = val
		default:
			val, err := plain(c.Value)
			if err != nil {
				return nil, err
			}
			p[last] = val
		}
		return root, nil
	case []any:
		idx, ok := index(last, len(p))
		if !ok {
			return nil, errors.New("no such item")
		}
		switch {
		case c.Delete:
			// Rebuild the slice in its container: its length changes.
			return replaceArray(root, toks[:len(toks)-1], append(p[:idx:idx], p[idx+1:]...))
		case c.RenameKey != "":
			return nil, errors.New("an item has no name to rename")
		default:
			val, err := plain(c.Value)
			if err != nil {
				return nil, err
			}
			p[idx] = val
			return root, nil
		}
	}
	return nil, errors.New("not a container")
}

// replaceArray puts arr at the place toks of root.
func replaceArray(root any, toks []string, arr []any) (any, error) {
	if len(toks) == 0 {
		return arr, nil
	}
	parent := root
	for _, tok := range toks[:len(toks)-1] {
		switch p := parent.(type) {
		case map[string]any:
			parent = p[tok]
		case []any:
			idx, _ := index(tok, len(p))
			parent = p[idx]
		}
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = arr
	case []any:
		idx, _ := index(last, len(p))
		p[idx] = arr
	}
	return root, nil
}

func index(tok string, n int) (int, bool) {
	i := 0
	for _, r := range tok {
		if r < '0' || r > '9' {
			return 0, false
		}
		i = i*10 + int(r-'0')
		if i > n {
			return 0, false
		}
	}
	return i, tok != "" && i < n && (tok == "0" || tok[0] != '0')
}

// plain converts a fix value into what Node.Interface gives for it, by
// rendering it as JSON and parsing that.
func plain(v any) (any, error) {
	text, err := rewrite.RenderJSON(v, "", 0)
	if err != nil {
		return nil, err
	}
	doc := &connector.Document{Format: connector.JSON}
	connector.Parse(doc, text, connector.DefaultLimits)
	if doc.Root == nil {
		return nil, errors.New("the value does not render as JSON")
	}
	return doc.Root.Interface(), nil
}
