package lint

import (
	"github.com/ppconn/ppconn/internal/connector"
)

// Derived is a value computed from one document that several rules need
// (the typed objects of a definition, its operations). The first rule that
// asks for it computes it; the other rules of the same package get the
// same value; it is dropped with the package. This is go/analysis's
// ResultOf with the dependency named where it is used: there is no global
// memo, no lock (a package is linted on one worker), and memory is bounded
// by the packages being linted, that is by the workers.
type Derived[T any] struct {
	// Name says what the value is, for debugging.
	Name string
	// Compute makes the value for the document whose root is root. It may
	// ask p for other derived values of the same document (go/analysis's
	// Requires): they are shared too.
	Compute func(p *Pass, root *connector.Node) T
}

// packageRun is what the passes over one package share.
type packageRun struct {
	derived map[derivedKey]any
	// known holds the secret values of the package once computed, and
	// values the same by document and line (see Result.Secrets).
	known     []string
	values    Secrets
	knownDone bool
}

// secrets returns the secret values of pkg (secret.All of its
// documents), computed on first use: messages of findings with related
// places and every message at the end are masked with them.
func (r *packageRun) secrets(pkg *connector.Package) []string {
	if !r.knownDone {
		r.values, r.known = packageSecrets(pkg)
		r.knownDone = true
	}
	return r.known
}

type derivedKey struct {
	d    any // *Derived[T]
	root *connector.Node
}

// Of returns the value for the document whose root is root (any document
// of the pass's package; nil for a value of the package as a whole, such
// as the tokens of its script), computing it on first use. Outside LintPackage
// (a pass made by hand) it is computed on every call. Callers must not
// modify it.
func (d *Derived[T]) Of(p *Pass, root *connector.Node) T {
	if p.run == nil {
		return d.Compute(p, root)
	}
	k := derivedKey{d, root}
	if v, ok := p.run.derived[k]; ok {
		return v.(T)
	}
	v := d.Compute(p, root)
	if p.run.derived == nil {
		p.run.derived = map[derivedKey]any{}
	}
	p.run.derived[k] = v
	return v
}
