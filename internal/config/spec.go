package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/lint"
)

// spec describes the shape of .ppconn.yaml. It is the single description
// that both the loader (which checks a file against it) and the JSON
// schema of docs/ppconn.schema.json (generated from it by Schema) read, so
// the two cannot disagree.
type spec struct {
	typ  string // "object", "string", "integer", "boolean", "array"
	doc  string
	enum []string
	// minimum and maximum bound integers.
	minimum, maximum int
	bounded          bool
	// format "uri": an absolute URI.
	format string
	// pattern is a regular expression strings must match (checked by
	// check functions; the schema carries it).
	pattern string
	fields  []field // of an object, in the order of the docs
	items   *spec   // of an array
	// oneOf: the value must match one of these (a string or a list, a
	// severity or an object).
	oneOf []*spec
	// requireAny: an object must have at least one of these keys.
	requireAny []string
	// rules marks the rules object, whose keys are rule ids.
	rules bool
	// options marks an options object, whose keys are a rule's options.
	options bool
	// values: an object whose keys are free names (parameter set names)
	// and whose values all match this spec.
	values *spec
	// def names the schema definition this spec is emitted as.
	def string
}

type field struct {
	name string
	spec *spec
}

var severitySpec = &spec{
	typ:  "string",
	def:  "severity",
	doc:  "error, warning or info report the rule's findings at that severity, whatever the profile says; off turns the rule off",
	enum: []string{"error", "warning", "info", "off"},
}

func profileNames() []string {
	var names []string
	for _, p := range lint.Profiles {
		names = append(names, p.Name)
	}
	return names
}

var ruleIDsSpec = &spec{
	oneOf: []*spec{
		{typ: "string", doc: "a rule id"},
		{typ: "array", doc: "rule ids", items: &spec{typ: "string"}},
	},
}

// The auth keys two writers share.
var (
	clientIDSpec = &spec{typ: "string", doc: "the application (client) id of the app registration"}
	scopesSpec   = &spec{typ: "array", items: &spec{typ: "string"}, doc: "the OAuth scopes to request"}
)

var root = &spec{
	typ: "object",
	doc: "ppconn configuration (.ppconn.yaml): the profile, per-rule severities and options, ignore entries, and defaults for ppconn fmt and ppconn auth. ppconn finds it from the linted path upwards, or reads the file named by --config.",
	fields: []field{
		{"profile", &spec{typ: "string", enum: profileNames(),
			doc: "the severity profile: custom (a private connector) or certification (a connector submitted for Microsoft certification). --profile overrides it."}},
		{"rules", &spec{typ: "object", rules: true,
			doc: "per-rule settings, by rule id: a severity (error, warning, info, off), or {severity, options}"}},
		{"ignore", &spec{typ: "array",
			doc: "findings to silence, by rule, file and JSON pointer; an entry silences the findings that match all of what it names",
			items: &spec{typ: "object", requireAny: []string{"rule", "file", "pointer"}, fields: []field{
				{"rule", &spec{oneOf: ruleIDsSpec.oneOf, doc: "the rule id, or a list of them; every rule when absent"}},
				{"file", &spec{typ: "string", doc: "glob over file paths relative to this file's folder: * within a folder, ** across folders; / or \\ separate folders; every file when absent"}},
				{"pointer", &spec{typ: "string", pattern: "^(/.*)?$", doc: "glob over JSON pointers (RFC 6901, e.g. /paths/~1teams/get); it silences findings at or below the places it matches; everywhere when absent"}},
				{"reason", &spec{typ: "string", doc: "why the findings are silenced, for reviewers"}},
			}}}},
		{"fmt", &spec{typ: "object", doc: "defaults for ppconn fmt", fields: []field{
			{"indent", &spec{typ: "integer", bounded: true, minimum: 1, maximum: 8, doc: "spaces per indentation level (Power Platform's own files use 4)"}},
		}}},
		{"auth", &spec{typ: "object", doc: "defaults for ppconn auth", fields: []field{
			{"aad", &spec{typ: "object", doc: "defaults for ppconn auth aad (Microsoft Entra ID OAuth)", fields: []field{
				{"client-id", clientIDSpec},
				{"tenant-id", &spec{typ: "string", doc: "the tenant: common, a tenant GUID or a domain"}},
				{"login-uri", &spec{typ: "string", format: "uri", doc: "the login URL, e.g. https://login.microsoftonline.com"}},
				{"resource-uri", &spec{typ: "string", format: "uri", doc: "the resource URL or application id URI, e.g. https://graph.microsoft.com"}},
				{"scopes", scopesSpec},
				{"redirect-mode", &spec{typ: "string", enum: []string{"Global", "Direct", "GlobalPerConnector"},
					doc: "the redirect mode; certified connectors must use GlobalPerConnector"}},
				{"on-behalf-of", &spec{typ: "boolean", doc: "enable on-behalf-of login"}},
			}}},
			{"oauth2", &spec{typ: "object", doc: "defaults for ppconn auth oauth2 (generic OAuth 2.0)", fields: []field{
				{"client-id", clientIDSpec},
				{"authorization-url", &spec{typ: "string", format: "uri", doc: "the provider's authorization endpoint"}},
				{"token-url", &spec{typ: "string", format: "uri", doc: "the provider's token endpoint"}},
				{"refresh-url", &spec{typ: "string", format: "uri", doc: "the provider's refresh endpoint"}},
				{"scopes", scopesSpec},
				{"redirect-mode", &spec{typ: "string", enum: []string{"Global", "GlobalPerConnector"}, doc: "the redirect mode; certified connectors must use GlobalPerConnector"}},
			}}},
			{"apikey", &spec{typ: "object", doc: "defaults for ppconn auth apikey", fields: []field{
				{"in", &spec{typ: "string", enum: []string{"header", "query"}, doc: "where the key goes"}},
				{"name", &spec{typ: "string", doc: "the header or query parameter that carries the key, such as X-API-Key"}},
				{"label", &spec{typ: "string", doc: "the parameter label makers see"}},
			}}},
			{"secret-expires", &spec{oneOf: []*spec{
				{typ: "string", format: "date", doc: "the date (YYYY-MM-DD) the connector's client secret expires; the secret-expiry rule warns from 30 days before and errors once it has passed"},
				{typ: "object", doc: "per connectionParameterSets value: the set's name, then the date (YYYY-MM-DD) its client secret expires",
					values: &spec{typ: "string", format: "date", doc: "the date (YYYY-MM-DD) the set's client secret expires"}},
			}}},
		}}},
		{"diff", &spec{typ: "object", doc: "defaults for ppconn diff", fields: []field{
			{"accept", &spec{typ: "string", doc: "the accept file (relative to this file's folder) whose entries acknowledge breaking changes, as --accept does; written by ppconn diff --write-accept"}},
			{"impact", &spec{typ: "object", fields: impactFields(),
				doc: "per-row impact overrides, by row of the impact table (docs/diff.md): breaking, warning or safe, for teams whose policy differs"}},
		}}},
	},
}

// impactFields are the rows of diff's impact table, each of which
// diff.impact can set.
func impactFields() []field {
	impact := &spec{typ: "string", def: "impact", enum: []string{"breaking", "warning", "safe"},
		doc: "the impact every change of this row gets"}
	var out []field
	for _, r := range diff.Rows {
		out = append(out, field{string(r.ID), impact})
	}
	return out
}

func (s *spec) field(name string) *spec {
	for _, f := range s.fields {
		if f.name == name {
			return f.spec
		}
	}
	return nil
}

func (s *spec) fieldNames() []string {
	var names []string
	for _, f := range s.fields {
		names = append(names, f.name)
	}
	return names
}

// tagOf is the JSON type of a YAML node, as the schema names it.
func tagOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "object"
	case yaml.SequenceNode:
		return "array"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!str":
			return "string"
		case "!!int":
			return "integer"
		case "!!float":
			return "number"
		case "!!bool":
			return "boolean"
		case "!!null":
			return "null"
		}
		return "string"
	case yaml.AliasNode:
		return tagOf(n.Alias)
	}
	return "unknown"
}

func describe(typ string) string {
	switch typ {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "integer":
		return "an integer"
	case "boolean":
		return "true or false"
	case "null":
		return "empty"
	}
	return "a " + typ
}

// check validates the node n against s; where says what n is, for the
// messages. Rule ids and options are checked later, against the registry.
func (c *loader) check(s *spec, n *yaml.Node, where string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if where == "" {
		where = "the configuration"
	}
	if s.oneOf != nil {
		for _, alt := range s.oneOf {
			if matchesType(alt.typ, n) {
				c.check(alt, n, where)
				return
			}
		}
		var want []string
		for _, alt := range s.oneOf {
			want = append(want, describe(alt.typ))
		}
		c.errorf(n, "%s must be %s, not %s", where, strings.Join(want, " or "), describe(tagOf(n)))
		return
	}
	if !matchesType(s.typ, n) {
		c.errorf(n, "%s must be %s, not %s", where, describe(s.typ), describe(tagOf(n)))
		return
	}
	switch s.typ {
	case "object":
		c.checkObject(s, n, where)
	case "array":
		for i, it := range n.Content {
			c.check(s.items, it, fmt.Sprintf("%s[%d]", where, i))
		}
	case "string":
		if len(s.enum) > 0 && !contains(s.enum, n.Value) {
			c.errorf(n, "%s: %q is not one of %s", where, n.Value, strings.Join(s.enum, ", "))
		}
		if s.format == "uri" {
			if u, err := url.Parse(n.Value); err != nil || !u.IsAbs() {
				c.errorf(n, "%s: %q is not an absolute URI", where, n.Value)
			}
		}
		if _, err := time.Parse(time.DateOnly, n.Value); s.format == "date" && err != nil {
			c.errorf(n, "%s: %q is not a date: write it as YYYY-MM-DD, such as 2027-03-31", where, n.Value)
		}
		if s.pattern == "^(/.*)?$" && n.Value != "" && !strings.HasPrefix(n.Value, "/") {
			c.errorf(n, "%s: %q is not a JSON pointer: it must start with '/'", where, n.Value)
		}
	case "integer":
		var v int
		if err := n.Decode(&v); err != nil {
			c.errorf(n, "%s: %v", where, err)
		} else if s.bounded && (v < s.minimum || v > s.maximum) {
			c.errorf(n, "%s: %d is out of range (%d to %d)", where, v, s.minimum, s.maximum)
		}
	}
}

func (c *loader) checkObject(s *spec, n *yaml.Node, where string) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
			c.errorf(k, "%s: keys must be plain names", where)
			continue
		}
		if seen[k.Value] {
			c.errorf(k, "%q is given twice in %s", k.Value, where)
			continue
		}
		seen[k.Value] = true
		sub := where + "." + k.Value
		if where == "the configuration" {
			sub = k.Value
		}
		switch {
		case s.rules:
			if tagOf(v) == "string" {
				c.check(severitySpec, v, sub)
			} else {
				c.check(ruleObjectSpec, v, sub)
			}
		case s.options:
			// checked against the rule's options by Apply
		case s.values != nil:
			c.check(s.values, v, sub)
		default:
			fs := s.field(k.Value)
			if fs == nil {
				what := "unknown key"
				if where != "the configuration" {
					what = "unknown key in " + where
				}
				c.errorf(k, "%s %q (expected %s)", what, k.Value, strings.Join(s.fieldNames(), ", "))
				continue
			}
			c.check(fs, v, sub)
		}
	}
	if len(s.requireAny) > 0 {
		found := false
		for _, k := range s.requireAny {
			found = found || seen[k]
		}
		if !found {
			c.errorf(n, "%s must name at least one of %s", where, strings.Join(s.requireAny, ", "))
		}
	}
}

// ruleObjectSpec is the long form of a rule entry.
var ruleObjectSpec = &spec{typ: "object", fields: []field{
	{"severity", severitySpec},
	{"options", &spec{typ: "object", options: true, doc: "the rule's options (see ppconn explain RULE)"}},
}}

func matchesType(typ string, n *yaml.Node) bool {
	t := tagOf(n)
	return t == typ || typ == "number" && t == "integer"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Schema returns the JSON schema (draft-07) of .ppconn.yaml, with the
// rules and options of reg, for editors (docs/ppconn.schema.json).
func Schema(reg *lint.Registry) map[string]any {
	defs := map[string]any{"severity": schemaOf(severitySpec, nil, true),
		"impact": schemaOf(root.field("diff").field("impact").fields[0].spec, nil, true)}
	s := schemaOf(root, reg, true)
	s["$schema"] = "http://json-schema.org/draft-07/schema#"
	s["$id"] = "https://github.com/ppconn/ppconn/blob/main/docs/ppconn.schema.json"
	s["title"] = "ppconn configuration (.ppconn.yaml)"
	s["definitions"] = defs
	return s
}

func schemaOf(s *spec, reg *lint.Registry, top bool) map[string]any {
	if s.def != "" && !top {
		out := map[string]any{"$ref": "#/definitions/" + s.def}
		return out
	}
	out := map[string]any{}
	if s.doc != "" {
		out["description"] = s.doc
	}
	if s.oneOf != nil {
		var alts []any
		for _, a := range s.oneOf {
			alts = append(alts, schemaOf(a, reg, false))
		}
		out["oneOf"] = alts
		return out
	}
	out["type"] = s.typ
	switch s.typ {
	case "object":
		props := map[string]any{}
		switch {
		case s.rules:
			for _, r := range reg.Rules() {
				props[r.ID] = ruleSchema(r)
			}
		default:
			for _, f := range s.fields {
				props[f.name] = schemaOf(f.spec, reg, false)
			}
		}
		out["properties"] = props
		out["additionalProperties"] = false
		if s.values != nil {
			delete(out, "properties")
			out["additionalProperties"] = schemaOf(s.values, reg, false)
		}
		if len(s.requireAny) > 0 {
			var alts []any
			for _, k := range s.requireAny {
				alts = append(alts, map[string]any{"required": []string{k}})
			}
			out["anyOf"] = alts
		}
	case "array":
		out["items"] = schemaOf(s.items, reg, false)
	case "string":
		if len(s.enum) > 0 {
			out["enum"] = s.enum
		}
		if s.format != "" {
			out["format"] = s.format
		}
		if s.pattern != "" {
			out["pattern"] = s.pattern
		}
	case "integer":
		if s.bounded {
			out["minimum"] = s.minimum
			out["maximum"] = s.maximum
		}
	}
	return out
}

func ruleSchema(r *lint.Rule) map[string]any {
	long := map[string]any{
		"type":                 "object",
		"additionalProperties": false,
		"properties": map[string]any{
			"severity": map[string]any{"$ref": "#/definitions/severity"},
		},
	}
	if len(r.Options) > 0 {
		opts := map[string]any{}
		for _, o := range r.Options {
			s := optionSchema(o.Default)
			s["description"] = o.Doc
			s["default"] = o.Default
			opts[o.Name] = s
		}
		long["properties"].(map[string]any)["options"] = map[string]any{
			"type": "object", "additionalProperties": false, "properties": opts,
		}
	}
	return map[string]any{
		"description": fmt.Sprintf("%s (%s)", r.Title, r.Level),
		"oneOf":       []any{map[string]any{"$ref": "#/definitions/severity"}, long},
	}
}

// optionSchema is the schema of an option, from the type of its default.
func optionSchema(def any) map[string]any {
	switch def.(type) {
	case int, int64:
		return map[string]any{"type": "integer"}
	case float64:
		return map[string]any{"type": "number"}
	case bool:
		return map[string]any{"type": "boolean"}
	case []string:
		return map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	case map[string]any:
		return map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}}
	}
	return map[string]any{"type": "string"}
}
