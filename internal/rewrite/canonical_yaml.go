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
		root = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{yamlFromTree(doc.Root)}}
		normalizeYAML(root, false)
		return encodeYAML(root, 2)
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
func encodeYAML(root *yaml.Node, indent int) (out []byte, err error) {
	defer func() {
		// yaml.v3 reports some emitter failures by panicking.
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("rendering YAML: %v", r)
		}
	}()
	untagMerges(root)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(indent)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("rendering YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("rendering YAML: %w", err)
	}
	b := buf.Bytes()
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b, nil
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
