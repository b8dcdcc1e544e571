package fix

import (
	"sort"
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
	return newPointerMap(changes).follow(p)
}

// pointerMap indexes changes by the place they act at, so that following
// a pointer visits only the changes at it or above it: following every
// finding's pointer through thousands of changes was quadratic (#19 item 8).
type pointerMap struct {
	changes []Change
	at      map[string][]int // indices into changes, increasing
}

func newPointerMap(changes []Change) *pointerMap {
	m := &pointerMap{at: make(map[string][]int, len(changes))}
	for _, c := range changes {
		m.add(c)
	}
	return m
}

// add appends a change applied after the others.
func (m *pointerMap) add(c Change) {
	i := len(m.changes)
	m.changes = append(m.changes, c)
	m.at[c.Pointer] = append(m.at[c.Pointer], i)
	if c.Delete && c.InArray {
		// the items after it in its array shift
		parent := string(connector.Pointer(c.Pointer).Parent())
		m.at[parent] = append(m.at[parent], i)
	}
}

// follow is mapPointer through the indexed changes: a change can move or
// remove p only when it acts at p or at one of its ancestors.
func (m *pointerMap) follow(p string) (string, bool) {
	for done := -1; ; {
		next := -1
		for end := 0; ; end++ {
			if end == len(p) || p[end] == '/' {
				list := m.at[p[:end]]
				k := sort.SearchInts(list, done+1)
				if k < len(list) && (next < 0 || list[k] < next) {
					next = list[k]
				}
			}
			if end == len(p) {
				break
			}
		}
		if next < 0 {
			return p, true
		}
		var ok bool
		if p, ok = applyChange(m.changes[next], p); !ok {
			return "", false
		}
		done = next
	}
}

// applyChange follows p through the one change c.
func applyChange(c Change, p string) (string, bool) {
	switch {
	case c.Delete:
		if connector.Pointer(p).AtOrUnder(connector.Pointer(c.Pointer)) {
			return "", false
		}
		if !c.InArray {
			return p, true
		}
		parent, last := string(connector.Pointer(c.Pointer).Parent()), connector.Pointer(c.Pointer).Last()
		if !connector.Pointer(p).Under(connector.Pointer(parent)) {
			return p, true
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
