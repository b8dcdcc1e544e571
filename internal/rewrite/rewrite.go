// Package rewrite changes connector files without disturbing them: it
// renders the canonical form of a document (ppconn fmt, ppconn convert and
// the diff's normalisation), edits JSON in place by byte splices, edits YAML
// through gopkg.in/yaml.v3's node tree so that comments survive, and writes
// files atomically.
//
// The three ways of producing text differ in how much of the source they
// keep:
//
//   - Canonical re-renders the whole document: one indent width, the
//     original key order, and for JSON sources the original spelling of
//     every string and number. Its output is a function of the parsed value
//     (plus, for a YAML source rendered as YAML, its comments).
//   - JSON edits (SetEdit, DeleteEdit, JSONEditor) are splices on the
//     original bytes: every byte outside the edited span stays identical
//     (indentation, CRLF, BOM, escapes, number spellings, final newline),
//     and new text is laid out like its neighbours.
//   - YAML edits (YAMLEditor) go through yaml.v3's node tree, which keeps
//     comments, key order and scalar styles but re-emits the whole file;
//     docs/rewrite.md lists what yaml.v3 changes on the way.
//
// EditDocument is the edit engine that fix and auth plan through: it takes
// pointer edits (Edit: set, add, remove, rename) of a JSON or YAML
// document and makes them as bytes with one policy for order and
// conflicts, following each pointer through the changes made before it
// (PointerMap), and checks the result against Replay (plan.go, follow.go,
// yamllines.go).
//
// gopkg.in/yaml.v3 types never leave this package.
package rewrite

import (
	"errors"
	"fmt"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// Canonical renders doc in the canonical form of the format to.
//
// Canonical JSON has one indent width (indent spaces; 0 gives a single
// line), the members in their original order, ": " after a key, a final
// newline and no byte-order mark. A JSON source keeps the
// exact spelling of its strings and numbers (escapes, 1.0, 1e3, big
// integers); a YAML source's strings are escaped minimally (UTF-8 kept,
// no HTML escaping) and its numbers converted to JSON spellings.
//
// Canonical YAML has a 2-space indent (indent is ignored), keys in their
// original order, block collections, and strings quoted only where a YAML
// 1.1 or 1.2 reader could take them for something else ("2.0", "yes",
// "on", "null", "~", dates, "200", strings starting with an indicator);
// multi-line strings are literal block scalars. A YAML source keeps its
// comments, anchors and number spellings.
//
// Both keep the source's line ending (LineEnding): a CRLF file stays CRLF,
// so that a Windows checkout (core.autocrlf) is already canonical.
//
// The output is deterministic, and rendering the output again gives the
// same bytes. JSON → YAML → JSON gives a value deep-equal to the source.
func Canonical(doc *connector.Document, to connector.Format, indent int) ([]byte, error) {
	if doc == nil || doc.Root == nil {
		return nil, ErrNoValue
	}
	if indent < 0 || indent > 16 {
		return nil, fmt.Errorf("indent %d: use 0 to 16 spaces", indent)
	}
	var out []byte
	var err error
	switch to {
	case connector.JSON:
		out, err = canonicalJSON(doc, indent)
	case connector.YAML:
		out, err = canonicalYAML(doc)
	default:
		return nil, fmt.Errorf("unknown format %v", to)
	}
	if err != nil {
		return nil, err
	}
	return withLineEnding(out, LineEnding(doc.Src)), nil
}

// ErrNoValue is returned for a document that could not be parsed at all.
var ErrNoValue = errors.New("the document has no value: it could not be parsed")

// FirstProblem returns the problem that keeps fmt and convert from
// rewriting doc, or nil. Syntax errors and limits make the tree incomplete;
// a duplicate key means the tree lost one of the two members, so
// re-rendering would silently delete text. Encoding problems do not count:
// the output is simply UTF-8. The message is a copy with the document's
// secrets masked: every error built from it may be printed, and a parser
// quotes the word where it stopped ("clientSecret": s3cr3t…).
func FirstProblem(doc *connector.Document) *connector.Problem {
	for _, p := range doc.Problems {
		if p.Kind != connector.ProblemEncoding {
			p.Message = secret.MaskText(p.Message, secret.All(doc)...)
			return &p
		}
	}
	if doc.Root == nil {
		return &connector.Problem{Kind: connector.ProblemSyntax, Pos: connector.Pos{Line: 1, Col: 1}, Message: "the file could not be parsed"}
	}
	return nil
}
