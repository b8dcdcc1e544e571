package connector

import (
	"fmt"
	"strconv"
	"strings"
)

// Pointer is an RFC 6901 JSON pointer, as findings, fixes, diff changes
// and edits carry it: "" is the whole document, "/paths/~1items/get" a
// value below it ("~1" stands for "/" in a token, "~0" for "~"). It is
// the one implementation of pointers in ppconn: parse, build, parent,
// last token, ancestry and order.
type Pointer string

// ParsePointer checks that s is a pointer: empty, or starting with '/'.
func ParsePointer(s string) (Pointer, error) {
	if s != "" && s[0] != '/' {
		return "", fmt.Errorf("invalid JSON pointer %q: it must be empty or start with '/'", s)
	}
	return Pointer(s), nil
}

// PointerTo is the pointer of the unescaped reference tokens toks.
func PointerTo(toks ...string) Pointer {
	var b strings.Builder
	for _, t := range toks {
		b.WriteByte('/')
		b.WriteString(EscapePointerToken(t))
	}
	return Pointer(b.String())
}

func (p Pointer) String() string { return string(p) }

// Tokens are the unescaped reference tokens of p; none for the root.
func (p Pointer) Tokens() []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(string(p[1:]), "/")
	for i, t := range toks {
		toks[i] = UnescapePointerToken(t)
	}
	return toks
}

// Child is the pointer of the member or item tok (unescaped) of p.
func (p Pointer) Child(tok string) Pointer { return p + "/" + Pointer(EscapePointerToken(tok)) }

// Parent is the pointer of the value that holds p's; the root's is the
// root.
func (p Pointer) Parent() Pointer {
	if i := strings.LastIndexByte(string(p), '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

// Last is the last token of p, unescaped; "" for the root.
func (p Pointer) Last() string {
	i := strings.LastIndexByte(string(p), '/')
	if i < 0 {
		return ""
	}
	return UnescapePointerToken(string(p[i+1:]))
}

// Under reports whether p is strictly below anc.
func (p Pointer) Under(anc Pointer) bool {
	return len(p) > len(anc) && strings.HasPrefix(string(p), string(anc)) && p[len(anc)] == '/'
}

// AtOrUnder reports whether p is anc or below it.
func (p Pointer) AtOrUnder(anc Pointer) bool { return p == anc || p.Under(anc) }

// Compare orders pointers token by token, array indices numerically, a
// pointer before the ones below it: the document order of the values
// when indices are the only numbers compared.
func (p Pointer) Compare(q Pointer) int {
	ta, tb := p.Tokens(), q.Tokens()
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
