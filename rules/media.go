package rules

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/lint"
)

// Media-type rules (catalog §1.3 mime-compatible-with-body): what an
// operation declares it consumes and produces must fit its parameters and
// its response examples.

var mediaRules = []*lint.Rule{mimeCompatibleWithBody}

const (
	mimeFormURLEncoded = "application/x-www-form-urlencoded"
	mimeMultipart      = "multipart/form-data"
)

var mimeCompatibleWithBody = &lint.Rule{
	ID:             "mime-compatible-with-body",
	Level:          lint.Certification,
	Title:          "consumes and produces must fit the parameters and response examples",
	Source:         "catalog §1.3 mime-compatible-with-body; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"StringBinaryNotSupportedForFormUrlEncoded", "ResponseExampleMustBeProducedByOperation"},
	Doc: `A file (type file, or string with format binary) cannot be sent as
application/x-www-form-urlencoded: it needs multipart/form-data. And a response
example is keyed by a MIME type that the operation must produce.

Bad:

    "consumes": ["application/x-www-form-urlencoded"],
    "parameters": [{"name": "file", "in": "formData", "type": "file"}]

Good:

    "consumes": ["multipart/form-data"],
    "parameters": [{"name": "file", "in": "formData", "type": "file"}]`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			consumes := mediaEffective(p.Root, op, "consumes")
			if contains(consumes, mimeFormURLEncoded) && !contains(consumes, mimeMultipart) {
				for _, prm := range parameters(p.Root, op) {
					if prm.Def != nil && prm.In() == "formData" && mediaIsBinary(prm.Def) {
						p.Reportf(prm.Node, "The parameter '%s' is a file, which cannot be sent as %s (StringBinaryNotSupportedForFormUrlEncoded): make operation '%s' consume %s", prm.Name(), mimeFormURLEncoded, op.Name(), mimeMultipart)
					}
				}
			}
			produces := mediaEffective(p.Root, op, "produces")
			for _, resp := range op.Node.Get("responses").List() {
				for _, ex := range resolveOr(p.Root, resp).Get("examples").List() {
					if len(produces) > 0 && !mediaProduced(produces, ex.Key) {
						p.Report(lint.Diagnostic{Node: ex, AtKey: true, Message: fmt.Sprintf("The response example '%s' is not produced by the operation '%s': add it to produces (%s) or remove the example", ex.Key, op.Name(), strings.Join(produces, ", "))})
					}
				}
			}
		}
	},
}

// mediaEffective returns an operation's consumes or produces, which
// override the root's.
func mediaEffective(root *Node, op *Operation, key string) []string {
	if n := op.Node.Get(key); n != nil {
		return stringItems(n)
	}
	return stringItems(root.Get(key))
}

func mediaIsBinary(param *Node) bool {
	t := param.Get("type").Str()
	return t == "file" || t == "string" && param.Get("format").Str() == "binary"
}

// mediaProduced compares MIME types without their parameters
// ("application/json; charset=utf-8").
func mediaProduced(produces []string, mime string) bool {
	base := func(s string) string { return strings.ToLower(strings.TrimSpace(strings.SplitN(s, ";", 2)[0])) }
	for _, p := range produces {
		if base(p) == base(mime) {
			return true
		}
	}
	return false
}

// resolveOr resolves a reference, or returns n when it cannot.
func resolveOr(root, n *Node) *Node {
	if r := resolve(root, n); r != nil {
		return r
	}
	return n
}
