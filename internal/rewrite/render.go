package rewrite

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// Object is a JSON object whose members keep their order, for building
// new values (a map's members are rendered in sorted order).
type Object []Member

// Member is one member of an Object.
type Member struct {
	Key   string
	Value any
}

// RawJSON is JSON text to insert; it is parsed and re-laid out like the
// text around it, keeping its member order and number spellings.
type RawJSON []byte

// Layout is how JSON text is laid out.
type Layout struct {
	// Unit is one level of indentation ("  ", "    ", "\t"); "" lays a
	// value out on one line.
	Unit string
	// EOL is the line ending, "\n" or "\r\n".
	EOL string
	// Colon separates a key from its value (": " or ":").
	Colon string
	// Comma separates members and items on one line ("," or ", "); it is
	// used only when Unit is "".
	Comma string
}

// DefaultLayout is the layout of canonical JSON at 4 spaces.
var DefaultLayout = Layout{Unit: "    ", EOL: "\n", Colon: ": ", Comma: ","}

// RenderJSON renders v as JSON text to be placed at the given nesting
// level: lines after the first are indented level+1 units, and the closing
// bracket level units. unit "" gives one line.
//
// v can be nil, a bool, a string, any integer or float, json.Number, an
// Object (ordered members), RawJSON, a *connector.Node, a map with string
// keys (rendered in key order), a slice, or anything encoding/json can
// marshal.
func RenderJSON(v any, unit string, level int) ([]byte, error) {
	l := DefaultLayout
	l.Unit = unit
	if unit == "" {
		l.Colon = ":"
	}
	return l.Render(v, strings.Repeat(unit, level))
}

// ValueNode is the tree of a value (the types Layout.Render accepts), as
// the JSON it renders to parses: what a document holds once the value is
// written into it.
func ValueNode(v any) (*connector.Node, error) {
	text, err := RenderJSON(v, "", 0)
	if err != nil {
		return nil, err
	}
	doc := &connector.Document{Format: connector.JSON}
	connector.Parse(doc, text, connector.DefaultLimits)
	if doc.Root == nil {
		return nil, errors.New("internal error: the value does not render as JSON")
	}
	return doc.Root, nil
}

// Render renders v with the layout; prefix is the indentation of the line
// the value starts on.
func (l Layout) Render(v any, prefix string) ([]byte, error) {
	if l.EOL == "" {
		l.EOL = "\n"
	}
	if l.Colon == "" {
		l.Colon = ": "
		if l.Unit == "" {
			l.Colon = ":"
		}
	}
	if l.Comma == "" {
		l.Comma = ","
	}
	w := &valueWriter{l: l}
	if err := w.value(v, prefix, 0); err != nil {
		return nil, err
	}
	return w.buf, nil
}

type valueWriter struct {
	l   Layout
	buf []byte
}

const maxRenderDepth = 1000

func (w *valueWriter) open(c byte, n int) bool {
	w.buf = append(w.buf, c)
	return n > 0
}

func (w *valueWriter) sep(i int, prefix string) {
	if i > 0 {
		w.buf = append(w.buf, ',')
		if w.l.Unit == "" {
			w.buf = append(w.buf, strings.TrimPrefix(w.l.Comma, ",")...)
		}
	}
	if w.l.Unit != "" {
		w.buf = append(w.buf, w.l.EOL...)
		w.buf = append(w.buf, prefix...)
		w.buf = append(w.buf, w.l.Unit...)
	}
}

func (w *valueWriter) close(c byte, prefix string) {
	if w.l.Unit != "" {
		w.buf = append(w.buf, w.l.EOL...)
		w.buf = append(w.buf, prefix...)
	}
	w.buf = append(w.buf, c)
}

func (w *valueWriter) key(k string) {
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, w.l.Colon...)
}

func (w *valueWriter) value(v any, prefix string, depth int) error {
	if depth > maxRenderDepth {
		return fmt.Errorf("the value is nested deeper than %d levels", maxRenderDepth)
	}
	inner := prefix + w.l.Unit
	switch x := v.(type) {
	case nil:
		w.buf = append(w.buf, "null"...)
	case bool:
		w.buf = strconv.AppendBool(w.buf, x)
	case string:
		w.buf = appendJSONString(w.buf, x)
	case json.Number:
		if !isJSONNumber(string(x)) {
			return fmt.Errorf("invalid JSON number %q", string(x))
		}
		w.buf = append(w.buf, x...)
	case float64:
		return w.float(x)
	case float32:
		return w.float(float64(x))
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(x), 10)
	case int64:
		w.buf = strconv.AppendInt(w.buf, x, 10)
	case Object:
		if w.open('{', len(x)) {
			for i, m := range x {
				w.sep(i, prefix)
				w.key(m.Key)
				if err := w.value(m.Value, inner, depth+1); err != nil {
					return err
				}
			}
			w.close('}', prefix)
		} else {
			w.buf = append(w.buf, '}')
		}
	case RawJSON:
		doc := &connector.Document{Format: connector.JSON}
		connector.Parse(doc, x, connector.DefaultLimits)
		if p := FirstProblem(doc); p != nil {
			return fmt.Errorf("invalid RawJSON at %d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
		}
		return w.value(doc.Root, prefix, depth)
	case *connector.Node:
		return w.node(x, prefix, depth)
	case []any:
		if w.open('[', len(x)) {
			for i, item := range x {
				w.sep(i, prefix)
				if err := w.value(item, inner, depth+1); err != nil {
					return err
				}
			}
			w.close(']', prefix)
		} else {
			w.buf = append(w.buf, ']')
		}
	case map[string]any:
		return w.value(sortedObject(reflect.ValueOf(x)), prefix, depth)
	default:
		return w.reflectValue(reflect.ValueOf(v), prefix, depth)
	}
	return nil
}

func (w *valueWriter) float(f float64) error {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("%v has no JSON spelling", f)
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	w.buf = append(w.buf, b...)
	return nil
}

func (w *valueWriter) node(n *connector.Node, prefix string, depth int) error {
	if n == nil {
		w.buf = append(w.buf, "null"...)
		return nil
	}
	inner := prefix + w.l.Unit
	switch n.Kind {
	case connector.Object, connector.Array:
		open, closer := byte('{'), byte('}')
		if n.Kind == connector.Array {
			open, closer = '[', ']'
		}
		if !w.open(open, len(n.Children)) {
			w.buf = append(w.buf, closer)
			return nil
		}
		for i, c := range n.Children {
			w.sep(i, prefix)
			if n.Kind == connector.Object {
				w.key(c.Key)
			}
			if depth > maxRenderDepth {
				return fmt.Errorf("the value is nested deeper than %d levels", maxRenderDepth)
			}
			if err := w.node(c, inner, depth+1); err != nil {
				return err
			}
		}
		w.close(closer, prefix)
		return nil
	}
	buf, err := appendScalar(w.buf, n)
	w.buf = buf
	return err
}

// appendScalar appends the JSON text of a scalar node: a quoted string,
// a number as jsonNumber writes it, true or false, or null.
func appendScalar(buf []byte, n *connector.Node) ([]byte, error) {
	switch n.Kind {
	case connector.String:
		return appendJSONString(buf, n.Value), nil
	case connector.Number:
		s, err := jsonNumber(n.Value)
		if err != nil {
			return buf, err
		}
		return append(buf, s...), nil
	case connector.Bool:
		return append(buf, n.Value...), nil
	}
	return append(buf, "null"...), nil
}

// reflectValue handles the remaining kinds: other integers, typed slices
// and maps, pointers; anything else goes through encoding/json.
func (w *valueWriter) reflectValue(rv reflect.Value, prefix string, depth int) error {
	switch rv.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32:
		w.buf = strconv.AppendInt(w.buf, rv.Int(), 10)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.buf = strconv.AppendUint(w.buf, rv.Uint(), 10)
		return nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		return w.value(rv.Elem().Interface(), prefix, depth+1)
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		if rv.Type().Elem().Kind() != reflect.Uint8 {
			items := make([]any, rv.Len())
			for i := range items {
				items[i] = rv.Index(i).Interface()
			}
			return w.value(items, prefix, depth)
		}
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			if rv.IsNil() {
				w.buf = append(w.buf, "null"...)
				return nil
			}
			return w.value(sortedObject(rv), prefix, depth)
		}
	case reflect.String:
		w.buf = appendJSONString(w.buf, rv.String())
		return nil
	case reflect.Bool:
		w.buf = strconv.AppendBool(w.buf, rv.Bool())
		return nil
	case reflect.Float32, reflect.Float64:
		return w.float(rv.Float())
	}
	b, err := json.Marshal(rv.Interface())
	if err != nil {
		return err
	}
	return w.value(RawJSON(b), prefix, depth)
}

func sortedObject(m reflect.Value) Object {
	keys := m.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	obj := make(Object, len(keys))
	for i, k := range keys {
		obj[i] = Member{Key: k.String(), Value: m.MapIndex(k).Interface()}
	}
	return obj
}
