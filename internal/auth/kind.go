package auth

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// A kind is one authentication a writer gives a connector: the security
// definition of the swagger and its root requirement, and the connection
// parameters of apiProperties.json. Every writer (auth aad, apikey, basic,
// none, oauth2) is a kind planned by planKind, the one edit engine.
type kind struct {
	// with names the authentication, for "replace them with ...".
	with string
	// schemeName is the name of a new security definition.
	schemeName string
	// scheme is the wanted security definition; nil for no
	// authentication ("securityDefinitions": {} and "security": []).
	scheme *spec
	// schemeFor, when set, gives the wanted definition from the existing
	// one (nil when new); it overrides scheme.
	schemeFor func(old *connector.Node) *spec
	// findScheme returns the existing definition of this kind, which
	// keeps its name and is updated in place, or nil.
	findScheme func(root *connector.Node) *connector.Node
	// scopes are the scopes of the root requirement.
	scopes []string
	// params are the connection parameters, in the order a new
	// apiProperties.json gets them.
	params []param
	// removes says that removing the other authentication is the point
	// (auth none): it needs no --replace.
	removes bool
}

// Kind is the authentication one writer gives a connector (auth aad,
// apikey, basic, none, oauth2), for PlanKind and for a set of
// PlanSetAdd: both write it with the same code.
type Kind struct {
	// Tag is the writer's name: aad, apikey, basic, none, oauth2.
	Tag   string
	build func(c *Connector, r *Result) *kind
}

// PlanKind computes the new text of the connector's files for a kind of
// authentication. It writes nothing.
func PlanKind(c *Connector, k Kind, opt Options) (*Result, error) {
	r := &Result{}
	return planKind(c, k.build(c, r), opt, r)
}

// param is one connection parameter a kind writes.
type param struct {
	name string
	// spec is the wanted value; old is the existing parameter when it is
	// of this kind (merged member by member), nil when it is written new.
	spec func(old *connector.Node) *spec
	// ours reports whether an existing parameter of that name is of this
	// kind; nil takes any.
	ours func(old *connector.Node) bool
}

func (k *kind) hasScheme() bool { return k.scheme != nil || k.schemeFor != nil }

func (k *kind) schemeSpec(old *connector.Node) *spec {
	if k.schemeFor != nil {
		return k.schemeFor(old)
	}
	return k.scheme
}

func (k *kind) isParam(name string) bool {
	for _, p := range k.params {
		if p.name == name {
			return true
		}
	}
	return false
}

// Options change what Plan may do.
type Options struct {
	// Replace removes security definitions and connection parameters of
	// other kinds; without it Plan returns a *ConflictError.
	Replace bool
}

// WriteOrder is the order in which a writer renames the changed files of
// r into place: apiProperties.json first, then the definitions. A crash
// between two renames leaves the connector half written; in that order,
// running the same command again finishes it, and so does running it
// with no flags at all, because the values a re-run takes from the files
// (client id, tenant, URLs, scopes) live in apiProperties.json, which is
// then already new (docs/auth.md, "Modes and exit status").
func (r *Result) WriteOrder() []*File {
	var props, defs []*File
	for _, f := range r.Files {
		switch {
		case !f.Changed():
		case filepath.Base(f.Path) == PropertiesName:
			props = append(props, f)
		default:
			defs = append(defs, f)
		}
	}
	return append(props, defs...)
}

// Result is what Plan computed.
type Result struct {
	// Files are the swagger definitions, then apiProperties.json, each
	// with its new text.
	Files []*File
	// Scheme is the name of the security definition (in the first
	// definition; a twin keeps its own); "" when there is none.
	Scheme string
	// Params are the connection parameters written.
	Params []string
	// Replaced is what --replace removed (auth none: what it removed).
	Replaced []Item
	// Notes say what else changed that the user should know.
	Notes []string
	// Secrets are values never to print (a diff must mask them).
	Secrets []string
	// FileRedirectURL is the per-connector redirect URI recorded in
	// apiProperties.json, if any.
	FileRedirectURL string
	// Set is the connectionParameterSets value auth sets added or
	// removed ("" for the other writers).
	Set string
}

// planKind computes the new text of the connector's files for a kind. It
// writes nothing.
func planKind(c *Connector, k *kind, opt Options, r *Result) (*Result, error) {
	var conflicts []Item
	var plans []*editPlan
	// A new definition takes the name of a twin's existing one, so that
	// the JSON and YAML definitions stay alike.
	preferred := k.schemeName
	for i := len(c.Swaggers) - 1; i >= 0; i-- {
		if k.hasScheme() {
			if s := k.findScheme(c.Swaggers[i].Doc.Root); s != nil {
				preferred = s.Key
			}
		}
	}
	for i, f := range c.Swaggers {
		p := &editPlan{file: f}
		name, items := planSwagger(p, k, preferred, r)
		if i == 0 {
			r.Scheme = name
		} else if name != r.Scheme {
			r.Notes = append(r.Notes, fmt.Sprintf("%s keeps its security definition name %q (%s has %q)", filepath.Base(f.Path), name, filepath.Base(c.Swaggers[0].Path), r.Scheme))
		}
		conflicts = append(conflicts, items...)
		plans = append(plans, p)
	}
	props := c.Props
	if props == nil {
		props = &File{Path: filepath.Join(c.Dir, PropertiesName)}
	}
	pp := &editPlan{file: props}
	conflicts = append(conflicts, planProps(pp, c, k)...)
	if len(conflicts) > 0 && !opt.Replace && !k.removes {
		return nil, &ConflictError{Items: conflicts, With: k.with}
	}
	r.Replaced = conflicts
	for _, p := range k.params {
		r.Params = append(r.Params, p.name)
	}
	for _, p := range plans {
		out, err := p.apply()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.file.Path, err)
		}
		p.file.New = out
		encodingNote(p.file, r)
		r.Files = append(r.Files, p.file)
		r.Secrets = append(r.Secrets, p.secrets...)
	}
	if props.Created() {
		text, err := rewrite.RenderJSON(newProperties(k), rewrite.DefaultLayout.Unit, 0)
		if err != nil {
			return nil, err
		}
		text = append(text, '\n')
		props.New = text
		r.Notes = append(r.Notes, fmt.Sprintf("%s is new, with iconBrandColor %s (the platform requires one): set your brand color, and add \"publisher\" and \"stackOwner\" (certification asks for them)", PropertiesName, DefaultIconBrandColor))
	} else {
		out, err := pp.apply()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", props.Path, err)
		}
		props.New = out
		encodingNote(props, r)
		r.Secrets = append(r.Secrets, pp.secrets...)
	}
	r.Files = append(r.Files, props)
	r.Secrets = dedupe(r.Secrets)
	return r, nil
}

// ---- the swagger ----

func planSwagger(p *editPlan, k *kind, preferred string, r *Result) (string, []Item) {
	root := p.file.Doc.Root
	path := p.file.Path
	var items []Item
	sd := root.Get("securityDefinitions")
	var target *connector.Node
	name := ""
	if k.hasScheme() {
		target = k.findScheme(root)
		name = preferred
		if target != nil {
			name = target.Key
		}
	}
	switch {
	case sd == nil:
	case sd.Kind != connector.Object:
		items = append(items, Item{path, sd.Pointer(), fmt.Sprintf("securityDefinitions, which is %s rather than an object", sd.Kind)})
	default:
		for _, s := range sd.Children {
			if s != target {
				items = append(items, Item{path, s.Pointer(), "security definition " + describeScheme(s)})
			}
		}
	}
	switch {
	case !k.hasScheme():
		if !equalValue(sd, rewrite.Object{}) {
			p.set("/securityDefinitions", sd, rewrite.Object{})
		}
	case target != nil:
		for _, s := range sd.Children {
			if s != target {
				p.del(s.Pointer(), s)
			}
		}
		p.merge(target.Pointer(), target, k.schemeSpec(target))
	default:
		if want := (rewrite.Object{{Key: name, Value: k.schemeSpec(nil).object()}}); !equalValue(sd, want) {
			p.set("/securityDefinitions", sd, want)
		}
	}
	want := []any{}
	if k.hasScheme() {
		scopes := []any{}
		for _, s := range k.scopes {
			scopes = append(scopes, s)
		}
		want = []any{rewrite.Object{{Key: name, Value: scopes}}}
	}
	if sec := root.Get("security"); !equalValue(sec, want) {
		p.set("/security", sec, want)
	}
	var dropped []string
	for _, op := range operationsOf(root) {
		sec := op.Get("security")
		if sec != nil && !onlyScheme(sec, name, k.scopes) {
			p.del(sec.Pointer(), sec)
			dropped = append(dropped, op.Pointer())
		}
	}
	if len(dropped) > 0 {
		applies := fmt.Sprintf("the root requirement on %q now applies to them", name)
		if name == "" {
			applies = "the root requirement (no authentication) now applies to them"
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s: removed the security requirements of %s, which named other schemes or scopes; %s",
			filepath.Base(path), plural(len(dropped), "operation"), applies))
	}
	return name, items
}

// ---- apiProperties.json ----

// newParams is the connection parameters of a kind, all new.
func newParams(k *kind) rewrite.Object {
	obj := rewrite.Object{}
	for _, p := range k.params {
		obj = append(obj, rewrite.Member{Key: p.name, Value: p.spec(nil).object()})
	}
	return obj
}

// newProperties is a new apiProperties.json.
func newProperties(k *kind) rewrite.Object {
	return rewrite.Object{{Key: "properties", Value: rewrite.Object{
		{Key: "connectionParameters", Value: newParams(k)},
		{Key: "iconBrandColor", Value: DefaultIconBrandColor},
	}}}
}

func planProps(p *editPlan, c *Connector, k *kind) []Item {
	if p.file.Created() {
		return nil
	}
	root := p.file.Doc.Root
	path := p.file.Path
	var items []Item
	pr := root.Get("properties")
	if pr != nil && pr.Kind != connector.Object {
		items = append(items, Item{path, pr.Pointer(), fmt.Sprintf("properties, which is %s rather than an object", pr.Kind)})
		p.set("/properties", pr, rewrite.Object{{Key: "connectionParameters", Value: newParams(k)}})
		return items
	}
	const base = "/properties/connectionParameters"
	params := pr.Get("connectionParameters")
	if sets := pr.Get("connectionParameterSets"); sets != nil {
		var names []string
		for _, v := range sets.Get("values").List() {
			names = append(names, fmt.Sprintf("%q", v.Get("name").Str()))
		}
		what := "connectionParameterSets (multi-auth"
		if len(names) > 0 {
			what += ": " + strings.Join(names, ", ")
		}
		items = append(items, Item{path, sets.Pointer(), what + ")"})
		p.del(sets.Pointer(), sets)
	}
	if params != nil && params.Kind != connector.Object {
		items = append(items, Item{path, params.Pointer(), fmt.Sprintf("connectionParameters, which is %s rather than an object", params.Kind)})
	}
	if params == nil || params.Kind != connector.Object {
		p.set(base, params, newParams(k))
		return items
	}
	referenced := referencedParams(c)
	for _, prm := range params.Children {
		if !k.isParam(prm.Key) && isAuthParam(prm, referenced) {
			items = append(items, Item{path, prm.Pointer(), describeParam(prm)})
			p.del(prm.Pointer(), prm)
		}
	}
	for _, kp := range k.params {
		ptr := string(connector.Pointer(base).Child(kp.name))
		ex := params.Get(kp.name)
		if ex != nil && ex.Kind == connector.Object && (kp.ours == nil || kp.ours(ex)) {
			p.merge(ptr, ex, kp.spec(ex))
			continue
		}
		if ex != nil && kp.ours != nil {
			items = append(items, Item{path, ex.Pointer(), describeParam(ex)})
		}
		if want := kp.spec(nil).object(); !equalValue(ex, want) {
			p.set(ptr, ex, want)
		}
	}
	return items
}
