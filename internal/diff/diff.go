// Package diff compares two versions of a Power Platform custom connector
// and says what an update changes for the flows and apps that use it: each
// change is located (JSON pointer, line in OLD and NEW), attributed to the
// operations it affects, and rated breaking, warning or safe with a reason.
//
// # Design
//
// The structural diff is computed here, over the connector.Node trees of
// both documents, and libopenapi's what-changed (CompareSwaggerDocuments)
// is one input of the rating, not the change list. The reasons, measured on
// libopenapi v0.42.4 with the nBold versions and the 292 real updates of
// the corpus (see docs/diff.md):
//
//   - what-changed reports no JSON pointer (Change.Path is empty) and a
//     change to a shared response or definition once per use, so its list
//     must be mapped back onto the document anyway (v1→v2 of nBold: 263
//     what-changed changes for 55 edited values);
//   - it rates extension changes generically (removing x-ms-summary is
//     "breaking", making an action internal is not), and it is direction
//     blind (a looser maxLength is as breaking as a tighter one);
//   - building both models and comparing them costs 40 ms on two nBold
//     versions and 175 ms on the largest corpus pair, against 2 ms and
//     20 ms for the tree walk, and the goals are 50 ms and 300 ms for the
//     whole process;
//   - the tree walk reports every difference by construction, which is
//     what "the report is empty exactly when the documents are equal" needs.
//
// What-changed does add value where ppconn's connector table has no row of
// its own: the JSON Schema validation keywords (pattern, maxLength, format,
// ...) and keywords ppconn does not know. For those changes, and only when
// a report has some, both models are built and compared, and what-changed's
// breaking flag, mapped back to the change by line and column, decides
// between breaking and warning (see whatchanged.go).
package diff

import (
	"fmt"
	"sort"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
)

// Impact says what a change does to the flows and apps that use the
// connector.
type Impact int8

// The impacts, from least to most severe.
const (
	Safe Impact = iota
	Warning
	Breaking
)

var impactNames = [...]string{"safe", "warning", "breaking"}

func (i Impact) String() string { return impactNames[i] }

// ParseImpact reads "safe", "warning" or "breaking".
func ParseImpact(s string) (Impact, bool) {
	for i, n := range impactNames {
		if n == s {
			return Impact(i), true
		}
	}
	return Safe, false
}

// Kind says whether something was added, removed or modified.
type Kind int8

// The change kinds.
const (
	Added Kind = iota
	Removed
	Modified
)

var kindNames = [...]string{"added", "removed", "modified"}

func (k Kind) String() string { return kindNames[k] }

// DocKind says which file of the connector a change is in.
type DocKind int8

// The documents compared.
const (
	Definition DocKind = iota // apiDefinition.swagger.json (or YAML)
	Properties                // apiProperties.json
)

func (d DocKind) String() string {
	if d == Properties {
		return "properties"
	}
	return "definition"
}

// Loc is where a change is in one of the two versions.
type Loc struct {
	File string
	Line int
	Col  int
	// OneLine is set when the file is minified (a few lines only), where
	// the column matters more than the line.
	OneLine bool
}

// Change is one difference between OLD and NEW.
type Change struct {
	Impact Impact
	Kind   Kind
	Doc    DocKind
	// Pointer is the RFC 6901 pointer of the changed value: in NEW for an
	// addition or a modification, in OLD for a removal.
	Pointer string
	// OldPointer is the pointer in OLD when it differs from Pointer (an
	// operation that moved to another path keeps its changes).
	OldPointer string
	// Operations are the operations affected, by operationId (or
	// "METHOD /path" when there is none). A change to a shared definition,
	// parameter or response lists every operation that uses it.
	Operations []string
	// AllOperations is set for a change that affects every operation
	// (host, auth, ...); Operations then lists them all.
	AllOperations bool
	// Rule is the row of the impact table (docs/diff.md) that rated it.
	Rule    RowID
	Message string
	Reason  string
	// Old and New are nil for an addition and a removal respectively.
	Old, New *Loc
	// TwinOld and TwinNew are the places of the same change in the YAML
	// twins, when both folders have one and both pairs of twins have the
	// change (see Report.Twins); nil otherwise.
	TwinOld, TwinNew *Loc
	// Acknowledged is set by Report.Accept when an accept file entry
	// acknowledges the change, with AckReason the entry's reason: it keeps
	// its impact but no longer counts towards Worst.
	Acknowledged bool
	AckReason    string
	// TableImpact is the impact the table gave, before diff.impact of the
	// configuration (Override) changed Impact.
	TableImpact Impact

	// lib is set when what-changed's verdict decides the impact: libBreaking
	// and libOther are the impacts to use when it does or does not rate the
	// change breaking.
	lib         bool
	libBreaking Impact
	libOther    Impact
	libReason   string
	order       int

	// fingerprint and namedPointer: see fingerprint.go. nodeO, nodeN and
	// values (the values of an enum added or removed together) are what
	// it digests, dropped once it is computed.
	fingerprint, namedPointer string
	nodeO, nodeN              *connector.Node
	values                    []*connector.Node
}

// Summary counts the changes by impact.
type Summary struct {
	Breaking int `json:"breaking"`
	Warning  int `json:"warning"`
	Safe     int `json:"safe"`
	// Acknowledged counts the changes (of any impact, counted above too)
	// that an accept file acknowledges.
	Acknowledged int `json:"acknowledged,omitempty"`
	// Stale counts the accept entries that match no change.
	Stale int `json:"stale,omitempty"`
}

// Total is the number of changes.
func (s Summary) Total() int { return s.Breaking + s.Warning + s.Safe }

// Report is the result of a comparison.
type Report struct {
	Old, New *Input
	Changes  []*Change
	Summary  Summary
	// Notes are things the reader should know about the inputs (syntax
	// problems read around, a file present on one side only).
	Notes []string
	// Operations lists the operations of NEW then those only in OLD, in
	// document order: the order of the groups of the text report.
	Operations []string
	// Routes gives "METHOD /path" for each operation name.
	Routes map[string]string
	// WhatChanged says whether libopenapi's what-changed was run.
	WhatChanged bool
	// Twins says that both inputs are folders with a JSON and a YAML twin
	// and that both pairs were compared: every change then says which
	// file it is in (Loc.File, and TwinOld/TwinNew for a change in both).
	Twins bool
	// Stale are the entries of the accept files applied (Accept) that
	// match no change.
	Stale []AcceptEntry
}

// Worst is the highest impact of the changes not acknowledged (Accept),
// and false when there are none.
func (r *Report) Worst() (Impact, bool) {
	w, any := Safe, false
	for _, c := range r.Changes {
		if !c.Acknowledged {
			w, any = max(w, c.Impact), true
		}
	}
	return w, any
}

func (r *Report) finish() {
	r.Summary = Summary{Stale: len(r.Stale)}
	for _, c := range r.Changes {
		if c.Acknowledged {
			r.Summary.Acknowledged++
		}
		switch c.Impact {
		case Breaking:
			r.Summary.Breaking++
		case Warning:
			r.Summary.Warning++
		default:
			r.Summary.Safe++
		}
	}
	sort.SliceStable(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		return a.order < b.order
	})
}

// short quotes a value for a message, cut to a readable length.
func short(s string) string {
	const maxLen = 80
	if len(s) > maxLen {
		cut := maxLen
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return escape.Quote(s)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Override gives every change of the rows in impacts that impact
// (.ppconn.yaml diff.impact, for teams whose policy differs from the
// table), saying so in the reason. It returns the number of changes whose
// impact changed.
func (r *Report) Override(impacts map[RowID]Impact) int {
	n := 0
	for _, c := range r.Changes {
		if imp, ok := impacts[c.Rule]; ok && imp != c.Impact {
			c.Reason += fmt.Sprintf(" (%s by the table; %s by diff.impact of the configuration)", c.Impact, imp)
			c.Impact = imp
			n++
		}
	}
	r.finish()
	return n
}
