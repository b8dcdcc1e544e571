package rules

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// twinRules is the family of a folder's JSON and YAML twins
// (connector.Package.Twins): two files that must hold one definition.
var twinRules = []*lint.Rule{twinsInSync}

var twinsInSync = &lint.Rule{
	ID:     "twins-in-sync",
	Level:  lint.Certification,
	Title:  "A folder's JSON and YAML definitions (twins) hold the same definition",
	Source: "issue #12 item 2 (nBold authors apiDefinition.swagger.yaml and publishes the JSON generated from it)",
	Since:  since,
	Target: lint.Package,
	Twins:  true,
	Options: []lint.Option{{Name: "max-places", Default: 10,
		Doc: "how many differing places are reported one by one; the rest are counted in one more finding"}},
	Doc: `Some authors keep the definition twice in the connector's folder:
apiDefinition.swagger.yaml, which they edit (YAML holds comments), and
apiDefinition.swagger.json, generated from it, which paconn and the portal's import read.
When one is edited and the other is not regenerated, what is published is not what the
author reads, and nothing else says so.

The rule compares the two values: the key order, the YAML comments, the layout and the
spelling of a number (1, 1.0, 1e0) do not count; a string and a number never agree
("2.0" and 2.0 differ). Each place where they differ is reported once, in the YAML twin
(the authored one), with the place in the JSON twin as a related location and both values
shown briefly (secrets masked): a member or item only one twin has, two values of
different kinds, two different scalars. Past max-places places (10), one more finding
counts the rest; ppconn sync -d shows them all.

Fix: regenerate the JSON twin from the YAML with ppconn sync (ppconn sync --from json
for the reverse); ppconn sync --check in a pre-commit hook or CI keeps them together.

Bad:

    # apiDefinition.swagger.yaml
    info:
      title: Contoso Tasks
    // apiDefinition.swagger.json
    {"info": {"title": "Contoso"}}

Good:

    # apiDefinition.swagger.yaml
    info:
      title: Contoso Tasks  # shown in the portal
    // apiDefinition.swagger.json
    {"info": {"title": "Contoso Tasks"}}`,
	Check: checkTwins,
}

func checkTwins(p *lint.Pass) {
	jsonDoc, yamlDoc, ok := p.Package.Twins()
	if !ok || jsonDoc.Root == nil || yamlDoc.Root == nil {
		return
	}
	// Reported in the authored twin, the other as the related place.
	src, other := yamlDoc, jsonDoc
	if connector.TwinSource == connector.JSON {
		src, other = jsonDoc, yamlDoc
	}
	limit := max(p.IntOption("max-places"), 0)
	places, total := connector.Differences(src.Root, other.Root, limit)
	otherName := filepath.Base(other.Path)
	for _, d := range places {
		at, atKey := twinPlace(src.Root, d.Pointer, d.A)
		rel, relKey := twinPlace(other.Root, d.Pointer, d.B)
		masked := secret.IsSecretNode(d.A) || secret.IsSecretNode(d.B)
		from := twinPartAt(d.A, d.B)
		msg := fmt.Sprintf("The twins differ at %s: here %s, in %s %s; run 'ppconn sync' to regenerate %s from this file",
			twinPointer(d.Pointer), twinShow(d.A, from, masked), otherName, twinShow(d.B, from, masked), otherName)
		p.Report(lint.Diagnostic{File: src.Path, Pos: twinPos(src, at, atKey), Pointer: d.Pointer, Message: msg, Related: []lint.RelatedInfo{{File: other.Path, Pos: twinPos(other, rel, relKey), Pointer: d.Pointer, Message: "the place in the twin " + otherName}}})
	}
	if more := total - len(places); more > 0 {
		p.Report(lint.Diagnostic{File: src.Path, Pos: src.Position(src.Root), Message: fmt.Sprintf(
			"The twins differ at %d places: %d are reported one by one (the option max-places), %d more are not; 'ppconn sync -d' shows every change, 'ppconn sync' makes %s follow this file",
			total, len(places), more, otherName), Related: []lint.RelatedInfo{{File: other.Path, Message: "the twin " + otherName}}})
	}
}

// twinPlace is the node a place is reported at in one twin: its value,
// or, when the twin has no member or item there, the nearest value that
// holds the place (at its member name, where the member would go).
func twinPlace(root *connector.Node, pointer string, n *connector.Node) (*connector.Node, bool) {
	if n != nil {
		return n, false
	}
	for p := connector.Pointer(pointer).Parent(); ; p = p.Parent() {
		if c := root.Resolve(string(p)); c != nil {
			return c, c.IsMember()
		}
		if p == "" {
			return root, false
		}
	}
}

func twinPos(doc *connector.Document, n *connector.Node, atKey bool) connector.Pos {
	if atKey {
		return doc.KeyPosition(n)
	}
	return doc.Position(n)
}

// twinPointer is a place as a message shows it.
func twinPointer(p string) string {
	if p == "" {
		return "the root"
	}
	return "'" + escape.Text(p) + "'"
}

// twinShown is how many characters of a string a message shows.
const twinShown = 40

// twinPartAt is the byte offset where two strings part, so that long
// strings are shown from a little before it; 0 for anything else.
func twinPartAt(a, b *connector.Node) int {
	if a == nil || b == nil || a.Kind != connector.String || b.Kind != connector.String {
		return 0
	}
	i := 0
	for i < len(a.Value) && i < len(b.Value) && a.Value[i] == b.Value[i] {
		i++
	}
	return i
}

// twinShow shows one twin's value briefly: a scalar as written, a long
// string cut to twinShown characters from a little before the offset
// from, where the two twins' strings part; a secret masked; an object or
// an array by its size. Everything is escaped (escape.Text): the value
// comes from the connector.
func twinShow(n *connector.Node, from int, masked bool) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case connector.Object:
		return fmt.Sprintf("an object of %s", twinCount(len(n.Children), "member"))
	case connector.Array:
		return fmt.Sprintf("an array of %s", twinCount(len(n.Children), "item"))
	case connector.Null:
		return "null"
	}
	if masked {
		return fmt.Sprintf("the %s %s", n.Kind, secret.Describe(n.Value))
	}
	if n.Kind != connector.String {
		return fmt.Sprintf("the %s %s", n.Kind, escape.Text(n.Value))
	}
	s, head, tail := n.Value, "", ""
	if start := max(from-twinShown/4, 0); start > 0 && utf8.RuneCountInString(s) > twinShown {
		for start > 0 && !utf8.RuneStart(s[start]) {
			start--
		}
		s, head = s[start:], "…"
	}
	if r := []rune(s); len(r) > twinShown {
		s, tail = string(r[:twinShown]), "…"
	}
	return `the string "` + head + escape.Text(strings.ReplaceAll(s, `"`, `\"`)) + tail + `"`
}

func twinCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
