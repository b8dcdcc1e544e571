package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// JSON edits are byte splices on the source, in the manner of VS Code's
// jsonc-parser modify + applyEdits: the rest of the file is never
// re-serialised, so that a one-member change is a one-member diff and
// every byte outside the edited span (indentation, CRLF, escapes, number
// spellings, the final newline) stays as it was.

// JSONEdit replaces Src[Off:End] of a document by Text. Off == End is an
// insertion. Offsets are into Document.Src, which has no byte-order mark.
type JSONEdit struct {
	Off, End int
	Text     []byte
}

// SetEdit returns the edit that sets the value at pointer (RFC 6901) to
// value (see Layout.Render for the accepted types):
//
//   - an existing value's span is replaced;
//   - a missing member is added after the last member of its object,
//     laid out like its siblings (same separator, same indentation), or
//     as the only member of an empty object ({} becomes a block indented
//     one unit deeper than the object's line);
//   - missing objects on the way are created ("/a/b/c" when only /a
//     exists adds "b": {"c": value} to /a);
//   - "-" as the last token appends to an array; an array index must exist.
//
// New text is indented with the document's own unit and line ending (see
// DetectLayout).
func SetEdit(doc *connector.Document, pointer string, value any) (JSONEdit, error) {
	return SetEditIn(doc, DetectLayout(doc), pointer, value)
}

// SetEditIn is SetEdit with the document's layout already read: a caller
// making thousands of edits to one text reads it once, as DetectLayout
// walks the document.
func SetEditIn(doc *connector.Document, layout Layout, pointer string, value any) (JSONEdit, error) {
	if err := editable(doc); err != nil {
		return JSONEdit{}, err
	}
	toks, err := splitPointer(pointer)
	if err != nil {
		return JSONEdit{}, err
	}
	e := &jsonEditCtx{src: doc.Src, layout: layout}
	n := doc.Root
	for i, tok := range toks {
		last := i == len(toks)-1
		switch n.Kind {
		case connector.Object:
			c := n.Get(tok)
			if c == nil {
				// Build the missing objects inside out, then add one member.
				v := value
				for j := len(toks) - 1; j > i; j-- {
					v = Object{{Key: toks[j], Value: v}}
				}
				return e.add(n, tok, true, v)
			}
			n = c
		case connector.Array:
			if tok == "-" && last {
				return e.add(n, "", false, value)
			}
			idx, err := arrayIndex(tok, n)
			if err != nil {
				return JSONEdit{}, &PointerError{Pointer: joinPointer(toks[:i+1]), Err: err}
			}
			n = n.Children[idx]
		default:
			return JSONEdit{}, &PointerError{Pointer: joinPointer(toks[:i]), Err: fmt.Errorf("is a %s, not an object or an array", n.Kind)}
		}
	}
	return e.replace(n, value)
}

// DeleteEdit returns the edit that removes the member or item at pointer,
// with its comma and the white space that led to it, so that the
// neighbours keep their layout. Deleting the only member leaves {} (or []).
func DeleteEdit(doc *connector.Document, pointer string) (JSONEdit, error) {
	if err := editable(doc); err != nil {
		return JSONEdit{}, err
	}
	toks, err := splitPointer(pointer)
	if err != nil {
		return JSONEdit{}, err
	}
	if len(toks) == 0 {
		return JSONEdit{}, errors.New("cannot delete the root value")
	}
	n := doc.Root.Resolve(pointer)
	if n == nil {
		return JSONEdit{}, &PointerError{Pointer: pointer, Err: errors.New("no such member or item")}
	}
	parent := n.Parent
	idx := -1
	for i, c := range parent.Children {
		if c == n {
			idx = i
			break
		}
	}
	switch {
	case len(parent.Children) == 1:
		return JSONEdit{Off: int(parent.Off) + 1, End: int(parent.End) - 1}, nil
	case idx < len(parent.Children)-1:
		// Up to the next member: its leading white space goes, ours stays.
		return JSONEdit{Off: start(n), End: start(parent.Children[idx+1])}, nil
	default:
		// The last one: from the end of the previous value, comma included.
		return JSONEdit{Off: int(parent.Children[idx-1].End), End: int(n.End)}, nil
	}
}

// ApplyEdits applies edits that do not overlap to src, whatever their
// order, and returns the new text; src is not modified.
func ApplyEdits(src []byte, edits ...JSONEdit) ([]byte, error) {
	sorted := append([]JSONEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Off < sorted[j].Off })
	var out []byte
	pos := 0
	for _, e := range sorted {
		if e.Off < pos || e.End < e.Off || e.End > len(src) {
			return nil, fmt.Errorf("edit %d:%d overlaps another edit or lies outside the text", e.Off, e.End)
		}
		out = append(out, src[pos:e.Off]...)
		out = append(out, e.Text...)
		pos = e.End
	}
	return append(out, src[pos:]...), nil
}

func editable(doc *connector.Document) error {
	if doc == nil || doc.Root == nil {
		return ErrNoValue
	}
	if doc.Format != connector.JSON {
		return errors.New("not a JSON document: use a YAMLEditor")
	}
	if p := FirstProblem(doc); p != nil && p.Kind != connector.ProblemDuplicateKey {
		return fmt.Errorf("%d:%d: %s; fix it before editing the file", p.Pos.Line, p.Pos.Col, p.Message)
	}
	return nil
}

type jsonEditCtx struct {
	src    []byte
	layout Layout
}

// start is where a member (its key) or an item begins.
func start(n *connector.Node) int {
	if n.IsMember() && n.KeyOff >= 0 {
		return int(n.KeyOff)
	}
	return int(n.Off)
}

// lineIndent returns the leading white space of the line holding off.
func lineIndent(src []byte, off int) string {
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	i := ls
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return string(src[ls:i])
}

func (e *jsonEditCtx) render(v any, prefix string, oneLine bool, comma string) ([]byte, error) {
	l := e.layout
	if oneLine {
		l.Unit = ""
		if i := strings.IndexByte(comma, ','); i >= 0 {
			l.Comma = "," + comma[i+1:]
		}
	}
	return l.Render(v, prefix)
}

func (e *jsonEditCtx) replace(n *connector.Node, value any) (JSONEdit, error) {
	oneLine := e.layout.Unit == ""
	if n.Kind == connector.Object || n.Kind == connector.Array {
		// An object written on one line stays on one line.
		oneLine = oneLine || !bytes.ContainsRune(e.src[n.Off:n.End], '\n') && len(n.Children) > 0
	}
	text, err := e.render(value, lineIndent(e.src, start(n)), oneLine, "")
	if err != nil {
		return JSONEdit{}, &PointerError{Pointer: n.Pointer(), Err: err}
	}
	return JSONEdit{Off: int(n.Off), End: int(n.End), Text: text}, nil
}

// add adds a member (isMember) or an item at the end of the container c.
func (e *jsonEditCtx) add(c *connector.Node, key string, isMember bool, value any) (JSONEdit, error) {
	var head []byte
	if isMember {
		head = appendJSONString(nil, key)
		head = append(head, e.colon(c)...)
	}
	if len(c.Children) == 0 {
		return e.addFirst(c, head, value)
	}
	last := c.Children[len(c.Children)-1]
	var sep string
	if len(c.Children) >= 2 {
		sep = string(e.src[c.Children[len(c.Children)-2].End:start(last)])
	} else {
		sep = "," + string(e.src[c.Off+1:start(last)])
		if sep == "," && isMember && strings.HasSuffix(string(head), " ") {
			// {"x": "y"}: one member on one line; spaced like its colon.
			sep = ", "
		}
	}
	if strings.Count(sep, ",") != 1 || strings.Trim(sep, ", \t\r\n") != "" {
		sep = "," + e.layout.EOL + lineIndent(e.src, start(last))
	}
	oneLine := !strings.Contains(sep, "\n")
	prefix := sep[strings.LastIndexByte(sep, '\n')+1:]
	if oneLine {
		prefix = lineIndent(e.src, start(last))
	}
	text, err := e.render(value, prefix, oneLine, sep)
	if err != nil {
		return JSONEdit{}, err
	}
	out := append([]byte(sep), head...)
	out = append(out, text...)
	return JSONEdit{Off: int(last.End), End: int(last.End), Text: out}, nil
}

// addFirst fills an empty object or array.
func (e *jsonEditCtx) addFirst(c *connector.Node, head []byte, value any) (JSONEdit, error) {
	open, closer := byte('{'), byte('}')
	if c.Kind == connector.Array {
		open, closer = '[', ']'
	}
	out := []byte{open}
	if e.layout.Unit == "" {
		text, err := e.render(value, "", true, "")
		if err != nil {
			return JSONEdit{}, err
		}
		out = append(append(append(out, head...), text...), closer)
		return JSONEdit{Off: int(c.Off), End: int(c.End), Text: out}, nil
	}
	parent := lineIndent(e.src, start(c))
	inner := parent + e.layout.Unit
	text, err := e.render(value, inner, false, "")
	if err != nil {
		return JSONEdit{}, err
	}
	out = append(out, e.layout.EOL...)
	out = append(out, inner...)
	out = append(append(out, head...), text...)
	out = append(out, e.layout.EOL...)
	out = append(append(out, parent...), closer)
	return JSONEdit{Off: int(c.Off), End: int(c.End), Text: out}, nil
}

// colon is the key separator used in the object c (its first member's),
// else the document's.
func (e *jsonEditCtx) colon(c *connector.Node) string {
	if len(c.Children) > 0 {
		if s, ok := memberColon(e.src, c.Children[0]); ok {
			return s
		}
	}
	return e.layout.Colon
}

func memberColon(src []byte, m *connector.Node) (string, bool) {
	end := stringEnd(src, int(m.KeyOff))
	if end < 0 || end > int(m.Off) {
		return "", false
	}
	s := string(src[end:m.Off])
	if strings.ContainsAny(s, "\r\n") || strings.Count(s, ":") != 1 {
		return "", false
	}
	return s, true
}

// stringEnd returns the offset just past the JSON string starting at off.
func stringEnd(src []byte, off int) int {
	if off < 0 || off >= len(src) || src[off] != '"' {
		return -1
	}
	for i := off + 1; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// DetectLayout reads a JSON document's layout: its indent unit (from the
// first container whose members start on their own lines: "  ", "    ",
// "\t", ...; "" for a document written on one line), its line ending, its
// key separator and, for one-line documents, its item separator. A
// document with no member at all gets the canonical 4 spaces.
func DetectLayout(doc *connector.Document) Layout {
	src := doc.Src
	l := Layout{Unit: "", EOL: LineEnding(src), Colon: ": ", Comma: ","}
	if doc.Root == nil {
		return l
	}
	foundUnit, foundColon, foundComma, anyChild := false, false, false, false
	queue := []*connector.Node{doc.Root}
	for len(queue) > 0 && !(foundUnit && foundColon && foundComma) {
		c := queue[0]
		queue = queue[1:]
		if len(c.Children) == 0 {
			continue
		}
		anyChild = true
		first := c.Children[0]
		if !foundUnit && bytes.IndexByte(src[c.Off:start(first)], '\n') >= 0 {
			child, parent := lineIndent(src, start(first)), lineIndent(src, start(c))
			if len(child) > len(parent) && strings.HasPrefix(child, parent) {
				l.Unit, foundUnit = child[len(parent):], true
			}
		}
		if !foundColon && c.Kind == connector.Object {
			if s, ok := memberColon(src, first); ok {
				l.Colon, foundColon = s, true
			}
		}
		if !foundComma && len(c.Children) > 1 {
			s := string(src[first.End:start(c.Children[1])])
			if !strings.ContainsAny(s, "\r\n") && strings.Count(s, ",") == 1 {
				l.Comma, foundComma = ","+s[strings.IndexByte(s, ',')+1:], true
			}
		}
		for _, ch := range c.Children {
			if ch.Kind == connector.Object || ch.Kind == connector.Array {
				queue = append(queue, ch)
			}
		}
	}
	if !foundUnit && (!anyChild || bytes.ContainsRune(src[doc.Root.Off:doc.Root.End], '\n')) {
		l.Unit = DefaultLayout.Unit
	}
	return l
}

// splitPointer checks the pointer p and returns its unescaped tokens.
func splitPointer(p string) ([]string, error) {
	ptr, err := connector.ParsePointer(p)
	return ptr.Tokens(), err
}

func joinPointer(toks []string) string { return string(connector.PointerTo(toks...)) }

func arrayIndex(tok string, arr *connector.Node) (int, error) {
	i, err := strconv.Atoi(tok)
	if err != nil || i < 0 || strconv.Itoa(i) != tok {
		return 0, fmt.Errorf("%q is not an array index", tok)
	}
	if i >= len(arr.Children) {
		return 0, fmt.Errorf("index %d is past the end of the array (%d items)", i, len(arr.Children))
	}
	return i, nil
}

// JSONEditor applies a sequence of edits to a JSON document, re-parsing
// after each so that later edits see the earlier ones.
type JSONEditor struct {
	doc *connector.Document
}

// NewJSONEditor starts editing doc; doc itself is not modified.
func NewJSONEditor(doc *connector.Document) (*JSONEditor, error) {
	if err := editable(doc); err != nil {
		return nil, err
	}
	return &JSONEditor{doc: doc}, nil
}

// Set sets the value at pointer; see SetEdit.
func (e *JSONEditor) Set(pointer string, value any) error {
	edit, err := SetEdit(e.doc, pointer, value)
	if err != nil {
		return err
	}
	return e.apply(edit)
}

// Delete removes the member or item at pointer; see DeleteEdit.
func (e *JSONEditor) Delete(pointer string) error {
	edit, err := DeleteEdit(e.doc, pointer)
	if err != nil {
		return err
	}
	return e.apply(edit)
}

func (e *JSONEditor) apply(edit JSONEdit) error {
	src, err := ApplyEdits(e.doc.Src, edit)
	if err != nil {
		return err
	}
	next := &connector.Document{Path: e.doc.Path, Role: e.doc.Role, Format: connector.JSON}
	connector.Parse(next, src, connector.Limits{MaxBytes: 1 << 62, MaxDepth: connector.DefaultLimits.MaxDepth, MaxAliasNodes: 0})
	if p := FirstProblem(next); p != nil && p.Kind != connector.ProblemDuplicateKey {
		return fmt.Errorf("internal error: the edit broke the JSON at %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	next.BOM = next.BOM || e.doc.BOM
	next.Encoding = e.doc.Encoding
	e.doc = next
	return nil
}

// Document is the edited document, parsed.
func (e *JSONEditor) Document() *connector.Document { return e.doc }

// Bytes is the edited file: the source with its byte-order mark, if it had
// one, put back.
func (e *JSONEditor) Bytes() ([]byte, error) {
	if e.doc.BOM {
		return append([]byte{0xEF, 0xBB, 0xBF}, e.doc.Src...), nil
	}
	return append([]byte(nil), e.doc.Src...), nil
}
