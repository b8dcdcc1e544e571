package diff

import (
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// Directions: whether a schema is sent to the API (an input of the action)
// or comes back from it (an output). A shared definition can be both.
const (
	dirIn  uint8 = 1
	dirOut uint8 = 2
)

// op is one operation of a definition.
type op struct {
	name   string // operationId, or "METHOD /path" when there is none
	id     string
	method string // lower case, as the key
	path   string
	node   *connector.Node
	item   *connector.Node
}

func (o *op) route() string { return strings.ToUpper(o.method) + " " + o.path }

// index holds the operations of a definition and, computed on first use,
// which operations use each shared definition, parameter and response.
type index struct {
	root    *connector.Node
	ops     []*op
	byID    map[string]*op // operationIds that are unique
	byRoute map[string]*op
	byPath  map[string][]*op

	usage map[string]uint8    // "#/definitions/X" -> dirIn|dirOut
	users map[string][]string // "#/definitions/X" -> operation names
	// success: used by an input or by a success response, not only by
	// error responses (whose outputs flows do not read)
	success map[string]bool
	edges   map[string][]string // memo of the refs inside a target
}

func newIndex(root *connector.Node) *index {
	x := &index{root: root, byID: map[string]*op{}, byRoute: map[string]*op{}, byPath: map[string][]*op{}}
	seen := map[string]int{}
	for _, item := range root.Get("paths").List() {
		if item.Kind != connector.Object {
			continue
		}
		for _, m := range item.Children {
			method := strings.ToLower(m.Key)
			if !connector.IsHTTPMethod(method) || m.Kind != connector.Object {
				continue
			}
			o := &op{method: method, path: item.Key, node: m, item: item, id: m.Get("operationId").Str()}
			o.name = o.id
			if o.name == "" {
				o.name = o.route()
			}
			x.ops = append(x.ops, o)
			x.byRoute[o.method+" "+o.path] = o
			x.byPath[o.path] = append(x.byPath[o.path], o)
			if o.id != "" {
				seen[o.id]++
				x.byID[o.id] = o
			}
		}
	}
	for id, n := range seen {
		if n > 1 {
			delete(x.byID, id)
		}
	}
	return x
}

// resolve follows a local $ref ("#/definitions/X") from the root.
func (x *index) resolve(ref string) *connector.Node { return connector.ResolveRef(x.root, ref) }

// deref follows $ref chains from n (a schema, parameter or response) and
// returns the node that holds the content, or nil for a dangling ref.
func (x *index) deref(n *connector.Node) *connector.Node {
	for range 16 {
		ref := n.Get("$ref")
		if ref == nil || ref.Kind != connector.String {
			return n
		}
		n = x.resolve(ref.Value)
		if n == nil {
			return nil
		}
	}
	return nil
}

// computeUsage walks, for every operation, the $refs of its inputs
// (parameters, body schema) and outputs (responses, headers, the
// notification content of a webhook trigger), transitively.
func (x *index) computeUsage() {
	if x.usage != nil {
		return
	}
	x.usage = map[string]uint8{}
	x.users = map[string][]string{}
	x.edges = map[string][]string{}
	x.success = map[string]bool{}
	for _, o := range x.ops {
		var in, out, errs []string
		in = collectRefs(o.node.Get("parameters"), in)
		in = collectRefs(o.item.Get("parameters"), in)
		responses := o.node.Get("responses")
		for _, r := range responses.List() {
			if x.isSuccess(r.Key, responses) {
				out = collectRefs(r, out)
			} else {
				errs = collectRefs(r, errs)
			}
		}
		out = collectRefs(o.node.Get("x-ms-notification-content"), out)
		out = collectRefs(o.item.Get("x-ms-notification-content"), out)
		x.reach(o.name, in, dirIn, true, map[string]bool{})
		x.reach(o.name, out, dirOut, true, map[string]bool{})
		x.reach(o.name, errs, dirOut, false, map[string]bool{})
	}
}

// isSuccess says whether the response code of a responses object carries
// the outputs of the action: a 2xx, or "default" when no 2xx has a schema.
func (x *index) isSuccess(code string, responses *connector.Node) bool {
	if strings.HasPrefix(code, "2") {
		return true
	}
	if code != "default" {
		return false
	}
	for _, c := range responses.List() {
		if r := x.deref(c); strings.HasPrefix(c.Key, "2") && r != nil && r.Get("schema").Len() > 0 {
			return false
		}
	}
	return true
}

func (x *index) reach(name string, start []string, dir uint8, success bool, seen map[string]bool) {
	stack := append([]string(nil), start...)
	for len(stack) > 0 {
		ref := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		x.usage[ref] |= dir
		if success {
			x.success[ref] = true
		}
		if u := x.users[ref]; len(u) == 0 || u[len(u)-1] != name {
			x.users[ref] = append(u, name)
		}
		next, ok := x.edges[ref]
		if !ok {
			next = collectRefs(x.resolve(ref), nil)
			x.edges[ref] = next
		}
		stack = append(stack, next...)
	}
}

// collectRefs appends the local $ref values found below n.
func collectRefs(n *connector.Node, out []string) []string {
	n.Walk(func(c *connector.Node) bool {
		if c.Kind == connector.String && c.Key == "$ref" && c.IsMember() && strings.HasPrefix(c.Value, "#/") {
			out = append(out, c.Value)
		}
		return c.Kind == connector.Object || c.Kind == connector.Array
	})
	return out
}
