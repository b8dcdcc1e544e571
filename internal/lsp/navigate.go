package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/rules"
)

func init() {
	featureMethods["textDocument/hover"] = (*Server).hover
	featureMethods["textDocument/completion"] = (*Server).completion
	featureMethods["textDocument/definition"] = (*Server).definition
	featureMethods["textDocument/references"] = (*Server).references
	featureMethods["textDocument/documentSymbol"] = (*Server).documentSymbol
}

// view is a document as the editor features see it: the current text if
// it parses, else its last good parse (half-typed text keeps working).
type view struct {
	path  string
	uri   DocumentURI
	doc   *connector.Document
	lines *lines
	enc   encoding
}

func (s *Server) view(uri DocumentURI) *view {
	b := s.buffer(uri)
	if b == nil {
		return nil
	}
	doc := &connector.Document{Path: b.path, Format: formatOf(b.path)}
	connector.Parse(doc, b.text, s.opts.Limits)
	s.mu.Lock()
	enc := s.enc
	if doc.Root == nil || hasSyntaxProblem(doc) {
		doc = nil
		if c := s.conns[connectorKey(b.path)]; c != nil {
			doc = c.good[b.path]
		}
	}
	s.mu.Unlock()
	if doc == nil || doc.Root == nil {
		return nil
	}
	return &view{path: b.path, uri: b.uri, doc: doc, lines: newLines(doc.Src), enc: enc}
}

func formatOf(path string) connector.Format {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
		return connector.YAML
	}
	return connector.JSON
}

// pos turns an LSP position into a ppconn position in the view.
func (v *view) pos(p Position) connector.Pos {
	off := v.lines.offset(p, v.enc)
	return v.doc.OffsetPos(off)
}

// rangeOf is the range of a node's value (or key) in the view.
func (v *view) rangeOf(n *connector.Node, key bool) Range {
	p := v.doc.Position(n)
	if key {
		p = v.doc.KeyPosition(n)
	}
	start := v.lines.fromPos(p.Line, p.Col, v.enc)
	return Range{Start: start, End: tokenEnd(v.lines, start, v.enc)}
}

func before(a, b connector.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// nodeAt is the deepest node that starts (at its key, for a member) at or
// before p and, where the parser records ends, has not ended before it.
func (v *view) nodeAt(p connector.Pos) *connector.Node {
	var best *connector.Node
	v.doc.Root.Walk(func(n *connector.Node) bool {
		if before(p, v.doc.KeyPosition(n)) {
			return false
		}
		if n.Off >= 0 && n.End > 0 && before(v.doc.OffsetPos(int(n.End)), p) {
			return false
		}
		best = n
		return true
	})
	return best
}

// onKey reports whether p is on the member name of n rather than its value.
func (v *view) onKey(n *connector.Node, p connector.Pos) bool {
	return n.IsMember() && before(p, v.doc.Position(n))
}

// isDynamic reports whether n lies inside an x-ms-dynamic-* extension.
func isDynamic(n *connector.Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if strings.HasPrefix(a.Key, "x-ms-dynamic-") {
			return true
		}
	}
	return false
}

// operations maps operationIds to their operation objects.
func operations(root *connector.Node) map[string]*connector.Node {
	ops := map[string]*connector.Node{}
	for _, item := range root.Get("paths").List() {
		for _, op := range item.List() {
			if id := op.Get("operationId"); id.IsString() {
				ops[id.Value] = op
			}
		}
	}
	return ops
}

func (s *Server) hover(_ context.Context, params json.RawMessage) (any, error) {
	var p TextDocumentPositionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	if h := s.findingHover(p); h != nil {
		return h, nil
	}
	v := s.view(p.TextDocument.URI)
	if v == nil {
		return nil, nil
	}
	at := v.pos(p.Position)
	n := v.nodeAt(at)
	if n == nil {
		return nil, nil
	}
	var text string
	switch {
	case strings.HasPrefix(n.Key, "x-ms-") && v.onKey(n, at):
		text = extensionHover(n.Key)
	case n.Key == "$ref" && n.IsString():
		text = targetHover(n.Value, connector.ResolveRef(v.doc.Root, n.Value))
	case n.Key == "operationId" && n.IsString() && isDynamic(n):
		text = operationHover(n.Value, operations(v.doc.Root)[n.Value])
	}
	if text == "" {
		return nil, nil
	}
	r := v.rangeOf(n, v.onKey(n, at))
	return Hover{Contents: MarkupContent{Kind: "markdown", Value: text}, Range: &r}, nil
}

// findingHover explains the rule of a diagnostic under the cursor.
func (s *Server) findingHover(p TextDocumentPositionParams) *Hover {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	c := s.conns[connectorKey(path)]
	var res *lintResult
	if c != nil {
		res = c.last
	}
	enc := s.enc
	s.mu.Unlock()
	if res == nil {
		return nil
	}
	l := newLines(res.texts[path])
	var parts []string
	var hit *Range
	seen := map[string]bool{}
	for _, f := range res.findings {
		if f.File != path || f.Line != p.Position.Line+1 {
			continue
		}
		d := s.diagnostic(f, l, enc)
		if p.Position.Character < d.Range.Start.Character || p.Position.Character > d.Range.End.Character || seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		hit = &d.Range
		if r := s.opts.Registry.Lookup(f.Rule); r != nil {
			parts = append(parts, fmt.Sprintf("**%s** (%s): %s\n\n%s\n\n[%s](%s)", r.ID, r.Level, r.Title, r.Doc, "Rule page", d.CodeDescription.Href))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: strings.Join(parts, "\n\n---\n\n")}, Range: hit}
}

// extensionDocs says what each x-ms-* extension does in Power Platform.
var extensionDocs = map[string]string{
	"x-ms-visibility":           "How prominently the designer shows an operation, parameter or property: important (always shown), advanced (under a menu) or internal (hidden).",
	"x-ms-summary":              "The display name of a parameter, property or response in the designer, in Title Case.",
	"x-ms-trigger":              "Makes the operation a trigger: single (one run per event) or batch (one run per array item).",
	"x-ms-trigger-hint":         "A hint the designer shows under a trigger (for example how to fire it).",
	"x-ms-notification-content": "On a path item: the schema of what a webhook trigger's callback receives.",
	"x-ms-notification-url":     "On a parameter or property of a webhook registration: the callback URL Power Platform fills in.",
	"x-ms-dynamic-values":       "Fills a parameter's dropdown from another operation: operationId, parameters, value-path, value-title and value-collection.",
	"x-ms-dynamic-list":         "Like x-ms-dynamic-values, with parameter references that the platform resolves (the newer form).",
	"x-ms-dynamic-schema":       "Takes a parameter's or response's schema from another operation at design time: operationId, parameters, value-path.",
	"x-ms-dynamic-properties":   "The newer form of x-ms-dynamic-schema, with parameter references.",
	"x-ms-dynamic-tree":         "A hierarchical picker (folders, files) built from operations: settings, open, browse.",
	"x-ms-url-encoding":         "How a path parameter is encoded in the URL: single or double.",
	"x-ms-capabilities":         "Capabilities of the connector or an operation (chunkTransfer, testConnection, ...).",
	"x-ms-connector-metadata":   "Root: website, privacy policy and categories shown on the connector's page.",
	"x-ms-api-annotation":       "Versioning of an operation: family, revision and replacement.",
	"x-ms-pageable":             "Marks a list operation as paged: nextLinkName names the member with the next page's URL.",
	"x-ms-no-generic-test":      "Excludes the operation from Microsoft's generic certification tests.",
	"x-ms-safe-operation":       "Declares a POST operation free of side effects.",
	"x-ms-test-value":           "A value certification tests use for a parameter or property.",
	"x-ms-editor":               "The designer editor for a parameter (for example a file picker).",
	"x-ms-media-kind":           "The media kind of a file or image property: image, audio, video.",
	"x-ms-enum-values":          "Display names for the enum values of a parameter or property.",
	"x-ms-openai-data":          "Copilot: the operation's behaviour for AI plugins.",
	"x-ms-property-name-alias":  "An alias for a schema property with a name the designer cannot show.",
	"x-ms-operation-context":    "Simulation of an operation in the designer (simulate: operationId, parameters).",
	"x-ms-localizeDefaultValue": "Whether the default value of a parameter is translated.",
}

func extensionHover(key string) string {
	doc := extensionDocs[key]
	if doc == "" {
		doc = "An extension Power Platform reads."
	}
	text := fmt.Sprintf("**%s**: %s", key, doc)
	if vals := rules.AllowedValues(key); len(vals) > 0 {
		text += "\n\nAllowed values: `" + strings.Join(vals, "`, `") + "`"
	}
	return text
}

func targetHover(ref string, n *connector.Node) string {
	if n == nil {
		return fmt.Sprintf("`%s`: no such target in this file", ref)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", ref)
	for _, k := range []string{"type", "title", "x-ms-summary", "description", "name", "in"} {
		if v := n.Get(k); v.IsString() {
			fmt.Fprintf(&b, "\n\n%s: %s", k, v.Value)
		}
	}
	if props := n.Get("properties"); props != nil && len(props.Children) > 0 {
		var names []string
		for _, c := range props.Children {
			names = append(names, c.Key)
		}
		fmt.Fprintf(&b, "\n\nproperties: `%s`", strings.Join(names, "`, `"))
	}
	return b.String()
}

func operationHover(id string, op *connector.Node) string {
	if op == nil {
		return fmt.Sprintf("`%s`: no operation has this operationId", id)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %s %s", id, strings.ToUpper(op.Key), op.Parent.Key)
	if s := op.Get("summary"); s.IsString() {
		fmt.Fprintf(&b, "\n\n%s", s.Value)
	}
	if ps := op.Get("parameters").List(); len(ps) > 0 {
		b.WriteString("\n\nparameters:")
		for _, p := range ps {
			fmt.Fprintf(&b, "\n- `%s` (%s)", p.Get("name").Str(), p.Get("in").Str())
		}
	}
	return b.String()
}

// keyPrefix: the cursor is typing a member name (JSON or YAML).
var keyPrefix = regexp.MustCompile(`^\s*(?:-\s+)?"?([A-Za-z0-9_$-]*)$`)

// valuePrefix: the cursor is typing the value of the member key.
var valuePrefix = regexp.MustCompile(`"?([A-Za-z0-9_$-]+)"?\s*:\s*(?:\[\s*)?(?:"[^"]*",\s*)*["']?([^"',]*)$`)

func (s *Server) completion(_ context.Context, params json.RawMessage) (any, error) {
	var p CompletionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	list := CompletionList{Items: []CompletionItem{}}
	b := s.buffer(p.TextDocument.URI)
	v := s.view(p.TextDocument.URI)
	if b == nil || v == nil {
		return list, nil
	}
	cur := newLines(b.text)
	line := cur.line(p.Position.Line)
	prefix := string(line[:cur.offset(p.Position, v.enc)-cur.starts[min(p.Position.Line, len(cur.starts)-1)]])
	at := v.pos(p.Position)
	switch {
	case valuePrefix.MatchString(prefix):
		m := valuePrefix.FindStringSubmatch(prefix)
		list.Items = valueItems(v, m[1], at)
	case keyPrefix.MatchString(prefix):
		list.Items = keyItems(v, at, p.Position)
	}
	return list, nil
}

// container is the object the cursor is in.
func (v *view) container(at connector.Pos, cursor Position) *connector.Node {
	n := v.nodeAt(at)
	if v.doc.Format == connector.YAML {
		// By indentation: the object whose members start at the cursor's
		// column (the line being typed has no node yet).
		indent := cursor.Character + 1
		for c := n; c != nil; c = c.Parent {
			if c.IsMember() && int(c.KeyCol) == indent {
				return c.Parent
			}
		}
	}
	for n != nil && n.Kind != connector.Object {
		n = n.Parent
	}
	return n
}

// keyItems proposes the x-ms-* extensions read on the object at the cursor
// that it does not have yet.
func keyItems(v *view, at connector.Pos, cursor Position) []CompletionItem {
	items := []CompletionItem{}
	obj := v.container(at, cursor)
	if obj == nil || v.doc.Role != connector.RoleSwagger {
		return items
	}
	for _, k := range rules.ExtensionsAt(v.doc.Root, obj) {
		if obj.Has(k) {
			continue
		}
		items = append(items, CompletionItem{
			Label: k, Kind: completionProperty, Detail: "on " + rules.ObjectTypeOf(v.doc.Root, obj),
			Documentation: &MarkupContent{Kind: "markdown", Value: extensionHover(k)},
		})
	}
	return items
}

// valueItems proposes the values of the member key: an enumeration the
// rules know, or operationIds inside x-ms-dynamic-*, scriptOperations and
// policy operationNames, or a policy template's parameter names.
func valueItems(v *view, key string, at connector.Pos) []CompletionItem {
	items := []CompletionItem{}
	add := func(kind int, detail string, vals ...string) {
		for _, val := range vals {
			items = append(items, CompletionItem{Label: val, Kind: kind, Detail: detail})
		}
	}
	if vals := rules.AllowedValues(key); len(vals) > 0 {
		add(completionEnumValue, key, vals...)
		return items
	}
	n := v.nodeAt(at)
	switch {
	case key == "operationId" && n != nil && (isDynamic(n) || isDynamic(n.Get("operationId"))),
		key == "scriptOperations", key == "x-ms-apimTemplate-operationName", key == "operationNames":
		ids := operationIDs(v)
		add(completionReference, "operationId", ids...)
	}
	return items
}

// operationIDs lists the operationIds of the connector's definition.
func operationIDs(v *view) []string {
	root := v.doc.Root
	var ids []string
	for id := range operations(root) {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (s *Server) definition(_ context.Context, params json.RawMessage) (any, error) {
	var p TextDocumentPositionParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	v := s.view(p.TextDocument.URI)
	if v == nil {
		return []Location{}, nil
	}
	n := v.nodeAt(v.pos(p.Position))
	switch {
	case n == nil:
	case n.Key == "$ref" && n.IsString():
		if t := connector.ResolveRef(v.doc.Root, n.Value); t != nil {
			return []Location{{URI: v.uri, Range: v.rangeOf(t, true)}}, nil
		}
	case n.Key == "operationId" && n.IsString() && isDynamic(n):
		if op := operations(v.doc.Root)[n.Value]; op != nil {
			return []Location{{URI: v.uri, Range: v.rangeOf(op.Get("operationId"), false)}}, nil
		}
	}
	return []Location{}, nil
}

func (s *Server) references(_ context.Context, params json.RawMessage) (any, error) {
	var p ReferenceParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	v := s.view(p.TextDocument.URI)
	if v == nil {
		return []Location{}, nil
	}
	n := v.nodeAt(v.pos(p.Position))
	locs := []Location{}
	if n == nil {
		return locs, nil
	}
	var ref, opID string
	switch {
	case n.Key == "$ref" && n.IsString():
		ref = n.Value
	case n.Key == "operationId" && n.IsString():
		opID = n.Value
	case n.Parent != nil && n.Parent.Parent == v.doc.Root && n.IsMember():
		ref = "#" + n.Pointer() // a definition, parameter or response name
	}
	v.doc.Root.Walk(func(m *connector.Node) bool {
		switch {
		case ref != "" && m.Key == "$ref" && m.Value == ref,
			opID != "" && m.Key == "operationId" && m.Value == opID && (isDynamic(m) || p.Context.IncludeDeclaration):
			locs = append(locs, Location{URI: v.uri, Range: v.rangeOf(m, false)})
		}
		return true
	})
	if ref != "" && p.Context.IncludeDeclaration {
		if t := connector.ResolveRef(v.doc.Root, ref); t != nil {
			locs = append(locs, Location{URI: v.uri, Range: v.rangeOf(t, true)})
		}
	}
	return locs, nil
}

// documentSymbol is the outline: operations as "operationId · METHOD
// /path" and the definitions.
func (s *Server) documentSymbol(_ context.Context, params json.RawMessage) (any, error) {
	var p DocumentSymbolParams
	if err := decode(params, &p); err != nil {
		return nil, err
	}
	syms := []DocumentSymbol{}
	v := s.view(p.TextDocument.URI)
	if v == nil || v.doc.Role != connector.RoleSwagger {
		return syms, nil
	}
	group := func(key, name string, items []DocumentSymbol) {
		if n := v.doc.Root.Get(key); n != nil && len(items) > 0 {
			r := v.rangeOf(n, true)
			syms = append(syms, DocumentSymbol{Name: name, Kind: symbolNamespace, Range: r, SelectionRange: r, Children: items})
		}
	}
	var ops []DocumentSymbol
	for _, item := range v.doc.Root.Get("paths").List() {
		for _, op := range item.List() {
			if op.Kind != connector.Object || strings.HasPrefix(op.Key, "x-") || op.Key == "parameters" {
				continue
			}
			id := op.Get("operationId").Str()
			if id == "" {
				id = "(no operationId)"
			}
			r := v.rangeOf(op, true)
			ops = append(ops, DocumentSymbol{
				Name: fmt.Sprintf("%s · %s %s", id, strings.ToUpper(op.Key), item.Key), Detail: op.Get("summary").Str(),
				Kind: symbolMethod, Range: r, SelectionRange: r,
			})
		}
	}
	group("paths", "operations", ops)
	var defs []DocumentSymbol
	for _, d := range v.doc.Root.Get("definitions").List() {
		r := v.rangeOf(d, true)
		defs = append(defs, DocumentSymbol{Name: d.Key, Detail: d.Get("type").Str(), Kind: symbolClass, Range: r, SelectionRange: r})
	}
	group("definitions", "definitions", defs)
	return syms, nil
}
