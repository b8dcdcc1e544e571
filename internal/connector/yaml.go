package connector

import (
	"fmt"
	"regexp"
	"strconv"

	yaml "github.com/pb33f/go-yaml"
)

// YAML goes through libopenapi's own YAML library so that ppconn reads a
// YAML twin exactly as libopenapi (and the diff built on it) does; the
// library's nodes are converted here and go no further.

type yamlConverter struct {
	doc      *Document
	budget   int // nodes that aliases may still produce
	maxDepth int
	failed   bool
}

var yamlLineRE = regexp.MustCompile(`(?:line |L)(\d+)(?:, column |\.C)?(\d+)?`)

func parseYAML(doc *Document, maxDepth, maxAliasNodes int) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc.Src, &root); err != nil {
		pos := Pos{Line: 1, Col: 1}
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			if m[2] != "" {
				pos.Col, _ = strconv.Atoi(m[2])
			}
		}
		doc.addProblem(ProblemSyntax, pos, "YAML syntax error: "+trimYAMLError(err.Error()))
		return
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		doc.addProblem(ProblemSyntax, Pos{Line: 1, Col: 1}, "the file is empty; a connector definition is a mapping starting with 'swagger: \"2.0\"'")
		return
	}
	c := &yamlConverter{doc: doc, budget: maxAliasNodes, maxDepth: maxDepth}
	n := c.convert(root.Content[0], nil, 0)
	if !c.failed {
		doc.Root = n
	}
}

var (
	yamlErrPrefix  = regexp.MustCompile(`^yaml: (line \d+: )?`)
	yamlErrContext = regexp.MustCompile(`^go-yaml load error in \w+ (?:\((while [^)]*)\) )?at L\d+\.C\d+(?:-L\d+\.C\d+)?: (.*)$`)
)

// trimYAMLError turns the library's message into a sentence: the problem,
// then what the parser was doing.
func trimYAMLError(s string) string {
	s = yamlErrPrefix.ReplaceAllString(s, "")
	if m := yamlErrContext.FindStringSubmatch(s); m != nil {
		if m[1] == "" {
			return m[2]
		}
		return m[2] + " (" + m[1] + ")"
	}
	return s
}

func (c *yamlConverter) fail(y *yaml.Node, msg string) *Node {
	if !c.failed {
		c.failed = true
		c.doc.addProblem(ProblemLimit, Pos{Line: y.Line, Col: y.Column}, msg)
	}
	return &Node{Kind: Null, Off: -1, End: -1, KeyOff: -1}
}

func (c *yamlConverter) convert(y *yaml.Node, parent *Node, depth int) *Node {
	if c.failed {
		return &Node{Kind: Null, Off: -1, End: -1, KeyOff: -1}
	}
	if depth > c.maxDepth {
		return c.fail(y, fmt.Sprintf("nesting is deeper than %d levels; ppconn stops here (raise --max-depth if a connector really needs it)", c.maxDepth))
	}
	n := &Node{Parent: parent, Off: -1, End: -1, KeyOff: -1, Line: int32(y.Line), Col: int32(y.Column)}
	switch y.Kind {
	case yaml.AliasNode:
		return c.alias(y, parent, depth)
	case yaml.MappingNode:
		n.Kind = Object
		c.mapping(y, n, depth)
	case yaml.SequenceNode:
		n.Kind = Array
		n.Children = make([]*Node, 0, len(y.Content))
		for i, item := range y.Content {
			child := c.convert(item, n, depth+1)
			child.Index = int32(i)
			n.Children = append(n.Children, child)
		}
	default:
		c.scalar(y, n)
	}
	return n
}

// alias copies the anchored subtree, charging every copied node to the
// alias budget so that a "billion laughs" document is refused quickly.
func (c *yamlConverter) alias(y *yaml.Node, parent *Node, depth int) *Node {
	size := 0
	countNodes(y.Alias, &size, c.budget+1)
	c.budget -= size
	if c.budget < 0 {
		return c.fail(y, "YAML aliases expand to too many nodes (an alias bomb?); ppconn refuses the file (raise --max-alias-nodes if it is genuine)")
	}
	n := c.convert(y.Alias, parent, depth)
	n.Line, n.Col = int32(y.Line), int32(y.Column)
	return n
}

func countNodes(y *yaml.Node, n *int, limit int) {
	if y == nil || *n > limit {
		return
	}
	*n++
	if y.Kind == yaml.AliasNode {
		countNodes(y.Alias, n, limit)
		return
	}
	for _, c := range y.Content {
		countNodes(c, n, limit)
	}
}

func (c *yamlConverter) mapping(y *yaml.Node, n *Node, depth int) {
	n.Children = make([]*Node, 0, len(y.Content)/2)
	seen := make(map[string]int, len(y.Content)/2)
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		child := c.convert(v, n, depth+1)
		// Keys stay strings whatever they look like: `200:` is the
		// response code "200", not the number 200.
		child.Key = k.Value
		child.KeyLine, child.KeyCol = int32(k.Line), int32(k.Column)
		if slot, dup := seen[k.Value]; dup {
			first := n.Children[slot]
			c.doc.addProblemAt(ProblemDuplicateKey, Pos{Line: k.Line, Col: k.Column}, child,
				fmt.Sprintf("duplicate key %q in this mapping (first at %d:%d); parsers keep only the last one, so the first is silently lost: remove or rename one",
					k.Value, first.KeyLine, first.KeyCol))
			n.Children[slot] = child
			continue
		}
		seen[k.Value] = len(n.Children)
		n.Children = append(n.Children, child)
	}
	n.indexMembers()
}

func (c *yamlConverter) scalar(y *yaml.Node, n *Node) {
	n.Value = y.Value
	switch y.ShortTag() {
	case "!!null":
		n.Kind, n.Value = Null, ""
	case "!!bool":
		n.Kind = Bool
		if b, err := strconv.ParseBool(y.Value); err == nil {
			n.Value = strconv.FormatBool(b)
		}
	case "!!int", "!!float":
		n.Kind = Number
	default:
		n.Kind = String
	}
}
