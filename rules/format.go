package rules

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Format rules (catalog §1.1): Microsoft's coding standard for the text of
// the definition, and the uniqueness the schema asks of arrays.

var formatRules = []*lint.Rule{formatIndent, formatSectionOrder, arrayUniqueValues}

var formatIndent = &lint.Rule{
	ID:         "format-indent-4-spaces",
	Level:      lint.Guidance,
	Title:      "Indent with 4 spaces, no tabs, no trailing white space",
	Source:     "catalog §1.1 format-indent-4-spaces; L-CODE",
	Since:      since,
	Unparsed:   true,
	DefaultOff: true,
	Doc: `Microsoft's coding standard for connector files: indent with four spaces, never
with tabs, and leave no white space at the end of lines. Reported once per file, at
the first offending line; ` + "`ppconn fmt -w`" + ` rewrites the file.

Off by default. It fired on 94.9% (371 of 391) of the certified connectors that
Microsoft accepted (../shared/corpus, docs/precision.md): no validator or reviewer
enforces it, and formatting is the job of ` + "`ppconn fmt --check`" + `, which a CI
gate or pre-commit hook runs beside ` + "`ppconn lint`" + `. Turn it on with
` + "`rules: {format-indent-4-spaces: warning}`" + ` in .ppconn.yaml.`,
	Check: func(p *lint.Pass) {
		if p.Doc.Format != connector.JSON || isMinified(p.Doc.Src) {
			return
		}
		if line, msg := firstIndentProblem(p.Doc.Src); line > 0 {
			p.Report(lint.Diagnostic{Pos: connector.Pos{Line: line, Col: 1}, Message: msg})
		}
		if line, n := trailingSpace(p.Doc.Src); n > 0 {
			text := strings.TrimRight(p.Doc.Line(line), " \t")
			p.Report(lint.Diagnostic{Pos: connector.Pos{Line: line, Col: len([]rune(text)) + 1}, Message: fmt.Sprintf("%d line(s) end in white space, the first here; remove it", n)})
		}
	},
}

func isMinified(src []byte) bool { return bytes.Count(src, []byte{'\n'}) < 3 }

// firstIndentProblem finds the first line indented with a tab or with a
// width that is not a multiple of four.
func firstIndentProblem(src []byte) (int, string) {
	for i, line := range bytes.Split(src, []byte{'\n'}) {
		indent := len(line) - len(bytes.TrimLeft(line, " \t"))
		switch {
		case bytes.IndexByte(line[:indent], '\t') >= 0:
			return i + 1, "this line is indented with a tab; indent with 4 spaces (ppconn fmt -w does it)"
		case indent%4 != 0:
			return i + 1, fmt.Sprintf("this line is indented by %d spaces; indent by multiples of 4 (ppconn fmt -w does it)", indent)
		}
	}
	return 0, ""
}

func trailingSpace(src []byte) (first, count int) {
	for i, line := range bytes.Split(src, []byte{'\n'}) {
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
			if count == 0 {
				first = i + 1
			}
			count++
		}
	}
	return first, count
}

// sectionOrder is the top-level order of Microsoft's coding standard, as
// groups: the members of one group may come in any order among themselves
// (the standard names "host and supported schemes" and "consumes/produces"
// as single steps).
var sectionOrder = [][]string{{"swagger"}, {"info"}, {"host", "basePath", "schemes"}, {"consumes", "produces"}, {"paths"}, {"definitions"}, {"parameters"}}

// sectionOrderText is sectionOrder for messages and docs.
func sectionOrderText() string {
	groups := make([]string, len(sectionOrder))
	for i, g := range sectionOrder {
		groups[i] = strings.Join(g, "/")
	}
	return strings.Join(groups, ", ")
}

// sectionRank is the index of the group holding key, or -1.
func sectionRank(key string) int {
	for i, g := range sectionOrder {
		if indexOf(g, key) >= 0 {
			return i
		}
	}
	return -1
}

var formatSectionOrder = &lint.Rule{
	ID:     "format-section-order",
	Level:  lint.Guidance,
	Title:  "Keep the top-level sections in the standard order",
	Source: "catalog §1.1 format-section-order; L-CODE",
	Since:  since,
	Doc: "Microsoft's coding standard orders the root as: " + sectionOrderText() + `
(members joined by "/" may come in any order among themselves). Other root members
(responses, securityDefinitions, security, tags, extensions) may come anywhere. A
reader then finds every definition in the same place. Reported once, at the first
member out of order.

Bad:

    {"swagger": "2.0", "paths": {...}, "info": {...}}

Good:

    {"swagger": "2.0", "info": {...}, "paths": {...}}`,
	Check: func(p *lint.Pass) {
		last, lastKey := -1, ""
		for _, c := range p.Root.Children {
			i := sectionRank(c.Key)
			if i < 0 {
				continue
			}
			if i < last {
				p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' comes after '%s'; the standard order is %s", c.Key, lastKey, sectionOrderText())})
				return
			}
			last, lastKey = i, c.Key
		}
	},
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// uniqueArrays are the arrays whose items Microsoft's schema declares
// unique, by the object they are in.
var uniqueArrays = map[objType][]string{
	tRoot:      {"schemes", "consumes", "produces"},
	tOperation: {"schemes", "consumes", "produces", "tags"},
	tSchema:    {"enum", "required"},
	tParameter: {"enum"},
	tItems:     {"enum"},
	tHeader:    {"enum"},
}

var uniqueArrayTypes = typesOf(uniqueArrays)

var arrayUniqueValues = &lint.Rule{
	ID:             "array-unique-values",
	Level:          lint.Certification,
	Title:          "schemes, consumes, produces, tags, enum and required hold no duplicates",
	Source:         "catalog §1.1 array-unique-values; L-SVR; R-SCHEMA-SW (uniqueItems)",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"ArrayDuplicateValue"},
	Doc: `The validator refuses duplicate values in arrays that the schema declares unique:
"The array contains duplicate values, values must be unique."

Bad:

    "enum": ["open", "closed", "open"]

Good:

    "enum": ["open", "closed"]

Values are compared as JSON Schema compares them (connector.Equal): 1.0 and 1 are
the same number, and two objects with the same members in another order are the
same object.

Fix: each repeated item is removed; the first occurrence stays where it is.`,
	Check: func(p *lint.Pass) {
		preorder(p, p.Root, uniqueArrayTypes, func(n *Node, t objType) {
			for _, key := range uniqueArrays[t] {
				list := n.Get(key).List()
				if len(list) < 2 {
					continue // nothing to repeat: no map to make
				}
				seen := make(map[string]*Node, len(list))
				for _, item := range list {
					k := connector.ValueKey(item)
					if first := seen[k]; first != nil {
						also := ""
						if canonical(first) != canonical(item) {
							also = fmt.Sprintf(" (item %d, %s, is the same value)", first.Index, canonical(first))
						}
						p.Report(lint.Diagnostic{Node: item, Fix: lint.Remove(item), Message: fmt.Sprintf("The array '%s' contains the value %s twice%s; values must be unique: remove the duplicate", key, canonical(item), also)})
						continue
					}
					seen[k] = item
				}
			}
		})
	},
}

// canonical is a compact text of a value, for messages. Compare values
// with connector.Equal or connector.ValueKey, which know that 1.0 is 1.
func canonical(n *Node) string {
	switch n.Kind {
	case connector.String:
		return fmt.Sprintf("%q", n.Value)
	case connector.Null:
		return "null"
	case connector.Object, connector.Array:
		var b strings.Builder
		b.WriteString(n.Kind.String())
		for _, c := range n.Children {
			fmt.Fprintf(&b, "|%q:%s", c.Key, canonical(c))
		}
		return b.String()
	}
	return n.Value
}
