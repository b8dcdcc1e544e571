package diff

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// place is what kind of object a frame of the walk is in: the rating
// context of its members. Where the object is a Swagger object, child
// finds its place from the vocabulary (connector.Spec), the parent's place
// and the shape of the member (placeOf); the places finer than the
// vocabulary's types (definitions or properties, both maps of schemas) or
// outside it (apiProperties.json, extension values) are diff's own.
type place uint8

const (
	pOther        place = iota // unknown: rated by the "other" row
	pDoc                       // the definition's root
	pPaths                     // the paths object
	pInfo                      // info, contact, license
	pMeta                      // tags, externalDocs, x-ms-connector-metadata, x-ms-api-annotation
	pPathItem                  // a path item (its non-operation keys)
	pOp                        // an operation
	pParam                     // a parameter
	pResponses                 // the responses of an operation
	pResponse                  // one response
	pHeaders                   // the headers of a response
	pSchema                    // a schema: body, property, items, header, definition
	pProps                     // the properties of a schema
	pDefs                      // #/definitions
	pParamDefs                 // #/parameters
	pRespDefs                  // #/responses
	pAuth                      // securityDefinitions, security
	pDynamic                   // inside an x-ms-dynamic-* extension
	pPageable                  // inside x-ms-pageable
	pNotification              // x-ms-notification-content
	pCapabilities              // x-ms-capabilities
	pPropsRoot                 // apiProperties.json root
	pPropsMain                 // apiProperties.json /properties
	pConn                      // connectionParameters, connectionParameterSets
	pSettings                  // policies, script operations, capabilities
	pText                      // inside an example or a description: all text
)

// frame is the context of the objects being compared.
type frame struct {
	at  place
	dir uint8 // dirIn, dirOut: what the values are to the flow
	// shared is the ref target ("#/definitions/X") when the walk is inside
	// a shared definition, parameter or response; used says whether any
	// operation uses it.
	shared string
	used   bool
	// subject names the field for messages: `parameter "top"`.
	subject string
	// fo, fn: the enclosing field (parameter or schema property) in OLD
	// and NEW, for the internal-with-default and required rules.
	fo, fn *connector.Node
	// reqN: in pProps, the required list of the schema in NEW.
	reqN *connector.Node
	// propsO, propsN: in pSchema, the properties of the schema.
	propsO, propsN *connector.Node
	ext            string // the extension a pDynamic or pPageable is in
	// elem: in a map of Swagger objects (pDefs, pProps, pHeaders, ...),
	// their type.
	elem connector.ObjectType
	doc  DocKind
	// lonely: the path item exists on one side only.
	lonely bool
	// errorOnly: inside an error response (or a shared item only error
	// responses use), whose outputs flows do not read.
	errorOnly bool
}

type differ struct {
	old, new *side
	out      []*Change
	sub      int // > 0 inside a $ref comparison, whose changes are folded
	refPairs map[[2]string]bool
	newRefs  map[string]bool
	n        int
	// compared, when set, is called with every pair of objects compared
	// and their frame (TestDiffWalksTheVocabulary).
	compared func(f frame, o, n *connector.Node)
}

type side struct {
	doc     *connector.Document
	idx     *index
	lines   int
	counted bool
}

// loc is where n (its key, for a member) is in the side's file.
func (s *side) loc(n *connector.Node) *Loc {
	if !s.counted {
		s.counted = true
		s.lines = bytes.Count(s.doc.Src, []byte{'\n'}) + 1
	}
	p := s.doc.KeyPosition(n)
	return &Loc{File: s.doc.Path, Line: p.Line, Col: p.Col, OneLine: s.lines <= 3 && len(s.doc.Src) > 1000}
}

func (d *differ) usage(target string) (dir uint8, used, errorOnly bool) {
	d.old.idx.computeUsage()
	d.new.idx.computeUsage()
	u := d.old.idx.usage[target] | d.new.idx.usage[target]
	success := d.old.idx.success[target] || d.new.idx.success[target]
	return u, u != 0, u != 0 && !success
}

// compareDefinitions walks two definitions.
func (d *differ) compareDefinitions() {
	o, n := d.old.doc.Root, d.new.doc.Root
	if o.Kind != connector.Object || n.Kind != connector.Object {
		// not a definition at all: one change, rated by what-changed
		if !connector.Equal(o, n) {
			d.emit(frame{at: pOther}, "", false, Modified, o, n)
		}
		return
	}
	d.obj(frame{at: pDoc}, o, n)
}

// absentAsEmpty lists the containers whose absence means the same as
// their being empty, so that their entries are compared one by one.
func absentAsEmpty(at place, key string) connector.Kind {
	switch at {
	case pDoc:
		switch key {
		case "paths", "definitions", "parameters", "responses":
			return connector.Object
		}
	case pOp, pPathItem:
		switch key {
		case "parameters":
			return connector.Array
		case "responses":
			return connector.Object
		}
	case pSchema:
		switch key {
		case "properties":
			return connector.Object
		case "required":
			return connector.Array
		}
	case pResponse:
		if key == "headers" {
			return connector.Object
		}
	}
	return connector.Null
}

// obj compares two objects member by member.
func (d *differ) obj(f frame, o, n *connector.Node) {
	if d.compared != nil {
		d.compared(f, o, n)
	}
	if d.refDiffers(f, o, n) {
		d.refCompare(f, o, n)
		return
	}
	if f.at == pDoc && d.sub == 0 {
		d.paths(o.Get("paths"), n.Get("paths"))
	}
	if f.at == pPathItem {
		// operations were matched by compareOps; the rest of the path item
		// is compared here.
		d.members(f, filterOps(o), filterOps(n))
		return
	}
	d.members(f, o.Children, n.Children)
}

func filterOps(item *connector.Node) []*connector.Node {
	var out []*connector.Node
	for _, c := range item.List() {
		if !connector.IsHTTPMethod(strings.ToLower(c.Key)) || c.Kind != connector.Object {
			out = append(out, c)
		}
	}
	return out
}

func findMember(list []*connector.Node, key string) *connector.Node {
	for _, c := range list {
		if c.Key == key {
			return c
		}
	}
	return nil
}

func (d *differ) members(f frame, oc, nc []*connector.Node) {
	oldKeys := make(map[string]*connector.Node, len(oc))
	for _, c := range oc {
		oldKeys[c.Key] = c
	}
	if f.at == pSchema {
		f.propsO, f.propsN = findMember(oc, "properties"), findMember(nc, "properties")
	}
	visit := func(key string, a, b *connector.Node) {
		if f.at == pDoc && key == "paths" && d.sub == 0 {
			return // compared by paths()
		}
		if a == nil || b == nil {
			if k := absentAsEmpty(f.at, key); k != connector.Null {
				present := a
				if present == nil {
					present = b
				}
				if present.Kind == k && len(present.Children) > 0 {
					empty := &connector.Node{Kind: k}
					if a == nil {
						a = empty
					} else {
						b = empty
					}
				}
			}
		}
		switch {
		case a == nil:
			d.emit(f, key, false, Added, nil, b)
		case b == nil:
			d.emit(f, key, false, Removed, a, nil)
		default:
			d.value(f, key, a, b)
		}
	}
	for _, b := range nc {
		visit(b.Key, oldKeys[b.Key], b)
		delete(oldKeys, b.Key)
	}
	for _, a := range oc {
		if _, left := oldKeys[a.Key]; left {
			visit(a.Key, a, nil)
		}
	}
}

// value compares the values of one member present on both sides (one of
// which may be an empty stand-in for an absent container).
func (d *differ) value(f frame, key string, a, b *connector.Node) {
	if a.Kind != b.Kind {
		d.emit(f, key, false, Modified, a, b)
		return
	}
	switch a.Kind {
	case connector.Object:
		c := d.child(f, key, a, b)
		if c.at == pProps {
			d.members(c, a.Children, b.Children)
			return
		}
		d.obj(c, a, b)
	case connector.Array:
		d.array(f, key, a, b)
	default:
		if !connector.Equal(a, b) {
			d.emit(f, key, false, Modified, a, b)
		}
	}
}

// child is the frame of the value at key in an object of frame f (for an
// array, the frame of its items). Where f is a Swagger object, the
// vocabulary (connector.Spec) says what the member holds; diff's places
// are finer only where it rates by them: a map of schemas is the
// definitions or the properties of a schema, by its parent.
func (d *differ) child(f frame, key string, a, b *connector.Node) frame {
	c := frame{at: pOther, dir: f.dir, shared: f.shared, used: f.used, doc: f.doc, subject: f.subject, fo: f.fo, fn: f.fn, errorOnly: f.errorOnly}
	if f.at == pText || f.doc == Definition && textKeys[key] && !f.namesMembers() {
		c.at = pText
		return c
	}
	switch f.at {
	case pInfo, pMeta:
		c.at = pMeta // metadata all the way down
		return c
	case pDynamic, pPageable:
		c.at, c.ext = f.at, f.ext
		return c
	case pAuth, pCapabilities, pConn, pSettings:
		c.at = f.at
		return c
	case pPropsRoot:
		if key == "properties" {
			c.at = pPropsMain
		} else {
			c.at = pSettings
		}
		return c
	case pPropsMain:
		switch key {
		case "connectionParameters", "connectionParameterSets":
			c.at = pConn
		default:
			c.at = pSettings
		}
		return c
	case pDefs, pParamDefs, pRespDefs, pHeaders, pProps:
		d.element(f, &c, key, a, b)
		return c
	}
	if at := untypedPlace(f.at, key); at != pOther {
		c.at = at
		switch at {
		case pPageable:
			c.ext = key
		case pNotification:
			c.dir = dirOut
		}
		return c
	}
	spec := specAt[f.at]
	if spec == nil {
		return c
	}
	t, shape, ok := spec.Child(key)
	if !ok && spec.FreeKeys() {
		// every member of responses is compared as a response, extensions too
		t, ok = spec.MemberType()
		shape = connector.Single
	}
	switch {
	case ok:
	case isDynamic(key) && spec.AllowsExtension(key):
		c.at, c.ext = pDynamic, key
		return c
	default:
		return c
	}
	c.at = placeOf(f.at, t, shape)
	if shape == connector.MapOf {
		c.elem = t
	}
	switch {
	case c.at == pResponses || c.at == pNotification:
		c.dir = dirOut
	case f.at == pResponses:
		c.dir, c.subject = dirOut, "response "+key
		c.errorOnly = !d.new.idx.isSuccess(key, b.Parent) && !d.old.idx.isSuccess(key, a.Parent)
	case f.at == pParam && c.at == pSchema && f.shared == "":
		c.dir = dirIn // a shared parameter keeps the directions of its users
	case c.at == pProps:
		c.reqN = f.requiredInNew()
	}
	return c
}

// element is the frame c of the member key of a map of objects (f.elem):
// a shared definition, parameter or response, a header, a property.
func (d *differ) element(f frame, c *frame, key string, a, b *connector.Node) {
	c.at = placeOf(f.at, f.elem, connector.Single)
	switch f.at {
	case pDefs, pParamDefs, pRespDefs:
		c.shared = connector.RefPrefix(f.elem) + connector.EscapePointerToken(key)
		c.dir, c.used, c.errorOnly = d.usage(c.shared)
		switch f.at {
		case pDefs:
			c.subject = "definition " + strconv.Quote(key)
		case pParamDefs:
			c.subject = paramSubject(b)
			c.fo, c.fn = a, b
		default:
			c.subject = "response " + strconv.Quote(key)
		}
	case pHeaders:
		c.subject = "header " + strconv.Quote(key)
		c.fo, c.fn = a, b
	case pProps:
		c.subject = "property " + strconv.Quote(key)
		if f.subject != "" && !strings.HasPrefix(f.subject, "response ") {
			c.subject = f.subject + "." + key
			if strings.HasPrefix(f.subject, "property ") {
				c.subject = f.subject[:len(f.subject)-1] + "." + key + `"`
			}
		}
		c.fo, c.fn = a, b
	}
}

// specAt is the vocabulary a place's members are looked up in. diff
// compares items and headers as schemas (they carry the same constraints,
// and a header is a field of the outputs) and notification content as a
// response (certified connectors carry headers there).
var specAt = func() (s [pText + 1]*connector.ObjectSpec) {
	for at, t := range map[place]connector.ObjectType{
		pDoc: connector.RootObject, pPaths: connector.PathsObject, pPathItem: connector.PathItemObject, pOp: connector.OperationObject,
		pParam: connector.ParameterObject, pResponses: connector.ResponsesObject, pResponse: connector.ResponseObject,
		pNotification: connector.ResponseObject, pSchema: connector.SchemaObject,
	} {
		s[at] = connector.Spec(t)
	}
	return s
}()

// placeOf is the place of the objects of type t that a member holds in
// the given shape, in an object of place parent; for a map, the place of
// the map itself.
func placeOf(parent place, t connector.ObjectType, shape connector.Shape) place {
	if shape == connector.MapOf {
		switch t {
		case connector.SchemaObject:
			if parent == pSchema {
				return pProps
			}
			return pDefs
		case connector.ParameterObject:
			return pParamDefs
		case connector.ResponseObject:
			return pRespDefs
		case connector.HeaderObject:
			return pHeaders
		case connector.SecuritySchemeObject:
			return pAuth
		}
		return pOther
	}
	switch t {
	case connector.InfoObject:
		return pInfo
	case connector.ContactObject, connector.LicenseObject, connector.TagObject, connector.ExternalDocsObject:
		return pMeta
	case connector.ParameterObject:
		if shape == connector.ArrayOf {
			return pOther // lists of parameters go to params; anything else there is no list
		}
		return pParam
	case connector.ItemsObject, connector.HeaderObject, connector.SchemaObject:
		return pSchema
	case connector.ResponsesObject:
		return pResponses
	case connector.ResponseObject:
		return pResponse
	case connector.NotificationObject:
		return pNotification
	}
	// paths, path items and operations are matched by paths(), not met
	// here; xml is rated by the "other" row.
	return pOther
}

// untypedPlace is the place of the members that the vocabulary does not
// type but that diff rates as a group: the sign-in, metadata, paging,
// the connector's capabilities; pOther for the rest.
func untypedPlace(at place, key string) place {
	switch at {
	case pDoc:
		switch key {
		case "security":
			return pAuth
		case "x-ms-connector-metadata":
			return pMeta
		case "x-ms-capabilities":
			return pCapabilities
		}
	case pOp:
		switch key {
		case "security":
			return pAuth
		case "tags", "x-ms-api-annotation":
			return pMeta
		case "x-ms-pageable":
			return pPageable
		case "x-ms-notification-content":
			return pNotification // read on the path item; compared here too
		}
	case pResponse, pNotification:
		if key == "examples" {
			return pMeta
		}
	}
	return pOther
}

// requiredInNew returns the required list, in NEW, of the schema whose
// properties are compared.
func (f frame) requiredInNew() *connector.Node {
	if f.propsN == nil || f.propsN.Parent == nil {
		return nil
	}
	return f.propsN.Parent.Get("required")
}

// namesMembers says whether the members of the object of f are names (of
// properties, definitions, headers, status codes, paths...) rather than
// keywords: a property named "description" is not a description.
func (f frame) namesMembers() bool {
	switch {
	case f.elem != "", f.at == pDynamic, f.at == pAuth:
		return true
	case specAt[f.at] != nil:
		return specAt[f.at].FreeKeys()
	}
	return false
}

// isDynamic says whether key is an x-ms-dynamic-* extension (parameters
// and schemas read the same ones).
func isDynamic(key string) bool {
	return strings.HasPrefix(key, "x-ms-dynamic-") && specAt[pParam].AllowsExtension(key)
}

func paramSubject(p *connector.Node) string {
	name := p.Get("name").Str()
	if in := p.Get("in").Str(); in != "" {
		return "parameter " + strconv.Quote(name) + " (" + in + ")"
	}
	return "parameter " + strconv.Quote(name)
}

// array compares two arrays found at key in an object of frame f.
func (d *differ) array(f frame, key string, a, b *connector.Node) {
	var items connector.ObjectType
	if spec := specAt[f.at]; spec != nil {
		if t, shape, ok := spec.Child(key); ok && shape == connector.ArrayOf {
			items = t
		}
	}
	switch {
	case items == connector.ParameterObject:
		d.params(f, a, b)
	case isSetKey(f, key):
		d.set(f, key, a, b)
	case items == connector.TagObject:
		d.keyed(f, key, a, b, "name")
	case key == "x-ms-connector-metadata" && f.at == pDoc:
		d.keyed(f, key, a, b, "propertyName")
	default:
		d.positional(f, key, a, b)
	}
}

// isSetKey: arrays whose items are values in a set; additions and
// removals matter, and an order change is reported on its own.
func isSetKey(f frame, key string) bool {
	switch key {
	case "enum", "consumes", "produces", "schemes":
		return true
	case "required":
		return f.at == pSchema
	case "capabilities":
		return f.at == pPropsMain
	}
	return false
}

func (d *differ) positional(f frame, key string, a, b *connector.Node) {
	c := d.child(f, key, a, b)
	for i := 0; i < max(len(a.Children), len(b.Children)); i++ {
		switch {
		case i >= len(a.Children):
			d.emit(f, key, true, Added, nil, b.Children[i])
		case i >= len(b.Children):
			d.emit(f, key, true, Removed, a.Children[i], nil)
		default:
			x, y := a.Children[i], b.Children[i]
			switch {
			case x.Kind != y.Kind:
				d.emit(f, key, true, Modified, x, y)
			case x.Kind == connector.Object:
				d.obj(c, x, y)
			case x.Kind == connector.Array:
				d.positional(c, "", x, y)
			case !connector.Equal(x, y):
				d.emit(f, key, true, Modified, x, y)
			}
		}
	}
}

// set compares arrays of values by membership, then by order. The values
// of an enum added (or removed) together are reported as one change: a
// connector's enum can hold hundreds of values.
func (d *differ) set(f frame, key string, a, b *connector.Node) {
	count := map[string]int{}
	for _, x := range a.Children {
		count[connector.ValueKey(x)]++
	}
	kept, added := matchValues(b.Children, count)
	left := map[string]int{}
	for _, fp := range kept {
		left[fp]++
	}
	keptOld, removed := matchValues(a.Children, left)
	if key == "enum" {
		d.emitValues(f, key, Added, added)
		d.emitValues(f, key, Removed, removed)
	} else {
		for _, y := range added {
			d.emit(f, key, true, Added, nil, y)
		}
		for _, x := range removed {
			d.emit(f, key, true, Removed, x, nil)
		}
	}
	if !slices.Equal(kept, keptOld) {
		d.emitOrder(f, key, a, b)
	}
}

// matchValues takes each of nodes whose value key is left in have (using
// it up: a multiset) and returns their keys in order, and the nodes that
// found none.
func matchValues(nodes []*connector.Node, have map[string]int) (kept []string, unmatched []*connector.Node) {
	for _, n := range nodes {
		fp := connector.ValueKey(n)
		if have[fp] > 0 {
			have[fp]--
			kept = append(kept, fp)
			continue
		}
		unmatched = append(unmatched, n)
	}
	return kept, unmatched
}

// emitValues reports values added to or removed from a set as one change,
// located at the first of them.
func (d *differ) emitValues(f frame, key string, kind Kind, nodes []*connector.Node) {
	if len(nodes) == 0 {
		return
	}
	var o, n *connector.Node
	if kind == Added {
		n = nodes[0]
	} else {
		o = nodes[0]
	}
	v := d.classify(f, key, true, kind, o, n)
	if len(nodes) > 1 {
		const shown = 8
		var vals []string
		for i, x := range nodes {
			if i == shown {
				vals = append(vals, fmt.Sprintf("and %d more", len(nodes)-shown))
				break
			}
			vals = append(vals, show(key, x))
		}
		verb := "added to"
		if kind == Removed {
			verb = "removed from"
		}
		v.msg = fmt.Sprintf("%d values %s %s: %s", len(nodes), verb, key, strings.Join(vals, ", "))
		if f.subject != "" {
			v.msg = f.subject + ": " + v.msg
		}
	}
	d.record(f, kind, o, n, v)
	if len(nodes) > 1 {
		d.out[len(d.out)-1].values = nodes
	}
}

// keyed compares arrays of objects identified by a member (tags by name).
func (d *differ) keyed(f frame, key string, a, b *connector.Node, id string) {
	ka, okA := keysOf(a, func(n *connector.Node) string { return n.Get(id).Str() })
	kb, okB := keysOf(b, func(n *connector.Node) string { return n.Get(id).Str() })
	if !okA || !okB {
		d.positional(f, key, a, b)
		return
	}
	c := d.child(f, key, a, b)
	d.matchKeyed(f, key, a, b, ka, kb, func(x, y *connector.Node) { d.obj(c, x, y) }, nil)
}

// keysOf returns the identity of each item, and false when an item has
// none or two items share one.
func keysOf(arr *connector.Node, id func(*connector.Node) string) ([]string, bool) {
	keys := make([]string, len(arr.Children))
	seen := map[string]bool{}
	for i, c := range arr.Children {
		if c.Kind != connector.Object {
			return nil, false
		}
		k := id(c)
		if k == "" || seen[k] {
			return nil, false
		}
		seen[k] = true
		keys[i] = k
	}
	return keys, true
}

// matchKeyed pairs items by key; pair may pair the orphans further (a
// renamed parameter). Unpaired items are added or removed; a change of
// order among the paired ones is reported once.
func (d *differ) matchKeyed(f frame, key string, a, b *connector.Node, ka, kb []string,
	cmp func(x, y *connector.Node), pair func(oldOrphans, newOrphans []int) [][2]int) {
	pos := map[string]int{}
	for i, k := range ka {
		pos[k] = i
	}
	var pairs [][2]int
	matchedOld := make([]bool, len(ka))
	var newOrphans []int
	for j, k := range kb {
		if i, ok := pos[k]; ok {
			pairs = append(pairs, [2]int{i, j})
			matchedOld[i] = true
		} else {
			newOrphans = append(newOrphans, j)
		}
	}
	var oldOrphans []int
	for i, m := range matchedOld {
		if !m {
			oldOrphans = append(oldOrphans, i)
		}
	}
	if pair != nil && len(oldOrphans) > 0 && len(newOrphans) > 0 {
		extra := pair(oldOrphans, newOrphans)
		for _, p := range extra {
			oldOrphans = slices.DeleteFunc(oldOrphans, func(i int) bool { return i == p[0] })
			newOrphans = slices.DeleteFunc(newOrphans, func(j int) bool { return j == p[1] })
		}
		pairs = append(pairs, extra...)
		slices.SortFunc(pairs, func(x, y [2]int) int { return x[1] - y[1] })
	}
	for _, p := range pairs {
		cmp(a.Children[p[0]], b.Children[p[1]])
	}
	for _, j := range newOrphans {
		d.emit(f, key, true, Added, nil, b.Children[j])
	}
	for _, i := range oldOrphans {
		d.emit(f, key, true, Removed, a.Children[i], nil)
	}
	for k := 1; k < len(pairs); k++ {
		if pairs[k][0] < pairs[k-1][0] {
			d.emitOrder(f, key, a, b)
			break
		}
	}
}

// params compares parameter lists by name and location, so that adding
// one does not shift the others; a parameter whose name or location
// changed is paired with its old self when that is unambiguous.
func (d *differ) params(f frame, a, b *connector.Node) {
	ka, okA := keysOf(a, func(n *connector.Node) string { return paramKey(d.old.idx, n) })
	kb, okB := keysOf(b, func(n *connector.Node) string { return paramKey(d.new.idx, n) })
	cmp := func(x, y *connector.Node) {
		px, py := d.old.idx.deref(x), d.new.idx.deref(y)
		pf := frame{at: pParam, dir: dirIn, doc: f.doc, subject: paramSubject(orNode(py, px)), fo: px, fn: py}
		d.obj(pf, x, y)
	}
	if !okA || !okB {
		for i := 0; i < max(len(a.Children), len(b.Children)); i++ {
			switch {
			case i >= len(a.Children):
				d.emit(f, "parameters", true, Added, nil, b.Children[i])
			case i >= len(b.Children):
				d.emit(f, "parameters", true, Removed, a.Children[i], nil)
			case a.Children[i].Kind == connector.Object && b.Children[i].Kind == connector.Object:
				cmp(a.Children[i], b.Children[i])
			case !connector.Equal(a.Children[i], b.Children[i]):
				d.emit(f, "parameters", true, Modified, a.Children[i], b.Children[i])
			}
		}
		return
	}
	pair := func(oldOrphans, newOrphans []int) [][2]int {
		var out [][2]int
		used := map[int]bool{}
		for _, i := range oldOrphans {
			x := d.old.idx.deref(a.Children[i])
			for _, j := range newOrphans {
				if used[j] {
					continue
				}
				y := d.new.idx.deref(b.Children[j])
				if x == nil || y == nil {
					continue
				}
				sameIn := x.Get("in").Str() == y.Get("in").Str()
				sameName := x.Get("name").Str() == y.Get("name").Str()
				if sameName && !sameIn || sameIn && i == j {
					out = append(out, [2]int{i, j})
					used[j] = true
					break
				}
			}
		}
		return out
	}
	d.matchKeyed(f, "parameters", a, b, ka, kb, cmp, pair)
}

func orNode(a, b *connector.Node) *connector.Node {
	if a != nil {
		return a
	}
	return b
}

func paramKey(x *index, n *connector.Node) string {
	if n.Kind != connector.Object {
		return ""
	}
	p := x.deref(n)
	if p == nil {
		return "$ref:" + n.Get("$ref").Str()
	}
	return p.Get("in").Str() + ":" + p.Get("name").Str()
}

// emit rates a change and records it.
func (d *differ) emit(f frame, key string, item bool, kind Kind, o, n *connector.Node) {
	d.record(f, kind, o, n, d.classify(f, key, item, kind, o, n))
}

// emitOrder records that the items of an array kept their values but not
// their order.
func (d *differ) emitOrder(f frame, key string, a, b *connector.Node) {
	msg := "the order of " + key + " changed"
	if f.subject != "" {
		msg = f.subject + ": " + msg
	}
	d.record(f, Modified, a, b, verdict{rule: rowLayout, msg: msg,
		reason: "the same values in another order: flows and apps store values, not positions"})
}

// record turns a verdict into a Change located in both versions.
func (d *differ) record(f frame, kind Kind, o, n *connector.Node, v verdict) {
	c := &Change{Impact: v.impact, Kind: kind, Doc: f.doc, Rule: v.rule, Message: v.msg, Reason: v.reason,
		lib: v.lib, libBreaking: v.libBreaking, libOther: v.libOther, libReason: v.libReason, order: d.n,
		nodeO: o, nodeN: n}
	d.n++
	if o != nil {
		c.Old = d.old.loc(o)
		c.OldPointer = o.Pointer()
	}
	if n != nil {
		c.New = d.new.loc(n)
		c.Pointer = n.Pointer()
	}
	switch {
	case c.Pointer == "" && c.New == nil:
		c.Pointer, c.OldPointer = c.OldPointer, ""
	case c.OldPointer == c.Pointer:
		c.OldPointer = ""
	}
	d.out = append(d.out, c)
}
