package rules

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Parameter rules (catalog §1.6): what each parameter must carry, where it
// may be, and how the parameters of one operation fit together.
//
// A check of one parameter on its own runs once per parameter object
// written in the definition: a parameter under the root "parameters" is
// reported there, once, however many operations reference it. A check
// across the parameters of an operation uses parameters(), so that
// path-level parameters count for every operation, and reports where the
// parameter is written, once per node.

var parameterRules = []*lint.Rule{
	paramXMSSummaryRequired, paramDescriptionRequired, xmsSummaryStyle, paramUnique, singleBodyParam,
	bodyXorFormData, bodyParamSchema, nonBodyNoSchema, pathParamRequiredTrue, pathParamInTemplate,
	pathParamURLEncoding, urlEncodingValuesAndLocation, paramNameReserved, fileTypeLocation,
	formDataNameASCII, collectionFormat, allowEmptyValueLocation, internalRequiredHasDefault,
	paramSameNameFetchSubscribe, paramNameNotAmbiguous,
}

// The value lists of the family; the checks and the docs both read them.
var (
	// paramNonBodyTypes are the types a non-body parameter may have; "file"
	// too, in formData only (file-type-location checks where).
	paramNonBodyTypes = []string{"string", "number", "integer", "boolean", "array"}
	// paramURLEncodings are the values of x-ms-url-encoding.
	paramURLEncodings = []string{"single", "double"}
	// paramCollectionFormats are the collectionFormat values Power
	// Platform supports everywhere; "multi" only in paramMultiLocations.
	paramCollectionFormats = []string{"csv", "ssv", "tsv", "pipes"}
	paramMultiLocations    = []string{"query", "formData"}
	// paramAllowEmptyLocations are where allowEmptyValue may be used.
	paramAllowEmptyLocations = []string{"query", "formData"}
	// paramReservedNames is the default of the "names" option of
	// param-name-connectionid-reserved.
	paramReservedNames = []string{"connectionId"}
	// paramBodyForbiddenKeys are the keywords of non-body parameters that
	// a body parameter must express in its schema instead.
	paramBodyForbiddenKeys = connector.Spec(tItems).Keywords()
	// paramSummaryMax is the longest x-ms-summary the string guidance allows.
	paramSummaryMax = 80
	// paramSmallWords may stay lower case inside a title-case summary.
	paramSmallWords = []string{"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by",
		"in", "of", "off", "on", "onto", "per", "to", "up", "via", "vs", "with", "from", "into", "over", "than"}
)

// paramWritten lists every parameter object written in the definition,
// once: root parameters, path-item parameters and inline operation
// parameters (not the {"$ref"} objects, whose targets are listed).
func paramWritten(p *lint.Pass, root *Node) []*Parameter { return writtenParametersOf.Of(p, root) }

func listWrittenParameters(p *lint.Pass, root *Node) []*Parameter {
	var out []*Parameter
	for _, prm := range allParameters(p, root) {
		if prm.Def != nil && prm.Def == prm.Node && prm.Def.Kind == connector.Object {
			out = append(out, prm)
		}
	}
	return out
}

// paramValid keeps the parameters whose reference resolves to an object.
func paramValid(list []*Parameter) []*Parameter {
	var out []*Parameter
	for _, p := range list {
		if p.Def != nil && p.Def.Kind == connector.Object {
			out = append(out, p)
		}
	}
	return out
}

// paramPathItem lists the parameters written on a path item.
func paramPathItem(root, item *Node) []*Parameter {
	var out []*Parameter
	for _, n := range item.Get("parameters").List() {
		out = append(out, &Parameter{Node: n, Def: resolve(root, n)})
	}
	return paramValid(out)
}

// paramOwn reports whether p is written on the operation itself (not on
// its path item).
func paramOwn(p *Parameter) bool { return p.Node.Parent == p.Op.Node.Get("parameters") }

// paramOnce remembers reported nodes, so that a parameter shared by several
// operations is reported once.
type paramOnce map[*Node]bool

func (s paramOnce) first(n *Node) bool {
	if s[n] {
		return false
	}
	s[n] = true
	return true
}

// ---------------------------------------------------------------- texts

var paramXMSSummaryRequired = &lint.Rule{
	ID:              "param-x-ms-summary-required",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'x-ms-summary' property is required. ValuePath: /paths/.../parameters/N" in microsoft/PowerPlatformConnectors PR#2662, PR#2637, PR#3407 and PR#4041`,
	Level:           lint.Certification,
	Title:           "Every non-body parameter has an x-ms-summary",
	Source:          "catalog §1.6 param-x-ms-summary-required; PR#3407, PR#1003, PR#4041, PR#550",
	Since:           since,
	ValidatorCodes:  []string{"RequiredPropertyMissing", "RequiredValueEmpty"},
	Doc: `The designer labels each input with its x-ms-summary; without it makers see the raw
parameter name. The certification validator fails with "The 'x-ms-summary' property
is required." at the parameter. Body parameters are not checked: the designer
shows the properties of their schema, and nearly every certified connector leaves
the body parameter itself without x-ms-summary.

Parameters that no maker sees are not checked either: one marked
"x-ms-visibility": "internal" (in any case), and every parameter of an internal
operation. Connectors that Microsoft certified leave the label off them almost
always: in the corpus of accepted connectors, about 1,100 of the 1,150 findings of
this rule and param-description-required sat on such parameters (an internal
Accept or Content-Type header with a default is the common case), and the visible
ones cluster in two connectors. The validator logs quoted above name visible
parameters only.

Bad:

    {"name": "teamId", "in": "path", "required": true, "type": "string"}

Good:

    {"name": "teamId", "in": "path", "required": true, "type": "string",
     "x-ms-summary": "Team ID", "description": "The unique identifier of the team."}`,
	Check: func(p *lint.Pass) {
		paramRequireText(p, "x-ms-summary", func(prm *Parameter) string {
			return fmt.Sprintf("give the %s parameter '%s' a short title-case label for the designer, such as \"%s\"", prm.In(), prm.Name(), paramHumanize(prm.Name()))
		})
	},
}

var paramDescriptionRequired = &lint.Rule{
	ID:              "param-description-required",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'description' property is required. ValuePath: /paths/.../parameters/N" in microsoft/PowerPlatformConnectors PR#2637, PR#3407 and PR#4160`,
	Level:           lint.Certification,
	Title:           "Every non-body parameter has a description",
	Source:          "catalog §1.6 param-description-required; PR#3407, PR#4160, PR#550",
	Since:           since,
	ValidatorCodes:  []string{"RequiredPropertyMissing", "RequiredValueEmpty"},
	Doc: `The designer shows the description of an input as its tooltip. The certification
validator fails with "The 'description' property is required." at the parameter.
Body parameters are not checked: their schema properties carry the descriptions.
Nor are parameters no maker sees (internal ones, and those of internal
operations): accepted certified connectors leave the tooltip off them, as
param-x-ms-summary-required explains.

Bad:

    {"name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top"}

Good:

    {"name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top",
     "description": "The maximum number of teams to return."}`,
	Check: func(p *lint.Pass) {
		paramRequireText(p, "description", func(prm *Parameter) string {
			return fmt.Sprintf("describe the %s parameter '%s' in a full sentence; the designer shows it as the tooltip", prm.In(), prm.Name())
		})
	},
}

// paramRequireText reports non-body parameters without a non-empty key.
func paramRequireText(p *lint.Pass, key string, fix func(*Parameter) string) {
	visible := makerVisible(p, p.Root)
	for _, prm := range paramWritten(p, p.Root) {
		if prm.In() == "body" || !visible[prm.Def] {
			continue
		}
		switch v := prm.Def.Get(key); {
		case v == nil:
			p.Reportf(prm.Def, "The '%s' property is required: %s", key, fix(prm))
		case v.IsString() && strings.TrimSpace(v.Value) == "":
			p.Reportf(v, "%s: %s", emptyValue(key), fix(prm))
		}
	}
}

// paramHumanize turns a parameter name into a title-case label:
// "teamId" → "Team ID", "page_size" → "Page Size".
func paramHumanize(name string) string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = nil
		}
	}
	prev := ' '
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	for i, w := range words {
		switch strings.ToLower(w) {
		case "id", "url", "uri", "api":
			words[i] = strings.ToUpper(w)
		default:
			r, size := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToUpper(r)) + w[size:]
		}
	}
	return strings.Join(words, " ")
}

var xmsSummaryStyle = &lint.Rule{
	ID:       "x-ms-summary-style",
	Level:    lint.Guidance,
	InfoOnly: true,
	Title:    "A parameter's x-ms-summary is short and in title case",
	Source:   "catalog §1.6 x-ms-summary-style; L-STR, L-EXT, L-CERT",
	Since:    since,
	Fixable:  true,
	Doc: fmt.Sprintf(`Microsoft's string guidance asks for x-ms-summary in title case and at most %d
characters: it is the label of the input in the designer, and longer text belongs
in the description. The check is lenient: these small words may stay lower case
inside the summary: %s. Words with digits or inner capitals (iOS, eBay), words in
parentheses and code-like tokens are left alone. Parameters no maker sees (internal
ones, and those of internal operations) have no label on screen and are not checked.

Info in every profile: it fires on 46% of the certified connectors Microsoft
accepted (docs/precision.md), so title case is advice, not something review holds
a submission to.

Bad:

    "x-ms-summary": "team name"

Good:

    "x-ms-summary": "Team Name"

Fix: the words that break title case are capitalized, as the message proposes, in
a summary that is a label: at most `+fmt.Sprint(paramLabelWords)+` words, no sentence punctuation
(`+"`"+paramSentencePunct+"`"+`), no camelCase name, within the length limit. Flows do not refer to the label.
A summary written as a sentence is left to the author, who should move it to the
description.`, paramSummaryMax, strings.Join(paramSmallWords, ", ")),
	Check: func(p *lint.Pass) {
		visible := makerVisible(p, p.Root)
		for _, prm := range paramWritten(p, p.Root) {
			v := prm.Def.Get("x-ms-summary")
			if !visible[prm.Def] {
				continue
			}
			if !v.IsString() || strings.TrimSpace(v.Value) == "" {
				continue
			}
			if n := utf8.RuneCountInString(v.Value); n > paramSummaryMax {
				p.Reportf(v, "The 'x-ms-summary' value goes over the character limit '%d' (%d characters); keep the label short and move the detail to 'description'", paramSummaryMax, n)
			}
			if word, fixed := paramTitleCase(v.Value); word != "" {
				var fix *lint.Fix
				if paramIsLabel(v.Value) {
					fix = lint.SetValue(v, fixed)
				}
				p.Report(lint.Diagnostic{Node: v, Fix: fix, Message: fmt.Sprintf("x-ms-summary \"%s\" is not in title case ('%s'); write \"%s\"", v.Value, word, fixed)})
			}
		}
	},
}

// paramLabelWords and paramSentencePunct tell a label, which
// x-ms-summary-style title-cases, from a sentence, which it leaves alone.
const (
	paramLabelWords    = 6
	paramSentencePunct = `.,;:!?"`
)

func paramIsLabel(s string) bool {
	words := strings.Fields(s)
	if len(words) > paramLabelWords || strings.ContainsAny(s, paramSentencePunct) || utf8.RuneCountInString(s) > paramSummaryMax {
		return false
	}
	for _, w := range words {
		// camelCase is a name from the API (moreToken), not a word.
		if r, size := utf8.DecodeRuneInString(w); unicode.IsLower(r) && strings.IndexFunc(w[size:], unicode.IsUpper) >= 0 {
			return false
		}
	}
	return true
}

// paramTitleCase returns the first word of s that breaks title case, and s
// with every such word capitalized; "" when s is fine.
func paramTitleCase(s string) (first, fixed string) {
	tokens := strings.Split(s, " ")
	inParens := false
	for i, tok := range tokens {
		if strings.HasPrefix(tok, "(") {
			inParens = true
		}
		core := strings.Trim(strings.SplitN(tok, "-", 2)[0], `"'(),:;!?.`)
		if !inParens && paramLowerWord(core, i == 0) {
			if first == "" {
				first = core
			}
			r, size := utf8.DecodeRuneInString(tok)
			tokens[i] = string(unicode.ToUpper(r)) + tok[size:]
		}
		if strings.HasSuffix(tok, ")") {
			inParens = false
		}
	}
	if first == "" {
		return "", ""
	}
	return first, strings.Join(tokens, " ")
}

// paramLowerWord reports whether a word should have been capitalized.
func paramLowerWord(w string, first bool) bool {
	r, size := utf8.DecodeRuneInString(w)
	if w == "" || !unicode.IsLower(r) || strings.ContainsAny(w, "0123456789._@=${}#/\\&<>*%") {
		return false
	}
	if next, _ := utf8.DecodeRuneInString(w[size:]); unicode.IsUpper(next) {
		return false // iOS, eBay
	}
	return first || !contains(paramSmallWords, w)
}

// ---------------------------------------------------------------- lists

var paramUnique = &lint.Rule{
	ID:     "param-unique",
	Level:  lint.Certification,
	Title:  "No two parameters of an operation share a name",
	Source: "catalog §1.6 param-unique; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"OperationParametersAreNotUnique", "OperationParametersContainDuplicateParameter",
		"PathParametersContainDuplicateParameter"},
	Doc: `Swagger 2.0 identifies a parameter by its name and location, and the validator
refuses duplicates in an operation or a path item. Power Platform also names the
inputs of an action by parameter name alone, so the same name in two locations
(a path "id" and a query "id") is refused as "not unique" too. An operation's own
parameter may override a path-level one of the same name and location.

Bad:

    "parameters": [
        {"name": "id", "in": "path", ...},
        {"name": "id", "in": "query", ...}
    ]

Good: rename one of them ("teamId" and "id").`,
	Check: func(p *lint.Pass) {
		for _, item := range p.Root.Get("paths").List() {
			list := paramPathItem(p.Root, item)
			for i, prm := range list {
				paramReportClash(p, "path '"+item.Key+"'", list[:i], prm)
			}
		}
		once := paramOnce{}
		for _, op := range operations(p, p.Root) {
			list := paramValid(parameters(p.Root, op))
			for i, prm := range list {
				if paramOwn(prm) && once.first(prm.Node) {
					paramReportClash(p, "operation '"+op.Name()+"'", list[:i], prm)
				}
			}
		}
	},
}

func paramReportClash(p *lint.Pass, scope string, earlier []*Parameter, prm *Parameter) {
	for _, e := range earlier {
		switch {
		case e.Name() != prm.Name() || prm.Name() == "":
			continue
		case e.In() == prm.In():
			p.Reportf(prm.Node, "The %s contains duplicate parameters with name '%s', location '%s'; remove one", scope, prm.Name(), prm.In())
		default:
			p.Reportf(prm.Node, "The parameters in the %s are not unique: '%s' is both a %s and a %s parameter; rename one", scope, prm.Name(), e.In(), prm.In())
		}
		return
	}
}

var singleBodyParam = &lint.Rule{
	ID:     "single-body-param",
	Level:  lint.Certification,
	Title:  "An operation has at most one body parameter",
	Source: "catalog §1.6 single-body-param; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"OperationParametersContainMultipleBodyParameters",
		"PathParametersContainMultipleBodyParameters"},
	Doc: `A request has one body, so an operation (its own parameters and those of its path
item together) has at most one "in": "body" parameter. Put every field of the body
in the schema of that one parameter.

Bad:

    {"name": "team", "in": "body", "schema": {...}},
    {"name": "owner", "in": "body", "schema": {...}}

Good:

    {"name": "body", "in": "body", "schema": {"type": "object",
     "properties": {"team": {...}, "owner": {...}}}}`,
	Check: func(p *lint.Pass) {
		for _, item := range p.Root.Get("paths").List() {
			first, extras := paramExtraBodies(paramPathItem(p.Root, item))
			for _, extra := range extras {
				p.Reportf(extra.Node, "The path '%s' contains multiple parameters in the location 'body', at most one is allowed; move '%s' into the schema of '%s'", item.Key, extra.Name(), first.Name())
			}
		}
		once := paramOnce{}
		for _, op := range operations(p, p.Root) {
			first, extras := paramExtraBodies(paramValid(parameters(p.Root, op)))
			for _, extra := range extras {
				if paramOwn(extra) && once.first(extra.Node) {
					p.Reportf(extra.Node, "The operation '%s' contains multiple parameters in the location 'body', at most one is allowed; move '%s' into the schema of '%s'", op.Name(), extra.Name(), first.Name())
				}
			}
		}
	},
}

// paramExtraBodies returns the first body parameter and those after it.
func paramExtraBodies(list []*Parameter) (first *Parameter, extras []*Parameter) {
	for _, prm := range list {
		switch {
		case prm.In() != "body":
		case first == nil:
			first = prm
		default:
			extras = append(extras, prm)
		}
	}
	return first, extras
}

// paramFirstIn returns the first parameter of the location, or nil.
func paramFirstIn(list []*Parameter, in string) *Parameter {
	for _, prm := range list {
		if prm.In() == in {
			return prm
		}
	}
	return nil
}

var bodyXorFormData = &lint.Rule{
	ID:             "body-xor-formdata",
	Level:          lint.Certification,
	Title:          "An operation does not mix body and formData parameters",
	Source:         "catalog §1.6 body-xor-formdata; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ParameterListContainsFormDataAndBody"},
	Doc: `A request body is either a JSON (or other) document, described by one body
parameter, or a form, described by formData parameters; not both.

Bad:

    {"name": "body", "in": "body", "schema": {...}},
    {"name": "file", "in": "formData", "type": "file"}

Good: describe the whole form with formData parameters, or the whole document with
the body schema.`,
	Check: func(p *lint.Pass) {
		once := paramOnce{}
		for _, op := range operations(p, p.Root) {
			list := paramValid(parameters(p.Root, op))
			body, form := paramFirstIn(list, "body"), paramFirstIn(list, "formData")
			if body != nil && form != nil && once.first(form.Node) {
				p.Reportf(form.Node, "The 'parameters' list defines both a 'body' parameter, and a 'formData' parameter. Only one of these location types can be used in an operation: '%s' has the body '%s' and the form field '%s'", op.Name(), body.Name(), form.Name())
			}
		}
	},
}

// ---------------------------------------------------------------- shapes

var bodyParamSchema = &lint.Rule{
	ID:             "body-param-schema",
	Level:          lint.Certification,
	Title:          "A body parameter has a schema and no type keywords",
	Source:         "catalog §1.6 body-param-schema; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"BodyParameterSchemaRequired", "BodyParameterPropertyNotValid"},
	Doc: `In Swagger 2.0 a body parameter describes its value with "schema". The keywords of
other parameters (` + strings.Join(paramBodyForbiddenKeys, ", ") + `) are not valid
on it: move them into the schema.

Bad:

    {"name": "body", "in": "body", "type": "string"}

Good:

    {"name": "body", "in": "body", "schema": {"type": "string"}}`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			if prm.In() != "body" {
				continue
			}
			if !prm.Def.Has("schema") {
				p.Reportf(prm.Def, "The 'body' parameter must define a 'schema' property: describe the body of '%s' with \"schema\"", prm.Name())
			}
			for _, c := range prm.Def.List() {
				if contains(paramBodyForbiddenKeys, c.Key) {
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The 'body' parameter cannot use property '%s', instead, the 'schema' property should be used to define the type used by the parameter", c.Key)})
				}
			}
		}
	},
}

var nonBodyNoSchema = &lint.Rule{
	ID:             "nonbody-no-schema",
	Level:          lint.Certification,
	Title:          "A non-body parameter has a type and no schema",
	Source:         "catalog §1.6 nonbody-no-schema; L-SVR, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"NonBodyParameterSchemaNotValid"},
	Doc: `Only body parameters have a schema. Query, header, path and formData parameters
describe their value with "type" (one of ` + dquoteList(paramNonBodyTypes) + `, or "file"
in formData) and the keywords beside it.

Bad:

    {"name": "top", "in": "query", "schema": {"type": "integer"}}

Good:

    {"name": "top", "in": "query", "type": "integer"}`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			in := prm.In()
			if in == "body" || in == "" {
				continue
			}
			t := prm.Def.Get("type")
			switch {
			case prm.Def.Has("schema"):
				p.Report(lint.Diagnostic{Node: prm.Def.Get("schema"), AtKey: true, Message: fmt.Sprintf("The parameter cannot define a schema as it is not in the 'body': give the %s parameter '%s' a \"type\" instead", in, prm.Name())})
			case t == nil:
				p.Reportf(prm.Def, "the %s parameter '%s' has no 'type': set one of %s", in, prm.Name(), dquoteList(paramNonBodyTypes))
			case !contains(paramNonBodyTypes, t.Str()) && t.Str() != "file":
				p.Reportf(t, "the type of a %s parameter must be one of %s (\"file\" in formData only)", in, dquoteList(paramNonBodyTypes))
			}
		}
	},
}

var fileTypeLocation = &lint.Rule{
	ID:             "file-type-location",
	Level:          lint.Certification,
	Title:          `"type": "file" only on formData parameters and root response schemas`,
	Source:         "catalog §1.6 file-type-location; L-SVR, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"FileParameterMustBeInFormData", "SchemaTypeFileNotValid"},
	Doc: `Swagger 2.0 allows the type "file" on formData parameters (a multipart upload) and
as the root schema of a response (a download), nowhere else. To send a file as the
whole request body, use a body parameter with {"type": "string", "format": "binary"}.

Bad:

    {"name": "content", "in": "body", "schema": {"type": "file"}}

Good:

    {"name": "content", "in": "body", "schema": {"type": "string", "format": "binary"}}`,
	Check: func(p *lint.Pass) {
		const schemaMsg = "The schema type 'file' is not valid. Only parameters in 'formData' and the root response schema may be of type 'file'"
		for _, prm := range paramWritten(p, p.Root) {
			t := prm.Def.Get("type")
			if t.Str() == "file" && prm.In() != "formData" && prm.In() != "body" {
				p.Reportf(t, "Parameters of type 'file' are not valid in locations other than 'formData': make '%s' a formData parameter, or a body parameter with {\"type\": \"string\", \"format\": \"binary\"}", prm.Name())
			}
			if s := prm.Def.Get("schema"); prm.In() == "body" && s.Has("$ref") && resolve(p.Root, s).Get("type").Str() == "file" {
				p.Reportf(s, "%s: this body schema points to a definition of type 'file'; use {\"type\": \"string\", \"format\": \"binary\"}", schemaMsg)
			}
		}
		walkSchemas(p, p.Root, func(s Schema) {
			if t := s.Node.Get("type"); t.Str() == "file" && (s.Depth > 0 || s.Input) {
				p.Reportf(t, "%s; use {\"type\": \"string\", \"format\": \"binary\"}", schemaMsg)
			}
		})
	},
}

var collectionFormat = &lint.Rule{
	ID:             "collection-format",
	Level:          lint.Certification,
	Title:          "collectionFormat is one Power Platform supports",
	Source:         "catalog §1.6 collection-format; L-SVR, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"CollectionFormatValueNotSupported"},
	Doc: `collectionFormat says how an array is written in a query, header, path or form value.
Power Platform supports ` + dquoteList(paramCollectionFormats) + `, and "multi" (the
parameter repeated) for ` + strings.Join(paramMultiLocations, " and ") + ` parameters only.

Bad:

    {"name": "ids", "in": "header", "type": "array", "items": {"type": "string"},
     "collectionFormat": "multi"}

Good:

    {"name": "ids", "in": "header", "type": "array", "items": {"type": "string"},
     "collectionFormat": "csv"}`,
	Check: func(p *lint.Pass) {
		preorder(p, p.Root, []objType{tParameter, tItems, tHeader}, func(n *Node, t objType) {
			cf := n.Get("collectionFormat")
			if cf == nil || contains(paramCollectionFormats, cf.Str()) {
				return
			}
			switch {
			case cf.Str() != "multi":
				p.Reportf(cf, "collectionFormat must be one of %s (or \"multi\" in %s parameters)", dquoteList(paramCollectionFormats), strings.Join(paramMultiLocations, " and "))
			case t != tParameter || !contains(paramMultiLocations, n.Get("in").Str()):
				p.Reportf(cf, "collectionFormat \"multi\" is supported only on %s parameters; use one of %s here", strings.Join(paramMultiLocations, " and "), dquoteList(paramCollectionFormats))
			}
		})
	},
}

var allowEmptyValueLocation = &lint.Rule{
	ID:             "allow-empty-value-location",
	Level:          lint.Certification,
	Title:          "allowEmptyValue only on query and formData parameters",
	Source:         "catalog §1.6 allow-empty-value-location; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"AllowEmptyValueOnlyValidForQueryFormData"},
	Doc: `allowEmptyValue lets a request send "?name=" with no value. It has a meaning only for
` + strings.Join(paramAllowEmptyLocations, " and ") + ` parameters.

Bad:

    {"name": "X-Tag", "in": "header", "type": "string", "allowEmptyValue": true}

Good: remove "allowEmptyValue".`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			if v := prm.Def.Get("allowEmptyValue"); v != nil && !contains(paramAllowEmptyLocations, prm.In()) {
				p.Report(lint.Diagnostic{Node: v, AtKey: true, Message: fmt.Sprintf("The parameter cannot use the 'allowEmptyValue' keyword as it is not in the 'query' or 'formData' location: remove it from the %s parameter '%s'", prm.In(), prm.Name())})
			}
		}
	},
}

var formDataNameASCII = &lint.Rule{
	ID:             "formdata-name-ascii",
	Level:          lint.Certification,
	Title:          "formData parameter names are US-ASCII",
	Source:         "catalog §1.6 formdata-name-ascii; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"InvalidFormDataParameterName"},
	Doc: `The name of a formData parameter is the field name sent in the form, and must use
US-ASCII characters only. Put accented or other text in x-ms-summary.

Bad:

    {"name": "prénom", "in": "formData", "type": "string"}

Good:

    {"name": "prenom", "in": "formData", "type": "string", "x-ms-summary": "Prénom"}`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			name := prm.Def.Get("name")
			if prm.In() == "formData" && strings.ContainsFunc(name.Str(), func(r rune) bool { return r > unicode.MaxASCII }) {
				p.Reportf(name, "The form data parameter name '%s' is invalid. All characters must be part of the US-ASCII character set: rename it and put the display text in x-ms-summary", name.Str())
			}
		}
	},
}

// ---------------------------------------------------------------- path

var pathParamRequiredTrue = &lint.Rule{
	ID:             "path-param-required-true",
	Level:          lint.Certification,
	Title:          `A path parameter has "required": true`,
	Source:         "catalog §1.6 path-param-required-true; L-SVR, R-SCHEMA-SW",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"PathParameterMustBeRequired"},
	Doc: `A path cannot be built without its variables, so every "in": "path" parameter must
say "required": true.

Bad:

    {"name": "teamId", "in": "path", "type": "string"}

Good:

    {"name": "teamId", "in": "path", "required": true, "type": "string"}

Fix: "required" is set to true, or added at the end of the parameter. A request
cannot be sent without its path variables, so no flow relies on the parameter being
optional.`,
	Check: func(p *lint.Pass) {
		const msg = "The parameter must be marked as required as it is used in the operation path. Include the 'required' property, with the value 'true'"
		for _, prm := range paramWritten(p, p.Root) {
			req := prm.Def.Get("required")
			switch {
			case prm.In() != "path" || req.IsTrue():
			case req != nil:
				p.Report(lint.Diagnostic{Node: req, Fix: lint.SetValue(req, true), Message: fmt.Sprintf("%s (path parameter '%s')", msg, prm.Name())})
			default:
				p.Report(lint.Diagnostic{Node: prm.Def, Fix: lint.AddMember(prm.Def, "required", true), Message: fmt.Sprintf("%s (path parameter '%s')", msg, prm.Name())})
			}
		}
	},
}

// paramTemplateVar matches a variable of a path template.
var paramTemplateVar = regexp.MustCompile(`\{([^{}]+)\}`)

var pathParamInTemplate = &lint.Rule{
	ID:             "path-param-in-template",
	Level:          lint.Certification,
	Title:          "Path parameters and {variables} of the path match",
	Source:         "catalog §1.6 path-param-in-template; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"PathParameterNotDefinedInTemplate", "OperationMissingPathParameter"},
	Doc: `Every "in": "path" parameter of an operation (its own and those of its path item)
appears as {name} in the path, with the same spelling and case, and every {name} of
the path has a path parameter.

Bad:

    "/teams/{id}": {"get": {"parameters": [{"name": "teamId", "in": "path", ...}]}}

Good:

    "/teams/{teamId}": {"get": {"parameters": [{"name": "teamId", "in": "path", ...}]}}`,
	Check: func(p *lint.Pass) {
		once := paramOnce{}
		for _, op := range operations(p, p.Root) {
			var vars []string
			for _, m := range paramTemplateVar.FindAllStringSubmatch(op.Path, -1) {
				vars = append(vars, m[1])
			}
			list := paramValid(parameters(p.Root, op))
			paramCheckPathParams(p, op, list, vars, once)
			paramCheckTemplateVars(p, op, list, vars)
		}
	},
}

func paramCheckPathParams(p *lint.Pass, op *Operation, list []*Parameter, vars []string, once paramOnce) {
	for _, prm := range list {
		if prm.In() != "path" || contains(vars, prm.Name()) || !once.first(prm.Node) {
			continue
		}
		hint := fmt.Sprintf("add {%s} to the path '%s' or remove the parameter", prm.Name(), op.Path)
		if v := caseVariant(vars, prm.Name()); v != "" {
			hint = fmt.Sprintf("the path '%s' spells it {%s}; use the same case in both", op.Path, v)
		}
		p.Reportf(prm.Node, "The 'path' parameter '%s' is not defined in the URI path template: %s", prm.Name(), hint)
	}
}

func paramCheckTemplateVars(p *lint.Pass, op *Operation, list []*Parameter, vars []string) {
	var names, pathNames []string
	for _, prm := range list {
		names = append(names, prm.Name())
		if prm.In() == "path" {
			pathNames = append(pathNames, prm.Name())
		}
	}
	for _, v := range vars {
		if contains(pathNames, v) || caseVariant(pathNames, v) != "" {
			continue // a case mismatch is reported at the parameter
		}
		hint := fmt.Sprintf(`add {"name": "%s", "in": "path", "required": true, "type": "string"}`, v)
		if contains(names, v) {
			hint = fmt.Sprintf(`the parameter '%s' is declared, but not "in": "path"`, v)
		}
		p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The operation '%s' does not define the '%s' parameter which is required by the path: %s", op.Name(), v, hint)})
	}
}

var pathParamURLEncoding = &lint.Rule{
	ID:              "path-param-url-encoding",
	Validator:       lint.ValidatorWarning,
	ValidatorSource: `##[warning] "warning : Encoding for path parameter 'org' is missing" in microsoft/PowerPlatformConnectors PR#1095 (Tallyfy, merged)`,
	Level:           lint.Certification,
	Title:           `A path parameter sets "x-ms-url-encoding"`,
	Source:          "catalog §1.6 path-param-url-encoding; L-SVR, L-EXT; PR#1095",
	Since:           since,
	Fixable:         true,
	ValidatorCodes:  []string{"PathParameterMissingEncoding"},
	Doc: `A path value with "/", "?" or "#" in it changes the request URL unless it is
encoded. Say how with x-ms-url-encoding: "single", or "double" for APIs that decode
the path twice. The certification pipeline warns when it is missing.

Bad:

    {"name": "folder", "in": "path", "required": true, "type": "string"}

Good:

    {"name": "folder", "in": "path", "required": true, "type": "string",
     "x-ms-url-encoding": "single"}

Fix: "x-ms-url-encoding": "single" is added at the end of the parameter: the value
the validator asks for, and the encoding the platform applies when the extension is
missing. A parameter that has a misspelling of the extension (x-ms-url-encodng) is
left alone: renaming it (x-ms-extension-typo) keeps the author's value.`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			if prm.In() == "path" && !prm.Def.Has("x-ms-url-encoding") {
				var fix *lint.Fix
				if !hasMisspelling(prm.Def, "x-ms-url-encoding") {
					fix = lint.AddMember(prm.Def, "x-ms-url-encoding", "single")
				}
				p.Report(lint.Diagnostic{Node: prm.Def, Fix: fix, Message: fmt.Sprintf("Encoding for path parameter '%s' is missing, which might lead to invalid requests. Use \"x-ms-url-encoding\": \"single\" to ensure the value is URL encoded.", prm.Name())})
			}
		}
	},
}

var urlEncodingValuesAndLocation = &lint.Rule{
	ID:             "url-encoding-values-and-location",
	Level:          lint.Certification,
	Title:          `x-ms-url-encoding is "single" or "double", on path parameters only`,
	Source:         "catalog §1.6 url-encoding-values-and-location; L-EXT, R-SCHEMA-SW, L-SVR",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"QueryParameterEncodingNotSupported"},
	Doc: `x-ms-url-encoding takes ` + dquoteList(paramURLEncodings) + ` and is read on path parameters only.
Query parameters are always single encoded; on other parameters it has no effect.

Bad:

    {"name": "filter", "in": "query", "type": "string", "x-ms-url-encoding": "double"}

Good:

    {"name": "filter", "in": "query", "type": "string"}

Fix: x-ms-url-encoding is removed from query parameters and from the other
parameters that are not in the path, where the platform does not read it; on a path
parameter, "Single" or "DOUBLE" is lower-cased. Other values are left to the author.`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			v := prm.Def.Get("x-ms-url-encoding")
			switch {
			case v == nil:
			case prm.In() == "query":
				p.Report(lint.Diagnostic{Node: v, AtKey: true, Fix: lint.Remove(v), Message: fmt.Sprintf("Encoding for query parameter '%s' is not supported. All query parameters are single encoded by default: remove x-ms-url-encoding", prm.Name())})
			case prm.In() != "path":
				p.Report(lint.Diagnostic{Node: v, AtKey: true, Fix: lint.Remove(v), Message: fmt.Sprintf("x-ms-url-encoding is read on path parameters only, so it has no effect on the %s parameter '%s': remove it", prm.In(), prm.Name())})
			case !contains(paramURLEncodings, v.Str()):
				var fix *lint.Fix
				if low := strings.ToLower(strings.TrimSpace(v.Str())); contains(paramURLEncodings, low) {
					fix = lint.SetValue(v, low)
				}
				p.Report(lint.Diagnostic{Node: v, Fix: fix, Message: fmt.Sprintf("x-ms-url-encoding must be one of %s", dquoteList(paramURLEncodings))})
			}
		}
	},
}

// ---------------------------------------------------------------- names

var paramNameReserved = &lint.Rule{
	ID:             "param-name-connectionid-reserved",
	Level:          lint.Certification,
	Title:          "No parameter uses a reserved name such as connectionId",
	Source:         "catalog §1.6 param-name-connectionId-reserved; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ConnectionIdParameterNotAllowed", "ReservedParameterIsUsed"},
	Options: []lint.Option{{Name: "names", Default: paramReservedNames,
		Doc: "parameter names the platform reserves (compared without case); Microsoft publishes only connectionId"}},
	Doc: `Power Platform adds a "connectionId" parameter to every operation of a connector, so
a parameter cannot have that name: "A parameter cannot be named as 'connectionId'."
The validator knows other reserved names that Microsoft does not publish; add the
ones you meet to the "names" option (default: ` + dquoteList(paramReservedNames) + `).

Bad:

    {"name": "connectionId", "in": "path", ...}

Good:

    {"name": "accountConnectionId", "in": "path", ...}`,
	Check: func(p *lint.Pass) {
		reserved := paramStringsOption(p, "names")
		for _, prm := range paramWritten(p, p.Root) {
			name := prm.Def.Get("name")
			for _, r := range reserved {
				if !strings.EqualFold(name.Str(), r) {
					continue
				}
				if strings.EqualFold(r, "connectionId") {
					p.Reportf(name, "A parameter cannot be named as 'connectionId': the platform adds its own; %s", paramRenameHint(prm))
				} else {
					p.Reportf(name, "The parameter '%s' is reserved and cannot be used in '%s': %s", name.Str(), prm.In(), paramRenameHint(prm))
				}
			}
		}
	},
}

func paramRenameHint(prm *Parameter) string {
	if prm.In() == "path" {
		return "rename it here and in the path template (a path parameter's name is not sent)"
	}
	return "rename it, and send the original name from a policy template or custom code"
}

// paramStringsOption reads an option holding a list of strings.
func paramStringsOption(p *lint.Pass, name string) []string {
	switch v := p.Option(name).(type) {
	case []string:
		return v
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		return []string{v}
	}
	return nil
}

var paramNameNotAmbiguous = &lint.Rule{
	ID:             "param-name-not-ambiguous",
	Level:          lint.Certification,
	Title:          "A parameter name is not also the path of a body property",
	Source:         "catalog §1.6 param-name-not-ambiguous; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationParameterNameIsAmbiguous"},
	Doc: `Power Platform refers to the properties of a request body by their path, such as
"body/owner/id" or "owner/id". A parameter whose name is such a path cannot be
told apart from the property: "The parameter name is ambiguous as it matches both
a parameter name and a path to a body property." Only names that are paths (with
"/") are checked: a query parameter "id" beside a body property "id" is common in
accepted connectors.

Bad:

    {"name": "owner/id", "in": "query", ...} with a body property owner.id

Good:

    {"name": "ownerId", "in": "query", ...}`,
	Check: func(p *lint.Pass) {
		once := paramOnce{}
		for _, op := range operations(p, p.Root) {
			list := paramValid(parameters(p.Root, op))
			body := paramFirstIn(list, "body")
			if body == nil {
				continue
			}
			for _, prm := range list {
				if prm.In() != "body" && paramIsBodyPath(p.Root, body, prm.Name()) && once.first(prm.Node) {
					p.Reportf(prm.Node, "The parameter name is ambiguous as it matches both a parameter name and a path to a body property: rename '%s' in operation '%s' (no \"/\")", prm.Name(), op.Name())
				}
			}
		}
	},
}

// paramIsBodyPath reports whether name, a "/"-separated path, leads to a
// property of the body schema (with or without the body parameter's name
// in front).
func paramIsBodyPath(root *Node, body *Parameter, name string) bool {
	if !strings.Contains(name, "/") {
		return false
	}
	segs := strings.Split(name, "/")
	if paramSchemaHasPath(root, body.Def.Get("schema"), segs) {
		return true
	}
	return segs[0] == body.Name() && paramSchemaHasPath(root, body.Def.Get("schema"), segs[1:])
}

func paramSchemaHasPath(root, s *Node, segs []string) bool {
	for _, seg := range segs {
		s = resolve(root, resolve(root, s).Get("properties").Get(seg))
		if s == nil {
			return false
		}
	}
	return len(segs) > 0
}

// ---------------------------------------------------------------- internal

var internalRequiredHasDefault = &lint.Rule{
	ID:             "internal-required-has-default",
	Level:          lint.Certification,
	Title:          "An internal input is required exactly when it has a default",
	Source:         "catalog §1.6 internal-required-has-default; L-EXT, L-SVR",
	Since:          since,
	ValidatorCodes: []string{"PropertyMustBeRequired", "InternalPropertyWithDefaultOptional"},
	Doc: `An input marked "x-ms-visibility": "internal" is hidden from the maker, so only its
default can fill it. A required internal input therefore needs a default, and an
internal input with a default must be required: "Optional internal fields are
ignored", so its default is never sent. This holds for parameters and for the
properties of request bodies. Properties with x-ms-notification-url are exempt (the
platform fills them), and so are object and array properties (their items and
properties carry the defaults).

Bad:

    {"name": "api-version", "in": "query", "type": "string",
     "x-ms-visibility": "internal", "default": "2024-01-01"}

Good:

    {"name": "api-version", "in": "query", "type": "string", "required": true,
     "x-ms-visibility": "internal", "default": "2024-01-01"}`,
	Check: func(p *lint.Pass) {
		for _, prm := range paramWritten(p, p.Root) {
			if prm.In() != "body" && isInternal(prm.Def) {
				paramCheckInternal(p, prm.Def, prm.Def, prm.Def.Get("required").IsTrue(), "parameter '"+prm.Name()+"'")
			}
		}
		paramInputProperties(p, p.Root, func(name string, prop, parent *Node) {
			def := resolve(p.Root, prop)
			if def == nil || !isInternal(def) || def.Get("x-ms-notification-url").IsTrue() {
				return
			}
			required := paramListed(parent.Get("required"), name)
			paramCheckInternal(p, prop, def, required, "property '"+name+"'")
		})
	},
}

func paramCheckInternal(p *lint.Pass, at, def *Node, required bool, what string) {
	hasDefault := def.Has("default")
	switch {
	case required && !hasDefault && paramIsScalar(def):
		p.Reportf(at, "The internal %s is required but has no 'default': nothing can fill it, since makers do not see it; give it a default, or make it visible", what)
	case !required && hasDefault:
		p.Reportf(at, "The %s is internal and has a default value, it must be required. Optional internal fields are ignored: mark it required", what)
	}
}

// paramListed reports whether the array arr holds the string s.
func paramListed(arr *Node, s string) bool {
	for _, c := range arr.List() {
		if c.IsString() && c.Value == s {
			return true
		}
	}
	return false
}

func paramIsScalar(s *Node) bool {
	t := s.Get("type").Str()
	return t != "object" && t != "array" && !s.Has("properties") && !s.Has("allOf")
}

// paramInputProperties calls fn for every property of the request body
// schemas, following $ref into definitions; each schema object is visited
// once.
func paramInputProperties(p *lint.Pass, root *Node, fn func(name string, prop, parent *Node)) {
	seen := map[*Node]bool{}
	var visit func(s *Node)
	visit = func(s *Node) {
		s = resolve(root, s)
		if s == nil || s.Kind != connector.Object || seen[s] {
			return
		}
		seen[s] = true
		for _, prop := range s.Get("properties").List() {
			fn(prop.Key, prop, s)
			visit(prop)
		}
		visit(s.Get("items"))
		visit(s.Get("additionalProperties"))
		for _, a := range s.Get("allOf").List() {
			visit(a)
		}
	}
	for _, prm := range paramWritten(p, root) {
		if prm.In() == "body" {
			visit(prm.Def.Get("schema"))
		}
	}
}

// ---------------------------------------------------------------- triggers

var paramSameNameFetchSubscribe = &lint.Rule{
	ID:             "param-same-name-fetch-subscribe",
	Level:          lint.Certification,
	Title:          "Fetch and subscribe operations agree on shared parameters",
	Source:         "catalog §1.6 param-same-name-fetch-subscribe; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ParamtersWithSameNameMustHaveSameTypeAndVisibility"},
	Doc: `A trigger whose "x-ms-notification" names a webhook operation is one trigger with two
operations: the fetch (the trigger) and the subscribe (the webhook). The maker fills
the inputs once, so a parameter present in both must have the same type and the
same x-ms-visibility in both.

Bad:

    fetch:     {"name": "folder", "in": "query", "type": "string"}
    subscribe: {"name": "folder", "in": "query", "type": "integer"}

Good: give both the same type and visibility.`,
	Check: func(p *lint.Pass) {
		ops := operations(p, p.Root)
		byID := map[string]*Operation{}
		for _, op := range ops {
			byID[op.ID()] = op
		}
		once := paramOnce{}
		for _, fetch := range ops {
			id := fetch.Node.At("x-ms-notification", "operationId").Str()
			if sub := byID[id]; id != "" && sub != nil && sub != fetch {
				paramCompareShared(p, fetch, sub, once)
			}
		}
	},
}

func paramCompareShared(p *lint.Pass, fetch, sub *Operation, once paramOnce) {
	subParams := map[string]*Parameter{}
	for _, prm := range paramValid(parameters(p.Root, sub)) {
		if prm.In() != "body" {
			subParams[prm.Name()] = prm
		}
	}
	for _, prm := range paramValid(parameters(p.Root, fetch)) {
		other := subParams[prm.Name()]
		if prm.In() == "body" || other == nil || paramTypeVis(prm) == paramTypeVis(other) || !once.first(prm.Node) {
			continue
		}
		p.Reportf(prm.Node, "Parameters of the same name in fetch and subscribe operations must be of the same type and visibility: '%s' has %s in '%s' but %s in '%s'", prm.Name(), paramTypeVis(prm), fetch.Name(), paramTypeVis(other), sub.Name())
	}
}

func paramTypeVis(prm *Parameter) string {
	vis := prm.Def.Get("x-ms-visibility").Str()
	if vis == "" {
		vis = "none"
	}
	return fmt.Sprintf("type '%s' and visibility '%s'", prm.Def.Get("type").Str(), vis)
}
