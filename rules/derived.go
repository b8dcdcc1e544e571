package rules

import "github.com/ppconn/ppconn/internal/lint"

// The walks that many rules need (the typed objects, the operations, the
// parameters, the schemas, the dynamic-extension holders, the webhooks)
// are per-package results (lint.Derived): made by the first rule of a
// package that asks, shared by the others, dropped with the package. Each
// takes the pass, which holds them, and the root of the document (any
// definition of the pass's package). Callers must not modify them.

var (
	typedOf = &lint.Derived[*typedIndex]{Name: "typed objects", Compute: func(_ *lint.Pass, root *Node) *typedIndex {
		return newTypedIndex(typedNodes(root))
	}}
	operationsOf = &lint.Derived[[]*Operation]{Name: "operations", Compute: func(_ *lint.Pass, root *Node) []*Operation {
		return listOperations(root)
	}}
	parametersOf = &lint.Derived[[]*Parameter]{Name: "parameters", Compute: listParameters}
	schemasOf    = &lint.Derived[[]Schema]{Name: "schemas", Compute: listSchemas}
	dynHoldersOf = &lint.Derived[[]dynHolder]{Name: "dynamic-extension holders", Compute: listDynHolders}
	webhooksOf   = &lint.Derived[[]trigWebhook]{Name: "webhooks", Compute: listWebhooks}
	visibleOf    = &lint.Derived[map[*Node]bool]{Name: "parameters makers see", Compute: listMakerVisible}
	// writtenParametersOf and operationIDsOf: thirteen and four rules
	// ask (paramWritten, dynOperationsByID).
	writtenParametersOf = &lint.Derived[[]*Parameter]{Name: "parameter objects written", Compute: listWrittenParameters}
	operationIDsOf      = &lint.Derived[operationIndex]{Name: "operations by id", Compute: listOperationIDs}
	// inputDefinitionsOf: the definitions request bodies refer to
	// (schemaInputTest), which two rules ask for.
	inputDefinitionsOf = &lint.Derived[map[*Node]bool]{Name: "definitions of request bodies", Compute: func(p *lint.Pass, root *Node) map[*Node]bool {
		return schemaReachable(root, schemaInputRoots(p, root))
	}}
	// scriptTokensOf is a value of the package (root nil): the tokens of
	// its script.csx, which four rules read.
	scriptTokensOf = &lint.Derived[[]scriptTok]{Name: "script tokens", Compute: func(p *lint.Pass, _ *Node) []scriptTok {
		return scriptTokenize(p.Package.Script.Src)
	}}
)

// operations lists the operations of a definition in document order.
func operations(p *lint.Pass, root *Node) []*Operation { return operationsOf.Of(p, root) }

// allParameters returns every parameter of the definition (see
// listParameters).
func allParameters(p *lint.Pass, root *Node) []*Parameter { return parametersOf.Of(p, root) }

// walkSchemas calls fn for every schema of the definition (see
// listSchemas), in the order of the walk.
func walkSchemas(p *lint.Pass, root *Node, fn func(Schema)) {
	for _, s := range schemasOf.Of(p, root) {
		fn(s)
	}
}

// makerVisible returns the parameter objects that a maker sees (see
// listMakerVisible).
func makerVisible(p *lint.Pass, root *Node) map[*Node]bool { return visibleOf.Of(p, root) }

// scriptTokens returns the tokens of the package's script.csx.
func scriptTokens(p *lint.Pass) []scriptTok { return scriptTokensOf.Of(p, nil) }

// dynHolders returns the holders of dynamic extensions of the definition's
// operations (see dynUses).
func dynHolders(p *lint.Pass, root *Node) []dynHolder { return dynHoldersOf.Of(p, root) }

// trigScan reads the body of every operation for notification URLs (see
// listWebhooks).
func trigScan(p *lint.Pass, root *Node) []trigWebhook { return webhooksOf.Of(p, root) }
