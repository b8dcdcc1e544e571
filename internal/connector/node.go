// Package connector loads Power Platform connector packages: it finds the
// files of a connector folder, parses them into one position-carrying node
// tree whatever their format (JSON or YAML), and records load problems
// (syntax, encoding, duplicate keys) as data rather than errors, so that one
// bad file never stops a batch.
//
// The YAML node types of the libraries we use (pb33f/go-yaml) never leave
// this package: everything above it sees only *Node.
package connector

import (
	"strconv"
	"strings"
)

// Kind is the JSON type of a node.
type Kind uint8

// The node kinds. YAML scalars are mapped onto the JSON kinds by their
// resolved tag, so that rules never need to know which format a file had.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

var kindNames = [...]string{"null", "boolean", "number", "string", "object", "array"}

// String returns the JSON name of the kind ("object", "string", ...).
func (k Kind) String() string { return kindNames[k] }

// Node is one value in a parsed document. Object members and array items
// are both held in Children: a member has Key set, an item has Index set.
type Node struct {
	Kind  Kind
	Index int32 // next to Kind, where it costs no padding
	// Value is the decoded text of a string, the source spelling of a
	// number, or "true"/"false".
	Value    string
	Key      string
	Children []*Node
	Parent   *Node

	// Positions. JSON nodes carry byte offsets into Document.Src and get
	// their line and column from the document's line index on demand;
	// YAML nodes carry line and column directly (offsets are -1).
	Off, End, KeyOff int32
	Line, Col        int32
	KeyLine, KeyCol  int32

	// members maps the keys of an object of memberIndexMin members or more
	// to its first member of that key, built once by the parser.
	members map[string]*Node
	// keyBits is a one-word filter of an object's member names: the
	// union of their keyBit. Get answers nil for a name whose bit is
	// clear without reading a member: most lookups are of a keyword or an
	// extension the object does not have, and each member read is a
	// cache line of its own. Zero (a node not made by the parsers, or
	// without members) means no filter.
	keyBits uint64
}

// keyBit is the bit of the name k in keyBits, from its length and last
// byte: what tells apart the names of one object (an x-ms-* extension from
// another, a keyword from a keyword) with no hashing of the whole name.
func keyBit(k string) uint64 {
	if k == "" {
		return 1
	}
	return 1 << ((uint32(len(k))<<8 | uint32(k[len(k)-1])) * 0x9E3779B1 >> 26)
}

// memberIndexMin is the member count from which an object keeps a map of
// its members. Below it a scan is as fast as hashing; above it Get stays
// constant-time, so that a rule looking definitions up by name is linear in
// the document, not quadratic, on a hostile file of 200,000 definitions.
const memberIndexMin = 16

// indexMembers builds the name filter of an object and the member map of a
// large one. The parsers call it once the object's members are final;
// nodes are not changed after parsing.
func (n *Node) indexMembers() {
	if n.Kind != Object {
		return
	}
	for _, c := range n.Children {
		n.keyBits |= keyBit(c.Key)
	}
	if len(n.Children) < memberIndexMin {
		return
	}
	m := make(map[string]*Node, len(n.Children))
	for _, c := range n.Children {
		if _, dup := m[c.Key]; !dup {
			m[c.Key] = c
		}
	}
	n.members = m
}

// IsMember reports whether n is the value of an object member.
func (n *Node) IsMember() bool { return n.Parent != nil && n.Parent.Kind == Object }

// Get returns the member value named key, or nil. It is nil-safe, so that
// lookups chain: doc.Root.Get("info").Get("title").
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object || n.keyBits != 0 && n.keyBits&keyBit(key) == 0 {
		return nil
	}
	if n.members != nil {
		return n.members[key]
	}
	for _, c := range n.Children {
		if c.Key == key {
			return c
		}
	}
	return nil
}

// GetFold is Get with a case-insensitive key comparison.
func (n *Node) GetFold(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, c := range n.Children {
		if strings.EqualFold(c.Key, key) {
			return c
		}
	}
	return nil
}

// Has reports whether n is an object with the member key.
func (n *Node) Has(key string) bool { return n.Get(key) != nil }

// At follows a path of member names from n.
func (n *Node) At(keys ...string) *Node {
	for _, k := range keys {
		n = n.Get(k)
	}
	return n
}

// Str returns the value of a string node, or "" for anything else.
func (n *Node) Str() string {
	if n == nil || n.Kind != String {
		return ""
	}
	return n.Value
}

// IsString reports whether n is a string node.
func (n *Node) IsString() bool { return n != nil && n.Kind == String }

// IsTrue reports whether n is the boolean true.
func (n *Node) IsTrue() bool { return n != nil && n.Kind == Bool && n.Value == "true" }

// List returns the members or items of n; it is nil-safe, so that
// `for _, c := range n.Get("paths").List()` needs no nil check.
func (n *Node) List() []*Node {
	if n == nil {
		return nil
	}
	return n.Children
}

// Len is the number of members or items.
func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return len(n.Children)
}

// Pointer returns the RFC 6901 JSON pointer of n within its document. It
// is computed for reported nodes only, in one allocation: the path up to
// the root is measured, then written from its end.
func (n *Node) Pointer() string {
	size := 0
	for c := n; c != nil && c.Parent != nil; c = c.Parent {
		size += 1 + pointerTokenLen(c)
	}
	if size == 0 {
		return ""
	}
	buf := make([]byte, size)
	end := size
	for c := n; c != nil && c.Parent != nil; c = c.Parent {
		start := end - pointerTokenLen(c)
		if c.Parent.Kind == Array {
			strconv.AppendInt(buf[start:start], int64(c.Index), 10)
		} else {
			copy(buf[start:end], EscapePointerToken(c.Key))
		}
		buf[start-1] = '/'
		end = start - 1
	}
	return string(buf)
}

// pointerTokenLen is the length of c's reference token in a pointer: its
// index in an array, else its escaped member name.
func pointerTokenLen(c *Node) int {
	if c.Parent.Kind == Array {
		digits := 1
		for i := c.Index; i >= 10; i /= 10 {
			digits++
		}
		return digits
	}
	return len(c.Key) + strings.Count(c.Key, "~") + strings.Count(c.Key, "/")
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// EscapePointerToken escapes one reference token for a JSON pointer.
func EscapePointerToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return pointerEscaper.Replace(s)
}

var pointerUnescaper = strings.NewReplacer("~1", "/", "~0", "~")

// UnescapePointerToken is the token s of a JSON pointer, unescaped.
func UnescapePointerToken(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return pointerUnescaper.Replace(s)
}

// Resolve follows an RFC 6901 pointer ("" or "/a/0/b") from n. It returns
// nil when the pointer is malformed or leads nowhere.
func (n *Node) Resolve(pointer string) *Node {
	if pointer == "" {
		return n
	}
	if pointer[0] != '/' {
		return nil
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = UnescapePointerToken(tok)
		switch {
		case n == nil:
			return nil
		case n.Kind == Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Children) {
				return nil
			}
			n = n.Children[i]
		default:
			n = n.Get(tok)
		}
	}
	return n
}

// Walk calls fn for n and every node below it, depth first, in document
// order. When fn returns false the children of that node are skipped.
func (n *Node) Walk(fn func(*Node) bool) {
	if n == nil || !fn(n) {
		return
	}
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// Interface converts the subtree into plain Go values (map[string]any,
// []any, string, float64, bool, nil). Numbers go through float64, so two
// numbers beyond its precision may come out the same: compare values with
// Equal (or ValueKey), which is exact; Interface is for rendering.
func (n *Node) Interface() any {
	switch n.Kind {
	case Object:
		m := make(map[string]any, len(n.Children))
		for _, c := range n.Children {
			m[c.Key] = c.Interface()
		}
		return m
	case Array:
		a := make([]any, len(n.Children))
		for i, c := range n.Children {
			a[i] = c.Interface()
		}
		return a
	case String:
		return n.Value
	case Number:
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return n.Value
		}
		return f
	case Bool:
		return n.Value == "true"
	default:
		return nil
	}
}
