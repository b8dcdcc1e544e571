package connector

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The JSON parser is our own rather than encoding/json or libopenapi's YAML
// reader, because connector files are messy and the user needs the exact
// place of each mistake: encoding/json gives a byte offset and stops,
// libopenapi's YAML reader accepts trailing commas and tabs silently. It is
// tolerant: after reporting the first syntax error it recovers from the
// common ones (trailing comma, missing comma, raw control character,
// Unicode space, comment) so that the rest of the file is still linted.

type jsonAbort struct{}

type jsonParser struct {
	doc      *Document
	src      []byte
	pos      int
	depth    int
	maxDepth int
	reported bool

	// text is src as one string: a string value or key without escapes
	// is a substring of it, so that parsing allocates no string per node.
	text string
	// keys interns member names: the few hundred distinct names of a
	// definition are shared by all its nodes.
	keys map[string]string
	// recent is a direct-mapped cache in front of keys, by length and
	// first and last byte: most names hit it, which costs a comparison of
	// two short strings instead of hashing the name (the map lookup was a
	// quarter of parsing, issue #16).
	recent [256]string
	// The nodes and the Children slices are carved from slabs, a few
	// allocations per document instead of one or two per node; the
	// children of the containers being parsed wait on stack.
	nodes []Node
	kids  []*Node
	stack []*Node
}

// newNode returns a zeroed node from the slab.
func (p *jsonParser) newNode() *Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]Node, 0, slabSize(len(p.src)/bytesPerNode))
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	return &p.nodes[len(p.nodes)-1]
}

// children moves the top k entries of the stack into an exactly sized
// slice carved from the slab (full slice expression: an append by a
// caller reallocates rather than overwrite a neighbour).
func (p *jsonParser) children(base int) []*Node {
	k := len(p.stack) - base
	if k == 0 {
		return nil
	}
	if cap(p.kids)-len(p.kids) < k {
		p.kids = make([]*Node, 0, max(k, slabSize(len(p.src)/bytesPerNode)))
	}
	start := len(p.kids)
	p.kids = append(p.kids, p.stack[base:]...)
	clear(p.stack[base:])
	p.stack = p.stack[:base]
	return p.kids[start : start+k : start+k]
}

// bytesPerNode is the source text per node of a typical definition: the
// shared corpus averages 46 bytes (1.07 million nodes in 49 MB), so a
// first slab of len/40 nodes is rarely outgrown and never mostly empty.
// (len/16 allocated and zeroed three times the nodes a file has: a fifth
// of a corpus lint's allocation, issue #16.)
const bytesPerNode = 40

// slabSize bounds the slabs: large enough to amortise, small enough that
// a small file does not pay for a large one.
func slabSize(estimate int) int { return min(max(estimate, 64), 4096) }

// str returns src[a:b] as a string without copying it.
func (p *jsonParser) sub(a, b int) string { return p.text[a:b] }

func (p *jsonParser) intern(s string) string {
	if s == "" {
		return ""
	}
	slot := &p.recent[(uint(len(s))*131+uint(s[0])*31+uint(s[len(s)-1]))%uint(len(p.recent))]
	if *slot == s {
		return *slot
	}
	k, ok := p.keys[s]
	if !ok {
		if p.keys == nil {
			p.keys = make(map[string]string, 256)
		}
		p.keys[s] = s
		k = s
	}
	*slot = k
	return k
}

func parseJSON(doc *Document, maxDepth int) {
	p := &jsonParser{doc: doc, src: doc.Src, maxDepth: maxDepth, text: string(doc.Src)}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(jsonAbort); !ok {
				panic(r)
			}
			doc.Root = nil
		}
	}()
	p.skipSpace()
	if p.pos >= len(p.src) {
		p.fatal(p.pos, "the file is empty; a connector definition is a JSON object starting with '{'")
	}
	doc.Root = p.value(nil)
	p.skipSpace()
	if p.pos < len(p.src) {
		p.extraContent(doc.Root)
	}
}

// extraContent reports text after the root value. The usual cause is an
// extra closing bracket further up that closed the root early; in an
// indented file the first closer whose indentation does not match its
// opener's line is that bracket, so it is reported instead of the leftover.
func (p *jsonParser) extraContent(root *Node) {
	if c := p.misindentedCloser(root); c != nil {
		closer := int(c.End) - 1
		p.syntax(closer, fmt.Sprintf("extra '%c': its indentation does not match the %s opened at %s, so the brackets close too early and the root %s ends at %s with text left over; remove this bracket",
			p.src[closer], c.Kind, p.where(int(c.Off)), root.Kind, p.where(int(root.End)-1)))
		return
	}
	p.syntax(p.pos, fmt.Sprintf("unexpected %s after the end of the JSON document; the root %s already closed at %s: remove it or check the brackets above",
		p.describe(p.pos), root.Kind, p.where(int(root.End)-1)))
}

func (p *jsonParser) misindentedCloser(root *Node) *Node {
	var best *Node
	root.Walk(func(n *Node) bool {
		if n.Kind != Object && n.Kind != Array || n.End == 0 {
			return true
		}
		closer := int(n.End) - 1
		indent, first := p.indentOf(closer)
		if !first {
			return true
		}
		opener := int(n.Off)
		if n.KeyOff >= 0 {
			opener = int(n.KeyOff)
		}
		if want, _ := p.indentOf(opener); want != indent && (best == nil || n.End < best.End) {
			best = n
		}
		return true
	})
	return best
}

// indentOf returns the indentation width of the line holding off, and
// whether off is the first non-blank character of that line. It finds the
// line start through the document's line index, so that a minified file
// with thousands of brackets on one line stays linear.
func (p *jsonParser) indentOf(off int) (int, bool) {
	p.doc.index()
	starts := p.doc.lineStarts
	line := sort.Search(len(starts), func(i int) bool { return int(starts[i]) > off }) - 1
	start := int(starts[line])
	i := start
	for i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t') {
		i++
	}
	return i - start, i == off
}

// syntax records a syntax error. Only the first one of a file is reported:
// after a recovery the next error is often a consequence of the first.
func (p *jsonParser) syntax(off int, msg string) {
	if p.reported {
		return
	}
	p.reported = true
	p.doc.addProblem(ProblemSyntax, p.doc.OffsetPos(off), msg)
}

func (p *jsonParser) fatal(off int, msg string) {
	p.syntax(off, msg)
	panic(jsonAbort{})
}

func (p *jsonParser) where(off int) string {
	pos := p.doc.OffsetPos(off)
	return fmt.Sprintf("%d:%d", pos.Line, pos.Col)
}

// describe names the token at off for an error message.
func (p *jsonParser) describe(off int) string {
	if off >= len(p.src) {
		return "end of file"
	}
	r, _ := utf8.DecodeRune(p.src[off:])
	switch {
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf("control character U+%04X", r)
	case r >= 0x80:
		return fmt.Sprintf("character U+%04X %q", r, r)
	}
	return fmt.Sprintf("'%c'", r)
}

// unicodeSpaces are characters that look like white space in an editor but
// are not JSON white space.
var unicodeSpaces = map[rune]string{
	0x00A0: "NO-BREAK SPACE", 0x2000: "EN QUAD", 0x2001: "EM QUAD", 0x2002: "EN SPACE",
	0x2003: "EM SPACE", 0x2004: "THREE-PER-EM SPACE", 0x2005: "FOUR-PER-EM SPACE",
	0x2006: "SIX-PER-EM SPACE", 0x2007: "FIGURE SPACE", 0x2008: "PUNCTUATION SPACE",
	0x2009: "THIN SPACE", 0x200A: "HAIR SPACE", 0x200B: "ZERO WIDTH SPACE",
	0x202F: "NARROW NO-BREAK SPACE", 0x205F: "MEDIUM MATHEMATICAL SPACE",
	0x3000: "IDEOGRAPHIC SPACE", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE (a byte-order mark inside the file)",
}

func (p *jsonParser) skipSpace() {
	for p.pos < len(p.src) {
		// The indentation of a definition is most of its bytes: runs of
		// white space are skipped in locals, not through p.
		src, i := p.src, p.pos
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
			i++
		}
		p.pos = i
		if i == len(src) {
			return
		}
		switch c := src[i]; {
		case c == '/' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == '/' || p.src[p.pos+1] == '*'):
			p.skipComment()
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.src[p.pos:])
			name, ok := unicodeSpaces[r]
			if !ok {
				return
			}
			p.syntax(p.pos, fmt.Sprintf("U+%04X %s is not white space in JSON; replace it with an ordinary space", r, name))
			p.pos += size
		default:
			return
		}
	}
}

func (p *jsonParser) skipComment() {
	p.syntax(p.pos, "comments are not allowed in JSON; remove the comment (Power Platform rejects the file)")
	if p.src[p.pos+1] == '/' {
		for p.pos < len(p.src) && p.src[p.pos] != '\n' {
			p.pos++
		}
		return
	}
	end := bytes.Index(p.src[p.pos+2:], []byte("*/"))
	if end < 0 {
		p.pos = len(p.src)
		return
	}
	p.pos += end + 4
}

func (p *jsonParser) value(parent *Node) *Node {
	if p.pos >= len(p.src) {
		p.fatal(p.pos, "unexpected end of file: a value is missing, or a bracket above was never closed")
	}
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.container(parent, Object, '}')
	case c == '[':
		return p.container(parent, Array, ']')
	case c == '"':
		start := p.pos
		s := p.str()
		n := p.newNode()
		*n = Node{Kind: String, Value: s, Parent: parent, Off: int32(start), End: int32(p.pos), KeyOff: -1}
		return n
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(parent)
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return p.literal(parent)
	}
	p.fatal(p.pos, fmt.Sprintf("expected a value (string, number, object, array, true, false or null) but found %s", p.describe(p.pos)))
	return nil
}

func (p *jsonParser) literal(parent *Node) *Node {
	start := p.pos
	for p.pos < len(p.src) && (p.src[p.pos] >= 'a' && p.src[p.pos] <= 'z' || p.src[p.pos] >= 'A' && p.src[p.pos] <= 'Z') {
		p.pos++
	}
	word := p.sub(start, p.pos)
	n := p.newNode()
	*n = Node{Parent: parent, Off: int32(start), End: int32(p.pos), KeyOff: -1}
	switch word {
	case "true", "false":
		n.Kind, n.Value = Bool, word
	case "null":
		n.Kind = Null
	default:
		hint := "strings must be in double quotes"
		if lw := strings.ToLower(word); lw == "true" || lw == "false" || lw == "null" {
			hint = "JSON literals are lower case: write " + lw
		}
		p.fatal(start, fmt.Sprintf("unexpected word %q: %s", word, hint))
	}
	return n
}

func (p *jsonParser) number(parent *Node) *Node {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := p.digits()
	if digits == 0 {
		p.fatal(start, "invalid number: a digit must follow '-'")
	}
	if digits > 1 && p.src[start] == '0' || digits > 1 && p.src[start] == '-' && p.src[start+1] == '0' {
		p.fatal(start, "invalid number: JSON numbers have no leading zeros; quote the value if it is an identifier")
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			p.fatal(p.pos, "invalid number: a digit must follow the decimal point")
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			p.fatal(p.pos, "invalid number: the exponent has no digits")
		}
	}
	n := p.newNode()
	*n = Node{Kind: Number, Value: p.sub(start, p.pos), Parent: parent, Off: int32(start), End: int32(p.pos), KeyOff: -1}
	return n
}

func (p *jsonParser) digits() int {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

// container parses an object or an array; both share the comma handling
// that most real mistakes are about.
func (p *jsonParser) container(parent *Node, kind Kind, closer byte) *Node {
	n := p.newNode()
	*n = Node{Kind: kind, Parent: parent, Off: int32(p.pos), KeyOff: -1}
	base := len(p.stack)
	p.depth++
	if p.depth > p.maxDepth {
		// A limit, not a syntax error: the file may be valid JSON.
		p.reported = true
		p.doc.addProblem(ProblemLimit, p.doc.OffsetPos(p.pos), fmt.Sprintf("nesting is deeper than %d levels; ppconn stops here (a connector never needs this; raise --max-depth if it really does)", p.maxDepth))
		panic(jsonAbort{})
	}
	p.pos++
	p.skipSpace()
	var dups *dupIndex
	if p.pos < len(p.src) && p.src[p.pos] == closer {
		p.pos++
		return p.closeContainer(n, base)
	}
	for {
		var child *Node
		// While n is open its children so far are p.stack[base:].
		if kind == Object {
			child = p.member(n)
			var slot int
			dups, slot = p.checkDuplicate(p.stack[base:], child, dups)
			if slot >= 0 {
				// The last occurrence wins, as in the .NET and Python
				// parsers, and keeps the first one's place.
				p.stack[base+slot] = child
			} else {
				p.stack = append(p.stack, child)
			}
		} else {
			child = p.value(n)
			child.Index = int32(len(p.stack) - base)
			p.stack = append(p.stack, child)
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fatal(p.pos, fmt.Sprintf("unexpected end of file: the %s opened at %s is never closed with '%c'", kind, p.where(int(n.Off)), closer))
		}
		switch c := p.src[p.pos]; {
		case c == ',':
			comma := p.pos
			p.pos++
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == closer {
				p.syntax(comma, fmt.Sprintf("trailing comma before '%c': JSON allows no comma after the last %s; remove it", closer, itemWord(kind)))
				p.pos++
				return p.closeContainer(n, base)
			}
		case c == closer:
			p.pos++
			return p.closeContainer(n, base)
		case p.startsValue(kind, c):
			p.syntax(int(child.End), fmt.Sprintf("missing ',' after this %s; the next one starts at %s", itemWord(kind), p.where(p.pos)))
		default:
			p.fatal(p.pos, fmt.Sprintf("expected ',' or '%c' after the %s but found %s", closer, itemWord(kind), p.describe(p.pos)))
		}
	}
}

func (p *jsonParser) closeContainer(n *Node, base int) *Node {
	n.Children = p.children(base)
	n.indexMembers()
	n.End = int32(p.pos)
	p.depth--
	return n
}

// startsValue reports whether c can begin the next member or item, which
// means a comma was left out.
func (p *jsonParser) startsValue(kind Kind, c byte) bool {
	if kind == Object {
		return c == '"'
	}
	return c == '"' || c == '{' || c == '[' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n'
}

func itemWord(k Kind) string {
	if k == Object {
		return "member"
	}
	return "item"
}

func (p *jsonParser) member(obj *Node) *Node {
	if p.pos >= len(p.src) || p.src[p.pos] != '"' {
		msg := fmt.Sprintf("expected a member name in double quotes but found %s", p.describe(p.pos))
		if p.pos < len(p.src) && p.src[p.pos] == '\'' {
			msg += "; JSON needs double quotes"
		}
		p.fatal(p.pos, msg)
	}
	keyOff := p.pos
	key := p.intern(p.str())
	p.skipSpace()
	if p.pos >= len(p.src) || p.src[p.pos] != ':' {
		p.fatal(p.pos, fmt.Sprintf("expected ':' after the member name %q but found %s", key, p.describe(p.pos)))
	}
	p.pos++
	p.skipSpace()
	v := p.value(obj)
	v.Key = key
	v.KeyOff = int32(keyOff)
	return v
}

// str parses a string at p.pos (which holds '"') and returns its value.
func (p *jsonParser) str() string {
	start := p.pos
	p.pos++
	src, i := p.src, p.pos
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] >= 0x20 {
		i++
	}
	if i < len(src) && src[i] == '"' {
		s := p.sub(p.pos, i)
		p.pos = i + 1
		return s
	}
	var b strings.Builder
	b.Write(p.src[p.pos:i])
	p.pos = i
	for {
		if p.pos >= len(p.src) {
			p.fatal(start, "unterminated string: the closing '\"' is missing")
		}
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String()
		case c == '\\':
			p.escape(&b)
		case c < 0x20:
			if c == '\n' {
				p.fatal(start, "unterminated string: it runs to the end of the line; close it with '\"' or write a line break as \\n")
			}
			p.syntax(p.pos, fmt.Sprintf("raw control character %s inside a string; write it as %s", controlName(c), controlEscape(c)))
			b.WriteByte(c)
			p.pos++
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

func controlName(c byte) string {
	switch c {
	case '\t':
		return "TAB (U+0009)"
	case '\r':
		return "CARRIAGE RETURN (U+000D)"
	}
	return fmt.Sprintf("U+%04X", c)
}

func controlEscape(c byte) string {
	switch c {
	case '\t':
		return `\t`
	case '\r':
		return `\r`
	}
	return fmt.Sprintf(`\u%04x`, c)
}

var simpleEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func (p *jsonParser) escape(b *strings.Builder) {
	at := p.pos
	p.pos++
	if p.pos >= len(p.src) {
		p.fatal(at, "unterminated string: it ends in a backslash")
	}
	c := p.src[p.pos]
	if r, ok := simpleEscapes[c]; ok {
		b.WriteByte(r)
		p.pos++
		return
	}
	if c != 'u' {
		p.syntax(at, fmt.Sprintf("invalid escape '\\%c' in a string; write a backslash as \\\\", c))
		b.WriteByte(c)
		p.pos++
		return
	}
	r, ok := p.hex4(p.pos + 1)
	if !ok {
		p.fatal(at, "invalid \\u escape: four hexadecimal digits must follow \\u")
	}
	p.pos += 5
	if utf16.IsSurrogate(r) && p.pos+1 < len(p.src) && p.src[p.pos] == '\\' && p.src[p.pos+1] == 'u' {
		if r2, ok := p.hex4(p.pos + 2); ok {
			if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
				r = dec
				p.pos += 6
			}
		}
	}
	b.WriteRune(r)
}

func (p *jsonParser) hex4(at int) (rune, bool) {
	if at+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for _, c := range p.src[at : at+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// dupIndex finds duplicate member names; small objects are scanned, large
// ones (paths, definitions) get a map once they grow.
type dupIndex struct{ seen map[string]int }

const dupScanLimit = 16

// checkDuplicate returns the index of an earlier member with the same name,
// or -1.
func (p *jsonParser) checkDuplicate(members []*Node, child *Node, idx *dupIndex) (*dupIndex, int) {
	slot := -1
	if idx == nil && len(members) < dupScanLimit {
		for i, c := range members {
			if c.Key == child.Key {
				slot = i
				break
			}
		}
	} else {
		if idx == nil {
			idx = &dupIndex{seen: make(map[string]int, 2*len(members))}
			for i, c := range members {
				idx.seen[c.Key] = i
			}
		}
		if i, ok := idx.seen[child.Key]; ok {
			slot = i
		} else {
			idx.seen[child.Key] = len(members)
		}
	}
	if slot >= 0 {
		p.doc.addProblemAt(ProblemDuplicateKey, p.doc.OffsetPos(int(child.KeyOff)), child,
			fmt.Sprintf("duplicate key %q in this object (first at %s); parsers keep only the last one, so the first is silently lost: remove or rename one",
				child.Key, p.where(int(members[slot].KeyOff))))
	}
	return idx, slot
}
