package auth

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// An editPlan is the edits of one document, computed on its original
// tree and applied in order by a rewrite.Editor. Every pointer names an
// object member, never an array index, so earlier edits do not move the
// targets of later ones.
type editPlan struct {
	file *File
	ops  []editOp
	// secrets are the secret-looking values the edits remove: they are
	// never printed, not even in a diff.
	secrets []string
}

type editOp struct {
	ptr string
	val any
	del bool
}

func (p *editPlan) set(ptr string, old *connector.Node, v any) {
	p.collectSecrets(old)
	p.ops = append(p.ops, editOp{ptr: ptr, val: v})
}

func (p *editPlan) del(ptr string, old *connector.Node) {
	p.collectSecrets(old)
	p.ops = append(p.ops, editOp{ptr: ptr, del: true})
}

// apply runs the edits; with none, the file keeps its bytes exactly (a
// YAML editor re-emits the whole file, so it is not even started).
func (p *editPlan) apply() ([]byte, error) {
	if len(p.ops) == 0 {
		return p.file.Raw, nil
	}
	if p.file.Doc.Format == connector.JSON {
		return p.applyJSON()
	}
	ed, err := rewrite.NewEditor(p.file.Doc)
	if err != nil {
		return nil, err
	}
	for _, o := range p.ops {
		if o.del {
			err = ed.Delete(o.ptr)
		} else {
			err = ed.Set(o.ptr, o.val)
		}
		if err != nil {
			return nil, err
		}
	}
	return ed.Bytes()
}

// applyJSON runs the edits on a JSON document as splices, re-parsing
// after each. A member deleted from the middle of its object takes its
// whole lines with it when it has lines of its own, so that the next
// member keeps its indentation as written (rewrite.DeleteEdit gives it
// the deleted member's).
func (p *editPlan) applyJSON() ([]byte, error) {
	doc := p.file.Doc
	for _, o := range p.ops {
		var edit rewrite.JSONEdit
		var err error
		if o.del {
			edit, err = deleteLines(doc, o.ptr)
		} else {
			edit, err = rewrite.SetEdit(doc, o.ptr, o.val)
		}
		if err != nil {
			return nil, err
		}
		src, err := rewrite.ApplyEdits(doc.Src, edit)
		if err != nil {
			return nil, err
		}
		next := &connector.Document{Path: doc.Path, Role: doc.Role, Format: connector.JSON}
		connector.Parse(next, src, connector.Limits{MaxBytes: 1 << 62, MaxDepth: connector.DefaultLimits.MaxDepth})
		if pr := rewrite.FirstProblem(next); pr != nil {
			return nil, fmt.Errorf("internal error: the edit of %s broke the JSON at %d:%d: %s", o.ptr, pr.Pos.Line, pr.Pos.Col, pr.Message)
		}
		next.BOM, next.Encoding = doc.BOM, doc.Encoding
		doc = next
	}
	if doc.BOM {
		return append([]byte{0xEF, 0xBB, 0xBF}, doc.Src...), nil
	}
	return doc.Src, nil
}

// deleteLines is rewrite.DeleteEdit, but a member that is not the last of
// its object and starts its own line, as does the member after it, goes
// from the start of its first line to the start of the next member's line.
func deleteLines(doc *connector.Document, ptr string) (rewrite.JSONEdit, error) {
	edit, err := rewrite.DeleteEdit(doc, ptr)
	if err != nil {
		return edit, err
	}
	n := doc.Root.Resolve(ptr)
	if n == nil || !n.IsMember() || n.KeyOff < 0 {
		return edit, nil
	}
	siblings := n.Parent.Children
	for i, c := range siblings {
		if c != n || i == len(siblings)-1 {
			continue
		}
		src := doc.Src
		from, next := lineStart(src, int(n.KeyOff)), lineStart(src, int(siblings[i+1].KeyOff))
		if blank(src[from:n.KeyOff]) && blank(src[next:siblings[i+1].KeyOff]) && next > int(n.End) {
			return rewrite.JSONEdit{Off: from, End: next}, nil
		}
	}
	return edit, nil
}

func lineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
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
	text, err := rewrite.RenderJSON(v, "", 0)
	if err != nil {
		return false
	}
	want := &connector.Document{Path: "want.json"}
	connector.Parse(want, text, connector.DefaultLimits)
	return want.Root != nil && connector.Equal(n, want.Root)
}
