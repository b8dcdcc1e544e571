package fix

import (
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// overlap reports whether a and b are the same place or one is below the
// other: edits there cannot be made independently.
func overlap(a, b string) bool {
	return connector.Pointer(a).AtOrUnder(connector.Pointer(b)) || connector.Pointer(b).Under(connector.Pointer(a))
}

// mapPointer follows the place p of a document through changes, in the
// order they were applied: a rename moves it, the deletion of an item
// before it in an array shifts it. ok is false when the value at p was
// removed or replaced by a change.
func mapPointer(changes []Change, p string) (string, bool) {
	for _, c := range changes {
		switch {
		case c.Delete:
			if connector.Pointer(p).AtOrUnder(connector.Pointer(c.Pointer)) {
				return "", false
			}
			if !c.InArray {
				continue
			}
			parent, last := string(connector.Pointer(c.Pointer).Parent()), connector.Pointer(c.Pointer).Last()
			if !connector.Pointer(p).Under(connector.Pointer(parent)) {
				continue
			}
			rest := p[len(parent)+1:]
			tok, tail, _ := strings.Cut(rest, "/")
			j, err1 := strconv.Atoi(tok)
			i, err2 := strconv.Atoi(last)
			if err1 == nil && err2 == nil && j > i {
				p = parent + "/" + strconv.Itoa(j-1)
				if tail != "" || strings.Contains(rest, "/") {
					p += "/" + tail
				}
			}
		case c.RenameKey != "":
			if connector.Pointer(p).AtOrUnder(connector.Pointer(c.Pointer)) {
				parent := string(connector.Pointer(c.Pointer).Parent())
				p = string(connector.Pointer(parent).Child(c.RenameKey)) + p[len(c.Pointer):]
			}
		default:
			if connector.Pointer(p).Under(connector.Pointer(c.Pointer)) {
				return "", false
			}
		}
	}
	return p, true
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
	if m, ok := mapPointer(later, p); ok {
		return m
	}
	return p
}
