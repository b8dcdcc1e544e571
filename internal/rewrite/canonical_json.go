package rewrite

import (
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// jsonRenderer writes a node tree as JSON. When src is set (a JSON
// source), strings, keys and numbers are copied from it byte for byte.
type jsonRenderer struct {
	buf    []byte
	src    []byte
	unit   string // "" for a single line
	indent []string
}

func canonicalJSON(doc *connector.Document, indent int) ([]byte, error) {
	r := &jsonRenderer{unit: strings.Repeat(" ", indent), buf: make([]byte, 0, len(doc.Src)+len(doc.Src)/4+16)}
	if doc.Format == connector.JSON {
		r.src = doc.Src
	}
	if err := r.value(doc.Root, 0); err != nil {
		return nil, err
	}
	return append(r.buf, '\n'), nil
}

func (r *jsonRenderer) newline(depth int) {
	if r.unit == "" {
		return
	}
	for len(r.indent) <= depth {
		r.indent = append(r.indent, strings.Repeat(r.unit, len(r.indent)))
	}
	r.buf = append(r.buf, '\n')
	r.buf = append(r.buf, r.indent[depth]...)
}

func (r *jsonRenderer) value(n *connector.Node, depth int) error {
	switch n.Kind {
	case connector.Object, connector.Array:
		open, closer := byte('{'), byte('}')
		if n.Kind == connector.Array {
			open, closer = '[', ']'
		}
		r.buf = append(r.buf, open)
		if len(n.Children) == 0 {
			r.buf = append(r.buf, closer)
			return nil
		}
		for i, c := range n.Children {
			if i > 0 {
				r.buf = append(r.buf, ',')
			}
			r.newline(depth + 1)
			if n.Kind == connector.Object {
				r.key(c)
			}
			if err := r.value(c, depth+1); err != nil {
				return err
			}
		}
		r.newline(depth)
		r.buf = append(r.buf, closer)
		return nil
	case connector.String:
		if raw := r.raw(n.Off); raw != nil {
			r.buf = append(r.buf, raw...)
			return nil
		}
	case connector.Number:
		if r.src != nil {
			r.buf = append(r.buf, n.Value...)
			return nil
		}
	}
	buf, err := appendScalar(r.buf, n)
	if err != nil {
		return &PointerError{Pointer: n.Pointer(), Err: err}
	}
	r.buf = buf
	return nil
}

func (r *jsonRenderer) key(c *connector.Node) {
	if raw := r.raw(c.KeyOff); raw != nil {
		r.buf = append(r.buf, raw...)
	} else {
		r.buf = appendJSONString(r.buf, c.Key)
	}
	r.buf = append(r.buf, ':')
	if r.unit != "" {
		r.buf = append(r.buf, ' ')
	}
}

func (r *jsonRenderer) raw(off int32) []byte {
	if r.src == nil {
		return nil
	}
	return rawString(r.src, int(off))
}

// PointerError is an error about one value of a document.
type PointerError struct {
	Pointer string
	Err     error
}

func (e *PointerError) Error() string {
	p := e.Pointer
	if p == "" {
		p = "the root"
	}
	return p + ": " + e.Err.Error()
}

func (e *PointerError) Unwrap() error { return e.Err }
