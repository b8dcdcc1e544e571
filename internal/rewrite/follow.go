package rewrite

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// FollowPointer follows the place p of a document through changes, in the
// order they were made: a rename moves it, the deletion of an item before
// it in an array shifts it. ok is false when the value at p was removed
// or replaced by a change.
func FollowPointer(changes []Change, p string) (string, bool) {
	return NewPointerMap(changes).Follow(p)
}

// PointerMap indexes changes by the place they act at, so that following
// a pointer visits only the changes at it or above it: following every
// finding's pointer through thousands of changes was quadratic (#19 item 8).
type PointerMap struct {
	changes []Change
	at      map[string][]int // indices into changes, increasing
}

// NewPointerMap indexes changes, made in that order.
func NewPointerMap(changes []Change) *PointerMap {
	m := &PointerMap{at: make(map[string][]int, len(changes))}
	for _, c := range changes {
		m.Add(c)
	}
	return m
}

// Add appends a change made after the others.
func (m *PointerMap) Add(c Change) {
	i := len(m.changes)
	m.changes = append(m.changes, c)
	m.at[c.Pointer] = append(m.at[c.Pointer], i)
	if c.Delete && c.InArray {
		// the items after it in its array shift
		parent := string(connector.Pointer(c.Pointer).Parent())
		m.at[parent] = append(m.at[parent], i)
	}
}

// Follow is FollowPointer through the indexed changes: a change can move
// or remove p only when it acts at p or at one of its ancestors.
func (m *PointerMap) Follow(p string) (string, bool) {
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
		if p, ok = followOne(m.changes[next], p); !ok {
			return "", false
		}
		done = next
	}
}

// followOne follows p through the one change c.
func followOne(c Change, p string) (string, bool) {
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

// Replay applies changes to a value as Node.Interface returns it
// (map[string]any, []any, string, float64, bool, nil) and returns the
// result; v is modified. It is what a document's value must become when
// the changes are made to its text.
func Replay(v any, changes []Change) (any, error) {
	for _, c := range changes {
		var err error
		if v, err = replayOne(v, c); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Pointer, err)
		}
	}
	return v, nil
}

func replayOne(root any, c Change) (any, error) {
	toks := connector.Pointer(c.Pointer).Tokens()
	if len(toks) == 0 {
		if c.Delete || c.RenameKey != "" {
			return nil, errors.New("cannot delete or rename the root")
		}
		return PlainValue(c.Value)
	}
	// Find the container, creating objects on the way for a Set.
	parent := root
	for i, tok := range toks[:len(toks)-1] {
		switch p := parent.(type) {
		case map[string]any:
			next, ok := p[tok]
			if !ok {
				if c.Delete || c.RenameKey != "" {
					return nil, errors.New("no such member")
				}
				// Set creates the missing objects: build them inside out.
				val, err := PlainValue(c.Value)
				if err != nil {
					return nil, err
				}
				for j := len(toks) - 1; j > i; j-- {
					val = map[string]any{toks[j]: val}
				}
				p[tok] = val
				return root, nil
			}
			parent = next
		case []any:
			idx, ok := index(tok, len(p))
			if !ok {
				return nil, errors.New("no such item")
			}
			parent = p[idx]
		default:
			return nil, errors.New("not a container")
		}
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		switch {
		case c.Delete:
			delete(p, last)
		case c.RenameKey != "":
			val, ok := p[last]
			if !ok {
				return nil, errors.New("no such member")
			}
			delete(p, last)
			p[c.RenameKey] = val
		default:
			return setPlain(root, c, func(val any) { p[last] = val })
		}
		return root, nil
	case []any:
		if last == "-" && !c.Delete && c.RenameKey == "" {
			// Append: the slice grows, so it is rebuilt in its container.
			val, err := PlainValue(c.Value)
			if err != nil {
				return nil, err
			}
			return replaceArray(root, toks[:len(toks)-1], append(p[:len(p):len(p)], val))
		}
		idx, ok := index(last, len(p))
		if !ok {
			return nil, errors.New("no such item")
		}
		switch {
		case c.Delete:
			// Rebuild the slice in its container: its length changes.
			return replaceArray(root, toks[:len(toks)-1], append(p[:idx:idx], p[idx+1:]...))
		case c.RenameKey != "":
			return nil, errors.New("an item has no name to rename")
		default:
			return setPlain(root, c, func(val any) { p[idx] = val })
		}
	}
	return nil, errors.New("not a container")
}

// setPlain stores the value of the Set c, as PlainValue makes it, through
// put (at a member or an item of a container of root).
func setPlain(root any, c Change, put func(val any)) (any, error) {
	val, err := PlainValue(c.Value)
	if err != nil {
		return nil, err
	}
	put(val)
	return root, nil
}

// replaceArray puts arr at the place toks of root.
func replaceArray(root any, toks []string, arr []any) (any, error) {
	if len(toks) == 0 {
		return arr, nil
	}
	parent := root
	for _, tok := range toks[:len(toks)-1] {
		switch p := parent.(type) {
		case map[string]any:
			parent = p[tok]
		case []any:
			idx, _ := index(tok, len(p))
			parent = p[idx]
		}
	}
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = arr
	case []any:
		idx, _ := index(last, len(p))
		p[idx] = arr
	}
	return root, nil
}

func index(tok string, n int) (int, bool) {
	i := 0
	for _, r := range tok {
		if r < '0' || r > '9' {
			return 0, false
		}
		i = i*10 + int(r-'0')
		if i > n {
			return 0, false
		}
	}
	return i, tok != "" && i < n && (tok == "0" || tok[0] != '0')
}

// PlainValue converts an edit's value into what Node.Interface gives for
// it (ValueNode).
func PlainValue(v any) (any, error) {
	n, err := ValueNode(v)
	if err != nil {
		return nil, err
	}
	return n.Interface(), nil
}
