package diff

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// paths compares the operations of the two definitions. Operations are
// matched by operationId first, since that is what a flow stores for each
// action and trigger; then by method and path, which pairs an operation
// whose operationId changed with its old self.
func (d *differ) paths(o, n *connector.Node) {
	f := frame{at: pDoc}
	switch {
	case o == nil && n == nil:
		return
	case o != nil && o.Kind != connector.Object || n != nil && n.Kind != connector.Object:
		switch {
		case o == nil:
			d.emit(f, "paths", false, Added, nil, n)
		case n == nil:
			d.emit(f, "paths", false, Removed, o, nil)
		case !connector.Equal(o, n):
			d.emit(f, "paths", false, Modified, o, n)
		}
		return
	case o == nil && len(n.Children) == 0:
		d.emit(f, "paths", false, Added, nil, n)
		return
	case n == nil && len(o.Children) == 0:
		d.emit(f, "paths", false, Removed, o, nil)
		return
	}
	oi, ni := d.old.idx, d.new.idx
	pairOf := map[*op]*op{}   // new -> old
	matched := map[*op]bool{} // old
	for _, no := range ni.ops {
		if no.id == "" || ni.byID[no.id] != no {
			continue
		}
		if oo := oi.byID[no.id]; oo != nil {
			pairOf[no], matched[oo] = oo, true
		}
	}
	for _, no := range ni.ops {
		if pairOf[no] != nil {
			continue
		}
		if oo := oi.byRoute[no.method+" "+no.path]; oo != nil && !matched[oo] {
			pairOf[no], matched[oo] = oo, true
		}
	}
	for _, item := range n.List() {
		var oldItem *connector.Node
		if o != nil {
			oldItem = o.Get(item.Key)
		}
		d.pathItem(oldItem, item)
		for _, no := range ni.byPath[item.Key] {
			if oo := pairOf[no]; oo != nil {
				d.compareOp(oo, no)
			} else {
				d.emitOp(Added, no)
			}
		}
	}
	for _, item := range o.List() {
		if n == nil || n.Get(item.Key) == nil {
			d.pathItem(item, nil)
		}
		for _, oo := range oi.byPath[item.Key] {
			if !matched[oo] {
				d.emitOp(Removed, oo)
			}
		}
	}
}

// pathItem compares what a path item holds besides its operations:
// path-level parameters, x-ms-notification-content, extensions.
func (d *differ) pathItem(o, n *connector.Node) {
	f := frame{at: pPathItem}
	switch {
	case o == nil || n == nil:
		// a path present on one side: its operations are reported one by
		// one, and what else it holds goes with them.
		f.lonely = true
		item := orNode(o, n)
		if item.Kind != connector.Object {
			kind := Added
			if n == nil {
				kind = Removed
			}
			d.emit(frame{at: pPaths, lonely: true}, item.Key, false, kind, o, n)
			return
		}
		for _, c := range filterOps(item) {
			if o == nil {
				d.emit(f, c.Key, false, Added, nil, c)
			} else {
				d.emit(f, c.Key, false, Removed, c, nil)
			}
		}
	case o.Kind != connector.Object || n.Kind != connector.Object:
		if !connector.Equal(o, n) {
			d.emit(frame{at: pPaths}, n.Key, false, Modified, o, n)
		}
	default:
		d.obj(f, o, n)
	}
}

func (d *differ) compareOp(oo, no *op) {
	if oo.method != no.method || templateOf(oo.path) != templateOf(no.path) {
		d.record(frame{at: pOp}, Modified, oo.node, no.node, verdict{
			impact: Breaking, rule: rowOperationRoute,
			msg:    fmt.Sprintf("operation %s moved: %s → %s", no.name, oo.route(), no.route()),
			reason: "flows keep the operationId, but the connector now calls another URL or method: the request each action sends changes",
		})
	}
	d.obj(frame{at: pOp}, oo.node, no.node)
}

func (d *differ) emitOp(kind Kind, o *op) {
	v := verdict{rule: rowOperation, msg: fmt.Sprintf("operation %s (%s) added", o.name, o.route()),
		reason: "an addition: no existing flow or app uses it"}
	if kind == Added {
		d.record(frame{at: pOp}, kind, nil, o.node, v)
		return
	}
	v = verdict{impact: Breaking, rule: rowOperation, msg: fmt.Sprintf("operation %s (%s) removed", o.name, o.route()),
		reason: "flows and apps that use this action or trigger fail: it no longer exists"}
	if why := d.retired(o.node); why != "" && d.opReferences(o.id) == "" {
		v.impact, v.reason = Warning, why
	} else if isInternal(o.node) {
		if where := d.opReferences(o.id); where != "" {
			v.reason = fmt.Sprintf("it was internal, but NEW still refers to it (%s): that list or check now fails", where)
		} else {
			v.impact = Warning
			v.reason = "it was internal, so no flow or app called it directly, and nothing in NEW refers to it any more"
		}
	}
	d.record(frame{at: pOp}, kind, o.node, nil, v)
}

// opReferences says where NEW names an operationId: in an x-ms-dynamic-*
// extension or in x-ms-capabilities (the test connection).
func (d *differ) opReferences(id string) string {
	if id == "" {
		return ""
	}
	found := ""
	d.new.doc.Root.Walk(func(n *connector.Node) bool {
		if found != "" {
			return false
		}
		if n.Kind == connector.String && n.Value == id && n.Key == "operationId" && n.Parent != nil {
			for a := n.Parent; a != nil; a = a.Parent {
				if isDynamic(a.Key) || a.Key == "x-ms-capabilities" {
					found = n.Pointer()
					break
				}
			}
		}
		return true
	})
	return found
}

// refDiffers says whether two schemas, parameters or responses point to
// different places ($ref to another target, or inline on one side).
func (d *differ) refDiffers(f frame, o, n *connector.Node) bool {
	switch f.at {
	case pSchema, pParam, pResponse:
	default:
		return false
	}
	ro, rn := o.Get("$ref"), n.Get("$ref")
	if ro == nil && rn == nil {
		return false
	}
	return ro == nil || rn == nil || !connector.Equal(ro, rn)
}

const maxRefDepth = 32

// refCompare compares what two different $refs (or a $ref and an inline
// value) stand for, and reports one change at the $ref, rated by the
// worst difference between the two targets.
func (d *differ) refCompare(f frame, o, n *connector.Node) {
	refO, refN := o.Get("$ref"), n.Get("$ref")
	anchorO, anchorN := orNode(refO, o), orNode(refN, n)
	from, to := "an inline value", "an inline value"
	if refO != nil {
		from = refO.Value
	}
	if refN != nil {
		to = refN.Value
	}
	subject := f.subject
	if subject == "" {
		subject = "the schema"
	}
	head := fmt.Sprintf("%s now refers to %s instead of %s", subject, to, from)
	if refO != nil && refN == nil {
		head = fmt.Sprintf("%s is now inline instead of a reference to %s", subject, from)
	}
	to2, tn := d.old.idx.deref(o), d.new.idx.deref(n)
	switch {
	case tn == nil:
		d.record(f, Modified, anchorO, anchorN, verdict{impact: Breaking, rule: rowRef, msg: head,
			reason: fmt.Sprintf("%s resolves to nothing in NEW: Power Platform refuses the definition", to)})
		return
	case to2 == nil:
		d.record(f, Modified, anchorO, anchorN, verdict{impact: Warning, rule: rowRef, msg: head,
			reason: fmt.Sprintf("%s resolved to nothing in OLD, so what changes cannot be told", from)})
		return
	}
	key := [2]string{to2.Pointer(), tn.Pointer()}
	if d.refPairs[key] || len(d.refPairs) > maxRefDepth {
		return // a recursive schema: this pair is being compared further up
	}
	if d.refPairs == nil {
		d.refPairs = map[[2]string]bool{}
	}
	d.refPairs[key] = true
	subs := d.compareFolded(f, to2, tn, "")
	delete(d.refPairs, key)
	if len(subs) == 0 {
		d.record(f, Modified, anchorO, anchorN, verdict{rule: rowRef, msg: head,
			reason: "both stand for the same content, so nothing changes for flows"})
		return
	}
	worst := worstOf(subs)
	msg := fmt.Sprintf("%s; %d difference(s) between them, the worst: %s", head, len(subs), worst.Message)
	if len(subs) == 1 {
		msg = fmt.Sprintf("%s; the difference: %s", head, worst.Message)
	}
	d.record(f, Modified, anchorO, anchorN, verdict{impact: worst.Impact, rule: rowRef, msg: msg, reason: worst.Reason})
}

// templateOf blanks the parameter names of a path template: /a/{id} and
// /a/{Id} call the same URL (the renamed parameter is reported on its own).
func templateOf(path string) string {
	var b strings.Builder
	depth := 0
	for _, r := range path {
		switch {
		case r == '{':
			depth++
			if depth == 1 {
				b.WriteString("{}")
			}
		case r == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// compareFolded compares two values without reporting: it returns the
// changes, for a caller that folds them into one (a retargeted $ref, a
// response moved to another status). With key, the members key of o and n
// are compared.
func (d *differ) compareFolded(f frame, o, n *connector.Node, key string) []*Change {
	saved := d.out
	d.out = nil
	d.sub++
	switch {
	case key != "":
		var a, b []*connector.Node
		if x := o.Get(key); x != nil {
			a = []*connector.Node{x}
		}
		if y := n.Get(key); y != nil {
			b = []*connector.Node{y}
		}
		d.members(f, a, b)
	case o.Kind == connector.Object && n.Kind == connector.Object:
		d.obj(f, o, n)
	case !connector.Equal(o, n):
		d.emit(f, "", false, Modified, o, n)
	}
	subs := d.out
	d.out = saved
	d.sub--
	for _, c := range subs {
		if c.lib {
			c.lib, c.Impact = false, c.libOther
		}
	}
	return subs
}

// worstOf returns the change of highest impact (the first of them).
func worstOf(cs []*Change) *Change {
	w := cs[0]
	for _, c := range cs {
		if c.Impact > w.Impact {
			w = c
		}
	}
	return w
}
