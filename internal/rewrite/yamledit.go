package rewrite

import (
	"errors"
	"fmt"

	yaml "gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/connector"
)

// YAMLEditor edits a YAML document through yaml.v3's node tree, which
// keeps comments, key order, anchors and the style of every scalar it does
// not touch. Unlike JSON edits, the whole file is re-emitted: see
// docs/rewrite.md for what yaml.v3 changes on the way (blank lines,
// indentation of the first level, flow collections' spacing).
type YAMLEditor struct {
	doc    yaml.Node
	path   string
	src    []byte // the source, with LF line endings
	bom    bool
	eol    string // the source's line ending (LineEnding)
	indent int
}

// NewYAMLEditor parses doc's source with yaml.v3; doc is not modified.
func NewYAMLEditor(doc *connector.Document) (*YAMLEditor, error) {
	if doc == nil || doc.Root == nil {
		return nil, ErrNoValue
	}
	if doc.Format != connector.YAML {
		return nil, errors.New("not a YAML document: use a JSONEditor")
	}
	if p := FirstProblem(doc); p != nil && p.Kind != connector.ProblemDuplicateKey {
		return nil, fmt.Errorf("%d:%d: %s; fix it before editing the file", p.Pos.Line, p.Pos.Col, p.Message)
	}
	e := &YAMLEditor{path: doc.Path, src: lf(doc.Src), bom: doc.BOM, eol: LineEnding(doc.Src)}
	if err := yaml.Unmarshal(e.src, &e.doc); err != nil { // LF: see canonicalYAML
		return nil, fmt.Errorf("yaml.v3 cannot read the file: %w", err)
	}
	if e.doc.Kind != yaml.DocumentNode || len(e.doc.Content) != 1 {
		return nil, errors.New("the file holds no YAML document")
	}
	e.indent = yamlIndent(e.doc.Content[0])
	return e, nil
}

// yamlIndent finds the indentation step of a document: the column
// difference between the first key whose value is a block collection on
// the lines below and that value's first entry. Default 2.
func yamlIndent(n *yaml.Node) int {
	found := 0
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 {
			return false
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Content[0].Line > k.Line {
				if d := v.Content[0].Column - k.Column; d >= 2 && d <= 9 {
					found = d
					return true
				}
			}
			if walk(v) {
				return true
			}
		}
		return false
	}
	walk(n)
	if found == 0 {
		return 2
	}
	return found
}

// Set sets the value at pointer (RFC 6901). A missing member is appended
// to its mapping, missing mappings on the way are created, "-" appends to
// a sequence. A replaced value keeps the comments of the value it
// replaces. New values are laid out in the canonical style (see
// Canonical); value takes the types Layout.Render accepts.
func (e *YAMLEditor) Set(pointer string, value any) error {
	toks, err := splitPointer(pointer)
	if err != nil {
		return err
	}
	nv, err := yamlValue(value)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		keepComments(nv, e.doc.Content[0])
		e.doc.Content[0] = nv
		return nil
	}
	n, i, idx, err := e.walk(toks)
	if err != nil {
		return err
	}
	switch {
	case n.Kind == yaml.AliasNode:
		return &PointerError{Pointer: joinPointer(toks[:i]), Err: errors.New("is an alias; edit the anchored value instead")}
	case n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode:
		return &PointerError{Pointer: joinPointer(toks[:i]), Err: errors.New("is a scalar, not a mapping or a sequence")}
	case idx >= 0:
		keepComments(nv, n.Content[idx])
		n.Content[idx] = nv
	case n.Kind == yaml.SequenceNode: // "-": append
		n.Content = append(n.Content, nv)
	default: // a missing member: create it, and the mappings below it
		v := value
		for j := len(toks) - 1; j > i; j-- {
			v = Object{{Key: toks[j], Value: v}}
		}
		if nv, err = yamlValue(v); err != nil {
			return err
		}
		n.Content = append(n.Content, strNode(toks[i], true), nv)
	}
	return nil
}

// Delete removes the member or item at pointer. The comment lines above a
// deleted key move to the key after it, since such a comment is often the
// banner of a whole section rather than of one key.
func (e *YAMLEditor) Delete(pointer string) error {
	toks, err := splitPointer(pointer)
	if err != nil {
		return err
	}
	if len(toks) == 0 {
		return errors.New("cannot delete the root value")
	}
	n, i, idx, err := e.walk(toks)
	if err != nil {
		return err
	}
	switch n.Kind {
	case yaml.MappingNode:
		if idx < 0 {
			return &PointerError{Pointer: joinPointer(toks[:i+1]), Err: errors.New("no such member")}
		}
		head := n.Content[idx-1].HeadComment
		n.Content = append(n.Content[:idx-1], n.Content[idx+1:]...)
		if head != "" && idx-1 < len(n.Content) {
			next := n.Content[idx-1]
			next.HeadComment = joinComments(head, next.HeadComment)
		}
	case yaml.SequenceNode:
		if idx < 0 { // "-" names no item: seqIndex says so
			_, err := seqIndex(toks[i], n)
			return &PointerError{Pointer: joinPointer(toks[:i+1]), Err: err}
		}
		n.Content = append(n.Content[:idx], n.Content[idx+1:]...)
	default:
		return &PointerError{Pointer: joinPointer(toks[:i+1]), Err: errors.New("no such member or item")}
	}
	return nil
}

// walk descends from the root along toks (not empty) to the node n that
// toks[i] applies to: the container of the last token, or the first node
// on the way where the walk cannot go on (a mapping without the member
// toks[i], a node that is not a mapping or a sequence). idx is the index
// in n.Content of the value toks[i] names, -1 for none (also for "-", the
// end of a sequence, as the last token). Set and Delete differ only in
// what they do at n.
func (e *YAMLEditor) walk(toks []string) (n *yaml.Node, i, idx int, err error) {
	n = e.doc.Content[0]
	for i, tok := range toks {
		last := i == len(toks)-1
		idx = -1
		switch n.Kind {
		case yaml.MappingNode:
			idx = mappingIndex(n, tok)
		case yaml.SequenceNode:
			if tok == "-" && last {
				break
			}
			if idx, err = seqIndex(tok, n); err != nil {
				return nil, i, -1, &PointerError{Pointer: joinPointer(toks[:i+1]), Err: err}
			}
		}
		if idx < 0 || last {
			return n, i, idx, nil
		}
		n = n.Content[idx]
	}
	panic("walk: no tokens")
}

func joinComments(a, b string) string {
	if b == "" {
		return a
	}
	return a + "\n" + b
}

// Bytes renders the edited document with the source's indentation, line
// endings and byte-order mark, and checks that it parses.
func (e *YAMLEditor) Bytes() ([]byte, error) {
	out, err := encodeYAML(&e.doc, e.indent)
	if err != nil {
		return nil, err
	}
	check := &connector.Document{Path: e.path, Format: connector.YAML}
	connector.Parse(check, out, connector.DefaultLimits)
	if p := FirstProblem(check); p != nil && p.Kind != connector.ProblemDuplicateKey {
		return nil, fmt.Errorf("internal error: the edited YAML does not parse at %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	out = restoreBlankLines(e.src, out, false, check.Root.Interface())
	out = withLineEnding(out, e.eol)
	if e.bom {
		out = append([]byte{0xEF, 0xBB, 0xBF}, out...)
	}
	return out, nil
}

func mappingIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i].Kind == yaml.ScalarNode {
			return i + 1
		}
	}
	return -1
}

func seqIndex(tok string, s *yaml.Node) (int, error) {
	i := -1
	if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || fmt.Sprint(i) != tok {
		return 0, fmt.Errorf("%q is not a sequence index", tok)
	}
	if i >= len(s.Content) {
		return 0, fmt.Errorf("index %d is past the end of the sequence (%d items)", i, len(s.Content))
	}
	return i, nil
}

func keepComments(nv, old *yaml.Node) {
	nv.HeadComment, nv.LineComment, nv.FootComment = old.HeadComment, old.LineComment, old.FootComment
}

// yamlValue converts a value (the types Layout.Render accepts) into
// yaml.v3 nodes in the canonical style, keeping the member order of
// Objects and Nodes.
func yamlValue(v any) (*yaml.Node, error) {
	if n, ok := v.(*connector.Node); ok && n != nil {
		return yamlFromTree(n), nil
	}
	n, err := ValueNode(v)
	if err != nil {
		return nil, err
	}
	return yamlFromTree(n), nil
}
