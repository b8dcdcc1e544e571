package fix

import (
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// JSON pointers, as lint.Edit holds them: "" is the root, "/a/0/b~1c" a
// member or item below it.

// tokens splits a pointer into its unescaped reference tokens.
func tokens(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// join builds a pointer from unescaped tokens.
func join(toks []string) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(connector.EscapePointerToken(t))
	}
	return b.String()
}

// split returns the parent pointer of p and its last token (unescaped).
func split(p string) (parent, last string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return "", ""
	}
	return p[:i], strings.ReplaceAll(strings.ReplaceAll(p[i+1:], "~1", "/"), "~0", "~")
}

// under reports whether p is strictly below anc.
func under(p, anc string) bool {
	return len(p) > len(anc) && strings.HasPrefix(p, anc) && p[len(anc)] == '/'
}

// overlap reports whether a and b are the same place or one is below the
// other: edits there cannot be made independently.
func overlap(a, b string) bool { return a == b || under(a, b) || under(b, a) }

// comparePointers orders pointers token by token, array indices
// numerically, a pointer before the ones below it. Applying edits in the
// reverse of this order keeps the pointers of the edits still to come
// valid: a deletion only shifts the items after it.
func comparePointers(a, b string) int {
	ta, tb := tokens(a), tokens(b)
	for i := 0; i < len(ta) && i < len(tb); i++ {
		if ta[i] == tb[i] {
			continue
		}
		na, ea := strconv.Atoi(ta[i])
		nb, eb := strconv.Atoi(tb[i])
		if ea == nil && eb == nil && na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
		return strings.Compare(ta[i], tb[i])
	}
	return len(ta) - len(tb)
}

// mapPointer follows the place p of a document through changes, in the
// order they were applied: a rename moves it, the deletion of an item
// before it in an array shifts it. ok is false when the value at p was
// removed or replaced by a change.
func mapPointer(changes []Change, p string) (string, bool) {
	for _, c := range changes {
		switch {
		case c.Delete:
			if p == c.Pointer || under(p, c.Pointer) {
				return "", false
			}
			if !c.InArray {
				continue
			}
			parent, last := split(c.Pointer)
			if !under(p, parent) {
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
			if p == c.Pointer || under(p, c.Pointer) {
				parent, _ := split(c.Pointer)
				p = parent + "/" + connector.EscapePointerToken(c.RenameKey) + p[len(c.Pointer):]
			}
		default:
			if under(p, c.Pointer) {
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
		p, _ = split(c.Pointer)
	case c.RenameKey != "":
		parent, _ := split(c.Pointer)
		p = parent + "/" + connector.EscapePointerToken(c.RenameKey)
	}
	if m, ok := mapPointer(later, p); ok {
		return m
	}
	return p
}
