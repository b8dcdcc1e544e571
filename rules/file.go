package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// File-level and format rules (catalog §1.1): can the file be read, is it
// Swagger 2.0, and is every key one that Power Platform accepts.

var fileRules = []*lint.Rule{
	syntaxError, fileEncoding, duplicateKey, inputLimits,
	swaggerVersion, definitionMaxSize, definitionSizeWhitespace, rootRequiredKeys,
}

// problemRule reports the load problems of one kind, from every file of
// the package.
func problemRule(kind connector.ProblemKind) func(*lint.Pass) {
	return func(p *lint.Pass) {
		for _, doc := range p.Package.Documents() {
			for _, pr := range doc.Problems {
				if pr.Kind == kind {
					p.Report(lint.Diagnostic{File: doc.Path, Pos: pr.Pos, Pointer: pr.Pointer(), Message: pr.Message})
				}
			}
		}
	}
}

var syntaxError = &lint.Rule{
	ID:     "syntax-error",
	Level:  lint.Import,
	Title:  "Files must be valid JSON (or YAML for a YAML twin)",
	Source: "catalog §1.1 json-parse-utf8; paconn reads the files with Python's json module",
	Since:  since,
	Target: lint.Package,
	Doc: `Power Platform parses the definition and apiProperties.json as strict JSON: no
trailing commas, no comments, no raw control characters inside strings, only ASCII
white space. Import fails with a message that gives no position.

ppconn reports the first syntax error of each file at the exact token (the stray
comma, the place of the missing comma, the extra bracket) and goes on linting
what it could read.

Bad:

    "produces": ["application/json",],

Good:

    "produces": ["application/json"],`,
	Check: problemRule(connector.ProblemSyntax),
}

var fileEncoding = &lint.Rule{
	ID:     "file-encoding",
	Level:  lint.Import,
	Title:  "Files must be UTF-8",
	Source: "catalog §1.1 json-parse-utf8 (paconn opens files as utf-8-sig); Issue#117",
	Since:  since,
	Target: lint.Package,
	Doc: `Connector files are read as UTF-8; a byte-order mark is tolerated. A file saved in
Windows-1252 (an "ø" written as the single byte 0xF8) is rejected or garbled.

ppconn reports the first invalid byte, then reads the file as Windows-1252 so that
the other rules can still run. Fix: re-save the file as UTF-8.`,
	Check: problemRule(connector.ProblemEncoding),
}

var duplicateKey = &lint.Rule{
	ID:     "duplicate-key",
	Level:  lint.Certification,
	Title:  "An object must not repeat a key",
	Source: "RFC 8259 §4 (names SHOULD be unique); corpus: 4 files repeat keys",
	Since:  since,
	Target: lint.Package,
	Doc: `When a key appears twice in one object, parsers keep the last value and drop the
first without a word, so what the platform sees is not what the author reads.

Bad:

    "x-ms-summary": "Hash",
    "description": "The text to hash.",
    "x-ms-summary": "Text"

Good: keep one of the two.`,
	Check: problemRule(connector.ProblemDuplicateKey),
}

var inputLimits = &lint.Rule{
	ID:     "input-limits",
	Level:  lint.Import,
	Title:  "Files must stay within ppconn's safety limits",
	Source: "ppconn's own limits (--max-bytes, --max-depth, --max-alias-nodes)",
	Since:  since,
	Target: lint.Package,
	Doc: `ppconn reads files from pull requests, so it bounds what one file may cost: its
size (32 MiB), its nesting depth (1,000 levels) and how far YAML aliases may expand
(100,000 nodes). A file beyond a limit is not linted further. No real connector
comes near these limits; the platform's own size limit is 1 MB.`,
	Check: problemRule(connector.ProblemLimit),
}

var swaggerVersion = &lint.Rule{
	ID:             "swagger-version-2-0",
	Level:          lint.Import,
	Title:          `The definition must be Swagger 2.0: "swagger": "2.0"`,
	Source:         "catalog §1.1 swagger-version-2-0; L-FAQ, L-DEF, L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SpecificationVersionIncorrect"},
	Doc: `Power Platform supports only OpenAPI 2.0 (Swagger). The root "swagger" member must
be the string "2.0" (not the number 2.0). OpenAPI 3 documents ("openapi": "3.0.1")
and Postman collections are not connector definitions and must be converted first.

Bad:

    {"openapi": "3.0.1", ...}
    {"swagger": 2.0, ...}

Good:

    {"swagger": "2.0", ...}`,
	Check: checkSwaggerVersion,
}

func checkSwaggerVersion(p *lint.Pass) {
	root := p.Root
	switch {
	case root.Kind != connector.Object:
		p.Reportf(root, "the definition's root is a JSON %s; a Swagger 2.0 definition is an object starting with {\"swagger\": \"2.0\", ...}", root.Kind)
	case root.Has("openapi"):
		p.Report(lint.Diagnostic{Node: root.Get("openapi"), AtKey: true, Message: fmt.Sprintf("this is an OpenAPI %s document; Power Platform needs Swagger 2.0 (\"swagger\": \"2.0\"): convert it, for example with an OpenAPI 3 to 2 converter, then lint again", root.Get("openapi").Value)})
	case isPostman(root):
		p.Reportf(root, "this is a Postman collection, not a Swagger 2.0 definition: import it in the portal (\"Import a Postman collection\") and export the generated definition, then lint that")
	case !root.Has("swagger"):
		p.Reportf(root, "the root has no \"swagger\" member; add \"swagger\": \"2.0\" as its first member")
	case !root.Get("swagger").IsString() || root.Get("swagger").Value != "2.0":
		v := root.Get("swagger")
		p.Reportf(v, "The 'swagger' property must have the string value \"2.0\"; it is the %s %s", v.Kind, v.Value)
	}
}

func isPostman(root *Node) bool {
	return strings.Contains(root.At("info", "schema").Str(), "getpostman.com") || root.At("info", "_postman_id") != nil
}

var definitionMaxSize = &lint.Rule{
	ID:       "definition-max-size-1mb",
	Level:    lint.Import,
	Title:    "The definition file must be smaller than 1 MB",
	Source:   "catalog §1.1 definition-max-size-1mb; L-FAQ, L-DEF, L-CERT §3d",
	Since:    since,
	Unparsed: true,
	Options:  []lint.Option{{Name: "max-bytes", Default: 1 << 20, Doc: "the largest accepted file size in bytes (1 MB = 1,048,576)"}},
	Doc: `Power Platform refuses definitions (OpenAPI files and Postman collections) of 1 MB
or more, at import and at certification. What counts is the definition's content:
a JSON file over the limit only because of its indentation is reported by
definition-size-whitespace instead, as a warning (certified connectors of 1.1 MB
pretty-printed, 0.7 MB minified, have been merged by Microsoft several times).

Fix: move shared schemas under "definitions" and reference them with $ref, drop
unused definitions and examples, or split the connector.`,
	Check: func(p *lint.Pass) {
		limit := int64(p.IntOption("max-bytes"))
		if p.Doc.Size < limit {
			return
		}
		minified, ok := minifiedSize(p.Doc)
		switch {
		case !ok:
			p.Report(lint.Diagnostic{Message: fmt.Sprintf("the definition is %s; Power Platform accepts definitions under %s: share schemas through $ref or drop unused definitions", humanBytes(p.Doc.Size), humanBytes(limit))})
		case minified >= limit:
			p.Report(lint.Diagnostic{Message: fmt.Sprintf("the definition is %s, %s even without whitespace; Power Platform accepts definitions under %s: share schemas through $ref or drop unused definitions", humanBytes(p.Doc.Size), humanBytes(minified), humanBytes(limit))})
		}
	},
}

var definitionSizeWhitespace = &lint.Rule{
	ID:       "definition-size-whitespace",
	Level:    lint.Guidance,
	Title:    "A definition over 1 MB only because of its indentation",
	Source:   "catalog §1.1 definition-max-size-1mb; L-FAQ; corpus: certified connectors merged at 1.1 MB pretty-printed",
	Since:    "0.2.0",
	Unparsed: true,
	Options:  []lint.Option{{Name: "max-bytes", Default: 1 << 20, Doc: "the size limit in bytes (1 MB = 1,048,576), as for definition-max-size-1mb"}},
	Doc: `A JSON definition of 1 MB or more on disk whose content, without the whitespace
between tokens, is under 1 MB. Microsoft has accepted and merged such files (a
certified connector of 1.10 MB pretty-printed and 0.72 MB minified, several times),
so this is not the import error of definition-max-size-1mb; but the file is close to
the limit, and a tool that measures the file rather than the content refuses it.

Fix: share schemas through $ref and drop unused definitions; or, if the portal
refuses the file, import a minified copy ('ppconn fmt --indent 0').`,
	Check: func(p *lint.Pass) {
		limit := int64(p.IntOption("max-bytes"))
		if p.Doc.Size < limit {
			return
		}
		if minified, ok := minifiedSize(p.Doc); ok && minified < limit {
			p.Report(lint.Diagnostic{Message: fmt.Sprintf("the definition is %s on disk but %s without whitespace: under Power Platform's limit of %s only once minified; share schemas through $ref, or import a copy written by 'ppconn fmt --indent 0'", humanBytes(p.Doc.Size), humanBytes(minified), humanBytes(limit))})
		}
	},
}

// minifiedSize is the size of a JSON definition without the whitespace
// between its tokens; ok is false for YAML, or JSON that does not parse
// (the file's own size is then all there is to go by).
func minifiedSize(doc *connector.Document) (n int64, ok bool) {
	if doc.Format != connector.JSON || len(doc.Src) == 0 {
		return 0, false
	}
	var b bytes.Buffer
	if err := json.Compact(&b, doc.Src); err != nil {
		return 0, false
	}
	return int64(b.Len()), true
}

func humanBytes(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.2f MB (%d bytes)", float64(n)/(1<<20), n)
	}
	return fmt.Sprintf("%d bytes", n)
}

var rootRequiredKeys = &lint.Rule{
	ID:             "root-required-keys",
	Level:          lint.Certification,
	Title:          "The root must have swagger, info and paths",
	Source:         "catalog §1.1 root-required-keys; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"RequiredPropertyMissing"},
	Doc: `Microsoft's schema requires the root members "swagger", "info" and "paths". A
definition without "paths" has no operations.`,
	Check: func(p *lint.Pass) {
		if p.Root.Kind != connector.Object || !p.Root.Has("swagger") {
			return // swagger-version-2-0 says what this document is
		}
		for _, k := range []string{"info", "paths"} {
			if !p.Root.Has(k) {
				p.Reportf(p.Root, "The '%s' property is required at the root; add it", k)
			}
		}
	},
}
