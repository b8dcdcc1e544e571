package diff

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

// ErrMismatch is returned when the two inputs are not of the same kind (a
// definition against an apiProperties.json).
var ErrMismatch = errors.New("cannot compare")

// Options tune a comparison.
type Options struct {
	// NoWhatChanged skips libopenapi's what-changed: the changes it would
	// rate get the impact they have without its opinion (warning for a
	// tighter input constraint or an unknown keyword). For benchmarks and
	// tests of the tree walk alone.
	NoWhatChanged bool
}

// Compare compares two inputs. The definitions are compared when both
// have one; apiProperties.json when both have one.
func Compare(old, new *Input, opt Options) (*Report, error) {
	r := &Report{Old: old, New: new}
	if (old.Definition == nil) != (new.Definition == nil) {
		return nil, fmt.Errorf("%w %s with %s: one is a definition, the other an apiProperties.json alone", ErrMismatch, old.Name, new.Name)
	}
	for _, in := range []*Input{old, new} {
		for _, doc := range []*connector.Document{in.Definition, in.Twin, in.Properties} {
			if doc != nil {
				r.noteProblems(doc)
			}
		}
	}
	var oi, ni *index
	if old.Definition != nil {
		var changes []*Change
		changes, oi, ni = r.compareDefinitions(old.Definition, new.Definition, opt)
		r.Changes = append(r.Changes, changes...)
		r.Operations = operationOrder(oi, ni)
		if old.Twin != nil && new.Twin != nil {
			twin, toi, tni := r.compareDefinitions(old.Twin, new.Twin, opt)
			for _, c := range twin {
				c.order += len(changes)
			}
			r.Changes = mergeTwins(r.Changes, twin)
			r.Twins = true
			for _, name := range operationOrder(toi, tni) {
				if !slices.Contains(r.Operations, name) {
					r.Operations = append(r.Operations, name) // in the YAML twin only
				}
			}
		} else if old.Folder && new.Folder && (old.Twin != nil || new.Twin != nil) {
			with, without := old, new
			if new.Twin != nil {
				with, without = new, old
			}
			r.Notes = append(r.Notes, fmt.Sprintf("%s has a YAML twin (%s) and %s none: only the JSON definitions were compared", with.Name, path.Base(filepath.ToSlash(with.Twin.Path)), without.Name))
		}
	}
	switch {
	case old.Properties != nil && new.Properties != nil:
		d := &differ{old: &side{doc: old.Properties, idx: newIndex(nil)}, new: &side{doc: new.Properties, idx: newIndex(nil)}}
		d.obj(frame{at: pPropsRoot, doc: Properties}, old.Properties.Root, new.Properties.Root)
		for _, c := range d.out {
			c.lib = false
			if c.Rule == "auth" && c.Impact == Breaking && oi != nil {
				c.Operations, c.AllOperations = r.Operations, true
			}
		}
		r.Changes = append(r.Changes, d.out...)
	case old.Folder && new.Folder && old.Properties != nil:
		r.Notes = append(r.Notes, fmt.Sprintf("%s has an apiProperties.json and %s none: the connection settings were not compared", old.Name, new.Name))
	case old.Folder && new.Folder && new.Properties != nil:
		r.Notes = append(r.Notes, fmt.Sprintf("%s has an apiProperties.json and %s none: the connection settings were not compared", new.Name, old.Name))
	}
	known := secret.All(old.Definition, old.Twin, old.Properties, new.Definition, new.Twin, new.Properties)
	r.mask(known)
	r.fingerprints(known)
	for _, c := range r.Changes {
		c.TableImpact = c.Impact
	}
	r.finish()
	return r, nil
}

// compareDefinitions compares two definitions: the changes, attributed to
// the operations they affect, and the indexes of both sides. The routes
// of the operations are added to r.Routes.
func (r *Report) compareDefinitions(old, new *connector.Document, opt Options) ([]*Change, *index, *index) {
	d := &differ{old: &side{doc: old, idx: newIndex(old.Root)}, new: &side{doc: new, idx: newIndex(new.Root)}}
	d.compareDefinitions()
	r.WhatChanged = d.whatChanged(opt) || r.WhatChanged
	oi, ni := d.old.idx, d.new.idx
	for _, c := range d.out {
		attribute(c, oi, ni)
	}
	if r.Routes == nil {
		r.Routes = map[string]string{}
	}
	for _, x := range []*index{oi, ni} {
		for _, o := range x.ops {
			if _, ok := r.Routes[o.name]; !ok {
				r.Routes[o.name] = o.route()
			}
		}
	}
	return d.out, oi, ni
}

// mergeTwins adds the changes between the YAML twins to those between
// the JSON ones. A change both pairs have (the same pointer, kind, rating
// and message: the author edited both twins, or regenerated one) is
// reported once, in the JSON definition, with the YAML places as
// TwinOld and TwinNew; a change only one pair has is reported in its
// file, so that an edit to the YAML twin alone is not missed.
func mergeTwins(primary, twin []*Change) []*Change {
	type key struct {
		ptr, oldPtr, msg string
		kind             Kind
		rule             RowID
	}
	keyOf := func(c *Change) key { return key{c.Pointer, c.OldPointer, c.Message, c.Kind, c.Rule} }
	byKey := map[key][]*Change{}
	for _, c := range primary {
		byKey[keyOf(c)] = append(byKey[keyOf(c)], c)
	}
	out := primary
	for _, c := range twin {
		k := keyOf(c)
		if same := byKey[k]; len(same) > 0 {
			same[0].TwinOld, same[0].TwinNew = c.Old, c.New
			byKey[k] = same[1:]
			continue
		}
		out = append(out, c)
	}
	return out
}

// mask masks, in every message, reason and note, each secret value of
// either side (internal/secret's tree-aware check): a change that quotes
// a value shows a secret masked even where the value is not itself under
// a secret's name, in every format.
func (r *Report) mask(known []string) {
	if len(known) == 0 {
		return
	}
	for _, c := range r.Changes {
		c.Message = secret.MaskText(c.Message, known...)
		c.Reason = secret.MaskText(c.Reason, known...)
	}
	for i, n := range r.Notes {
		r.Notes[i] = secret.MaskText(n, known...)
	}
}

func (r *Report) noteProblems(doc *connector.Document) {
	n := 0
	var first connector.Problem
	for _, p := range doc.Problems {
		if p.Kind == connector.ProblemSyntax || p.Kind == connector.ProblemDuplicateKey {
			if n == 0 {
				first = p
			}
			n++
		}
	}
	if n > 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("%s has %d syntax problem(s), first at %d:%d: %s; the diff uses what could be read (ppconn lint shows them all)",
			doc.Path, n, first.Pos.Line, first.Pos.Col, first.Message))
	}
}

// operationOrder lists the operations of NEW, then those of OLD that NEW
// does not have, in document order.
func operationOrder(oi, ni *index) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range [][]*op{ni.ops, oi.ops} {
		for _, o := range x {
			if !seen[o.name] {
				seen[o.name] = true
				out = append(out, o.name)
			}
		}
	}
	return out
}

// globalKeys are the root members whose change affects every operation.
var globalKeys = map[string]bool{
	"host": true, "basePath": true, "schemes": true, "consumes": true, "produces": true,
	"securityDefinitions": true, "security": true,
}

// attribute fills the operations a change affects.
func attribute(c *Change, oi, ni *index) {
	ptr, x := c.Pointer, ni
	if c.New == nil {
		x = oi
	}
	toks := connector.Pointer(ptr).Tokens()
	if len(toks) == 0 {
		return
	}
	var names []string
	add := func(ops ...*op) {
		for _, o := range ops {
			names = append(names, o.name)
		}
	}
	switch {
	case toks[0] == "paths" && len(toks) >= 3 && connector.IsHTTPMethod(strings.ToLower(toks[2])):
		if o := x.byRoute[strings.ToLower(toks[2])+" "+toks[1]]; o != nil {
			add(o)
		}
	case toks[0] == "paths" && len(toks) >= 2:
		add(ni.byPath[toks[1]]...)
		add(oi.byPath[toks[1]]...)
	case connector.SharedTarget(ptr) != "":
		t := connector.SharedTarget(ptr)
		ni.computeUsage()
		oi.computeUsage()
		names = append(names, ni.users[t]...)
		names = append(names, oi.users[t]...)
	case len(toks) >= 1 && globalKeys[toks[0]]:
		c.AllOperations = true
		names = operationOrder(oi, ni)
	}
	c.Operations = dedupe(names)
}

func dedupe(s []string) []string {
	if len(s) < 2 {
		return s
	}
	seen := make(map[string]bool, len(s))
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
