package rules

import "sync"

// Many rules walk the same definition; the walks that every family needs
// (the typed objects, the operations) are computed once per document and
// shared. The memo keeps the most recent documents only: each worker lints
// one package at a time, rule after rule, so a short FIFO is enough, and
// holding the root keeps its pointer from being reused while it is a key.

const memoSize = 32

type typedNode struct {
	n *Node
	t objType
}

type memoEntry struct {
	root      *Node
	typedOnce sync.Once
	typed     []typedNode
	opsOnce   sync.Once
	ops       []*Operation
	dynOnce   sync.Once
	dyn       []dynHolder
	// params and schemas: allParameters and walkSchemas, which six and
	// five rules ask for on every definition (#16's profile).
	paramsOnce  sync.Once
	params      []*Parameter
	schemasOnce sync.Once
	schemas     []Schema
	// hooks: trigScan, which five trigger rules ask for.
	hooksOnce sync.Once
	hooks     []trigWebhook
}

var memo struct {
	sync.Mutex
	entries []*memoEntry
}

func memoFor(root *Node) *memoEntry {
	memo.Lock()
	defer memo.Unlock()
	for _, e := range memo.entries {
		if e.root == root {
			return e
		}
	}
	e := &memoEntry{root: root}
	if len(memo.entries) >= memoSize {
		memo.entries = memo.entries[1:]
	}
	memo.entries = append(memo.entries, e)
	return e
}

// typedNodes returns every typed Swagger object of the definition, in
// document order.
func typedNodes(root *Node) []typedNode {
	e := memoFor(root)
	e.typedOnce.Do(func() {
		walkObject(root, tRoot, func(n *Node, t objType) { e.typed = append(e.typed, typedNode{n, t}) })
	})
	return e.typed
}

// dynHolders returns the holders of dynamic extensions of the definition's
// operations (see dynUses), computed once per document.
func dynHolders(root *Node) []dynHolder {
	e := memoFor(root)
	e.dynOnce.Do(func() { e.dyn = listDynHolders(root) })
	return e.dyn
}

// allParameters returns every parameter of the definition (see
// listParameters), computed once per document. Callers must not modify
// the list or its parameters.
func allParameters(root *Node) []*Parameter {
	e := memoFor(root)
	e.paramsOnce.Do(func() { e.params = listParameters(root) })
	return e.params
}

// walkSchemas calls fn for every schema of the definition (see
// listSchemas), in the order of the walk, which is made once per document.
func walkSchemas(root *Node, fn func(Schema)) {
	e := memoFor(root)
	e.schemasOnce.Do(func() { e.schemas = listSchemas(root) })
	for _, s := range e.schemas {
		fn(s)
	}
}

// trigScan reads the body of every operation for notification URLs (see
// listWebhooks), once per document. Callers must not modify the result.
func trigScan(root *Node) []trigWebhook {
	e := memoFor(root)
	e.hooksOnce.Do(func() { e.hooks = listWebhooks(root) })
	return e.hooks
}
