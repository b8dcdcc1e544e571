package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
)

// The edit engine: fix and auth describe what they change as pointer
// edits of a document, and EditDocument turns them into the document's new
// bytes, with one policy for order and conflicts:
//
//   - every pointer names a place of the document as given (the caller
//     computes its edits on one tree);
//   - renames are made first, as splices of the member names (neither
//     format has a rename of its own); the other edits follow in the order
//     given, each pointer followed through the changes made before it (a
//     rename moves it, an item removed before it in its array shifts it);
//   - an edit whose place an earlier edit removed or replaced fails with
//     an *EditError naming it; so does one that cannot be made;
//   - the result must parse, and its value must be the original one with
//     exactly the changes made (Replay), or nothing is returned.
//
// JSON edits are byte splices (SetEditIn, DeleteEdit), made in passes of
// at most one edit per container, all computed on the same text, so that
// their spans cannot overlap. YAML edits are made on the lines when every
// one of them allows it (yamllines.go), else (and under
// EditOptions.WholeYAML) through the YAMLEditor.

// Edit is one change of a document by JSON pointer (RFC 6901). Exactly one
// of the three operations is meant:
//
//   - Delete removes the member or item at Pointer;
//   - RenameKey gives the member at Pointer a new name, keeping its value
//     and its place;
//   - otherwise the value at Pointer is set to Value: a member missing from
//     an existing object is added at its end, missing objects on the way
//     are created, "-" as the last token appends to an array. Value takes
//     the types Layout.Render accepts: nil, bool, string, numbers, slices,
//     Object for ordered objects, *connector.Node.
type Edit struct {
	Pointer   string
	Value     any
	Delete    bool
	RenameKey string
}

// Change is an edit as it was made: its pointer is the place as it was
// just before, so that a list of changes replays (Replay) and carries the
// places of the original document into the edited one (FollowPointer).
type Change struct {
	Edit
	// InArray: the deleted value was an array item, so the items after it
	// moved down by one.
	InArray bool
	// Index is the position of the edit in the list given to EditDocument.
	Index int
}

// EditError says which edit of the list given to EditDocument failed.
type EditError struct {
	Index int
	Err   error
}

func (e *EditError) Error() string { return e.Err.Error() }

func (e *EditError) Unwrap() error { return e.Err }

// Edited is a document with the edits made.
type Edited struct {
	// Text is the new file, with the byte-order mark if the file had one.
	Text []byte
	// Doc is the document parsed from Text.
	Doc *connector.Document
	// Changes are the edits as made, in order.
	Changes []Change
}

// EditOptions choose how the edits are written, not which are made.
type EditOptions struct {
	// WholeYAML re-emits a YAML document through the YAMLEditor even where
	// its lines could take the edits. auth writes YAML twins so: its
	// transcripts (testdata/auth/golden/twin-write.txt) and the twins it
	// has written are the YAMLEditor's, whose string style (needsQuotes)
	// the line splices do not share: on the lines, a replaced plain URL
	// gets double quotes.
	WholeYAML bool
}

// EditDocument makes the edits to doc (which is not modified) under the
// policy above.
func EditDocument(doc *connector.Document, edits []Edit, opt EditOptions) (*Edited, error) {
	var changes []Change
	cur := doc
	var renames, others []Change
	for i, e := range edits {
		c := Change{Edit: e, Index: i}
		if e.RenameKey != "" {
			renames = append(renames, c)
		} else {
			others = append(others, c)
		}
	}
	if len(renames) > 0 {
		var err error
		if cur, err = renameKeys(cur, renames); err != nil {
			return nil, err
		}
		changes = append(changes, renames...)
	}
	var next *connector.Document
	var more []Change
	var err error
	if doc.Format == connector.YAML {
		// On the lines first; through the YAML editor when that fails.
		err = errNoLines
		if !opt.WholeYAML {
			next, more, err = editYAMLLines(cur, others, changes)
		}
		if err == nil && verifyEdited(doc, next, append(append([]Change(nil), changes...), more...)) != nil {
			err = errNoLines
		}
		if err != nil {
			next, more, err = editYAML(cur, others, changes)
		}
	} else {
		next, more, err = editJSON(cur, others, changes)
	}
	if err != nil {
		return nil, err
	}
	cur = next
	changes = append(changes, more...)
	if err := verifyEdited(doc, cur, changes); err != nil {
		return nil, err
	}
	out := cur.Src
	if cur.BOM {
		out = append([]byte{0xEF, 0xBB, 0xBF}, out...)
	}
	return &Edited{Text: out, Doc: cur, Changes: changes}, nil
}

// reparse parses src as a new version of doc.
func reparse(doc *connector.Document, src []byte) (*connector.Document, error) {
	next := &connector.Document{Path: doc.Path, Role: doc.Role, Format: doc.Format}
	connector.Parse(next, src, connector.Limits{MaxBytes: 1 << 62, MaxDepth: connector.DefaultLimits.MaxDepth, MaxAliasNodes: connector.DefaultLimits.MaxAliasNodes})
	if p := FirstProblem(next); p != nil {
		return nil, fmt.Errorf("internal error: the edited file does not parse at %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	next.BOM = next.BOM || doc.BOM
	next.Size = int64(len(src))
	return next, nil
}

// renameKeys renames members by replacing their names in the source.
func renameKeys(doc *connector.Document, renames []Change) (*connector.Document, error) {
	var splices []JSONEdit
	for _, r := range renames {
		n := doc.Root.Resolve(r.Pointer)
		if n == nil || !n.IsMember() {
			return nil, &EditError{r.Index, fmt.Errorf("%s: no member to rename", r.Pointer)}
		}
		if n.Parent.Get(r.RenameKey) != nil {
			return nil, &EditError{r.Index, fmt.Errorf("%s: the object already has a member %q", r.Pointer, r.RenameKey)}
		}
		var s JSONEdit
		var err error
		if doc.Format == connector.YAML {
			s, err = yamlKeySplice(doc, n, r.RenameKey)
		} else {
			s, err = jsonKeySplice(doc, n, r.RenameKey)
		}
		if err != nil {
			return nil, &EditError{r.Index, err}
		}
		splices = append(splices, s)
	}
	src, err := ApplyEdits(doc.Src, splices...)
	if err != nil {
		return nil, err
	}
	return reparse(doc, src)
}

// jsonKeySplice replaces the quoted name of the member n.
func jsonKeySplice(doc *connector.Document, n *connector.Node, key string) (JSONEdit, error) {
	off := int(n.KeyOff)
	if off < 0 || off >= len(doc.Src) || doc.Src[off] != '"' {
		return JSONEdit{}, fmt.Errorf("%s: the member name is not where the parser put it", n.Pointer())
	}
	end := off + 1
	for ; end < len(doc.Src) && doc.Src[end] != '"'; end++ {
		if doc.Src[end] == '\\' {
			end++
		}
	}
	if end >= len(doc.Src) {
		return JSONEdit{}, fmt.Errorf("%s: unterminated member name", n.Pointer())
	}
	text, err := RenderJSON(key, "", 0)
	if err != nil {
		return JSONEdit{}, err
	}
	return JSONEdit{Off: off, End: end + 1, Text: text}, nil
}

// plainKey is a YAML key that needs no quotes in any YAML version.
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// yamlKeySplice replaces the name of the member n where yaml.v3 saw it:
// a plain, single- or double-quoted scalar spelled as it reads (no
// escapes, not folded across lines); anything else is refused.
func yamlKeySplice(doc *connector.Document, n *connector.Node, key string) (JSONEdit, error) {
	fail := fmt.Errorf("%s: the member name is not written plainly at %d:%d; rename it by hand", n.Pointer(), n.KeyLine, n.KeyCol)
	if n.KeyLine <= 0 || n.KeyCol <= 0 {
		return JSONEdit{}, fail
	}
	// The offset of the line, then of the column (counted in characters).
	off := 0
	for line := 1; line < int(n.KeyLine); line++ {
		i := bytes.IndexByte(doc.Src[off:], '\n')
		if i < 0 {
			return JSONEdit{}, fail
		}
		off += i + 1
	}
	for col := 1; col < int(n.KeyCol); col++ {
		if off >= len(doc.Src) || doc.Src[off] == '\n' {
			return JSONEdit{}, fail
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
		b, err := RenderJSON(key, "", 0)
		if err != nil {
			return JSONEdit{}, err
		}
		text = string(b)
	case bytes.HasPrefix(rest, []byte(`'`+n.Key+`'`)) && !strings.Contains(n.Key, `'`):
		span = len(n.Key) + 2
		text = "'" + strings.ReplaceAll(key, "'", "''") + "'"
	case bytes.HasPrefix(rest, []byte(n.Key)) && plainKey.MatchString(n.Key):
		span = len(n.Key)
		if after := rest[span:]; len(after) > 0 && after[0] != ':' && after[0] != ' ' && after[0] != '\t' {
			return JSONEdit{}, fail
		}
		text = key
		if !plainKey.MatchString(key) {
			b, err := RenderJSON(key, "", 0)
			if err != nil {
				return JSONEdit{}, err
			}
			text = string(b)
		}
	default:
		return JSONEdit{}, fail
	}
	return JSONEdit{Off: off, End: off + span, Text: []byte(text)}, nil
}

// editJSON makes the edits as byte splices, in passes: each pass makes at
// most one edit per container, all computed on the same text, so that
// their spans cannot overlap. Pointers are followed through the changes
// made before (prior, then the passes'); an edit that an earlier edit of
// its pass moves (an item removed before it) waits for the next pass, as
// do the later edits of its container, so that the result is that of the
// edits made one by one in the order given.
func editJSON(doc *connector.Document, edits []Change, prior []Change) (*connector.Document, []Change, error) {
	var changes []Change
	for len(edits) > 0 {
		all := NewPointerMap(append(append([]Change(nil), prior...), changes...))
		pass := NewPointerMap(nil)
		var splices []JSONEdit
		var made []Change
		var rest []Change
		busy := map[string]bool{}
		layout := DetectLayout(doc)
		for _, e := range edits {
			p, ok := all.Follow(e.Pointer)
			if ok {
				var moved string
				moved, ok = pass.Follow(p)
				if ok && moved != p {
					busy[string(connector.Pointer(p).Parent())] = true
					rest = append(rest, e)
					continue
				}
			}
			if !ok {
				return nil, nil, &EditError{e.Index, fmt.Errorf("%s: another edit removed the place of this one", e.Pointer)}
			}
			parent := string(connector.Pointer(p).Parent())
			if busy[parent] {
				rest = append(rest, e)
				continue
			}
			busy[parent] = true
			var s JSONEdit
			var err error
			c := e
			c.Pointer = p
			if e.Delete {
				c.InArray = isArray(doc, parent)
				s, err = deleteLines(doc, p)
			} else {
				s, err = SetEditIn(doc, layout, p, e.Value)
			}
			if err != nil {
				return nil, nil, &EditError{e.Index, err}
			}
			splices = append(splices, s)
			made = append(made, c)
			pass.Add(c)
		}
		src, err := ApplyEdits(doc.Src, splices...)
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

// deleteLines is DeleteEdit, but a member that is not the last of its
// object and starts its own line, as does the member after it, goes from
// the start of its first line to the start of the next member's line, so
// that the next member keeps its indentation as written (DeleteEdit gives
// it the deleted member's).
func deleteLines(doc *connector.Document, ptr string) (JSONEdit, error) {
	edit, err := DeleteEdit(doc, ptr)
	if err != nil {
		return edit, err
	}
	n := doc.Root.Resolve(ptr)
	if n == nil || !n.IsMember() || n.KeyOff < 0 {
		return edit, nil
	}
	siblings := n.Parent.Children
	for i, c := range siblings {
		if c != n || i == len(siblings)-1 {
			continue
		}
		src := doc.Src
		from, next := lineStartOf(src, int(n.KeyOff)), lineStartOf(src, int(siblings[i+1].KeyOff))
		if blankRun(src[from:n.KeyOff]) && blankRun(src[next:siblings[i+1].KeyOff]) && next > int(n.End) {
			return JSONEdit{Off: from, End: next}, nil
		}
	}
	return edit, nil
}

// lineStartOf is the offset of the start of the line holding off.
func lineStartOf(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// blankRun reports whether b is spaces and tabs only.
func blankRun(b []byte) bool {
	return len(bytes.Trim(b, " \t")) == 0
}

// editYAML makes the edits one after the other through the YAML editor,
// which re-emits the file keeping its comments and styles.
func editYAML(doc *connector.Document, edits []Change, prior []Change) (*connector.Document, []Change, error) {
	if len(edits) == 0 {
		return doc, nil, nil
	}
	ed, err := NewYAMLEditor(doc)
	if err != nil {
		return nil, nil, err
	}
	var changes []Change
	all, before := NewPointerMap(prior), NewPointerMap(prior)
	for _, e := range edits {
		p, ok := all.Follow(e.Pointer)
		if !ok {
			return nil, nil, &EditError{e.Index, fmt.Errorf("%s: another edit removed the place of this one", e.Pointer)}
		}
		c := e
		c.Pointer = p
		if e.Delete {
			// The edits before this one do not change what its parent is:
			// follow the pointer through the renames only.
			was, _ := before.Follow(e.Pointer)
			parent := string(connector.Pointer(was).Parent())
			c.InArray = isArray(doc, parent)
			err = ed.Delete(p)
		} else {
			err = ed.Set(p, e.Value)
		}
		if err != nil {
			return nil, nil, &EditError{e.Index, err}
		}
		changes = append(changes, c)
		all.Add(c)
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

// verifyEdited checks that the value of after is the value of before with
// the changes made, and nothing else.
func verifyEdited(before, after *connector.Document, changes []Change) error {
	want, err := Replay(before.Root.Interface(), changes)
	if err != nil {
		return fmt.Errorf("internal error: %w", err)
	}
	if !reflect.DeepEqual(want, after.Root.Interface()) {
		return errors.New("internal error: the edited file differs from the original in more than the edits; it is left alone")
	}
	return nil
}
