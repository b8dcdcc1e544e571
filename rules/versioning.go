package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Versioning rules (catalog §1.5): the operation-level x-ms-api-annotation
// (family, revision, status, replacement) and the marking of deprecated
// operations. The info-level annotation is checked by
// info-api-annotation-status.

var versioningRules = []*lint.Rule{
	annotationShape, annotationReplacementOnlyDeprecated, familyRevisions, operationStatusNotAhead,
	deprecatedMarking,
}

// versioningAnnotationKeys are the members of an operation's
// x-ms-api-annotation in Microsoft's schema, with the JSON kind of each.
var versioningAnnotationKeys = []struct {
	key  string
	kind connector.Kind
}{
	{"family", connector.String}, {"revision", connector.Number}, {"status", connector.String},
	{"replacement", connector.Object},
}

// versioningReplacementKeys are the members of "replacement".
var versioningReplacementKeys = []string{"api", "operationId"}

func versioningKeysText() string {
	var keys []string
	for _, k := range versioningAnnotationKeys {
		keys = append(keys, k.key)
	}
	return strings.Join(keys, ", ")
}

// versioningAnnotation is an operation with its x-ms-api-annotation.
type versioningAnnotation struct {
	op  *Operation
	ann *Node
}

func (a versioningAnnotation) family() string   { return a.ann.Get("family").Str() }
func (a versioningAnnotation) status() string   { return a.ann.Get("status").Str() }
func (a versioningAnnotation) deprecated() bool { return a.op.Node.Get("deprecated").IsTrue() }

// revision returns the revision, when it is a positive integer.
func (a versioningAnnotation) revision() (int, bool) {
	r := a.ann.Get("revision")
	if r == nil || r.Kind != connector.Number {
		return 0, false
	}
	n, err := strconv.Atoi(r.Value)
	return n, err == nil && n >= 1
}

// versioningAnnotations lists the operations that carry an
// x-ms-api-annotation object, in document order.
func versioningAnnotations(p *lint.Pass, root *Node) []versioningAnnotation {
	var out []versioningAnnotation
	for _, op := range operations(p, root) {
		if ann := op.Node.Get("x-ms-api-annotation"); ann != nil && ann.Kind == connector.Object {
			out = append(out, versioningAnnotation{op, ann})
		}
	}
	return out
}

var annotationShape = &lint.Rule{
	ID:     "annotation-shape",
	Level:  lint.Certification,
	Title:  "An operation's x-ms-api-annotation has only family, revision, status and replacement",
	Source: "catalog §1.5 annotation-shape; L-EXT; L-VER; R-SCHEMA-SW",
	Since:  since,
	Doc: `On an operation, x-ms-api-annotation is an object with the members ` + versioningKeysText() + `:
"family" is a string (often the operationId of the first version), "revision" an
integer of 1 or more, "status" one of ` + strings.Join(annotationStatuses, ", ") + ` (with this
capitalization), and "replacement" an object {` + strings.Join(versioningReplacementKeys, ", ") + `} of strings.
Learn also mentions "expires", but Microsoft's schema refuses it.

Bad:

    "x-ms-api-annotation": {"family": "GetItems", "revision": "2", "status": "production"}

Good:

    "x-ms-api-annotation": {"family": "GetItems", "revision": 2, "status": "Production"}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			ann := op.Node.Get("x-ms-api-annotation")
			switch {
			case ann == nil:
			case ann.Kind != connector.Object:
				p.Reportf(ann, "'x-ms-api-annotation' must be an object such as {\"family\": \"%s\", \"revision\": 1}, not %s", op.Name(), ann.Kind)
			default:
				versioningCheckShape(p, ann)
			}
		}
	},
}

func versioningCheckShape(p *lint.Pass, ann *Node) {
	for _, c := range ann.Children {
		i := -1
		for j, k := range versioningAnnotationKeys {
			if k.key == c.Key {
				i = j
			}
		}
		switch {
		case i < 0:
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not allowed in an operation's x-ms-api-annotation, which has only %s", c.Key, versioningKeysText())})
		case c.Kind != versioningAnnotationKeys[i].kind:
			p.Reportf(c, "'%s' must be %s, not %s", c.Key, versioningKindText(c.Key), canonical(c))
		case c.Key == "revision":
			if n, err := strconv.Atoi(c.Value); err != nil || n < 1 {
				p.Reportf(c, "'revision' must be an integer of 1 or more, not %s", c.Value)
			}
		case c.Key == "status" && !contains(annotationStatuses, c.Value):
			p.Reportf(c, "'status' must be one of %s, not %q", strings.Join(annotationStatuses, ", "), c.Value)
		case c.Key == "replacement":
			versioningCheckReplacementShape(p, c)
		}
	}
}

func versioningKindText(key string) string {
	switch key {
	case "revision":
		return "an integer of 1 or more"
	case "replacement":
		return "an object {" + strings.Join(versioningReplacementKeys, ", ") + "}"
	}
	return "a string"
}

func versioningCheckReplacementShape(p *lint.Pass, rep *Node) {
	for _, c := range rep.Children {
		switch {
		case indexOf(versioningReplacementKeys, c.Key) < 0:
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not allowed in 'replacement', which has only %s", c.Key, strings.Join(versioningReplacementKeys, ", "))})
		case !c.IsString():
			p.Reportf(c, "'%s' must be a string, not %s", c.Key, canonical(c))
		}
	}
}

var annotationReplacementOnlyDeprecated = &lint.Rule{
	ID:     "annotation-replacement-only-deprecated",
	Level:  lint.Certification,
	Title:  "replacement is given for deprecated operations only, with api and operationId",
	Source: "catalog §1.5 annotation-replacement-only-deprecated; L-SVR",
	Since:  since,
	ValidatorCodes: []string{"ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations",
		"ApiAnnotationExtensionReplacementInfoMissingApiProperty",
		"ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty"},
	Doc: `"replacement" in x-ms-api-annotation points users of a deprecated operation to the
one that replaces it, so it belongs only on an operation with "deprecated": true, and
it names both the connector ("api") and the operation ("operationId").

Bad:

    "get": {"operationId": "GetItems",
            "x-ms-api-annotation": {"replacement": {"operationId": "GetItems_V2"}}}

Good:

    "get": {"operationId": "GetItems", "deprecated": true,
            "x-ms-api-annotation": {"replacement": {"api": "contosoteams", "operationId": "GetItems_V2"}}}`,
	Check: func(p *lint.Pass) {
		for _, a := range versioningAnnotations(p, p.Root) {
			rep := a.ann.Get("replacement")
			if rep == nil || rep.Kind != connector.Object {
				continue
			}
			if !a.deprecated() {
				p.Report(lint.Diagnostic{Node: rep, AtKey: true, Message: fmt.Sprintf("The 'x-ms-api-annotation' extension for operation '%s' is invalid. The replacement property should be specified for deprecated operations only: add \"deprecated\": true to the operation, or remove 'replacement'", a.op.Name())})
			}
			for _, k := range versioningReplacementKeys {
				if !rep.Has(k) {
					p.Report(lint.Diagnostic{Node: rep, AtKey: true, Message: fmt.Sprintf("The 'x-ms-api-annotation' extension for operation '%s' is invalid. The replacement property must specify '%s' property", a.op.Name(), k)})
				}
			}
		}
	},
}

// versioningMaxActive is the most operations of a family that may be
// active (not deprecated) at once.
const versioningMaxActive = 2

var familyRevisions = &lint.Rule{
	ID:     "family-revisions",
	Level:  lint.Certification,
	Title:  "Operations of a family have distinct revisions, few active ones, and revision suffixes",
	Source: "catalog §1.5 family-revisions; L-SVR; L-VER",
	Since:  since,
	ValidatorCodes: []string{"OperationFamilyHasDuplicateRevisions", "OperationFamilyHasManyEmptyRevisions",
		"OperationFamilyHasManyActiveOperations", "OperationFamilyHasManyActiveProductionOperations",
		"OperationRevisionEmpty", "OperationIdShouldEndWithRevision"},
	Doc: `Operations that share x-ms-api-annotation "family" are versions of one operation.
Within a family: no two operations have the same "revision"; at most one has no
revision, and it must be the first version (the one whose operationId is the family
name), since every later version needs one; at most ` + strconv.Itoa(versioningMaxActive) + ` operations are active (not
"deprecated": true), and at most one active operation is in "Production". An
operation of revision n ≥ 2 has an operationId ending in the revision suffix "_Vn"
(ppconn also accepts "Vn" without the underscore).

Bad:

    "GetItems":    {"family": "GetItems", "revision": 1}
    "GetItems_V2": {"family": "GetItems", "revision": 1}

Good:

    "GetItems":    {"family": "GetItems", "revision": 1}   (and "deprecated": true)
    "GetItems_V2": {"family": "GetItems", "revision": 2}`,
	Check: func(p *lint.Pass) {
		families := map[string][]versioningAnnotation{}
		var order []string
		for _, a := range versioningAnnotations(p, p.Root) {
			f := a.family()
			if f == "" {
				continue
			}
			if _, ok := families[f]; !ok {
				order = append(order, f)
			}
			families[f] = append(families[f], a)
		}
		for _, f := range order {
			versioningCheckFamily(p, f, families[f])
		}
	},
}

func versioningCheckFamily(p *lint.Pass, family string, ops []versioningAnnotation) {
	seen := map[int]string{}
	var empty, active, production []versioningAnnotation
	for _, a := range ops {
		rev, ok := a.revision()
		switch {
		case !a.ann.Has("revision"):
			empty = append(empty, a)
		case ok && seen[rev] != "":
			p.Reportf(a.ann.Get("revision"), "The operation family '%s' has operations with duplicate revision: %s and %s are both revision %d; give each version its own revision", family, seen[rev], a.op.Name(), rev)
		case ok:
			seen[rev] = a.op.Name()
			versioningCheckSuffix(p, a, rev)
		}
		if !a.deprecated() {
			active = append(active, a)
			if a.status() == "Production" {
				production = append(production, a)
			}
		}
	}
	versioningCheckEmpty(p, family, len(ops), empty)
	if len(active) > versioningMaxActive {
		a := active[versioningMaxActive]
		p.Report(lint.Diagnostic{Node: a.ann, AtKey: true, Message: fmt.Sprintf("The operation family '%s' has more than two active operations. Extra operations must be deprecated: %s are all active; mark the older ones \"deprecated\": true", family, versioningNames(active))})
	}
	if len(production) > 1 {
		p.Reportf(production[1].ann.Get("status"), "The operation family '%s' has several active operations in Production status. Previous revisions should be deprecated: %s", family, versioningNames(production))
	}
}

// versioningCheckEmpty reports operations of a family without a revision.
func versioningCheckEmpty(p *lint.Pass, family string, size int, empty []versioningAnnotation) {
	switch {
	case len(empty) > 1:
		for _, a := range empty[1:] {
			p.Report(lint.Diagnostic{Node: a.ann, AtKey: true, Message: fmt.Sprintf("The operation family '%s' has several operations with empty revision. Only one operation can have empty revision: give %s a revision", family, a.op.Name())})
		}
	case len(empty) == 1 && size > 1 && empty[0].op.ID() != family:
		a := empty[0]
		p.Report(lint.Diagnostic{Node: a.ann, AtKey: true, Message: fmt.Sprintf("The operation '%s' does not specify a revision in api annotation: it is a later version in the family '%s'; add \"revision\"", a.op.Name(), family)})
	}
}

var versioningSuffix = regexp.MustCompile(`(?i)_?v(\d+)$`)

func versioningCheckSuffix(p *lint.Pass, a versioningAnnotation, rev int) {
	id := a.op.Node.Get("operationId")
	if rev < 2 || !id.IsString() {
		return
	}
	if m := versioningSuffix.FindStringSubmatch(id.Value); m != nil && m[1] == strconv.Itoa(rev) {
		return
	}
	p.Reportf(id, "The operation Id '%s' should end with revision suffix '_V%d', as it is revision %d of its family", id.Value, rev, rev)
}

func versioningNames(ops []versioningAnnotation) string {
	names := make([]string, len(ops))
	for i, a := range ops {
		names[i] = a.op.Name()
	}
	return strings.Join(names, ", ")
}

var operationStatusNotAhead = &lint.Rule{
	ID:             "operation-status-not-ahead",
	Level:          lint.Certification,
	Title:          "An operation is not in Production while the connector is in Preview",
	Source:         "catalog §1.5 operation-status-not-ahead; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationStatusAheadOfConnector"},
	Doc: `An operation's x-ms-api-annotation "status" cannot be "Production" while the
connector's (info.x-ms-api-annotation.status) is "Preview". ppconn reports it when
the connector's status is written as "Preview"; certified connectors with no
connector status and Production operations were accepted.

Bad:

    "info": {"x-ms-api-annotation": {"status": "Preview"}}
    "get": {"x-ms-api-annotation": {"family": "GetItems", "revision": 1, "status": "Production"}}

Good: set the connector to "Production" too, or keep the operation in "Preview".`,
	Check: func(p *lint.Pass) {
		if infoObject(p.Root).At("x-ms-api-annotation", "status").Str() != "Preview" {
			return
		}
		for _, a := range versioningAnnotations(p, p.Root) {
			if a.status() == "Production" {
				p.Reportf(a.ann.Get("status"), "The operation '%s' cannot be in a Production status ahead of the connector, whose status is Preview: set the operation to \"Preview\", or the connector to \"Production\"", a.op.Name())
			}
		}
	},
}

// versioningMarker is what Learn appends to the summary and description of
// a deprecated operation.
const versioningMarker = "(deprecated)"

var deprecatedMarking = &lint.Rule{
	ID:     "deprecated-marking",
	Level:  lint.Guidance,
	Title:  `A deprecated operation says so: "deprecated": true and "` + versioningMarker + `" in its texts`,
	Source: "catalog §1.5 deprecated-marking; L-DEP",
	Since:  since,
	Doc: `To deprecate an operation, set "deprecated": true and append "` + versioningMarker + `" to its
summary and description (any capitalization). The designer then hides it from new
flows, and makers who already use it see why. An operation whose summary says
"` + versioningMarker + `" without "deprecated": true is still offered to new flows. Give users at
least 30 days' notice before removing a deprecated operation.

Bad:

    {"operationId": "GetItems", "summary": "Get rows", "deprecated": true}

Good:

    {"operationId": "GetItems", "summary": "Get rows (deprecated)",
     "description": "This operation gets a list of items (deprecated).", "deprecated": true}`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			dep := op.Node.Get("deprecated")
			var unmarked []string
			for _, k := range []string{"summary", "description"} {
				if t := op.Node.Get(k); t.IsString() && !strings.Contains(strings.ToLower(t.Value), versioningMarker) {
					unmarked = append(unmarked, "'"+k+"'")
				}
			}
			summary := op.Node.Get("summary")
			switch {
			case dep.IsTrue() && len(unmarked) > 0:
				verb := map[bool]string{true: "does", false: "do"}[len(unmarked) == 1]
				p.Report(lint.Diagnostic{Node: dep, AtKey: true, Message: fmt.Sprintf("%s is deprecated, but its %s %s not say %q; append it so that makers see the operation is deprecated", op.Name(), strings.Join(unmarked, " and "), verb, versioningMarker)})
			case !dep.IsTrue() && strings.Contains(strings.ToLower(summary.Str()), versioningMarker):
				p.Reportf(summary, "the summary of %s says %q, but the operation has no \"deprecated\": true, so the designer still offers it to new flows; add \"deprecated\": true", op.Name(), versioningMarker)
			}
		}
	},
}
