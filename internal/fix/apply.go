package fix

import (
	"cmp"
	"errors"
	"slices"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// Change is an edit as the edit engine made it (rewrite.Change: its
// pointer is the place as it was just before, so that a list of changes
// replays), with the rule whose fix made it.
type Change struct {
	rewrite.Change
	// Rule is the rule whose fix made the change.
	Rule string
	fix  int // the index of that fix in its round's plan
}

// planned is one edit to make, with the fix it belongs to.
type planned struct {
	lint.Edit
	fix  int // index of the fix in the file's plan
	rule string
}

// editError says which fix an edit that failed belongs to.
type editError struct {
	fix int
	err error
}

func (e *editError) Error() string { return e.err.Error() }

// applyDoc makes the edits to doc through the edit engine
// (rewrite.EditDocument) and returns the new text, the document parsed
// from it and the changes made, in order. The engine makes the renames
// first and the other edits in the order given; fix gives them deepest
// and last first, the order that decides where members added to one
// object go (its goldens have them so).
func applyDoc(doc *connector.Document, edits []planned) ([]byte, *connector.Document, []Change, error) {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b planned) int {
		if c := cmp.Compare(renameFirst(a.Edit), renameFirst(b.Edit)); c != 0 || a.RenameKey != "" {
			return c
		}
		return -connector.Pointer(a.Pointer).Compare(connector.Pointer(b.Pointer))
	})
	list := make([]rewrite.Edit, len(edits))
	for i, e := range edits {
		list[i] = e.Edit
	}
	res, err := rewrite.EditDocument(doc, list, rewrite.EditOptions{})
	if err != nil {
		if ee := (*rewrite.EditError)(nil); errors.As(err, &ee) {
			return nil, nil, nil, &editError{edits[ee.Index].fix, ee.Err}
		}
		return nil, nil, nil, err
	}
	changes := make([]Change, len(res.Changes))
	for i, c := range res.Changes {
		changes[i] = Change{Change: c, Rule: edits[c.Index].rule, fix: edits[c.Index].fix}
	}
	return res.Text, res.Doc, changes, nil
}

func renameFirst(e lint.Edit) int {
	if e.RenameKey != "" {
		return 0
	}
	return 1
}

// engineChanges are the changes as the edit engine knows them.
func engineChanges(changes []Change) []rewrite.Change {
	out := make([]rewrite.Change, len(changes))
	for i, c := range changes {
		out[i] = c.Change
	}
	return out
}
