package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Operation rules (catalog §1.4): each operation is named, described and
// answers with something the designer can show; the operation-level
// extensions have the shape the platform reads.

var operationRules = []*lint.Rule{
	operationIDRequired, operationIDUnique, operationIDSanitized, operationIDPascalCase, operationIDMaxLength,
	operationSummaryRequired, operationSummaryRestrictedChars, operationSummaryLength, operationSummaryStyle,
	operationDescriptionRequired, summaryNeDescription, textProductNames, operationVisibility, visibilityCanonical,
	operationMustHaveResponse, operationSuccessResponse, responseCodeValid, defaultResponseNoSchema,
	singleSchemaResponse, responseSchemaPresent, getNoBody, operationsMaxCount, schemaCountLimitsRule,
	tagsUnique, pageableNextLink, capabilitiesChunkTransfer, capabilitiesTestConnection, operationContextShape,
}

// The limits, allowed values and character sets of the operation rules.
// The docs below are built from them.
var (
	// opIDAllowed: an operationId equal to its sanitized value. "_" is
	// kept for revision suffixes such as GetItems_V2 (L-VER).
	opIDAllowed = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	// opIDPascal: Microsoft's coding standard, with a revision suffix.
	opIDPascal   = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*(_V[0-9]+)?$`)
	opIDRevision = regexp.MustCompile(`_[Vv][0-9]+$`)
	// opIDMaxLength: Microsoft does not publish the OperationIdTooLong
	// limit; 128 is ppconn's default.
	opIDMaxLength = 128

	opSummaryRestricted = `/\<>*%&?`
	// opSummaryLimits: certification asks for 80 characters or fewer; the
	// validator's OperationSummaryTooLong wants fewer than 120.
	opSummaryLimits = struct{ cert, validator int }{80, 120}

	opVisibilityValues = []string{"important", "advanced", "internal"}
	opNextLinkNames    = []string{"nextLink", "@odata.nextLink"}

	// opFetchMethods cannot carry a body or form data.
	opFetchMethods = []string{"get"}
	// opNoContentMethods usually answer without a body; so do the
	// opNoContentCodes. Neither needs an output schema.
	opNoContentMethods = []string{"delete", "head", "options"}
	opNoContentCodes   = []string{"204"}

	opCapabilityKeys     = []string{"chunkTransfer"}
	opRootCapabilityKeys = []string{"file-picker", "testConnection"}

	opMaxOperations     = 256
	opSchemaCountLimits = struct{ body, operation, total int }{512, 16384, 256 * 16384}
)

// opStr returns the trimmed text of a member of n, and the member.
func opStr(n *Node, key string) (string, *Node) {
	m := n.Get(key)
	return strings.TrimSpace(m.Str()), m
}

// opIndex maps operationIds to their first operation.
func opIndex(p *lint.Pass, root *Node) map[string]*Operation {
	idx := map[string]*Operation{}
	for _, op := range operations(p, root) {
		if id := op.ID(); id != "" && idx[id] == nil {
			idx[id] = op
		}
	}
	return idx
}

// opIDSuggestion turns an operationId into PascalCase, keeping a revision
// suffix: get-items_v2 → GetItems_V2, GET_ITEMS → GetItems.
func opIDSuggestion(id string) string {
	rev := opIDRevision.FindString(id)
	id = strings.TrimSuffix(id, rev)
	words := strings.FieldsFunc(id, func(r rune) bool { return r >= unicode.MaxASCII || !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for _, w := range words {
		rest := w[1:]
		if strings.ToUpper(w) == w {
			rest = strings.ToLower(rest)
		}
		b.WriteString(strings.ToUpper(w[:1]) + rest)
	}
	return b.String() + strings.ToUpper(rev)
}

// opIDHint proposes the PascalCase form of id after lead, or nothing.
func opIDHint(id, lead string) string {
	if s := opIDSuggestion(id); s != "" {
		return lead + "'" + s + "'"
	}
	return ""
}

// opMissing reports a required text member of an operation that is absent
// or empty.
func opMissing(p *lint.Pass, op *Operation, key, hint string) {
	text, n := opStr(op.Node, key)
	switch {
	case n == nil:
		p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The '%s' property is required: %s %s has none; %s", key, strings.ToUpper(op.Method), op.Path, hint)})
	case n.IsString() && text == "":
		p.Reportf(n, "%s; %s", emptyValue(key), hint)
	}
}

var operationIDRequired = &lint.Rule{
	ID:             "operation-id-required",
	Level:          lint.Certification,
	Title:          "Every operation must have an operationId",
	Source:         "catalog §1.4 operation-id-required; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationIdRequired"},
	Doc: `The operationId names the action or trigger in flows and apps, in dynamic values and
in the custom code. Without it the validator refuses the operation.

Bad:

    "/teams": {"get": {"summary": "List teams", ...}}

Good:

    "/teams": {"get": {"operationId": "ListTeams", "summary": "List teams", ...}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			opMissing(p, op, "operationId", "add a unique PascalCase operationId, such as 'GetMessages'")
		}
	},
}

var operationIDUnique = &lint.Rule{
	ID:             "operation-id-unique",
	Level:          lint.Certification,
	Title:          "operationIds must be unique",
	Source:         "catalog §1.4 operation-id-unique; L-SVR; L-VER",
	Since:          since,
	ValidatorCodes: []string{"OperationIdNotUnique"},
	Doc: `Flows call an operation by its operationId, so two operations cannot share one.

Bad:

    "/teams": {"get": {"operationId": "GetTeams"}},
    "/archived-teams": {"get": {"operationId": "GetTeams"}}

Good:

    "/teams": {"get": {"operationId": "GetTeams"}},
    "/archived-teams": {"get": {"operationId": "GetArchivedTeams"}}`,
	Check: func(p *lint.Pass) {
		first := map[string]*Operation{}
		for _, op := range operations(p, p.Root) {
			id := op.ID()
			prev, dup := first[id]
			switch {
			case id == "":
			case dup:
				p.Report(lint.Diagnostic{
					Node:    op.Node.Get("operationId"),
					Message: fmt.Sprintf("The operationId '%s' is used multiple times. Operation identifiers must be unique: %s %s has it too; rename this one", id, strings.ToUpper(prev.Method), prev.Path),
					Related: []lint.RelatedInfo{{Node: prev.Node.Get("operationId"), Message: fmt.Sprintf("the first operationId '%s'", id)}},
				})
			default:
				first[id] = op
			}
		}
	},
}

var operationIDSanitized = &lint.Rule{
	ID:             "operation-id-sanitized",
	Level:          lint.Certification,
	Title:          "An operationId holds only letters, digits and '_'",
	Source:         "catalog §1.4 operation-id-sanitized (INFERRED: '_' allowed); L-SVR; L-VER",
	Since:          since,
	ValidatorCodes: []string{"OperationIdSanitized"},
	Doc: `The platform sanitizes operationIds; one with other characters ("-", ".", spaces,
accents) differs from its sanitized value, and the validator asks to "avoid the usage
of non-alphanumeric characters". ppconn allows "_", which Microsoft uses for revision
suffixes (GetItems_V2). Renaming the operationId of a published connector breaks the
flows that use it: add the new operation and deprecate the old one instead.

Bad:

    "operationId": "get-team.details"

Good:

    "operationId": "GetTeamDetails"`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			id := op.ID()
			if id == "" || opIDAllowed.MatchString(id) {
				continue
			}
			p.Reportf(op.Node.Get("operationId"), "The 'operationId' property value '%s' is different from its sanitized value: it contains %s. Please avoid non-alphanumeric characters; use letters, digits and '_' only%s", id, quoteList(opIDOddChars(id)), opIDHint(id, ", such as "))
		}
	},
}

// opIDOddChars lists, once each, the characters of id outside [A-Za-z0-9_].
func opIDOddChars(id string) []string {
	var out []string
	for _, r := range id {
		if s := string(r); !opIDAllowed.MatchString(s) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

var operationIDPascalCase = &lint.Rule{
	ID:     "operation-id-pascal-case",
	Level:  lint.Guidance,
	Title:  "operationIds are PascalCase",
	Source: "catalog §1.4 operation-id-pascal-case; L-CODE; L-STR",
	Since:  since,
	Doc: `Microsoft's coding standard writes operationIds in PascalCase, without "-" or "_":
GetMessages, not getMessages or Get_Messages. A revision suffix such as "_V2" (L-VER)
is accepted. Characters other than letters, digits and "_" are reported by
operation-id-sanitized. Follow it for new operations only: renaming a published
operationId breaks every flow and app that uses the operation, so keep an existing one
(add a revision such as GetMessages_V2 and deprecate the old one instead).

Bad:

    "operationId": "get_messages"

Good:

    "operationId": "GetMessages"`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			id := op.ID()
			if id == "" || !opIDAllowed.MatchString(id) || opIDPascal.MatchString(id) {
				continue
			}
			p.Reportf(op.Node.Get("operationId"), "The operationId '%s' is not PascalCase (such as 'GetMessages', with '_' only in a revision suffix such as '_V2')%s: for a new operation only, since renaming a published one breaks every flow that uses it", id, opIDHint(id, "; prefer "))
		}
	},
}

var operationIDMaxLength = &lint.Rule{
	ID:             "operation-id-max-length",
	Level:          lint.Certification,
	Title:          "An operationId must not be too long",
	Source:         "catalog §1.4 operation-id-max-length; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationIdTooLong"},
	Options: []lint.Option{{Name: "max-length", Default: opIDMaxLength,
		Doc: "the longest operationId accepted; Microsoft does not publish the limit of OperationIdTooLong"}},
	Doc: `The validator refuses operationIds over a length limit ("The operationId length must
be less than '{0}'") but Microsoft does not publish the value. ppconn reports
operationIds longer than ` + strconv.Itoa(opIDMaxLength) + ` characters by default; set the option max-length
to the limit you meet. Short names also read better in flows and code.

Bad:

    "operationId": "GetTheListOfAllTheTeamsThatTheSignedInUserIsAMemberOfIncludingArchivedOnes..."

Good:

    "operationId": "ListMyTeams"`,
	Check: func(p *lint.Pass) {
		limit := p.IntOption("max-length")
		for _, op := range operations(p, p.Root) {
			if n := utf8.RuneCountInString(op.ID()); n > limit {
				p.Reportf(op.Node.Get("operationId"), "The operationId length must be less than the platform's limit: it has %d characters, over ppconn's limit of %d (option max-length; Microsoft does not publish the value); shorten it", n, limit)
			}
		}
	},
}

var operationSummaryRequired = &lint.Rule{
	ID:     "operation-summary-required",
	Level:  lint.Certification,
	Title:  "Every operation must have a summary",
	Source: "catalog §1.4 operation-summary-required; L-CERT checklist; L-CODE",
	Since:  since,
	Doc: `The summary is the name of the action or trigger in the designer. Certification
checks that "no operations are missing a summary, description, or visibility
information". Internal operations ("x-ms-visibility": "internal") are not shown in
the designer and are not checked: accepted certified connectors leave the summary
off such helper operations (dynamic-values sources, webhook deletes).

Bad:

    "get": {"operationId": "ListTeams", ...}

Good:

    "get": {"operationId": "ListTeams", "summary": "List teams", ...}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if op.IsInternal() {
				continue
			}
			opMissing(p, op, "summary", "add a short sentence-case phrase, such as 'List messages': it names the action in the designer")
		}
	},
}

var operationSummaryRestrictedChars = &lint.Rule{
	ID:              "operation-summary-restricted-chars",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "Summary string contains any of the restricted characters" in microsoft/PowerPlatformConnectors PR#1095`,
	Level:           lint.Certification,
	Title:           "A summary must not contain " + strings.Join(strings.Split(opSummaryRestricted, ""), " "),
	Source:          "catalog §1.4 operation-summary-restricted-chars; L-SVR; PR#1095",
	Since:           since,
	Fixable:         true,
	ValidatorCodes:  []string{"RestrictedCharactersInSummary"},
	Doc: `The validator refuses an operation summary that holds any of the characters
[` + opSummaryRestricted + `]: "Summary string contains any of the restricted characters".

Bad:

    "summary": "Create/update a team & its members"

Good:

    "summary": "Create or update a team and its members"

Fix: " & " becomes " and ", one "/" between two words of three letters or more
becomes " or " ("Create/update" → "Create or update"), and a final "?" is dropped.
A summary with any other restricted character ("N/A", "50%", a path) is left to the
author: only the wording can say what it means.`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			text, n := opStr(op.Node, "summary")
			if found := opSummaryRestrictedIn(text); len(found) > 0 {
				var fix *lint.Fix
				if fixed, ok := opSummaryWithoutRestricted(n.Value); ok {
					fix = lint.SetValue(n, fixed)
				}
				p.Report(lint.Diagnostic{Node: n, Fix: fix, Message: fmt.Sprintf("Summary string contains any of the restricted characters [%s]: remove %s (write 'and' for '&', 'or' for '/')", opSummaryRestricted, quoteList(found))})
			}
		}
	},
}

var (
	opSummaryAmpersand = regexp.MustCompile(`\s+&\s+`)
	opSummarySlash     = regexp.MustCompile(`(\pL{3,})/(\pL{3,})`)
	opSummaryQuestion  = regexp.MustCompile(`\s*\?\s*$`)
)

// opSummaryWithoutRestricted rewrites the restricted characters of a
// summary that have an unambiguous wording: " & " → " and ", one
// "word/word" → "word or word", a final "?" dropped. It fails when any
// restricted character is left.
func opSummaryWithoutRestricted(s string) (string, bool) {
	s = opSummaryAmpersand.ReplaceAllString(s, " and ")
	if strings.Count(s, "/") == 1 {
		s = opSummarySlash.ReplaceAllString(s, "$1 or $2")
	}
	s = opSummaryQuestion.ReplaceAllString(s, "")
	if strings.TrimSpace(s) == "" || len(opSummaryRestrictedIn(s)) > 0 {
		return "", false
	}
	return s, true
}

// opSummaryRestrictedIn lists, once each, the restricted characters in s.
func opSummaryRestrictedIn(s string) []string {
	var out []string
	for _, r := range s {
		if c := string(r); strings.ContainsRune(opSummaryRestricted, r) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

var operationSummaryLength = &lint.Rule{
	ID:             "operation-summary-length",
	Level:          lint.Certification,
	Title:          "A summary is at most " + strconv.Itoa(opSummaryLimits.cert) + " characters",
	Source:         "catalog §1.4 operation-summary-length; L-CERT; L-STR; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationSummaryTooLong"},
	Options: []lint.Option{{Name: "max-length", Default: opSummaryLimits.cert,
		Doc: "the longest summary accepted; certification asks for " + strconv.Itoa(opSummaryLimits.cert) + " or fewer"}},
	Doc: `Certification asks for summaries that are "phrases of ` + strconv.Itoa(opSummaryLimits.cert) + ` characters or shorter",
and the string guidance says the same. The validator's own limit
(OperationSummaryTooLong) is higher: fewer than ` + strconv.Itoa(opSummaryLimits.validator) + ` characters. ppconn reports
summaries over ` + strconv.Itoa(opSummaryLimits.cert) + ` characters (option max-length) and says when they also break the
validator's limit.

Bad:

    "summary": "Get the list of all the teams that the signed-in user is a member of, including archived ones"

Good:

    "summary": "List my teams"`,
	Check: func(p *lint.Pass) {
		limit := p.IntOption("max-length")
		for _, op := range operations(p, p.Root) {
			text, node := opStr(op.Node, "summary")
			n := utf8.RuneCountInString(text)
			switch {
			case n >= opSummaryLimits.validator && n > limit:
				p.Reportf(node, "The operation 'summary' should be fewer than %d characters: it has %d, over the validator's hard limit and the certification limit of %d; shorten it", opSummaryLimits.validator, n, opSummaryLimits.cert)
			case n > limit:
				p.Reportf(node, "The operation 'summary' has %d characters, over the limit of %d (certification: %d or fewer; the validator's hard limit is fewer than %d); shorten it", n, limit, opSummaryLimits.cert, opSummaryLimits.validator)
			}
		}
	},
}

var operationSummaryStyle = &lint.Rule{
	ID:             "operation-summary-style",
	Level:          lint.Guidance,
	Title:          "A summary ends with a letter, a digit or ')', without spaces around it",
	Source:         "catalog §1.4 operation-summary-style; L-CERT; L-STR",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"ValueMustEndWithAlphanumeric"},
	Doc: `Summaries are short phrases, not sentences: they hold letters, digits and
parentheses and do not end in punctuation or white space. The restricted characters
(` + opSummaryRestricted + `) are reported by operation-summary-restricted-chars.

Bad:

    "summary": "Lists the teams."

Good:

    "summary": "List teams"

Fix: the white space around the summary and the punctuation at its end (` + "`" + opTrailingPunct + "`" + `)
are removed, when what is left ends with a letter, a digit or ")".`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			n := op.Node.Get("summary")
			if msg := opSummaryStyleProblem(n.Str()); msg != "" {
				var fix *lint.Fix
				if fixed := trimTrailingPunct(n.Value); fixed != "" && opSummaryStyleProblem(fixed) == "" {
					fix = lint.SetValue(n, fixed)
				}
				p.Report(lint.Diagnostic{Node: n, Fix: fix, Message: msg})
			}
		}
	},
}

// opTrailingPunct is the punctuation a summary or a title may lose from
// its end: sentence punctuation, never brackets or quotes.
const opTrailingPunct = ".,;:!-–—…"

// trimTrailingPunct removes the white space around s and the punctuation
// (opTrailingPunct) and white space at its end.
func trimTrailingPunct(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(opTrailingPunct, r)
	})
}

func opSummaryStyleProblem(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	if strings.TrimSpace(s) != s {
		return "The summary starts or ends with white space; remove it"
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsLetter(last) || unicode.IsDigit(last) || last == ')' || strings.ContainsRune(opSummaryRestricted, last) {
		return ""
	}
	return fmt.Sprintf("The 'summary' value must end with alphanumeric character: remove the trailing '%c'; a summary is a phrase, not a sentence", last)
}

var operationDescriptionRequired = &lint.Rule{
	ID:     "operation-description-required",
	Level:  lint.Certification,
	Title:  "Every operation must have a description",
	Source: "catalog §1.4 operation-description-required; L-CERT; L-CODE; L-STR",
	Since:  since,
	Doc: `The description is the help text of the action in the designer. Certification
checks that no operation is missing one; write a full sentence that ends with a
period. Internal operations are not shown in the designer and are not checked.

Bad:

    "get": {"operationId": "ListTeams", "summary": "List teams", ...}

Good:

    "get": {"operationId": "ListTeams", "summary": "List teams",
        "description": "Lists the teams that the signed-in user is a member of.", ...}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if op.IsInternal() {
				continue
			}
			opMissing(p, op, "description", "add a full sentence that says what the operation does")
		}
	},
}

// opTitleKeys says which member is the short title of each kind of object,
// for summary-ne-description.
var (
	opTitleKeys  = map[objType]string{tOperation: "summary", tParameter: "x-ms-summary", tSchema: "x-ms-summary"}
	opTitleTypes = typesOf(opTitleKeys)
)

// opWalkShown calls fn with every object of types (of opTitleTypes:
// operations, parameters, schemas) that a maker sees, and the member that
// is its short title (opTitleKeys): internal ones, and parameters used
// only by internal operations, are skipped.
func opWalkShown(p *lint.Pass, root *Node, types []objType, fn func(n *Node, t objType, title string)) {
	visible := makerVisible(p, root)
	preorder(p, root, types, func(n *Node, t objType) {
		if !isInternal(n) && (t != tParameter || visible[n]) {
			fn(n, t, opTitleKeys[t])
		}
	})
}

// opSameText compares two texts as a reader would: case, surrounding space
// and a final period do not count.
func opSameText(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		// Lowering an ASCII text changes no space and no '.', and
		// EqualFold is equality of the lowered texts: the same answer
		// without the two copies (a tenth of the rules' ToLower on the
		// corpus, issue #16).
		ta := strings.TrimSuffix(strings.TrimSpace(a), ".")
		return ta != "" && strings.EqualFold(ta, strings.TrimSuffix(strings.TrimSpace(b), "."))
	}
	return opSameTextLowered(a, b)
}

// opSameTextLowered is opSameText for any text: lowered, then trimmed.
func opSameTextLowered(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.TrimSpace(strings.ToLower(s)), ".") }
	na := norm(a)
	return na != "" && na == norm(b)
}

var summaryNeDescription = &lint.Rule{
	ID:       "summary-ne-description",
	Level:    lint.Guidance,
	InfoOnly: true,
	Title:    "A description must say more than the summary",
	Source:   "catalog §1.4 summary-ne-description; L-CODE; L-STR",
	Since:    since,
	Doc: `The designer shows the summary (operation "summary", parameter or property
"x-ms-summary") as the name, and the description as the help text. When both are the
same text, the help says nothing. Compared without regard to case, surrounding space
and a final period. Elements no maker sees (internal operations, parameters and
properties, and the parameters of internal operations) are skipped.

Info in every profile: even narrowed so, it fires on about half of the certified
connectors Microsoft accepted (48%, docs/precision.md), and no validator log or
review comment enforces it.

Bad:

    "summary": "List teams", "description": "List teams"

Good:

    "summary": "List teams", "description": "Lists the teams that the signed-in user is a member of."`,
	Check: func(p *lint.Pass) {
		opWalkShown(p, p.Root, opTitleTypes, func(n *Node, t objType, key string) {
			title, desc := n.Get(key).Str(), n.Get("description")
			if opSameText(title, desc.Str()) {
				p.Reportf(desc, "The description repeats the %s '%s'; say more in it: what it does, needs or returns", key, title)
			}
		})
	},
}

var textProductNames = &lint.Rule{
	ID:     "text-product-names",
	Level:  lint.Guidance,
	Title:  "Operation and parameter summaries and descriptions name no Power Platform product",
	Source: "L-STR (Learn, connector string guidance); PR#3407; R-CORPUS",
	Since:  since,
	Doc: `A connector is one for every product that uses it: the same operation shows in Power
Automate, Power Apps, Logic Apps and Copilot Studio. Microsoft's connector string
guidance keeps product names out of the connector's title and description ("can't
refer to Microsoft Copilot Studio or any other Microsoft Power Platform product"), and
the validator refuses them there (info-title-restricted-words,
info-description-restricted-words). The same reason holds for what a maker reads
next: the summary and description of an operation, and the x-ms-summary and
description of a parameter. "Starts a Power Automate flow when a ticket is created"
reads wrong in Copilot Studio; "When a ticket is created" does not. The names are
matched as whole words and phrases in any case: ` + productWords.String() + `. Internal
operations and parameters are skipped, since no maker sees them.

It is guidance: no validator log shows the check on operations. On the certified corpus
(` + "`" + `../shared/corpus` + "`" + `) it fires on none of the 381 parseable connectors: their
product names sit in the connector description (caught by
info-description-restricted-words) and in response schemas, never in a text of a
visible operation or parameter.

Bad:

    "summary": "Send to Power Automate", "description": "Use this in a Power Automate flow."

Good:

    "summary": "Send a message", "description": "Sends a message to a Contoso Teams channel."`,
	Check: func(p *lint.Pass) {
		opWalkShown(p, p.Root, []objType{tOperation, tParameter}, func(n *Node, t objType, title string) {
			for _, key := range []string{title, "description"} {
				if v := n.Get(key); v.IsString() {
					if found := productWords.find(v.Value); len(found) > 0 {
						p.Reportf(v, "The %s of %s names %s: the same %s shows in every product that uses the connector; say what it does in the service instead", key, opTextOwner(n, t), quoteAnd(found), opKindName(t))
					}
				}
			}
		})
	},
}

// opTextOwner names the operation or parameter n in messages.
func opTextOwner(n *Node, t objType) string {
	if t == tParameter {
		return "the parameter '" + n.Get("name").Str() + "'"
	}
	return "the operation '" + cmp.Or(n.Get("operationId").Str(), n.Key) + "'"
}

// opKindName names an operation or a parameter in messages.
func opKindName(t objType) string {
	if t == tParameter {
		return "parameter"
	}
	return "operation"
}

var operationVisibility = &lint.Rule{
	ID:     "operation-visibility",
	Level:  lint.Certification,
	Title:  "x-ms-visibility is one of " + strings.Join(opVisibilityValues, ", "),
	Source: "catalog §1.4 operation-visibility; L-EXT; L-VER; R-SCHEMA-SW",
	Since:  since,
	Doc: `On operations, parameters and schema properties, x-ms-visibility is one of
` + quoteList(opVisibilityValues) + `, or left out for the normal visibility.
A value that is none of these in any case ("hidden", "internl"), or that is not a
string (true, 1, an object), is reported. Misspelled keys (x-ms-visibilty) are
reported by the extension typo rule.

The forms Microsoft documents for the normal visibility, "" and null, and the
capitalised spellings ("Important", "Advanced", "Internal") are not reported here:
Learn's "Implement versioning operations" page lists null, "", "Important",
"Advanced" and "Internal" as the values of x-ms-visibility, null and "" meaning
normal. The guidance rule visibility-canonical suggests the lower-case spelling of
the OpenAPI extensions page.

Bad:

    "x-ms-visibility": "hidden"
    "x-ms-visibility": true

Good:

    "x-ms-visibility": "important"
    "x-ms-visibility": "Advanced"`,
	Check: func(p *lint.Pass) {
		walkTyped(p, p.Root, func(n *Node, t objType) {
			if v := n.Get("x-ms-visibility"); v != nil {
				if msg := opVisibilityProblem(v); msg != "" {
					p.Reportf(v, "%s", msg)
				}
			}
		})
	},
}

// opVisibilityNormal reports whether v is one of the documented spellings of
// a visibility: a known value in any case, "", or null.
func opVisibilityNormal(v *Node) bool {
	return v.Kind == connector.Null || v.IsString() &&
		(v.Value == "" || slices.Contains(opVisibilityValues, strings.ToLower(strings.TrimSpace(v.Value))))
}

func opVisibilityProblem(v *Node) string {
	allowed := quoteList(opVisibilityValues)
	switch {
	case opVisibilityNormal(v):
		return ""
	case !v.IsString():
		return fmt.Sprintf("x-ms-visibility must be a string, one of %s, not %s; remove it for the normal visibility", allowed, v.Kind)
	}
	hint := didYouMean(v.Value, opVisibilityValues)
	return fmt.Sprintf("x-ms-visibility '%s' is not one of %s%s", v.Value, allowed, hint)
}

var visibilityCanonical = &lint.Rule{
	ID:       "visibility-canonical",
	Level:    lint.Guidance,
	InfoOnly: true,
	Title:    "x-ms-visibility is written in lower case, and left out for the normal visibility",
	Source:   "L-EXT (OpenAPI extensions: important, advanced, internal); L-VER (Implement versioning operations: null and \"\" are normal)",
	Since:    since,
	Fixable:  true,
	Doc: `The OpenAPI extensions page spells the values of x-ms-visibility in lower case
(` + quoteList(opVisibilityValues) + `). The versioning page also documents null,
"" and the capitalised spellings "Important", "Advanced" and "Internal", null and
"" meaning the normal visibility, and the platform accepts all of them: this is
a nudge toward one spelling, never a defect. Info in every profile.

Bad (works, but reads as a mistake):

    "x-ms-visibility": "Advanced"
    "x-ms-visibility": ""

Good:

    "x-ms-visibility": "advanced"

Fix: a capitalised value is lower-cased ("Advanced" → "advanced"); an empty or
null x-ms-visibility is removed, which leaves the normal visibility.`,
	Check: func(p *lint.Pass) {
		walkTyped(p, p.Root, func(n *Node, t objType) {
			v := n.Get("x-ms-visibility")
			if v == nil || !opVisibilityNormal(v) {
				return
			}
			switch lower := strings.ToLower(strings.TrimSpace(v.Value)); {
			case v.Kind == connector.Null || v.Value == "":
				p.Report(lint.Diagnostic{Node: v, Fix: lint.Remove(v), Message: fmt.Sprintf("x-ms-visibility %s means the normal visibility; leave it out, which says the same", visibilityShown(v))})
			case lower != v.Value:
				p.Report(lint.Diagnostic{Node: v, Fix: lint.SetValue(v, lower), Message: fmt.Sprintf("x-ms-visibility '%s' works, but the extension is documented as '%s', in lower case", v.Value, lower)})
			}
		})
	},
}

// visibilityShown names an empty or null visibility value in a message.
func visibilityShown(v *Node) string {
	if v.Kind == connector.Null {
		return "null"
	}
	return `""`
}

// opResponses lists the responses of an operation (extensions left out).
func opResponses(op *Operation) []*Node {
	var out []*Node
	for _, r := range op.Node.Get("responses").List() {
		if !strings.HasPrefix(r.Key, "x-") {
			out = append(out, r)
		}
	}
	return out
}

func opIsSuccess(code string) bool { return len(code) == 3 && code[0] == '2' }

var operationMustHaveResponse = &lint.Rule{
	ID:             "operation-must-have-response",
	Level:          lint.Certification,
	Title:          "Every operation must declare at least one response",
	Source:         "catalog §1.4 operation-must-have-response; L-SVR; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"OperationMustHaveResponse"},
	Doc: `Swagger 2.0 requires "responses" with at least one response; the validator says "The
operation is not valid, it must contain at least one response definition."

Bad:

    "post": {"operationId": "CreateTeam", "responses": {}}

Good:

    "post": {"operationId": "CreateTeam", "responses": {"201": {"description": "Created", "schema": {...}}}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			resp := op.Node.Get("responses")
			switch {
			case resp == nil:
				p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The operation is not valid, it must contain at least one response definition: %s has no 'responses'; add the success response, such as \"200\": {\"description\": \"OK\", \"schema\": {...}}", op.Name())})
			case len(opResponses(op)) == 0:
				p.Report(lint.Diagnostic{Node: resp, AtKey: true, Message: fmt.Sprintf("The operation is not valid, it must contain at least one response definition: add the success response of %s, such as \"200\": {\"description\": \"OK\", \"schema\": {...}}", op.Name())})
			}
		}
	},
}

var operationSuccessResponse = &lint.Rule{
	ID:             "operation-success-response",
	Level:          lint.Certification,
	Title:          "Every operation should declare a 2xx response",
	Source:         "catalog §1.4 operation-success-response; L-SVR; L-CODE",
	Enforced:       "reviewers refuse operations whose only response is default (microsoft/PowerPlatformConnectors PR#1237 2021-11-02, PR#2755 2023-06-28: \"not allowed to have a default response only\")",
	Since:          since,
	ValidatorCodes: []string{"OperationShouldHaveSuccessfulResponse"},
	Doc: `The designer takes the outputs of an action from its successful response, and
"default" does not count as one. Declare the 2xx code the API answers with.

Bad:

    "responses": {"default": {"description": "OK", "schema": {...}}}

Good:

    "responses": {"200": {"description": "OK", "schema": {...}}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			codes := opResponses(op)
			if len(codes) == 0 || slices.ContainsFunc(codes, func(r *Node) bool { return opIsSuccess(r.Key) }) {
				continue
			}
			hint := ""
			if len(codes) == 1 && codes[0].Key == "default" {
				hint = "; 'default' must not be the only response"
			}
			p.Report(lint.Diagnostic{Node: op.Node.Get("responses"), AtKey: true, Message: fmt.Sprintf("The operation '%s' should have at least one successful response definition: add the 2xx response the API answers with%s", op.Name(), hint)})
		}
	},
}

var opResponseCodePattern = regexp.MustCompile(`^[1-5][0-9]{2}$`)

var responseCodeValid = &lint.Rule{
	ID:             "response-code-valid",
	Level:          lint.Certification,
	Title:          "Response keys are HTTP status codes or 'default'",
	Source:         "catalog §1.4 response-code-valid; L-SVR; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"ResponseMustBeDefaultOrHttpStatusCode"},
	Doc: `A key under "responses" is a three-digit HTTP status code (100 to 599), "default",
or an extension (x-...). Swagger 2.0 has no ranges such as "2XX".

Bad:

    "responses": {"2XX": {...}, "OK": {...}}

Good:

    "responses": {"200": {...}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			for _, r := range opResponses(op) {
				if r.Key == "default" || opResponseCodePattern.MatchString(r.Key) {
					continue
				}
				hint := ""
				if strings.HasSuffix(strings.ToUpper(r.Key), "XX") {
					hint = "; Swagger 2.0 has no ranges: list each code"
				}
				p.Report(lint.Diagnostic{Node: r, AtKey: true, Message: fmt.Sprintf("The response is not valid, the response must be a valid HTTP status code, or the string 'default': '%s'%s", r.Key, hint)})
			}
		}
	},
}

var defaultResponseNoSchema = &lint.Rule{
	ID:              "default-response-no-schema",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'default' response should not have schema definition" in microsoft/PowerPlatformConnectors PR#3810, PR#3841 and PR#4181`,
	Level:           lint.Certification,
	Title:           "The 'default' response has no schema",
	Source:          "catalog §1.4 default-response-no-schema; L-SVR; L-CERT; PR#3810; PR#4181",
	Since:           since,
	ValidatorCodes:  []string{"DefaultResponseHasSchema"},
	Doc: `The validator refuses a schema on the "default" response: "Schemas should be defined
on expected responses only." Put the output schema on the 2xx response.

Bad:

    "responses": {"default": {"description": "OK", "schema": {"$ref": "#/definitions/Team"}}}

Good:

    "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/Team"}}}`,
	Check: func(p *lint.Pass) {
		const msg = "The 'default' response should not have schema definition. Schemas should be defined on expected responses only: move it to the 2xx response"
		for _, op := range operations(p, p.Root) {
			def := op.Node.Get("responses").Get("default")
			switch {
			case def.Has("schema"):
				p.Report(lint.Diagnostic{Node: def.Get("schema"), AtKey: true, Message: msg})
			case def.Has("$ref") && resolve(p.Root, def).Has("schema"):
				p.Reportf(def.Get("$ref"), "%s (this reference brings one)", msg)
			}
		}
	},
}

// opSuccessSchemas lists the 2xx responses of an operation that carry a
// schema, with the node to report each at.
func opSuccessSchemas(root *Node, op *Operation) []*Node {
	var out []*Node
	for _, r := range opResponses(op) {
		if !opIsSuccess(r.Key) {
			continue
		}
		if s := r.Get("schema"); s != nil {
			out = append(out, s)
		} else if resolve(root, r).Has("schema") {
			out = append(out, r.Get("$ref"))
		}
	}
	return out
}

var singleSchemaResponse = &lint.Rule{
	ID:             "single-schema-response",
	Level:          lint.Certification,
	Title:          "Only one success response carries a schema",
	Source:         "catalog §1.4 single-schema-response; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationHasManyResponsesWithSchema"},
	Doc: `The designer builds the outputs of an action from one response schema only:
"only one schema will be used in the designer". ppconn counts the 2xx responses:
schemas on error responses (4xx, 5xx) are never shown, and a schema on "default" is
reported by default-response-no-schema.

Bad:

    "responses": {"200": {"schema": {"$ref": "#/definitions/Team"}},
                  "201": {"schema": {"$ref": "#/definitions/Team"}}}

Good:

    "responses": {"200": {"schema": {"$ref": "#/definitions/Team"}},
                  "201": {"description": "Created"}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			schemas := opSuccessSchemas(p.Root, op)
			for _, s := range schemas[min(1, len(schemas)):] {
				p.Reportf(s, "The operation '%s' has more than one response with specified schema, only one schema will be used in the designer: keep the schema on the '%s' response only", op.Name(), schemas[0].Parent.Key)
			}
		}
	},
}

// opNeedsOutputSchema says whether the designer needs an output schema for
// the operation: not for operations that answer without content, internal
// ones, webhook triggers (their output is x-ms-notification-content) and
// the MCP operation (the server describes its tools' outputs).
func opNeedsOutputSchema(op *Operation) bool {
	codes := opResponses(op)
	switch {
	case slices.Contains(opNoContentMethods, op.Method),
		op.IsInternal(),
		op.IsAgentic(),
		op.IsTrigger() && op.PathItem.Has("x-ms-notification-content"),
		slices.ContainsFunc(codes, func(r *Node) bool { return slices.Contains(opNoContentCodes, r.Key) }):
		return false
	}
	return slices.ContainsFunc(codes, func(r *Node) bool { return opIsSuccess(r.Key) })
}

var responseSchemaPresent = &lint.Rule{
	ID:     "response-schema-present",
	Level:  lint.Certification,
	Title:  "Every action defines its output schema on the success response",
	Source: "catalog §1.4 response-schema-present; L-CERT; R-README; L-SVR",
	Enforced: "the pull-request template makes the submitter attest that actions have response schemas unless dynamic, and reviewers refuse empty ones " +
		"(microsoft/PowerPlatformConnectors PR#1316 2022-01-04, PR#1360 2022-02-02, PR#2145 2022-11-16)",
	Since:          since,
	ValidatorCodes: []string{"SchemaDefinitionSetIncorrectly"},
	Doc: `Certification asks for exact operation responses: without a schema on the 2xx
response, the action has no outputs in the designer. For a file, use {"type":
"string", "format": "binary"}; for outputs known only at run time, x-ms-dynamic-schema.
Not reported: operations with method ` + quoteList(opNoContentMethods) + ` or a ` + quoteList(opNoContentCodes) + ` response
(no content), internal operations, webhook triggers, whose output is the
path's x-ms-notification-content, and the MCP operation of an MCP connector
(x-ms-agentic-protocol), whose server describes its tools' outputs itself.

Bad:

    "responses": {"200": {"description": "OK"}}

Good:

    "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/Team"}}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if !opNeedsOutputSchema(op) || len(opSuccessSchemas(p.Root, op)) > 0 {
				continue
			}
			first := opResponses(op)[slices.IndexFunc(opResponses(op), func(r *Node) bool { return opIsSuccess(r.Key) })]
			p.Report(lint.Diagnostic{Node: first, AtKey: true, Message: fmt.Sprintf("The operation '%s' should define an output schema on the 200 or 201 response code or in 'x-ms-notification-content' extension for a webhook to be visible in the designer: add a 'schema' to the '%s' response, or answer 204 if it returns nothing", op.Name(), first.Key)})
		}
	},
}

var getNoBody = &lint.Rule{
	ID:             "get-no-body",
	Level:          lint.Certification,
	Title:          "GET operations take no body or form data",
	Source:         "catalog §1.4 get-no-body; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"BodyOrFormDataParameterInFetchOperationNotAllowed"},
	Doc: `A GET request has no body: "Body or form data parameters are not supported in a fetch
operation." Send the values as query parameters, or use POST.

Bad:

    "get": {"parameters": [{"name": "filter", "in": "body", "schema": {...}}]}

Good:

    "get": {"parameters": [{"name": "filter", "in": "query", "type": "string"}]}`,
	Check: func(p *lint.Pass) {
		seen := map[*Node]bool{}
		for _, op := range operations(p, p.Root) {
			if !slices.Contains(opFetchMethods, op.Method) {
				continue
			}
			for _, prm := range parameters(p.Root, op) {
				if prm.Def == nil || seen[prm.Node] || (prm.In() != "body" && prm.In() != "formData") {
					continue
				}
				seen[prm.Node] = true
				p.Reportf(prm.Node, "Body or form data parameters are not supported in a fetch operation: the '%s' parameter '%s' of %s; send it in the query, or make the operation a POST", prm.In(), prm.Name(), op.Name())
			}
		}
	},
}

var operationsMaxCount = &lint.Rule{
	ID:             "operations-max-count",
	Level:          lint.Certification,
	Title:          "At most " + strconv.Itoa(opMaxOperations) + " operations per definition",
	Source:         "catalog §1.4 operations-max-count; L-FAQ; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"TotalOperationsCountExceedsMaxAllowed"},
	Options: []lint.Option{{Name: "max", Default: opMaxOperations,
		Doc: "the most operations accepted in one definition (the FAQ gives " + strconv.Itoa(opMaxOperations) + ")"}},
	Doc: `Microsoft's FAQ gives a maximum of ` + strconv.Itoa(opMaxOperations) + ` operations per definition, and the validator
refuses more ("The total number of operations in the swagger exceeds the maximum
allowed value").

Bad: one connector with every endpoint of a large API (300 operations).

Good: two connectors by area (Sales, Inventory), each under the limit.`,
	Check: func(p *lint.Pass) {
		limit := p.IntOption("max")
		if n := len(operations(p, p.Root)); n > limit {
			p.Report(lint.Diagnostic{Node: p.Root.Get("paths"), AtKey: true, Message: fmt.Sprintf("The total number of operations in the swagger exceeds the maximum allowed value of '%d': it has %d; split the connector or remove operations", limit, n)})
		}
	},
}

// opSchemaCountCap bounds the counts, which grow exponentially on
// pathological definitions.
const opSchemaCountCap = 1 << 40

// opSchemaCounter counts the schema objects of a schema once every $ref is
// replaced by its target. A reference back to a schema being expanded (a
// recursive schema) counts as one schema and is not expanded again. The
// counts of reference targets are memoized, so each is walked once.
type opSchemaCounter struct {
	root   *Node
	memo   map[*Node]int
	active map[*Node]bool
}

func opNewSchemaCounter(root *Node) *opSchemaCounter {
	return &opSchemaCounter{root: root, memo: map[*Node]int{}, active: map[*Node]bool{}}
}

func (c *opSchemaCounter) count(n *Node) int {
	switch {
	case n == nil || n.Kind != connector.Object:
		return 0
	case !n.Has("$ref"):
		return c.countInline(n)
	}
	if target := resolve(c.root, n); target != nil {
		return c.countTarget(target)
	}
	return 1
}

// countTarget counts a schema that references point to (a definition).
func (c *opSchemaCounter) countTarget(t *Node) int {
	if c.active[t] {
		return 1
	}
	if v, ok := c.memo[t]; ok {
		return v
	}
	c.active[t] = true
	v := c.countInline(t)
	delete(c.active, t)
	c.memo[t] = v
	return v
}

// countInline counts n and the schemas written inside it. Only reference
// targets are memoized: an inline schema is met once.
func (c *opSchemaCounter) countInline(n *Node) int {
	total := 1
	add := func(child *Node) { total = min(total+c.count(child), opSchemaCountCap) }
	for _, child := range n.Get("properties").List() {
		add(child)
	}
	for _, k := range schemaChildren {
		add(n.Get(k))
	}
	for _, child := range n.Get("allOf").List() {
		add(child)
	}
	return total
}

// opBodies lists the schemas of the bodies of an operation: its request
// body, its responses, and the notification of a webhook trigger.
func opBodies(root *Node, op *Operation) []*Node {
	var out []*Node
	for _, prm := range parameters(root, op) {
		if prm.Def != nil && prm.In() == "body" && prm.Def.Has("schema") {
			out = append(out, prm.Def.Get("schema"))
		}
	}
	for _, r := range opResponses(op) {
		if s := resolve(root, r).Get("schema"); s != nil {
			out = append(out, s)
		}
	}
	if s := op.PathItem.At("x-ms-notification-content", "schema"); s != nil && op.IsTrigger() {
		out = append(out, s)
	}
	return out
}

// opRefersTo reports whether the schema n, as written, holds a $ref to a
// schema for which pred is true.
func opRefersTo(root, n *Node, pred func(*Node) bool) bool {
	found := false
	n.Walk(func(c *Node) bool {
		if c.Key == "$ref" {
			if t := resolveRef(root, c.Str()); t != nil && pred(t) {
				found = true
			}
		}
		return !found
	})
	return found
}

var schemaCountLimitsRule = &lint.Rule{
	ID:     "schema-count-limits",
	Level:  lint.Import,
	Title:  "A body holds at most " + strconv.Itoa(opSchemaCountLimits.body) + " schemas once $refs are expanded",
	Source: "catalog §1.4 schema-count-limits (INFERRED counting); L-FAQ; L-SVR; Issue#1088",
	Since:  since,
	ValidatorCodes: []string{"BodySchemaCountExceedsMaxAllowed", "OperationSchemaCountExceedsMaxAllowed",
		"TotalSchemaCountExceedsMaxAllowed"},
	Options: []lint.Option{
		{Name: "max-body", Default: opSchemaCountLimits.body, Doc: "the most schemas in one definition or body"},
		{Name: "max-operation", Default: opSchemaCountLimits.operation, Doc: "the most schemas in the bodies of one operation"},
		{Name: "max-total", Default: opSchemaCountLimits.total, Doc: "the most schemas in the whole definition"},
	},
	Doc: `The platform refuses to save a definition in which one object expands to more than
` + strconv.Itoa(opSchemaCountLimits.body) + ` schemas ("Critical : definitions/{Definition} : The total number of schemas
in the object exceeds the max schema count allowed value of '` + strconv.Itoa(opSchemaCountLimits.body) + `'"), an operation
to more than ` + strconv.Itoa(opSchemaCountLimits.operation) + `, or the whole file to more than ` + strconv.Itoa(opSchemaCountLimits.total) + `.

ppconn counts every schema object (the schema itself, each property, items,
additionalProperties and allOf member) once each $ref is replaced by its target, for
each definition and for each request body, response and webhook notification. A
reference back to a schema being expanded (a recursive schema) counts once. A body
that is over the limit only because it refers to a definition already reported is not
reported again. Remove the properties that flows do not need, or return a loose
object ({"type": "object"}) for the rarely used parts.

Bad: a definition with 600 properties, or 30 properties that each refer to a
definition of 20 properties (1 + 30 × 21 = 631 schemas).

Good: 20 properties that each refer to that definition (1 + 20 × 21 = 421), or the
properties flows use, with the rest as one {"type": "object"}.`,
	Check: opCheckSchemaCounts,
}

func opCheckSchemaCounts(p *lint.Pass) {
	c := opNewSchemaCounter(p.Root)
	maxBody := p.IntOption("max-body")
	over := opOversizedDefinitions(p, c, maxBody)
	inOver := func(t *Node) bool { _, ok := over[t]; return ok }
	total, reported := 0, map[*Node]bool{}
	for _, op := range operations(p, p.Root) {
		opTotal, bodyOver := 0, false
		for _, s := range opBodies(p.Root, op) {
			n := c.count(s)
			opTotal = min(opTotal+n, opSchemaCountCap)
			if n <= maxBody {
				continue
			}
			bodyOver = true
			if !reported[s] && !opRefersTo(p.Root, s, inOver) {
				reported[s] = true
				p.Reportf(s, "The total number of schemas in the object exceeds the max schema count allowed value of '%d': this body of %s expands to %d schemas once its references are followed. Please remove any unnecessary property or item definitions", maxBody, op.Name(), n)
			}
		}
		if limit := p.IntOption("max-operation"); opTotal > limit && !bodyOver {
			p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The total number of schemas in the operation has exceeded the maximum allowed value of '%d': %s has %d in its bodies. Please remove any unnecessary property or item definitions", limit, op.Name(), opTotal)})
		}
		total = min(total+opTotal, opSchemaCountCap)
	}
	if limit := p.IntOption("max-total"); total > limit {
		p.Report(lint.Diagnostic{Node: p.Root.Get("paths"), AtKey: true, Message: fmt.Sprintf("The maximum allowed number of schemas in the swagger is '%d': the operations hold %d. Please remove any unnecessary property or item definitions", limit, total)})
	}
}

// opOversizedDefinitions returns the definitions over the limit, with
// their counts, and reports the smallest ones: a definition that refers to
// a smaller oversized one is left out, since fixing that one comes first.
func opOversizedDefinitions(p *lint.Pass, c *opSchemaCounter, limit int) map[*Node]int {
	over, order := map[*Node]int{}, map[*Node]int{}
	for i, def := range p.Root.Get("definitions").List() {
		if n := c.countTarget(def); n > limit {
			over[def], order[def] = n, i
		}
	}
	for _, def := range p.Root.Get("definitions").List() {
		n, ok := over[def]
		smaller := func(t *Node) bool {
			m, in := over[t]
			return in && t != def && (m < n || m == n && order[t] < order[def])
		}
		if ok && !opRefersTo(p.Root, def, smaller) {
			p.Report(lint.Diagnostic{Node: def, AtKey: true, Message: fmt.Sprintf("The total number of schemas in the object exceeds the max schema count allowed value of '%d': the definition '%s' expands to %d schemas once its references are followed. Please remove any unnecessary property or item definitions", limit, def.Key, n)})
		}
	}
	return over
}

var tagsUnique = &lint.Rule{
	ID:             "tags-unique",
	Level:          lint.Certification,
	Title:          "Root tags are declared once each",
	Source:         "catalog §1.4 tags-unique; L-SVR",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"TagRedefined"},
	Doc: `Each tag in the root "tags" list is declared once.

Bad:

    "tags": [{"name": "Teams"}, {"name": "Teams", "description": "Team operations"}]

Good:

    "tags": [{"name": "Teams", "description": "Team operations"}]

Fix: a later entry that says nothing the first one does not (each of its members is
in the first, with the same value) is removed. Entries that differ are left to merge
by hand.`,
	Check: func(p *lint.Pass) {
		first := map[string]*Node{}
		for _, tag := range p.Root.Get("tags").List() {
			name := tag.Get("name")
			if !name.IsString() {
				continue
			}
			if prev := first[name.Value]; prev != nil {
				var fix *lint.Fix
				if opSubsumes(prev, tag) {
					fix = lint.Remove(tag)
				}
				p.Report(lint.Diagnostic{Node: name, Fix: fix, Message: fmt.Sprintf("The 'tags' property defines tag '%s' multiple times; merge the entries", name.Value)})
				continue
			}
			first[name.Value] = tag
		}
	},
}

// opSubsumes reports whether every member of the object b is in the
// object a, with the same value.
func opSubsumes(a, b *Node) bool {
	if a.Kind != connector.Object || b.Kind != connector.Object {
		return false
	}
	for _, c := range b.Children {
		if o := a.Get(c.Key); !connector.Equal(o, c) {
			return false
		}
	}
	return true
}

var pageableNextLink = &lint.Rule{
	ID:             "pageable-nextlink",
	Level:          lint.Certification,
	Title:          "x-ms-pageable names its next link " + strings.Join(opNextLinkNames, " or "),
	Source:         "catalog §1.4 pageable-nextlink; L-SVR; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"InvalidNextLinkNameValue"},
	Doc: `x-ms-pageable is {"nextLinkName": name}, where name is ` + quoteList(opNextLinkNames) + `: the
property at the root of the response that holds the URL of the next page. Pair it
with the "updatenextlink" policy template so that the next link is routed through the
connector. Other keys (AutoRest's itemName, operationName) are not read.

Bad:

    "x-ms-pageable": {"nextLinkName": "next_page"}

Good:

    "x-ms-pageable": {"nextLinkName": "@odata.nextLink"}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if pg := op.Node.Get("x-ms-pageable"); pg != nil {
				opCheckPageable(p, op, pg)
			}
		}
	},
}

func opCheckPageable(p *lint.Pass, op *Operation, pg *Node) {
	if pg.Kind != connector.Object {
		p.Reportf(pg, "x-ms-pageable must be an object such as {\"nextLinkName\": \"@odata.nextLink\"}, not %s", pg.Kind)
		return
	}
	for _, k := range pg.Children {
		if k.Key != "nextLinkName" && !strings.HasPrefix(k.Key, "x-") {
			p.Report(lint.Diagnostic{Node: k, AtKey: true, Message: fmt.Sprintf("x-ms-pageable has only 'nextLinkName'; '%s' is not read: remove it", k.Key)})
		}
	}
	nl := pg.Get("nextLinkName")
	switch {
	case nl == nil:
		p.Report(lint.Diagnostic{Node: pg, AtKey: true, Message: fmt.Sprintf("x-ms-pageable of operation '%s' requires 'nextLinkName'; supported values are %s", op.Name(), quoteList(opNextLinkNames))})
	case !slices.Contains(opNextLinkNames, nl.Str()):
		p.Reportf(nl, "The nextLinkName value for operation '%s' is invalid. Supported values are %s", op.Name(), strings.Join(quoteEach(opNextLinkNames), " or "))
	}
}

// opCheckCapabilityKeys reports the members of an x-ms-capabilities object
// that are not allowed there; those in other belong in elsewhere.
func opCheckCapabilityKeys(p *lint.Pass, cp *Node, allowed []string, where, elsewhere string, other []string) {
	for _, k := range cp.Children {
		if slices.Contains(allowed, k.Key) {
			continue
		}
		hint := ""
		if slices.Contains(other, k.Key) {
			hint = "; it belongs in " + elsewhere
		}
		p.Report(lint.Diagnostic{Node: k, AtKey: true, Message: fmt.Sprintf("%s x-ms-capabilities allows only %s; '%s' is not read%s", where, quoteList(allowed), k.Key, hint)})
	}
}

var capabilitiesChunkTransfer = &lint.Rule{
	ID:     "capabilities-chunk-transfer",
	Level:  lint.Certification,
	Title:  "An operation's x-ms-capabilities holds only " + strings.Join(opCapabilityKeys, ", ") + " (a boolean)",
	Source: "catalog §1.4 capabilities-chunk-transfer; L-EXT; R-SCHEMA-SW",
	Since:  since,
	Doc: `On an operation, x-ms-capabilities is {"chunkTransfer": true|false}: it lets the
platform send large content in chunks. testConnection and file-picker belong in the
root x-ms-capabilities.

Bad:

    "x-ms-capabilities": {"chunkTransfer": "yes", "testConnection": {...}}

Good:

    "x-ms-capabilities": {"chunkTransfer": true}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			cp := op.Node.Get("x-ms-capabilities")
			switch {
			case cp == nil:
			case cp.Kind != connector.Object:
				p.Reportf(cp, "An operation's x-ms-capabilities must be an object such as {\"chunkTransfer\": true}, not %s", cp.Kind)
			default:
				opCheckCapabilityKeys(p, cp, opCapabilityKeys, "An operation's", "the root x-ms-capabilities", opRootCapabilityKeys)
				if ct := cp.Get("chunkTransfer"); ct != nil && ct.Kind != connector.Bool {
					p.Reportf(ct, "'chunkTransfer' must be a boolean (true or false), not %s", ct.Kind)
				}
			}
		}
	},
}

var capabilitiesTestConnection = &lint.Rule{
	ID:     "capabilities-test-connection",
	Level:  lint.Certification,
	Title:  "testConnection names an existing operation with literal parameters",
	Source: "catalog §1.4 capabilities-test-connection; L-TEST; R-SCHEMA-SW",
	Since:  since,
	Doc: `The root x-ms-capabilities holds only ` + quoteList(opRootCapabilityKeys) + `. Its testConnection is
{"operationId": id, "parameters": {name: literal}}: the platform calls that
operation to check a new connection, so it must exist, and every required parameter
without a default needs a literal value (a string, number or boolean). Microsoft
advises a GET with no inputs, marked "x-ms-visibility": "internal". Microsoft's schema
notes that the feature is not supported for custom connectors (only certified ones).

Bad:

    "x-ms-capabilities": {"testConnection": {"operationId": "GetMe", "parameters": {"id": {"parameter": "x"}}}}

Good:

    "x-ms-capabilities": {"testConnection": {"operationId": "GetCurrentUser", "parameters": {}}}`,
	Check: func(p *lint.Pass) {
		cp := p.Root.Get("x-ms-capabilities")
		switch {
		case cp == nil:
		case cp.Kind != connector.Object:
			p.Reportf(cp, "x-ms-capabilities must be an object, not %s", cp.Kind)
		default:
			opCheckCapabilityKeys(p, cp, opRootCapabilityKeys, "The root", "an operation's x-ms-capabilities", opCapabilityKeys)
			if tc := cp.Get("testConnection"); tc != nil {
				opCheckTestConnection(p, tc)
			}
		}
	},
}

func opCheckTestConnection(p *lint.Pass, tc *Node) {
	if tc.Kind != connector.Object {
		p.Reportf(tc, "testConnection must be an object {\"operationId\": ..., \"parameters\": {...}}, not %s", tc.Kind)
		return
	}
	params := tc.Get("parameters")
	if params != nil && params.Kind != connector.Object {
		p.Reportf(params, "testConnection 'parameters' must be an object of literal values, not %s", params.Kind)
		params = nil
	}
	for _, v := range params.List() {
		if v.Kind == connector.Object || v.Kind == connector.Array || v.Kind == connector.Null {
			p.Reportf(v, "testConnection parameters are literal values: give '%s' a string, number or boolean, not %s", v.Key, v.Kind)
		}
	}
	op := opReference(p, tc, "testConnection")
	if op == nil {
		return
	}
	if missing := opTestConnectionMissing(p.Root, op, params); len(missing) > 0 {
		p.Reportf(tc.Get("operationId"), "The test connection operation '%s' requires %s, which testConnection does not give and which has no default: add literal values to 'parameters', or choose an operation without required inputs", op.Name(), quoteList(missing))
	}
}

// opTestConnectionMissing lists the required parameters of op that have
// no default and no value in params.
func opTestConnectionMissing(root *Node, op *Operation, params *Node) []string {
	var out []string
	for _, prm := range parameters(root, op) {
		if prm.Def == nil || !prm.Def.Get("required").IsTrue() || prm.Def.Has("default") || params.Has(prm.Name()) {
			continue
		}
		out = append(out, prm.Name())
	}
	return out
}

// opReference checks the operationId member of n, which must name an
// operation of the definition, and returns that operation.
func opReference(p *lint.Pass, n *Node, what string) *Operation {
	id := n.Get("operationId")
	if id == nil {
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("%s requires 'operationId', the operation to call", what)})
		return nil
	}
	if !id.IsString() {
		p.Reportf(id, "%s 'operationId' must be a string, not %s", what, id.Kind)
		return nil
	}
	idx := opIndex(p, p.Root)
	if op := idx[id.Value]; op != nil {
		return op
	}
	ids := make([]string, 0, len(idx))
	for k := range idx {
		ids = append(ids, k)
	}
	hint := didYouMean(id.Value, ids)
	p.Reportf(id, "The 'operationId' could not be found in this swagger document: %s names '%s'%s", what, id.Value, hint)
	return nil
}

var operationContextShape = &lint.Rule{
	ID:     "operation-context-shape",
	Level:  lint.Certification,
	Title:  "x-ms-operation-context is {simulate: {operationId, parameters}}",
	Source: "catalog §1.4 operation-context-shape; L-EXT; R-SCHEMA-SW",
	Since:  since,
	Doc: `x-ms-operation-context tells the designer which operation to call to simulate this
one: {"simulate": {"operationId": id, "parameters": {...}}}. operationId is required
and names an operation of the definition; parameters is an object.

Bad:

    "x-ms-operation-context": {"operationId": "GetTeam"}

Good:

    "x-ms-operation-context": {"simulate": {"operationId": "GetTeam", "parameters": {}}}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			if oc := op.Node.Get("x-ms-operation-context"); oc != nil {
				opCheckContext(p, oc)
			}
		}
	},
}

// opContextKeys are the members allowed at each level of
// x-ms-operation-context.
var opContextKeys = map[string][]string{"x-ms-operation-context": {"simulate"}, "simulate": {"operationId", "parameters"}}

func opCheckContext(p *lint.Pass, oc *Node) {
	if !opContextObject(p, oc) {
		return
	}
	sim := oc.Get("simulate")
	switch {
	case sim == nil:
		p.Report(lint.Diagnostic{Node: oc, AtKey: true, Message: "x-ms-operation-context requires 'simulate': {\"simulate\": {\"operationId\": ..., \"parameters\": {...}}}"})
	case opContextObject(p, sim):
		opReference(p, sim, "x-ms-operation-context simulate")
		if prm := sim.Get("parameters"); prm != nil && prm.Kind != connector.Object {
			p.Reportf(prm, "simulate 'parameters' must be an object, not %s", prm.Kind)
		}
	}
}

// opContextObject checks that n is an object with only its allowed keys.
func opContextObject(p *lint.Pass, n *Node) bool {
	allowed := opContextKeys[n.Key]
	if n.Kind != connector.Object {
		p.Reportf(n, "'%s' must be an object with %s, not %s", n.Key, quoteList(allowed), n.Kind)
		return false
	}
	for _, k := range n.Children {
		if !slices.Contains(allowed, k.Key) {
			p.Report(lint.Diagnostic{Node: k, AtKey: true, Message: fmt.Sprintf("'%s' allows only %s; '%s' is not read", n.Key, quoteList(allowed), k.Key)})
		}
	}
	return true
}
