package rules

import (
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// The typed walk is made once per document (typedOf) and indexed by object
// type, in the manner of go/analysis's inspector: a rule asks for the
// types it checks (preorder) and visits only those objects, in document
// order, instead of walking the tree or filtering every typed object.

type typedNode struct {
	n *Node
	t objType
}

// typedNodes walks the definition for every typed Swagger object, in
// document order. Rules read the shared walk (walkTyped, preorder); this
// is for callers without a pass (the editor's vocabulary).
func typedNodes(root *Node) []typedNode {
	var out []typedNode
	walkObject(root, tRoot, func(n *Node, t objType) { out = append(out, typedNode{n, t}) })
	return out
}

// typedIndex is the typed objects of a definition in document order, and
// where the objects of each type are in that order.
type typedIndex struct {
	nodes  []typedNode
	bits   []uint64            // typeBits of each of nodes
	byType map[objType][]int32 // increasing positions in nodes
}

// typeBits gives each object type of the table a bit, for preorder's
// filter.
var typeBits = func() map[objType]uint64 {
	types := connector.ObjectTypes()
	if len(types) > 64 {
		panic("typeBits: more object types than bits")
	}
	bits := make(map[objType]uint64, len(types))
	for _, t := range types {
		bits[t] = 1 << len(bits)
	}
	return bits
}()

func newTypedIndex(nodes []typedNode) *typedIndex {
	x := &typedIndex{nodes: nodes, bits: make([]uint64, len(nodes)), byType: make(map[objType][]int32, len(typeBits))}
	for i, tn := range nodes {
		x.bits[i] = typeBits[tn.t]
		x.byType[tn.t] = append(x.byType[tn.t], int32(i))
	}
	return x
}

// walkTyped visits every object of the definition whose Swagger type is
// known, with that type, in document order. Extension values (x-*) are
// not entered, except the ones the table types (x-ms-notification-content).
func walkTyped(p *lint.Pass, root *Node, fn func(n *Node, t objType)) {
	for _, tn := range typedOf.Of(p, root).nodes {
		fn(tn.n, tn.t)
	}
}

// preorder visits the objects of the definition of the given types, in
// document order: what walkTyped visits, filtered by type.
func preorder(p *lint.Pass, root *Node, types []objType, fn func(n *Node, t objType)) {
	x := typedOf.Of(p, root)
	if len(types) == 1 {
		for _, i := range x.byType[types[0]] {
			fn(x.nodes[i].n, x.nodes[i].t)
		}
		return
	}
	// Several types: the objects whose bit is in the mask.
	var mask uint64
	for _, t := range types {
		mask |= typeBits[t]
	}
	for i, b := range x.bits {
		if b&mask != 0 {
			fn(x.nodes[i].n, x.nodes[i].t)
		}
	}
}

// typesOf lists the types that a table keyed by type has entries for, for
// preorder.
func typesOf[V any](table map[objType]V) []objType {
	out := make([]objType, 0, len(table))
	for t := range table {
		out = append(out, t)
	}
	return out
}

// knownXMSNames are the x-ms-* extensions ppconn knows (knownXMS), made
// once: two rules ask on every definition. knownXMSSet is the same names
// as a set.
var (
	knownXMSNames = knownXMS()
	knownXMSSet   = func() map[string]bool {
		set := make(map[string]bool, len(knownXMSNames))
		for _, k := range knownXMSNames {
			set[k] = true
		}
		return set
	}()
)
