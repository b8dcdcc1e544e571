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
