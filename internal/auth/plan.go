package auth

import (
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// An editPlan is the edits of one document, computed on its original
// tree and made in order by the edit engine (rewrite.EditDocument).
type editPlan struct {
	file  *File
	edits []rewrite.Edit
	// secrets are the secret-looking values the edits remove: they are
	// never printed, not even in a diff.
	secrets []string
}

func (p *editPlan) set(ptr string, old *connector.Node, v any) {
	p.collectSecrets(old)
	p.edits = append(p.edits, rewrite.Edit{Pointer: ptr, Value: v})
}

func (p *editPlan) del(ptr string, old *connector.Node) {
	p.collectSecrets(old)
	p.edits = append(p.edits, rewrite.Edit{Pointer: ptr, Delete: true})
}

// apply makes the edits; with none, the file keeps its bytes exactly (a
// YAML file may be re-emitted whole, so the engine is not even started).
func (p *editPlan) apply() ([]byte, error) {
	if len(p.edits) == 0 {
		return p.file.Raw, nil
	}
	res, err := rewrite.EditDocument(p.file.Doc, p.edits, rewrite.EditOptions{WholeYAML: true})
	if err != nil {
		return nil, err
	}
	return res.Text, nil
}

// collectSecrets records the strings below n that internal/secret takes
// for secrets (by their name or their shape), placeholders aside.
func (p *editPlan) collectSecrets(n *connector.Node) {
	n.Walk(func(c *connector.Node) bool {
		if !c.IsString() || len(c.Value) < 4 || connector.IsPlaceholder(c.Value) {
			return true
		}
		if secret.IsSecretNode(c) || secret.LooksLikeSecret(c.Value) {
			p.secrets = append(p.secrets, c.Value)
		}
		return true
	})
}

// spec is the wanted value of an object: its members, in the order a new
// object gets them, and which other members of an existing object stay.
type spec struct {
	members []member
	// fold compares member names ignoring case (AAD customParameters:
	// Microsoft's own files write "LoginUri").
	fold bool
	// keep says whether a member of the existing object that is not in
	// members stays; nil keeps none.
	keep func(c *connector.Node) bool
	// dropped is called for each member that goes.
	dropped func(c *connector.Node)
}

// member is one wanted member; val is a *spec (merged member by member)
// or a plain value (replaced whole when it differs).
type member struct {
	key string
	val any
}

// object is the spec as a new value.
func (s *spec) object() rewrite.Object {
	obj := rewrite.Object{}
	for _, m := range s.members {
		v := m.val
		if sub, ok := v.(*spec); ok {
			v = sub.object()
		}
		obj = append(obj, rewrite.Member{Key: m.key, Value: v})
	}
	return obj
}

// merge plans the edits that give the value at ptr (n; nil when absent)
// the wanted members, member by member so that an existing object keeps
// its key order, its layout and the members keep allows.
func (p *editPlan) merge(ptr string, n *connector.Node, s *spec) {
	if n == nil || n.Kind != connector.Object {
		p.set(ptr, n, s.object())
		return
	}
	used := map[*connector.Node]bool{}
	for _, m := range s.members {
		var ex *connector.Node
		for _, c := range n.Children {
			if c.Key == m.key || s.fold && strings.EqualFold(c.Key, m.key) {
				ex = c
				break
			}
		}
		key := m.key
		if ex != nil {
			key = ex.Key
			used[ex] = true
		}
		childPtr := string(connector.Pointer(ptr).Child(key))
		if sub, ok := m.val.(*spec); ok {
			p.merge(childPtr, ex, sub)
		} else if !equalValue(ex, m.val) {
			p.set(childPtr, ex, m.val)
		}
	}
	for _, c := range n.Children {
		if used[c] || s.keep != nil && s.keep(c) && !s.isMember(c.Key) {
			continue
		}
		if s.dropped != nil {
			s.dropped(c)
		}
		p.del(string(connector.Pointer(ptr).Child(c.Key)), c)
	}
}

// isMember reports whether key names a wanted member: a second spelling
// of it (under fold) is a duplicate, which goes.
func (s *spec) isMember(key string) bool {
	for _, m := range s.members {
		if m.key == key || s.fold && strings.EqualFold(m.key, key) {
			return true
		}
	}
	return false
}

// equalValue reports whether n holds the value v, compared as JSON Schema
// compares values (connector.Equal: member order and number spelling
// aside).
func equalValue(n *connector.Node, v any) bool {
	if n == nil {
		return false
	}
	want, err := rewrite.ValueNode(v)
	return err == nil && connector.Equal(n, want)
}
