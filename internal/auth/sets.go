package auth

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
)

// Multi-auth: connectionParameterSets in apiProperties.json, the
// alternatives a maker picks from when creating a connection
// (docs/auth.md, "auth sets"). The definition is not edited: with sets,
// the platform takes each set's sign-in from its parameters.

// SetSpec is the set auth sets add writes.
type SetSpec struct {
	// Name is the set's name; DisplayName and Description its
	// uiDefinition ("" takes the kind's).
	Name, DisplayName, Description string
	// Current names the set that the present authentication of a
	// single-auth connector becomes ("" takes its kind's name).
	Current string
}

const (
	setsPtr  = "/properties/connectionParameterSets"
	setsDesc = "Choose how to sign in."
)

// setNamePattern is what ppconn accepts as a set name: the names of the
// corpus ("oauth", "basic-auth", "aadProd") and of Microsoft's examples.
var setNamePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)

// setKindNames are the set name and label a kind gets by default.
var setKindNames = map[string][2]string{
	"aad":    {"aad", "Microsoft Entra ID"},
	"oauth2": {"oauth", "OAuth 2.0"},
	"apikey": {"api-auth", "API Key"},
	"basic":  {"basic-auth", "Basic authentication"},
}

// checkSetName validates a set name.
func checkSetName(name string) error {
	if !setNamePattern.MatchString(name) {
		return fmt.Errorf("set name %q: start with a letter, then letters, digits, '-', '_' or '.' (such as api-auth or oauth)", name)
	}
	return nil
}

// setValues returns the connectionParameterSets values of
// apiProperties.json, and whether there is a connectionParameterSets.
func setValues(c *Connector) ([]*connector.Node, bool, error) {
	if c.Props == nil {
		return nil, false, fmt.Errorf("%s: no %s, so no connection parameters: write an authentication first (ppconn auth apikey, basic, oauth2 or aad)", c.Dir, PropertiesName)
	}
	pr := c.Props.Doc.Root.Get("properties")
	if pr == nil || pr.Kind != connector.Object {
		return nil, false, fmt.Errorf("%s: \"properties\" is not an object", c.Props.Path)
	}
	sets := pr.Get("connectionParameterSets")
	if sets == nil {
		return nil, false, nil
	}
	vals := sets.Get("values")
	if sets.Kind != connector.Object || vals == nil || vals.Kind != connector.Array {
		return nil, true, fmt.Errorf("%s: connectionParameterSets is not {\"values\": [...]}: ppconn edits only the multi-auth shape (see ppconn explain multi-auth-shape)", c.Props.Path)
	}
	return vals.Children, true, nil
}

// SetNames lists the names of the sets.
func setNames(vals []*connector.Node) []string {
	var names []string
	for _, v := range vals {
		names = append(names, fmt.Sprintf("%q", v.Get("name").Str()))
	}
	return names
}

// paramsKind names the authentication a map of connection parameters
// carries, as a kind tag, "" when none.
func paramsKind(params *connector.Node) string {
	tag := ""
	for _, p := range params.List() {
		switch t := strings.ToLower(p.Get("type").Str()); {
		case t == "oauthsetting" && p.At("oAuthSettings", "identityProvider").Str() == "aad":
			return "aad"
		case t == "oauthsetting":
			return "oauth2"
		case containsFold([]string{"username", "password"}, p.Key):
			tag = "basic"
		case t == "securestring" && tag == "":
			tag = "apikey"
		}
	}
	return tag
}

// PlanSetAdd computes apiProperties.json with one more
// connectionParameterSets value: the parameters the kind's writer writes
// (the same code as PlanKind), and the parameters that carry no
// credential (a host name a policy reads), which every set needs. A
// single-auth connector is converted: its connection parameters become
// the first set (spec.Current) and stay in connectionParameters, so that
// removing the new set gives back the original bytes. The definition is
// not edited.
func PlanSetAdd(c *Connector, s SetSpec, k Kind) (*Result, error) {
	if err := checkSetName(s.Name); err != nil {
		return nil, err
	}
	vals, multi, err := setValues(c)
	if err != nil {
		return nil, err
	}
	r := &Result{Set: s.Name}
	kk := k.build(c, r)
	if len(kk.params) == 0 {
		return nil, fmt.Errorf("a set of %s has no connection parameter: a set is an authentication a maker picks", kk.with)
	}
	pr := c.Props.Doc.Root.Get("properties")
	base := pr.Get("connectionParameters")
	if multi && len(vals) > 0 {
		base = vals[0].Get("parameters")
	}
	names := map[string]string{}
	for _, v := range vals {
		names[strings.ToLower(v.Get("name").Str())] = v.Get("name").Str()
	}
	p := &editPlan{file: c.Props}
	if !multi {
		if paramsKind(base) == "" {
			return nil, fmt.Errorf("%s has no authentication to keep beside set %q: a single authentication is written with ppconn auth %s, and sets are its alternatives", PropertiesName, s.Name, k.Tag)
		}
		cur := s.Current
		if cur == "" {
			cur = setKindNames[paramsKind(base)][0]
		}
		if err := checkSetName(cur); err != nil {
			return nil, fmt.Errorf("--current-name: %w", err)
		}
		if strings.EqualFold(cur, s.Name) {
			return nil, fmt.Errorf("set %q: the present authentication becomes set %q; give the new set another name, or the present one with --current-name", s.Name, cur)
		}
		first := rewrite.Object{
			{Key: "name", Value: cur},
			{Key: "uiDefinition", Value: rewrite.Object{{Key: "displayName", Value: setKindNames[paramsKind(base)][1]}, {Key: "description", Value: setKindNames[paramsKind(base)][1]}}},
			{Key: "parameters", Value: base},
		}
		p.set(setsPtr, nil, rewrite.Object{
			{Key: "uiDefinition", Value: rewrite.Object{{Key: "displayName", Value: "Authentication Type"}, {Key: "description", Value: setsDesc}}},
			{Key: "values", Value: []any{first, newSet(c, s, k.Tag, kk, base)}},
		})
		r.Notes = append(r.Notes, fmt.Sprintf("%s: the present authentication is now set %q; connectionParameters keeps its parameters (as certified AvePoint_Cloud_Governance does)", PropertiesName, cur))
	} else {
		if have, ok := names[strings.ToLower(s.Name)]; ok {
			return nil, fmt.Errorf("a set named %q exists already (the sets are %s): give another name, or remove it first with ppconn auth sets remove %s", have, strings.Join(setNames(vals), ", "), have)
		}
		p.set(setsPtr+"/values/-", nil, newSet(c, s, k.Tag, kk, base))
	}
	for _, prm := range kk.params {
		r.Params = append(r.Params, prm.name)
	}
	if n := otherProvider(c, kk, s.Name); n != "" {
		r.Notes = append(r.Notes, n)
	}
	return finishProps(c, p, r)
}

// otherProvider says when the definition's first security definition is
// of the set's type but signs in elsewhere: the definition holds one
// provider's URLs, which ppconn lint (oauth2-urls-match-swagger) compares
// with every set's.
func otherProvider(c *Connector, k *kind, name string) string {
	if !k.hasScheme() {
		return ""
	}
	want := k.schemeSpec(nil).object()
	var typ, authURL string
	for _, m := range want {
		switch v, _ := m.Value.(string); m.Key {
		case "type":
			typ = v
		case "authorizationUrl":
			authURL = v
		}
	}
	if s := firstScheme(func(*connector.Node) bool { return true })(c.Swaggers[0].Doc.Root); s != nil && typ == "oauth2" && s.Get("type").Str() == typ && s.Get("authorizationUrl").Str() != authURL {
		return fmt.Sprintf("set %q signs in at %s, the definition's security definition %q at %s: the definition holds one provider's URLs, and ppconn lint (oauth2-urls-match-swagger) reports the set's that differ", name, authURL, s.Key, s.Get("authorizationUrl").Str())
	}
	return ""
}

// newSet is the connectionParameterSets value of a kind.
func newSet(c *Connector, s SetSpec, tag string, k *kind, base *connector.Node) rewrite.Object {
	params := newParams(k)
	referenced := referencedParams(c)
	for _, prm := range base.List() {
		if !k.isParam(prm.Key) && !isAuthParam(prm, referenced) {
			params = append(params, rewrite.Member{Key: prm.Key, Value: prm})
		}
	}
	label, desc := s.DisplayName, s.Description
	if label == "" {
		label = setKindNames[tag][1]
	}
	if desc == "" {
		desc = label
	}
	return rewrite.Object{
		{Key: "name", Value: s.Name},
		{Key: "uiDefinition", Value: rewrite.Object{{Key: "displayName", Value: label}, {Key: "description", Value: desc}}},
		{Key: "parameters", Value: params},
	}
}

// PlanSetRemove computes apiProperties.json without the set named name.
// When one set is left, the connector goes back to single
// authentication: connectionParameterSets goes, and connectionParameters
// takes that set's parameters (it already holds them when the set was
// the one a conversion made, so the bytes are the original ones).
func PlanSetRemove(c *Connector, name string) (*Result, error) {
	vals, multi, err := setValues(c)
	if err != nil {
		return nil, err
	}
	if !multi {
		return nil, fmt.Errorf("%s has no connectionParameterSets (single authentication): there is no set %q to remove", PropertiesName, name)
	}
	idx := -1
	for i, v := range vals {
		if v.Get("name").Str() == name {
			idx = i
		}
	}
	if idx < 0 {
		return nil, fmt.Errorf("no set named %q: the sets are %s", name, strings.Join(setNames(vals), ", "))
	}
	if len(vals) == 1 {
		return nil, fmt.Errorf("set %q is the last set: a connector signs in some way, so ppconn does not remove it; add another set first, or write a single authentication with ppconn auth <kind> --replace (or ppconn auth none)", name)
	}
	r := &Result{Set: name}
	p := &editPlan{file: c.Props}
	path := c.Props.Path
	r.Replaced = append(r.Replaced, Item{path, vals[idx].Pointer(), fmt.Sprintf("connection parameter set %q", name)})
	if len(vals) > 2 {
		p.del(vals[idx].Pointer(), vals[idx])
		return finishProps(c, p, r)
	}
	left := vals[1-idx]
	pr := c.Props.Doc.Root.Get("properties")
	params, sets := pr.Get("connectionParameters"), pr.Get("connectionParameterSets")
	want := left.Get("parameters")
	var wantV any = want
	if want == nil {
		wantV = rewrite.Object{}
	}
	if !equalValue(params, wantV) {
		p.set("/properties/connectionParameters", params, wantV)
	}
	p.del(sets.Pointer(), sets)
	for _, prm := range want.List() {
		r.Params = append(r.Params, prm.Key)
	}
	r.Notes = append(r.Notes, fmt.Sprintf("%s: one set is left, %q: the connector has a single authentication again (connectionParameters holds its parameters, connectionParameterSets is removed)", filepath.Base(path), left.Get("name").Str()))
	if tag := paramsKind(want); tag != "" && !schemeFits(c, tag) {
		r.Notes = append(r.Notes, fmt.Sprintf("the definition's security definition is not the %s of set %q: run ppconn auth %s --replace to write it", setKindNames[tag][1], left.Get("name").Str(), tag))
	}
	return finishProps(c, p, r)
}

// schemeFits reports whether the first security definition of the
// definition is of the kind tag names.
func schemeFits(c *Connector, tag string) bool {
	want := map[string]string{"aad": "oauth2", "oauth2": "oauth2", "apikey": "apiKey", "basic": "basic"}[tag]
	s := firstScheme(func(*connector.Node) bool { return true })(c.Swaggers[0].Doc.Root)
	return s.Get("type").Str() == want
}

// finishProps applies the plan of apiProperties.json; the definitions
// are not edited.
func finishProps(c *Connector, p *editPlan, r *Result) (*Result, error) {
	out, err := p.apply()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", c.Props.Path, err)
	}
	c.Props.New = out
	encodingNote(c.Props, r)
	r.Files = []*File{c.Props}
	r.Secrets = dedupe(p.secrets)
	return r, nil
}
