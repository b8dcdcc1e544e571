package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// YAML edits as line splices. The YAML editor re-emits the whole file
// through yaml.v3, which re-indents sequences written flush with their key
// and re-lays flow collections (docs/rewrite.md); most edits are small
// (a scalar replaced, a member added to or removed from a block mapping,
// an item removed from a block sequence) and can be made on the lines
// themselves instead, so that only the edited lines change.
// EditDocument makes them that way when every edit allows it; the result
// is verified like any other (Replay), and the YAML editor is the
// fallback.

var errNoLines = errors.New("not an edit the text of this YAML file allows")

// yamlLines is the source of a YAML document as lines, on the document's
// own line index (connector.Document.LineOffset, Offset).
type yamlLines struct {
	doc *connector.Document
	src []byte
	eol string
}

func newYAMLLines(doc *connector.Document) *yamlLines {
	return &yamlLines{doc: doc, src: doc.Src, eol: LineEnding(doc.Src)}
}

// line returns the text of line i (0-based) without its line ending.
func (t *yamlLines) line(i int) string {
	return strings.TrimRight(string(t.src[t.lineStart(i):t.lineStart(i+1)]), "\r\n")
}

func (t *yamlLines) lines() int { return t.doc.LineCount() }

// offset returns the byte offset of a 1-based line and character column.
func (t *yamlLines) offset(line, col int) (int, bool) {
	return t.doc.Offset(connector.Pos{Line: line, Col: col})
}

// lineIndentWidth is the number of leading spaces of a line; -1 for a blank line.
func lineIndentWidth(s string) int {
	n := len(s) - len(strings.TrimLeft(s, " "))
	if strings.TrimSpace(s) == "" {
		return -1
	}
	return n
}

// blockEnd returns the 0-based index of the line after the block that
// starts on line first (0-based) at column col (0-based): the following
// lines indented deeper, blank lines inside the block included, trailing
// blank lines excluded. For a member (member true), "- " items at col
// belong to it too: a sequence written flush with its key.
func (t *yamlLines) blockEnd(first, col int, member bool) int {
	end := first + 1
	for i := first + 1; i < t.lines(); i++ {
		l := t.line(i)
		ind := lineIndentWidth(l)
		if ind < 0 {
			continue
		}
		if ind < col || ind == col && (!member || !strings.HasPrefix(l[ind:], "- ")) {
			break
		}
		end = i + 1
	}
	return end
}

// lineStart returns the offset of line i (0-based), or the end of the
// text past the last line.
func (t *yamlLines) lineStart(i int) int { return t.doc.LineOffset(i + 1) }

// memberLine checks that the member n starts its line in a block mapping
// (only spaces before its key) and returns the 0-based line and column.
func (t *yamlLines) memberLine(n *connector.Node) (line, col int, err error) {
	line, col = int(n.KeyLine)-1, int(n.KeyCol)-1
	if line < 0 || line >= t.lines() || col < 0 {
		return 0, 0, errNoLines
	}
	s := t.line(line)
	if col > len(s) || strings.Trim(s[:col], " ") != "" {
		return 0, 0, errNoLines
	}
	return line, col, nil
}

// itemLine checks that the item n is a "- " entry of a block sequence, on
// its own line, and returns the 0-based line and the column of its dash.
func (t *yamlLines) itemLine(n *connector.Node) (line, col int, err error) {
	line = int(n.Line) - 1
	if line < 0 || line >= t.lines() {
		return 0, 0, errNoLines
	}
	s := t.line(line)
	ind := lineIndentWidth(s)
	if ind < 0 || !strings.HasPrefix(s[ind:], "- ") {
		return 0, 0, errNoLines
	}
	if off, ok := t.offset(int(n.Line), int(n.Col)); !ok || off-t.lineStart(line) != ind+2+len(s[ind+2:])-len(strings.TrimLeft(s[ind+2:], " ")) {
		return 0, 0, errNoLines
	}
	return line, ind, nil
}

// editYAMLLines makes the edits as splices on the lines of doc; errNoLines
// (or another error) when one of them cannot be made that way.
func editYAMLLines(doc *connector.Document, edits []Change, prior []Change) (*connector.Document, []Change, error) {
	t := newYAMLLines(doc)
	all, made := NewPointerMap(prior), NewPointerMap(nil)
	var splices []JSONEdit
	var changes []Change
	removed := map[*connector.Node]int{} // containers: items or members removed
	added := map[*connector.Node]bool{}
	for _, e := range edits {
		p, ok := all.Follow(e.Pointer)
		if !ok {
			return nil, nil, errNoLines
		}
		// The splice is made on the text as it is (p), the change where
		// the edits before it have moved its place.
		c := e
		if c.Pointer, ok = made.Follow(p); !ok {
			return nil, nil, errNoLines
		}
		var s JSONEdit
		var err error
		switch n := doc.Root.Resolve(p); {
		case e.Delete && n != nil && n.Parent != nil:
			s, err = t.deleteSplice(n)
			removed[n.Parent]++
			c.InArray = n.Parent.Kind == connector.Array
		case e.Delete:
			err = errNoLines
		case n != nil:
			s, err = t.replaceSplice(n, e.Value)
		default:
			parentPtr, key := string(connector.Pointer(p).Parent()), connector.Pointer(p).Last()
			parent := doc.Root.Resolve(parentPtr)
			if parent == nil || parent.Kind != connector.Object || parent.Len() == 0 {
				return nil, nil, errNoLines
			}
			s, err = t.addSplice(parent, key, e.Value)
			added[parent] = true
		}
		if err != nil {
			return nil, nil, err
		}
		splices = append(splices, s)
		changes = append(changes, c)
		made.Add(c)
	}
	for container, n := range removed {
		if n >= container.Len() && !added[container] {
			return nil, nil, errNoLines // an emptied block would read as null
		}
	}
	src, err := ApplyEdits(doc.Src, splices...)
	if err != nil {
		return nil, nil, errNoLines
	}
	next, err := reparse(doc, src)
	if err != nil {
		return nil, nil, errNoLines
	}
	return next, changes, nil
}

// deleteSplice removes the lines of a block member or item.
func (t *yamlLines) deleteSplice(n *connector.Node) (JSONEdit, error) {
	var line, col int
	var err error
	if n.IsMember() {
		line, col, err = t.memberLine(n)
	} else {
		line, col, err = t.itemLine(n)
	}
	if err != nil {
		return JSONEdit{}, err
	}
	end := t.blockEnd(line, col, n.IsMember())
	return JSONEdit{Off: t.lineStart(line), End: t.lineStart(end)}, nil
}

// addSplice adds a member after the last member of a block mapping, at
// the same indentation.
func (t *yamlLines) addSplice(obj *connector.Node, key string, v any) (JSONEdit, error) {
	last := obj.Children[len(obj.Children)-1]
	lastLine := int(last.KeyLine) - 1
	col := int(last.KeyCol) - 1
	if lastLine < 0 || lastLine >= t.lines() || col < 0 {
		return JSONEdit{}, errNoLines
	}
	// The last member may be the first of a sequence item ("- name: x"):
	// its key then follows "- ", and the new member is indented like it.
	s := t.line(lastLine)
	if col > len(s) || strings.Trim(s[:col], " -") != "" {
		return JSONEdit{}, errNoLines
	}
	value, err := yamlFlow(v)
	if err != nil {
		return JSONEdit{}, err
	}
	end := t.blockEnd(lastLine, col, true)
	text := strings.Repeat(" ", col) + yamlKey(key) + ": " + value + t.eol
	off := t.lineStart(end)
	if end >= t.lines() && !bytes.HasSuffix(t.src, []byte("\n")) {
		text = t.eol + strings.TrimSuffix(text, t.eol)
	}
	return JSONEdit{Off: off, End: off, Text: []byte(text)}, nil
}

// replaceSplice replaces a scalar, or an empty flow collection, written on
// one line, by a scalar or a flow collection, keeping the quotes of a
// quoted string.
func (t *yamlLines) replaceSplice(n *connector.Node, v any) (JSONEdit, error) {
	off, ok := t.offset(int(n.Line), int(n.Col))
	if !ok {
		return JSONEdit{}, errNoLines
	}
	rest := t.src[off:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	rest = bytes.TrimRight(rest, "\r")
	var span int
	style := byte(0)
	switch {
	case n.Kind == connector.Object || n.Kind == connector.Array:
		empty := "[]"
		if n.Kind == connector.Object {
			empty = "{}"
		}
		if n.Len() != 0 || !bytes.HasPrefix(rest, []byte(empty)) {
			return JSONEdit{}, errNoLines
		}
		span = 2
	case len(rest) > 0 && (rest[0] == '"' || rest[0] == '\''):
		style = rest[0]
		end := quotedEnd(rest)
		if end < 0 {
			return JSONEdit{}, errNoLines
		}
		span = end
	default:
		span = plainEnd(rest, n)
		if span <= 0 {
			return JSONEdit{}, errNoLines
		}
	}
	var text string
	var err error
	switch s, isString := v.(string); {
	case isString && style == '\'':
		text = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	case isString && style == '"':
		var b []byte
		b, err = RenderJSON(s, "", 0)
		text = string(b)
	default:
		text, err = yamlFlow(v)
	}
	if err != nil {
		return JSONEdit{}, err
	}
	return JSONEdit{Off: off, End: off + span, Text: []byte(text)}, nil
}

// quotedEnd returns the length of the quoted scalar at the start of s
// (its quotes included), or -1 when it does not close on the line.
func quotedEnd(s []byte) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case q == '\'' && s[i] == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return -1
}

// plainEnd returns the length of the plain scalar of n at the start of s:
// up to a comment or the end of the line (or, in a flow collection, up to
// its next separator), when that text is n's value as written.
func plainEnd(s []byte, n *connector.Node) int {
	matches := func(text string) bool {
		switch n.Kind {
		case connector.String, connector.Number:
			return text == n.Value
		case connector.Bool:
			return strings.EqualFold(text, n.Value)
		}
		return false
	}
	cut := len(s)
	if i := bytes.Index(s, []byte(" #")); i >= 0 {
		cut = i
	}
	if text := strings.TrimRight(string(s[:cut]), " \t"); text != "" && matches(text) {
		return len(text)
	}
	if i := bytes.IndexAny(s, ",]}"); i >= 0 {
		if text := strings.TrimRight(string(s[:i]), " \t"); text != "" && matches(text) {
			return len(text)
		}
	}
	return -1
}

// plainScalar is a string that reads as itself, unquoted, in YAML 1.1 and
// 1.2, in block and flow context.
var plainScalar = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9 _./()+;-]*$`)

func yamlString(s string) string {
	if plainScalar.MatchString(s) && !yamlAmbiguous[strings.ToLower(s)] && !strings.HasSuffix(s, " ") &&
		!strings.Contains(s, " #") {
		return s
	}
	b, _ := RenderJSON(s, "", 0)
	return string(b)
}

func yamlKey(k string) string {
	if plainKey.MatchString(k) && !yamlAmbiguous[strings.ToLower(k)] {
		return k
	}
	return yamlString(k)
}

// yamlFlow renders a value in YAML flow style: scalars, and slices of
// them as [a, b].
func yamlFlow(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case bool:
		return strconv.FormatBool(x), nil
	case string:
		return yamlString(x), nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case []string:
		items := make([]string, len(x))
		for i, s := range x {
			items[i] = yamlString(s)
		}
		return "[" + strings.Join(items, ", ") + "]", nil
	}
	return "", fmt.Errorf("%w: a %T value", errNoLines, v)
}
