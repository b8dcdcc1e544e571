package rewrite

import (
	"bytes"
	"fmt"
	"strings"

	yaml "gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/connector"
)

// canonicalYAML renders doc as YAML. A YAML source goes through yaml.v3's
// node tree so that its comments survive; a JSON source (or a YAML one
// that yaml.v3 cannot read) is converted from the parsed tree.
func canonicalYAML(doc *connector.Document) ([]byte, error) {
	var root *yaml.Node
	if doc.Format == connector.YAML {
		var d yaml.Node
		// yaml.v3 keeps the CR of a CRLF line in a comment's text, which
		// the encoder then writes as a line break of its own; LineEnding
		// restores CRLF after rendering.
		if err := yaml.Unmarshal(lf(doc.Src), &d); err == nil && d.Kind == yaml.DocumentNode && len(d.Content) == 1 {
			root = &d
		}
	}
	if root == nil {
		return encodeTreeYAML(doc.Root, 2)
	}
	normalizeYAML(root, false)
	out, err := encodeYAML(root, 2)
	if err != nil {
		return nil, err
	}
	// Blank lines of the source separate its sections; yaml.v3 drops them.
	return restoreBlankLines(lf(doc.Src), out, true, doc.Root.Interface()), nil
}

// lf turns CRLF line endings into LF.
func lf(src []byte) []byte {
	if !bytes.Contains(src, []byte("\r\n")) {
		return src
	}
	return bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
}

// encodeYAML writes a yaml.v3 tree with the given indent and no line
// wrapping (yaml.v3 never folds long lines: its width is unlimited).
func encodeYAML(root *yaml.Node, indent int) ([]byte, error) {
	untagMerges(root)
	var buf bytes.Buffer
	var err error
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 && !hasYAMLDecoration(root) && splittable(root.Content[0]) {
		err = encodeMembers(&buf, nodeMembers(root.Content[0]), indent, "")
	} else {
		err = encodeOnce(&buf, root, indent, "")
	}
	return endLine(buf.Bytes()), err
}

// encodeTreeYAML writes a parsed tree as canonical YAML, converting it to
// yaml.v3 nodes a piece at a time.
func encodeTreeYAML(root *connector.Node, indent int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if root.Kind == connector.Object && treeNodesOver(root, yamlChunkNodes) {
		err = encodeMembers(&buf, treeMembers(root), indent, "")
	} else {
		d := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{yamlFromTree(root)}}
		normalizeYAML(d, false)
		err = encodeOnce(&buf, d, indent, "")
	}
	return endLine(buf.Bytes()), err
}

func endLine(b []byte) []byte {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b
}

// yamlChunkNodes bounds the nodes of one yaml.v3 Encode. Its emitter
// keeps every event of a document until the document ends (about 300
// bytes each, never released), so an 18 MB definition took gigabytes to
// render. A bigger mapping is encoded a member at a time, each indented
// to its depth, which is the same text: block mappings are laid out the
// same at every depth and yaml.v3 never wraps lines.
var yamlChunkNodes = 20_000

// yamlMembers is a block mapping to encode member by member: member(i)
// builds its i-th key and value as yaml.v3 nodes, or, when the value is
// itself a mapping to split, the key and sub.
type yamlMembers struct {
	n      int
	member func(i int) (k, v *yaml.Node, sub *yamlMembers)
}

// nodeMembers are the members of a yaml.v3 block mapping.
func nodeMembers(m *yaml.Node) *yamlMembers {
	return &yamlMembers{n: len(m.Content) / 2, member: func(i int) (k, v *yaml.Node, sub *yamlMembers) {
		k, v = m.Content[2*i], m.Content[2*i+1]
		if splittable(v) && !hasYAMLDecoration(k) {
			sub = nodeMembers(v)
		}
		return k, v, sub
	}}
}

// treeMembers are the members of a parsed object, converted to yaml.v3
// nodes with canonical styles one member at a time.
func treeMembers(o *connector.Node) *yamlMembers {
	return &yamlMembers{n: len(o.Children), member: func(i int) (k, v *yaml.Node, sub *yamlMembers) {
		c := o.Children[i]
		k = strNode(c.Key, true)
		if c.Kind == connector.Object && len(c.Children) > 0 && treeNodesOver(c, yamlChunkNodes) {
			return k, nil, treeMembers(c)
		}
		pair := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, yamlFromTree(c)}}
		normalizeYAML(pair, false)
		return pair.Content[0], pair.Content[1], nil
	}}
}

// encodeMembers writes the members of m, each line after prefix; a member
// whose value is split is written as its key line, then its own members
// one level deeper.
func encodeMembers(w *bytes.Buffer, m *yamlMembers, indent int, prefix string) error {
	for i := range m.n {
		k, v, sub := m.member(i)
		if sub != nil {
			// the key line, as yaml.v3 writes it above a block mapping
			var head bytes.Buffer
			placeholder := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: "a"}, {Kind: yaml.ScalarNode, Tag: "!!str", Value: "b"}}}
			if err := encodeOnce(&head, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, placeholder}}, indent, ""); err != nil {
				return err
			}
			if line, rest, _ := strings.Cut(head.String(), "\n"); strings.HasSuffix(line, ":") && rest == strings.Repeat(" ", indent)+"a: b\n" {
				w.WriteString(prefix + line + "\n")
				if err := encodeMembers(w, sub, indent, prefix+strings.Repeat(" ", indent)); err != nil {
					return err
				}
				continue
			}
			// a key yaml.v3 writes otherwise (a complex key): in one piece
			if v == nil {
				v = yamlFromTreeMembers(sub)
			}
		}
		if err := encodeOnce(w, &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}, indent, prefix); err != nil {
			return err
		}
	}
	return nil
}

// yamlFromTreeMembers builds the whole mapping of m.
func yamlFromTreeMembers(m *yamlMembers) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for i := range m.n {
		k, v, sub := m.member(i)
		if v == nil {
			v = yamlFromTreeMembers(sub)
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}

// splittable reports whether n is a block mapping big enough to split
// and written without decoration of its own.
func splittable(n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode && n.Style == 0 && (n.Tag == "" || n.Tag == "!!map") && !hasYAMLDecoration(n) &&
		len(n.Content) > 0 && yamlNodesOver(n, yamlChunkNodes)
}

// hasYAMLDecoration reports whether n carries a comment or an anchor,
// which yaml.v3 writes around the node.
func hasYAMLDecoration(n *yaml.Node) bool {
	return n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" || n.Anchor != ""
}

// yamlNodesOver reports whether the tree of n has more than limit nodes,
// counting no further than that.
func yamlNodesOver(n *yaml.Node, limit int) bool {
	return nodesOver(n, limit, func(n *yaml.Node) []*yaml.Node { return n.Content })
}

// treeNodesOver is yamlNodesOver for a parsed tree.
func treeNodesOver(n *connector.Node, limit int) bool {
	return nodesOver(n, limit, func(n *connector.Node) []*connector.Node { return n.Children })
}

func nodesOver[N any](n N, limit int, children func(N) []N) bool {
	count := 0
	var walk func(N) bool
	walk = func(n N) bool {
		if count++; count > limit {
			return true
		}
		for _, c := range children(n) {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

// encodeOnce writes n with one yaml.v3 encoder, each line after prefix.
func encodeOnce(w *bytes.Buffer, n *yaml.Node, indent int, prefix string) (err error) {
	defer func() {
		// yaml.v3 reports some emitter failures by panicking.
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering YAML: %v", r)
		}
	}()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(indent)
	if err := enc.Encode(n); err != nil {
		return fmt.Errorf("rendering YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("rendering YAML: %w", err)
	}
	if prefix == "" {
		w.Write(buf.Bytes())
		return nil
	}
	for _, l := range splitLines(buf.String()) {
		if l != "\n" {
			w.WriteString(prefix)
		}
		w.WriteString(l)
	}
	return nil
}

// untagMerges clears the tag of merge keys, which yaml.v3 v3.0.1 would
// otherwise print (`!!merge <<: *a`); an untagged `<<` resolves to a
// merge again.
func untagMerges(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Style == 0 && (k.Tag == "!!merge" || k.Tag == "tag:yaml.org,2002:merge") {
				k.Tag = ""
			}
		}
	}
	for _, c := range n.Content {
		untagMerges(c)
	}
}

// yamlFromTree converts a parsed node tree into yaml.v3 nodes, with the
// canonical styles already chosen.
func yamlFromTree(n *connector.Node) *yaml.Node {
	switch n.Kind {
	case connector.Object:
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: make([]*yaml.Node, 0, 2*len(n.Children))}
		for _, c := range n.Children {
			m.Content = append(m.Content, strNode(c.Key, true), yamlFromTree(c))
		}
		return m
	case connector.Array:
		s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: make([]*yaml.Node, 0, len(n.Children))}
		for _, c := range n.Children {
			s.Content = append(s.Content, yamlFromTree(c))
		}
		return s
	case connector.String:
		return strNode(n.Value, false)
	case connector.Number:
		// No tag: a JSON spelling is a YAML 1.2 number, and a tag would be
		// printed for integers too big for int64 (yaml.v3 resolves them as
		// floats).
		return &yaml.Node{Kind: yaml.ScalarNode, Value: n.Value}
	case connector.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: n.Value}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

func strNode(s string, key bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: stringStyle(s, key)}
}

// normalizeYAML sets the canonical styles on a parsed yaml.v3 tree: block
// collections, and for scalars the style stringStyle chooses; booleans and
// nulls get their canonical spelling. Comments, anchors, aliases, custom
// tags and number spellings are left alone.
func normalizeYAML(n *yaml.Node, key bool) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		n.Style = 0
		for _, c := range n.Content {
			normalizeYAML(c, false)
		}
	case yaml.MappingNode:
		n.Style = 0
		for i, c := range n.Content {
			if i%2 == 1 && c.Style&yaml.FlowStyle != 0 && c.LineComment != "" && n.Content[i-1].LineComment == "" {
				// `key: {a: 1} # note` becomes a block: the note stays on
				// the key's line rather than wandering to the next key.
				n.Content[i-1].LineComment, c.LineComment = c.LineComment, ""
			}
			normalizeYAML(c, i%2 == 0)
		}
	case yaml.ScalarNode:
		if key && n.ShortTag() == "!!merge" {
			return // `<<: *anchor` stays a merge
		}
		if key {
			// Keys are strings whatever they look like (`200:` is the
			// response "200"), as the loader reads them; quoting keeps
			// them strings for every reader.
			if n.Style&yaml.TaggedStyle == 0 || n.ShortTag() == "!!str" {
				n.Tag, n.Style = "!!str", stringStyle(n.Value, true)
			}
			return
		}
		switch n.ShortTag() {
		case "!!str":
			if n.Tag == "" || n.Tag == "!" || n.Tag == "!!str" || n.Tag == "tag:yaml.org,2002:str" {
				n.Tag = "!!str"
			}
			n.Style = stringStyle(n.Value, key)
		case "!!bool":
			n.Style = 0
			n.Value = strings.ToLower(n.Value)
		case "!!null":
			n.Style = 0
			n.Value = "null"
		case "!!int", "!!float":
			if n.Style&yaml.TaggedStyle == 0 {
				n.Style = 0
			}
		}
	}
}
