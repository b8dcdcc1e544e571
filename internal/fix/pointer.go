package fix

import (
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// overlap reports whether a and b are the same place or one is below the
// other: edits there cannot be made independently.
func overlap(a, b string) bool {
	return connector.Pointer(a).AtOrUnder(connector.Pointer(b)) || connector.Pointer(b).Under(connector.Pointer(a))
}

// resultPointer is where change c shows in the document once changes
// (the ones applied with and after it) are applied: the value set, the
// renamed member, or the container an item was removed from.
func resultPointer(c Change, later []Change) string {
	p := c.Pointer
	switch {
	case c.Delete:
		p = string(connector.Pointer(c.Pointer).Parent())
	case c.RenameKey != "":
		parent := string(connector.Pointer(c.Pointer).Parent())
		p = string(connector.Pointer(parent).Child(c.RenameKey))
	}
	if m, ok := rewrite.FollowPointer(engineChanges(later), p); ok {
		return m
	}
	return p
}
