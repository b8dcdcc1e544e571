// Package lint runs rules over connector packages, in the manner of
// golang.org/x/tools/go/analysis: a Rule is a value with a name, its
// documentation and a check function, and a Pass carries what one check
// needs and how it reports.
package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Level says what happens on the platform when a rule is broken.
type Level uint8

// The levels, from the strongest.
const (
	// Import: Power Platform refuses to save or import the connector.
	Import Level = iota + 1
	// Certification: Microsoft certification (paconn validate, the
	// certification pipeline or review) fails.
	Certification
	// Guidance: Microsoft's documented best practice.
	Guidance
)

var levelNames = map[Level]string{Import: "import", Certification: "certification", Guidance: "guidance"}

func (l Level) String() string { return levelNames[l] }

// ValidatorSeverity is how Microsoft's certification validator reports a
// rule's codes in the pull-request pipeline (##[error] or ##[warning]).
type ValidatorSeverity uint8

// The validator severities. Unknown: no log shows it; Microsoft does not
// publish the level of most codes.
const (
	ValidatorUnknown ValidatorSeverity = iota
	ValidatorWarning
	ValidatorError
)

var validatorNames = map[ValidatorSeverity]string{ValidatorUnknown: "unknown", ValidatorWarning: "warning", ValidatorError: "error"}

func (v ValidatorSeverity) String() string { return validatorNames[v] }

// Target is what a rule's check runs on.
type Target uint8

// The targets.
const (
	// Swagger: once per definition document (a JSON and a YAML twin are
	// each checked).
	Swagger Target = iota
	// Properties: once per package that has apiProperties.json.
	Properties
	// Script: once per package that has a script file.
	Script
	// Package: once per package, for checks across files.
	Package
)

// Option is a documented, configurable value of a rule.
type Option struct {
	Name    string
	Default any
	Doc     string
}

// Rule is one check with its metadata. The metadata is the single source of
// `ppconn rules`, `ppconn explain`, the generated docs and SARIF output.
type Rule struct {
	// ID is stable and kebab-case; it is what users configure.
	ID string
	// Level is the platform consequence; the profile maps it to a severity.
	Level Level
	// Title is one line, shown in listings.
	Title string
	// Doc is markdown: why the rule exists, a bad and a good example.
	Doc string
	// Source is the row of the rules catalog (and Microsoft's pages) the
	// rule comes from.
	Source string
	// Since is the ppconn version that introduced the rule.
	Since string
	// ValidatorCodes are Microsoft's swagger validator codes covered.
	ValidatorCodes []string
	// Validator is how Microsoft's certification pipeline logs the rule's
	// codes, where a real log shows it; ValidatorSource cites that log
	// (or the page) and is required when Validator is known.
	Validator       ValidatorSeverity
	ValidatorSource string
	// Enforced cites where Microsoft is seen enforcing the check outside
	// the validator's log: a reviewer's request in a PowerPlatformConnectors
	// pull request, or a Learn page that makes it a requirement. A
	// certification-level rule that fires on more than a tenth of the
	// connectors Microsoft certified needs it (docs/precision.md): many
	// accepted connectors predate the requirement, and this is why the
	// error stands anyway.
	Enforced string
	// DefaultOff rules run only when the configuration gives them a
	// severity: checks whose findings are noise on most accepted
	// connectors, or belong to another command (formatting: ppconn fmt).
	DefaultOff bool
	// InfoOnly rules are at most info in every profile: style advice
	// that most connectors Microsoft accepted do not follow, so it must
	// neither fail nor warn in a certification run.
	InfoOnly bool
	// Profile, when set, is the one built-in profile the rule runs
	// under (by name): advice for one kind of connector, such as the
	// readme a certification pull request must hold. Under any other
	// profile it is off unless the configuration gives it a severity.
	Profile string
	Options []Option
	// Fixable says that the check attaches a Fix to (some of) its
	// findings, which 'ppconn fix' applies; the Doc then has a "Fix:"
	// paragraph that says what the fix does.
	Fixable bool
	// Sensitive rules point at secrets: reports never print the source
	// line of their findings, only the masked message.
	Sensitive bool
	// Twins rules compare a folder's JSON and YAML twins: an edit of
	// one twin brings their finding without being wrong ('ppconn sync'
	// makes the other twin follow), so 'ppconn fix' and the editor's
	// quick fixes do not set a fix aside for it.
	Twins  bool
	Target Target
	// Unparsed rules also run on documents that could not be parsed
	// (Root is nil), for checks of the raw file such as its size.
	Unparsed bool
	Check    func(*Pass)
}

// Option returns the default value of the option name; it panics on an
// unknown name, which is a programming error caught by the rule tests.
func (r *Rule) Option(name string) any {
	for _, o := range r.Options {
		if o.Name == name {
			return o.Default
		}
	}
	panic(fmt.Sprintf("rule %s has no option %q", r.ID, name))
}

// Registry is an ordered, validated set of rules.
type Registry struct {
	rules []*Rule
	byID  map[string]*Rule
}

// NewRegistry validates the rules (unique ids, complete metadata) and
// returns them sorted by id.
func NewRegistry(rules ...*Rule) (*Registry, error) {
	r := &Registry{byID: make(map[string]*Rule, len(rules))}
	for _, rule := range rules {
		if err := validateRule(rule); err != nil {
			return nil, err
		}
		if _, dup := r.byID[rule.ID]; dup {
			return nil, fmt.Errorf("rule %s is declared twice", rule.ID)
		}
		r.byID[rule.ID] = rule
		r.rules = append(r.rules, rule)
	}
	sort.Slice(r.rules, func(i, j int) bool { return r.rules[i].ID < r.rules[j].ID })
	return r, nil
}

func validateRule(r *Rule) error {
	switch {
	case !kebab.MatchString(r.ID):
		return fmt.Errorf("rule id %q is not kebab-case", r.ID)
	case r.Level == 0 || r.Title == "" || r.Doc == "" || r.Since == "" || r.Source == "":
		return fmt.Errorf("rule %s: level, title, doc, source and since are required", r.ID)
	case r.Check == nil:
		return fmt.Errorf("rule %s has no check", r.ID)
	case (r.Validator == ValidatorUnknown) != (r.ValidatorSource == ""):
		return fmt.Errorf("rule %s: a known validator severity and its source go together", r.ID)
	case r.Profile != "":
		if _, err := LookupProfile(r.Profile); err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
	}
	return nil
}

// Rules returns every rule, sorted by id.
func (r *Registry) Rules() []*Rule { return r.rules }

// Lookup returns the rule with the id, or nil.
func (r *Registry) Lookup(id string) *Rule { return r.byID[id] }

// Near returns the rule ids a user who typed id probably meant, sorted:
// those that contain it or that it contains (a part of an id, or an id
// with a prefix), when there are at most five, else the one closest id
// within three edits (a typo), else none. It is the one "did you mean" of
// rule ids: explain, the configuration and the rule flags use it.
func (r *Registry) Near(id string) []string {
	var near []string
	for _, rule := range r.rules {
		if id != "" && (strings.Contains(rule.ID, id) || strings.Contains(id, rule.ID)) {
			near = append(near, rule.ID)
		}
	}
	if len(near) > 0 && len(near) <= 5 {
		return near
	}
	ids := make([]string, len(r.rules))
	for i, rule := range r.rules {
		ids[i] = rule.ID
	}
	if best := Closest(id, ids, 3); best != "" {
		return []string{best}
	}
	return nil
}

// DidYouMean is Near as the end of an error message: "" or
// ` (did you mean "a", "b"?)`.
func (r *Registry) DidYouMean(id string) string {
	near := r.Near(id)
	if len(near) == 0 {
		return ""
	}
	quoted := make([]string, len(near))
	for i, n := range near {
		quoted[i] = strconv.Quote(n)
	}
	return " (did you mean " + strings.Join(quoted, ", ") + "?)"
}

// Fix is the automatic correction of one finding: edits of the finding's
// document, in JSON-pointer terms, so that one fix serves JSON and YAML
// alike. A check builds it only when it reports, so linting without
// fixing costs nothing more. A fix must be conservative and idempotent:
// once applied, the finding is gone and the fix is not proposed again.
type Fix struct {
	Edits []Edit
	// Unsafe marks a fix that changes what the connector does for the
	// people who use it (an OAuth redirect URI to register, ...): 'ppconn
	// fix' applies it only with --unsafe.
	Unsafe bool
	// Note is what the author must still do once the fix is applied; it
	// is printed with the fix.
	Note string
}

// Edit is one change of a Fix, in the terms of the edit engine that makes
// it (rewrite.Edit: set a value, add a member, remove, rename a member).
// Its pointer is relative to the document of the finding.
type Edit = rewrite.Edit

// SetValue is the fix that sets the value of n to v.
func SetValue(n *connector.Node, v any) *Fix {
	return &Fix{Edits: []Edit{{Pointer: n.Pointer(), Value: v}}}
}

// AddMember is the fix that adds the member key, with the value v, to the
// object obj.
func AddMember(obj *connector.Node, key string, v any) *Fix {
	return &Fix{Edits: []Edit{{Pointer: string(connector.Pointer(obj.Pointer()).Child(key)), Value: v}}}
}

// Remove is the fix that deletes the member or item n.
func Remove(n *connector.Node) *Fix {
	return &Fix{Edits: []Edit{{Pointer: n.Pointer(), Delete: true}}}
}

// RenameMember is the fix that renames the member n to key.
func RenameMember(n *connector.Node, key string) *Fix {
	return &Fix{Edits: []Edit{{Pointer: n.Pointer(), RenameKey: key}}}
}

// And appends the edits of other to f and returns f.
func (f *Fix) And(other *Fix) *Fix {
	f.Edits = append(f.Edits, other.Edits...)
	return f
}
