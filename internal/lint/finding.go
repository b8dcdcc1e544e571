package lint

import (
	"cmp"
	"slices"
)

// Finding is one reported problem, located in a file. Its JSON names are
// report's (jsonFinding, the one list); Level and Severity are kept out of
// JSON so that report's output, which names them, decodes into a Finding.
type Finding struct {
	Rule     string
	Level    Level    `json:"-"`
	Severity Severity `json:"-"`
	Message  string
	File     string
	Line     int
	Column   int
	Pointer  string
	Fixable  bool
	// Sensitive findings point at a secret: no source excerpt is shown.
	Sensitive bool
	// Fix corrects the finding (see 'ppconn fix'); nil when there is none.
	Fix *Fix
	// Internal marks an internal error of ppconn (a rule that crashed),
	// reported at error severity whatever the rule's level.
	Internal bool
	// Related are the other places the finding speaks of (the first of
	// two duplicates, say): SARIF relatedLocations, a note line in text.
	// They keep "(line N)" out of messages, which annotations truncate.
	Related []Related
}

// Related is another place a finding refers to, with what it is.
type Related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
	// Twin marks the same finding in the other twin (see MergeTwins).
	Twin bool `json:"twin,omitempty"`
}

// SortFindings orders findings by file, position, rule and message, so
// that output does not depend on rule or goroutine order.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}
