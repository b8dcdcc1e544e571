package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Keyword rules (catalog §1.1): every key is a Swagger 2.0 keyword or an
// extension, and every x-ms-* extension is one Power Platform reads, in a
// place where it reads it. They read the vocabulary of internal/connector
// (swagger.go).

var keywordRules = []*lint.Rule{noUnknownKeywords, knownXMSExtension, xmsExtensionTypo}

var noUnknownKeywords = &lint.Rule{
	ID:              "no-unknown-keywords",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "error ExtensionNameNotValid: The property 'scriptOperations' is not valid" in microsoft/PowerPlatformConnectors PR#3810`,
	Level:           lint.Import,
	Title:           `Every key must be a Swagger 2.0 keyword or start with "x-"`,
	Source:          "catalog §1.1 no-unknown-keywords and no-additional-properties; L-SVR; Issue#3930; PR#3810",
	Since:           since,
	ValidatorCodes:  []string{"ExtensionNameNotValid", "AdditionalPropertyNotAllowed", "OperationPathMustStartWithSlash"},
	Doc: `At every level of the definition, a key that is not a Swagger 2.0 keyword of that
object must be an extension, whose name begins with "x-". Import fails otherwise:
"The property '{0}' is not valid. If this property is an extension, its name must
begin with "x-"." Real cases: "securityDefinitions" nested under "paths", and
"scriptOperations" (an apiProperties.json key) placed in the definition. OpenAPI 3
keywords such as "oneOf", "nullable" or "components" are not Swagger 2.0.

Under "paths", every key is a path and starts with "/".

The keys inside "x-ms-notification-content" are not checked: the member is an
extension, whose value the validator does not check against Swagger keywords, and
certified connectors (for example Stormboard, Tikit, Exact Online Premium) carry
"headers", "parameters" or "summary" there and were accepted. Its "schema" is
checked like any other schema.

Bad:

    "paths": {
        "/teams": {...},
        "securityDefinitions": {...}
    }

Good: move "securityDefinitions" to the root.`,
	Check: func(p *lint.Pass) {
		walkTyped(p, p.Root, func(n *Node, t objType) {
			spec := connector.Spec(t)
			switch {
			case t == tNotification:
				return // an extension value: the validator does not check its keys
			case t == tPathItem && !strings.HasPrefix(n.Key, "/"):
				return // not a path: reported once, on its key under paths
			}
			for _, c := range n.Children {
				if strings.HasPrefix(c.Key, "x-") {
					continue
				}
				switch {
				case t == tPaths && !strings.HasPrefix(c.Key, "/"):
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not valid under paths: a path must start with '/', and any other key must be an extension beginning with \"x-\"%s", c.Key, hereHint(c.Key))})
				case !spec.FreeKeys() && !spec.Allows(c.Key):
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not valid in %s object. If this property is an extension, its name must begin with \"x-\"%s", c.Key, withArticle(string(t)), hereHint(c.Key))})
				}
			}
		})
	},
}

// hereHint says where a misplaced keyword belongs, when it is one.
func hereHint(key string) string {
	var homes []string
	for _, t := range connector.ObjectTypes() {
		if connector.Spec(t).Allows(key) {
			homes = append(homes, string(t))
		}
	}
	if len(homes) == 0 {
		if key == "scriptOperations" || key == "connectionParameters" || key == "policyTemplateInstances" {
			return "; it belongs in apiProperties.json, not in the definition"
		}
		return ""
	}
	sort.Strings(homes)
	return fmt.Sprintf(" ('%s' is a keyword of: %s; move it there)", key, strings.Join(homes, ", "))
}

var knownXMSExtension = &lint.Rule{
	ID:     "known-x-ms-extension",
	Level:  lint.Guidance,
	Title:  "x-ms-* extensions should be ones Power Platform reads, where it reads them",
	Source: "catalog §1.1 known-x-ms-extension, §1.15; R-SCHEMA-SW",
	Since:  since,
	Doc: `Power Platform reads a fixed set of x-ms-* extensions, each at given places (for
example x-ms-visibility on operations, parameters and schema properties, and
x-ms-notification-content on a path item). Anything else is silently ignored, so
the author believes a setting is in force when it is not.

AutoRest extensions such as x-ms-enum and x-ms-parameter-location are tolerated
by Microsoft's schema but ignored by the platform.

Bad:

    "paths": {"/hook": {"post": {"x-ms-notification-content": {...}}}}

Good:

    "paths": {"/hook": {"x-ms-notification-content": {...}, "post": {...}}}`,
	Check: func(p *lint.Pass) {
		known := knownXMSNames
		walkTyped(p, p.Root, func(n *Node, t objType) {
			spec := connector.Spec(t)
			for _, c := range n.Children {
				if !strings.HasPrefix(c.Key, "x-ms-") || spec.AllowsExtension(c.Key) {
					continue
				}
				switch {
				case knownXMSSet[c.Key]:
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not read on %s object, so it has no effect here; Power Platform reads it on: %s", c.Key, withArticle(string(t)), strings.Join(homesOf(c.Key), ", "))})
				case closestName(c.Key, known) != "":
					// a misspelling: x-ms-extension-typo reports it
				default:
					p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not an extension Power Platform knows; it is ignored", c.Key)})
				}
			}
		})
	},
}

func homesOf(xms string) []string {
	var homes []string
	for _, t := range connector.ObjectTypes() {
		if connector.Spec(t).AllowsExtension(xms) {
			homes = append(homes, string(t))
		}
	}
	if len(homes) == 0 {
		homes = append(homes, "the places documented for it")
	}
	sort.Strings(homes)
	return homes
}

var xmsExtensionTypo = &lint.Rule{
	ID:      "x-ms-extension-typo",
	Level:   lint.Certification,
	Title:   "A misspelled x-ms-* extension is silently ignored",
	Source:  "catalog §1.1 known-x-ms-extension (corpus: x-ms-visibilty ×32, x-ms-summmary ×9, x-ms-sumamry ×5)",
	Since:   since,
	Fixable: true,
	Doc: `An extension whose name is one or two letters away from a real one
("x-ms-visibilty", "x-ms-summmary", "x-ms-api-annotations") is an ordinary unknown
extension to the platform, so the setting the author meant is lost: the parameter
stays visible, the summary is missing. The real connector corpus has dozens of these.

Bad:

    "x-ms-visibilty": "internal"

Good:

    "x-ms-visibility": "internal"

Fix: the member is renamed, keeping its value and its place, when it is on a
Swagger object (an operation, a parameter, a schema, ...) that reads the extension
it means and that does not have that extension already. A name under "properties"
or "definitions" is data, not an extension, and is never renamed.`,
	Check: func(p *lint.Pass) {
		known := knownXMSNames
		var types map[*Node]objType // the typed objects, built at the first finding
		near := map[string]string{} // closestName of each unknown name met
		p.Root.Walk(func(n *Node) bool {
			if n.IsMember() && isExtensionName(n.Key) && !knownXMSSet[n.Key] {
				want, ok := near[n.Key]
				if !ok {
					want = closestName(n.Key, known)
					near[n.Key] = want
				}
				if want != "" {
					if types == nil {
						types = map[*Node]objType{}
						walkTyped(p, p.Root, func(o *Node, t objType) { types[o] = t })
					}
					var fix *lint.Fix
					if t, ok := types[n.Parent]; ok && connector.Spec(t).AllowsExtension(want) && !n.Parent.Has(want) {
						fix = lint.RenameMember(n, want)
					}
					p.Report(lint.Diagnostic{Node: n, AtKey: true, Fix: fix, Message: fmt.Sprintf("'%s' looks like a misspelling of '%s', which Power Platform reads; as written it is ignored: rename it to '%s'", n.Key, want, want)})
				}
			}
			return true
		})
	},
}

// isExtensionName reports whether a member name starts with "x-" in any
// case, as strings.HasPrefix(strings.ToLower(k), "x-") does, without a
// lowered copy of every key of the definition (no other character lowers
// to 'x' or '-').
func isExtensionName(k string) bool {
	return len(k) >= 2 && (k[0] == 'x' || k[0] == 'X') && k[1] == '-'
}

// hasMisspelling reports whether the object n has a member whose name is
// a misspelling of key (x-ms-extension-typo would rename it to key).
func hasMisspelling(n *Node, key string) bool {
	for _, c := range n.List() {
		if c.Key != key && closestName(c.Key, []string{key}) != "" {
			return true
		}
	}
	return false
}
