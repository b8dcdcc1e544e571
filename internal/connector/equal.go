package connector

import (
	"sort"
	"strconv"
	"strings"
)

// Equal reports whether two values are equal as JSON Schema compares them
// (enum, uniqueItems, const): numbers by their value, so that 1, 1.0 and
// 1e0 are one number; strings, booleans and null by value; objects by
// their set of members, whatever their order; arrays item by item, in
// order. A JSON value and its YAML twin are equal. A nil node equals only
// nil.
//
// Equal walks both trees and stops at the first difference; it builds no
// text, so comparing two large definitions costs no allocation.
func Equal(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Object:
		if len(a.Children) != len(b.Children) {
			return false
		}
		for i, x := range a.Children {
			y := b.Children[i] // the same order: no lookup
			if y.Key != x.Key {
				if y = b.Get(x.Key); y == nil {
					return false
				}
			}
			if !Equal(x, y) {
				return false
			}
		}
		return true
	case Array:
		if len(a.Children) != len(b.Children) {
			return false
		}
		for i := range a.Children {
			if !Equal(a.Children[i], b.Children[i]) {
				return false
			}
		}
		return true
	case Number:
		return a.Value == b.Value || canonicalNumber(a.Value) == canonicalNumber(b.Value)
	case Null:
		return true
	}
	return a.Value == b.Value
}

// Difference is one place where two values differ (see Differences):
// its pointer, relative to the two values compared, and the value at it
// on each side; A or B is nil where that side has no member or item.
type Difference struct {
	Pointer string
	A, B    *Node
}

// Differences lists the places where a and b differ as Equal compares
// them, so that it finds none exactly when Equal(a, b): the first limit
// places, in the order of a (the members only b has after a's, in b's
// order), and how many there are in all. A place is as deep as the
// difference goes: a member or item that only one side has, two values
// of different kinds, or two scalars that are not equal (numbers by
// exact value); objects are compared member by member whatever their
// order, arrays item by item, the items past the end of the shorter
// being places of their own.
//
// Two equal values cost what Equal costs, and no allocation; otherwise
// text is built only for the places listed.
func Differences(a, b *Node, limit int) ([]Difference, int) {
	if Equal(a, b) {
		return nil, 0
	}
	d := differ{limit: limit}
	d.walk(a, b)
	return d.out, d.total
}

type differ struct {
	limit, total int
	out          []Difference
	path         []step // the way from the roots to the values compared
}

// step is one token of differ.path: a member name, or an item index
// (when key is "" and index >= 0), turned into text only for a place.
type step struct {
	key   string
	index int
}

func (d *differ) walk(a, b *Node) {
	if a == nil || b == nil || a.Kind != b.Kind {
		if a != nil || b != nil {
			d.add(a, b)
		}
		return
	}
	switch a.Kind {
	case Object:
		for _, x := range a.Children {
			d.path = append(d.path, step{key: x.Key, index: -1})
			d.walk(x, b.Get(x.Key))
			d.path = d.path[:len(d.path)-1]
		}
		for _, y := range b.Children {
			if a.Get(y.Key) == nil {
				d.path = append(d.path, step{key: y.Key, index: -1})
				d.add(nil, y)
				d.path = d.path[:len(d.path)-1]
			}
		}
	case Array:
		for i := range max(len(a.Children), len(b.Children)) {
			d.path = append(d.path, step{index: i})
			d.walk(item(a, i), item(b, i))
			d.path = d.path[:len(d.path)-1]
		}
	default:
		if !Equal(a, b) {
			d.add(a, b)
		}
	}
}

func item(n *Node, i int) *Node {
	if i < len(n.Children) {
		return n.Children[i]
	}
	return nil
}

func (d *differ) add(a, b *Node) {
	d.total++
	if len(d.out) >= d.limit {
		return
	}
	toks := make([]string, len(d.path))
	for i, s := range d.path {
		if s.index >= 0 {
			toks[i] = strconv.Itoa(s.index)
		} else {
			toks[i] = s.key
		}
	}
	d.out = append(d.out, Difference{Pointer: string(PointerTo(toks...)), A: a, B: b})
}

// ValueKey is a text of the value of n such that ValueKey(a) ==
// ValueKey(b) exactly when Equal(a, b): the key to use in a map of seen
// values. It is not meant for display.
func ValueKey(n *Node) string {
	var b strings.Builder
	writeValueKey(&b, n)
	return b.String()
}

func writeValueKey(b *strings.Builder, n *Node) {
	if n == nil {
		b.WriteString("~")
		return
	}
	switch n.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString(n.Value)
	case Number:
		b.WriteString("#")
		b.WriteString(canonicalNumber(n.Value))
	case String:
		b.WriteString(strconv.Quote(n.Value))
	case Array:
		b.WriteString("[")
		for i, c := range n.Children {
			if i > 0 {
				b.WriteString(",")
			}
			writeValueKey(b, c)
		}
		b.WriteString("]")
	case Object:
		members := make([]string, len(n.Children))
		for i, c := range n.Children {
			members[i] = strconv.Quote(c.Key) + ":" + ValueKey(c)
		}
		sort.Strings(members)
		b.WriteString("{")
		b.WriteString(strings.Join(members, ","))
		b.WriteString("}")
	}
}

// canonicalNumber writes a number in one spelling per value, by text and
// not by float64, so that no precision is lost and no huge exponent is
// ever expanded (the files are attacker-controlled): the significant
// digits, then the power of ten of the last one. "1", "1.0", "10e-1" and
// "0.1e1" all give "1e0"; zero in any spelling gives "0". YAML spellings
// of integers in other bases (0x1F, 0o17) are read as integers; anything
// else that is not a decimal (.inf, .nan) is kept as written.
func canonicalNumber(s string) string {
	s = strings.TrimSpace(s)
	if isBasePrefixed(s) {
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			s = strconv.FormatInt(i, 10)
		}
	}
	neg := false
	body := s
	switch {
	case strings.HasPrefix(body, "-"):
		neg, body = true, body[1:]
	case strings.HasPrefix(body, "+"):
		body = body[1:]
	}
	mant, exp := body, ""
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, exp = body[:i], body[i+1:]
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	if !allDigits(intPart) || !allDigits(frac) || intPart+frac == "" {
		return strings.ToLower(s)
	}
	e := int64(0)
	if exp != "" {
		v, err := strconv.ParseInt(exp, 10, 64)
		if err != nil || v > 1<<40 || v < -(1<<40) {
			return strings.ToLower(s)
		}
		e = v
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	e -= int64(len(frac))
	trimmed := strings.TrimRight(digits, "0")
	e += int64(len(digits) - len(trimmed))
	if trimmed == "" {
		return "0"
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + trimmed + "e" + strconv.FormatInt(e, 10)
}

func isBasePrefixed(s string) bool {
	s = strings.TrimLeft(s, "+-")
	return len(s) > 2 && s[0] == '0' && strings.ContainsRune("xXoObB", rune(s[1]))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
