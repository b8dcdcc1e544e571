// Package config reads .ppconn.yaml: the profile, per-rule severities and
// options, ignore entries, and the defaults of ppconn fmt and ppconn auth.
//
// The file is checked strictly: an unknown key or a bad value is an error
// located at file:line:column, since a typo that silently does nothing is
// worse than one that stops the run. The YAML library (gopkg.in/yaml.v3)
// stays inside this package: everything above it sees only Config.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/lint"
)

// FileName is the name ppconn looks for from the linted path upwards.
const FileName = ".ppconn.yaml"

// Config is a parsed .ppconn.yaml. Zero values mean "not set".
type Config struct {
	// Path is the file the configuration was read from; "" for none.
	Path string
	// Profile is "", "custom" or "certification".
	Profile string
	// Rules are the per-rule settings, by rule id.
	Rules map[string]Rule
	// Ignore are the ignore entries, in file order.
	Ignore []Ignore
	Fmt    Fmt
	Auth   Auth
	Diff   Diff
}

// Diff holds the defaults of ppconn diff.
type Diff struct {
	// Accept is the accept file, resolved against the configuration's
	// folder; "" when not set.
	Accept string
	// Impact overrides the impact of each change of a row, by row id.
	Impact map[diff.RowID]diff.Impact
}

// Rule is the setting of one rule.
type Rule struct {
	// Severity is "", "error", "warning", "info" or "off".
	Severity string
	// Options are option values by name, as YAML gave them (int, float64,
	// bool, string, []string); Apply checks them against the rule.
	Options map[string]any

	pos     Pos
	optPos  map[string]Pos
	optNode map[string]*yaml.Node
}

// Ignore is one ignore entry.
type Ignore struct {
	// Rules are rule ids; empty means every rule.
	Rules []string
	// File is a glob over paths relative to the configuration's folder.
	File string
	// Pointer is a glob over JSON pointers.
	Pointer string
	Reason  string

	pos, rulePos, filePos, pointerPos Pos
}

// Fmt holds the defaults of ppconn fmt.
type Fmt struct {
	// Indent is the number of spaces per level; 0 when not set.
	Indent int
}

// SecretExpiryRule is the rule that reads auth.secret-expires.
const SecretExpiryRule = "secret-expiry"

// Auth holds the defaults of ppconn auth.
type Auth struct {
	// AAD, OAuth2 and APIKey are the defaults of ppconn auth aad, oauth2
	// and apikey (auth.aad, auth.oauth2, auth.apikey).
	AAD, OAuth2, APIKey Values
	// SecretExpires is the date (YYYY-MM-DD) the client secret expires,
	// "" when not recorded; Apply gives it to the secret-expiry rule.
	SecretExpires string
	// SetSecretExpires are the dates by connectionParameterSets name
	// (auth.secret-expires as a mapping); nil when not recorded.
	SetSecretExpires map[string]any
}

// Values holds the settings of an auth writer: the defaults of one section
// of auth (the spec says which keys each section admits), and one source
// of values of ppconn auth (auth.Layer). Empty strings, nil Scopes and a
// nil OnBehalfOf mean not set.
type Values struct {
	// Name says where the values come from, as shown to the user (see
	// auth.Layer); the file reader leaves it empty.
	Name         string
	ClientID     string
	TenantID     string
	LoginURI     string
	ResourceURI  string
	Scopes       []string
	RedirectMode string
	OnBehalfOf   *bool
	// AuthorizationURL, TokenURL and RefreshURL are auth.oauth2's.
	AuthorizationURL, TokenURL, RefreshURL string
	// KeyIn, KeyName and KeyLabel are auth.apikey's in, name and label.
	KeyIn, KeyName, KeyLabel string
}

// Strings are the string settings, by setting name (the keys of an auth
// section, the flags of ppconn auth).
func (v *Values) Strings() map[string]*string {
	return map[string]*string{
		"client-id": &v.ClientID, "tenant-id": &v.TenantID, "login-uri": &v.LoginURI, "resource-uri": &v.ResourceURI,
		"redirect-mode": &v.RedirectMode, "authorization-url": &v.AuthorizationURL, "token-url": &v.TokenURL,
		"refresh-url": &v.RefreshURL, "in": &v.KeyIn, "name": &v.KeyName, "label": &v.KeyLabel,
	}
}

// String is the value of a string setting ("" when not set).
func (v Values) String(name string) string {
	if p := v.Strings()[name]; p != nil {
		return *p
	}
	return ""
}

// AAD is the auth.aad section.
type AAD = Values

// Pos is a place in the configuration file.
type Pos struct{ Line, Col int }

// Error is a problem in a configuration file, located.
type Error struct {
	File string
	Pos
	Msg string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap gives each problem, so that an error printer can show one per line.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}

// Find looks for .ppconn.yaml in the folder of path (path itself when it
// is a folder) and then in each folder above it. It returns "" when there
// is none.
func Find(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		abs = filepath.Dir(abs)
	}
	for dir := abs; ; {
		p := filepath.Join(dir, FileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// MaxBytes is the largest configuration file Load reads.
const MaxBytes = 1 << 20

// Load reads and checks a configuration file. Rule ids and options are
// checked by Apply, which knows the rules.
func Load(path string) (*Config, error) {
	// bounded and regular-only like every file of a pull request: a
	// committed .ppconn.yaml -> /dev/zero neither hangs nor fills memory
	data, _, err := connector.ReadFile(path, connector.ReadOptions{MaxBytes: MaxBytes})
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, &Error{File: path, Msg: "no such file"}
		case errors.Is(err, connector.ErrTooLarge):
			return nil, &Error{File: path, Msg: fmt.Sprintf("more than %d bytes: a configuration is a few lines", MaxBytes)}
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data)
}

// Parse checks and reads the configuration data; path names it in errors.
func Parse(path string, data []byte) (*Config, error) {
	c := &loader{file: path}
	cfg := &Config{Path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil // an empty file is an empty configuration
		}
		return nil, c.yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{File: path, Pos: Pos{extra.Line, extra.Column}, Msg: "a second YAML document: the file must hold one"}
	} else if !errors.Is(err, io.EOF) {
		return nil, c.yamlError(err)
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.ShortTag() == "!!null" {
		return cfg, nil
	}
	c.check(root, top, "")
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	c.fill(cfg, top)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return cfg, nil
}

type loader struct {
	file string
	errs Errors
}

func (c *loader) errorf(n *yaml.Node, format string, args ...any) {
	c.errs = append(c.errs, &Error{File: c.file, Pos: Pos{n.Line, n.Column}, Msg: fmt.Sprintf(format, args...)})
}

// yamlError locates a syntax error of yaml.v3, whose messages read
// "yaml: line 3: ...".
func (c *loader) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil {
		msg = strings.TrimSpace(msg[strings.IndexByte(msg, ':')+1:])
		return &Error{File: c.file, Pos: Pos{line, 1}, Msg: "invalid YAML: " + msg}
	}
	return &Error{File: c.file, Msg: "invalid YAML: " + msg}
}

func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// members calls fn for each key and value of a mapping.
func members(n *yaml.Node, fn func(k, v *yaml.Node)) {
	n = deref(n)
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i], deref(n.Content[i+1]))
	}
}

func posOf(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

func strList(n *yaml.Node) []string {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for _, it := range n.Content {
		out = append(out, deref(it).Value)
	}
	return out
}

// fill reads the checked tree into cfg.
func (c *loader) fill(cfg *Config, top *yaml.Node) {
	members(top, func(k, v *yaml.Node) {
		switch k.Value {
		case "profile":
			cfg.Profile = v.Value
		case "rules":
			cfg.Rules = map[string]Rule{}
			members(v, func(id, rv *yaml.Node) {
				r := Rule{pos: posOf(id)}
				if rv.Kind == yaml.ScalarNode {
					r.Severity = rv.Value
				} else {
					members(rv, func(rk, rvv *yaml.Node) {
						switch rk.Value {
						case "severity":
							r.Severity = rvv.Value
						case "options":
							r.Options = map[string]any{}
							r.optPos = map[string]Pos{}
							r.optNode = map[string]*yaml.Node{}
							members(rvv, func(ok, ov *yaml.Node) {
								var val any
								if err := ov.Decode(&val); err != nil {
									c.errorf(ov, "rules.%s.options.%s: %v", id.Value, ok.Value, err)
								}
								r.Options[ok.Value] = val
								r.optPos[ok.Value] = posOf(ok)
								r.optNode[ok.Value] = ov
							})
						}
					})
				}
				cfg.Rules[id.Value] = r
			})
		case "ignore":
			for _, it := range v.Content {
				it = deref(it)
				ig := Ignore{pos: posOf(it)}
				members(it, func(ik, iv *yaml.Node) {
					switch ik.Value {
					case "rule":
						ig.Rules, ig.rulePos = strList(iv), posOf(iv)
					case "file":
						ig.File, ig.filePos = iv.Value, posOf(iv)
					case "pointer":
						ig.Pointer, ig.pointerPos = iv.Value, posOf(iv)
					case "reason":
						ig.Reason = iv.Value
					}
				})
				cfg.Ignore = append(cfg.Ignore, ig)
			}
		case "fmt":
			members(v, func(fk, fv *yaml.Node) {
				if fk.Value == "indent" {
					_ = fv.Decode(&cfg.Fmt.Indent) // checked
				}
			})
		case "diff":
			members(v, func(dk, dv *yaml.Node) {
				switch dk.Value {
				case "accept":
					cfg.Diff.Accept = dv.Value
					if !filepath.IsAbs(dv.Value) {
						cfg.Diff.Accept = filepath.Join(filepath.Dir(cfg.Path), filepath.FromSlash(dv.Value))
					}
				case "impact":
					cfg.Diff.Impact = map[diff.RowID]diff.Impact{}
					members(dv, func(ik, iv *yaml.Node) {
						if imp, ok := diff.ParseImpact(iv.Value); ok { // checked
							cfg.Diff.Impact[diff.RowID(ik.Value)] = imp
						}
					})
				}
			})
		case "auth":
			members(v, func(ak, av *yaml.Node) {
				switch ak.Value {
				case "aad":
					c.fillValues("aad", &cfg.Auth.AAD, av)
				case "oauth2":
					c.fillValues("oauth2", &cfg.Auth.OAuth2, av)
				case "apikey":
					c.fillValues("apikey", &cfg.Auth.APIKey, av)
				case "secret-expires":
					if av.Kind == yaml.MappingNode {
						cfg.Auth.SetSecretExpires = map[string]any{}
						members(av, func(sk, sv *yaml.Node) { cfg.Auth.SetSecretExpires[sk.Value] = sv.Value }) // checked
					} else {
						cfg.Auth.SecretExpires = av.Value // checked
					}
				}
			})
		}
	})
}

func (c *loader) fillValues(section string, a *Values, n *yaml.Node) {
	strs := a.Strings()
	members(n, func(k, v *yaml.Node) {
		switch p := strs[k.Value]; {
		case p != nil:
			*p = v.Value
		case k.Value == "scopes":
			a.Scopes = strList(v)
			if a.Scopes == nil {
				a.Scopes = []string{}
			}
		case k.Value == "on-behalf-of":
			var b bool
			if err := v.Decode(&b); err != nil {
				c.errorf(v, "auth.%s.on-behalf-of: %v", section, err)
			}
			a.OnBehalfOf = &b
		}
	})
}

// Apply checks the rule ids and options of the configuration against reg
// and sets them, the profile and the ignore entries on lc. A problem is an
// *Error or Errors, located in the file.
func (cfg *Config) Apply(reg *lint.Registry, lc *lint.Config) error {
	var errs Errors
	errorf := func(p Pos, format string, args ...any) {
		errs = append(errs, &Error{File: cfg.Path, Pos: p, Msg: fmt.Sprintf(format, args...)})
	}
	if cfg.Profile != "" {
		p, err := lint.LookupProfile(cfg.Profile)
		if err != nil {
			errorf(Pos{}, "%v", err)
		}
		lc.Profile = p
	}
	ids := make([]string, 0, len(cfg.Rules))
	for id := range cfg.Rules {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return cfg.Rules[ids[i]].pos.Line < cfg.Rules[ids[j]].pos.Line })
	for _, id := range ids {
		rc := cfg.Rules[id]
		r := reg.Lookup(id)
		if r == nil {
			errorf(rc.pos, "rules: no rule %q%s; ppconn rules lists them", id, reg.DidYouMean(id))
			continue
		}
		if rc.Severity != "" {
			sev, err := lint.ParseSeverity(rc.Severity)
			if err != nil {
				errorf(rc.pos, "rules.%s: %v", id, err)
				continue
			}
			if lc.Severity == nil {
				lc.Severity = map[string]lint.Severity{}
			}
			lc.Severity[id] = sev
		}
		if len(rc.Options) == 0 {
			continue
		}
		names := make([]string, 0, len(rc.Options))
		for n := range rc.Options {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return rc.optPos[names[i]].Line < rc.optPos[names[j]].Line })
		for _, name := range names {
			opt := optionOf(r, name)
			if opt == nil {
				var known []string
				for _, o := range r.Options {
					known = append(known, o.Name)
				}
				if len(known) == 0 {
					errorf(rc.optPos[name], "rules.%s: the rule has no options", id)
				} else {
					errorf(rc.optPos[name], "rules.%s: no option %q (options: %s)", id, name, strings.Join(known, ", "))
				}
				continue
			}
			val, err := convertOption(opt.Default, rc.optNode[name])
			if err != nil {
				n := rc.optNode[name]
				errorf(Pos{n.Line, n.Column}, "rules.%s.options.%s: %v", id, name, err)
				continue
			}
			setOption(lc, id, name, val)
		}
	}
	// auth.secret-expires is the expires option of the secret-expiry rule,
	// unless rules.secret-expiry.options sets it.
	// As a mapping, it is the sets option (set name to date).
	recorded := map[string]any{}
	if cfg.Auth.SecretExpires != "" {
		recorded["expires"] = cfg.Auth.SecretExpires
	}
	if cfg.Auth.SetSecretExpires != nil {
		recorded["sets"] = cfg.Auth.SetSecretExpires
	}
	for option, val := range recorded {
		if reg.Lookup(SecretExpiryRule) == nil || lc.Options[SecretExpiryRule][option] != nil {
			continue
		}
		setOption(lc, SecretExpiryRule, option, val)
	}
	base := filepath.Dir(cfg.Path)
	for _, ig := range cfg.Ignore {
		for _, id := range ig.Rules {
			if reg.Lookup(id) == nil {
				errorf(ig.rulePos, "ignore: no rule %q%s", id, reg.DidYouMean(id))
			}
		}
		li := &lint.Ignore{Rules: ig.Rules, File: ig.File, Pointer: ig.Pointer, Base: base, Reason: ig.Reason}
		if err := li.Validate(); err != nil {
			p := ig.filePos
			if ig.Pointer != "" {
				if _, perr := lint.CompileGlob(ig.Pointer); perr != nil {
					p = ig.pointerPos
				}
			}
			errorf(p, "ignore: %v", err)
			continue
		}
		lc.Ignore = append(lc.Ignore, li)
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errs
}

// setOption sets the option of rule in lc, making the maps it lives in.
func setOption(lc *lint.Config, rule, option string, val any) {
	if lc.Options == nil {
		lc.Options = map[string]map[string]any{}
	}
	if lc.Options[rule] == nil {
		lc.Options[rule] = map[string]any{}
	}
	lc.Options[rule][option] = val
}

func optionOf(r *lint.Rule, name string) *lint.Option {
	for i := range r.Options {
		if r.Options[i].Name == name {
			return &r.Options[i]
		}
	}
	return nil
}

// convertOption decodes an option value into the type of its default.
func convertOption(def any, n *yaml.Node) (any, error) {
	n = deref(n)
	want := optionSchema(def)["type"].(string)
	if !matchesType(want, n) {
		if want == "array" {
			return nil, errors.New("must be a list of strings")
		}
		return nil, fmt.Errorf("must be %s, not %s", describe(want), describe(tagOf(n)))
	}
	switch def.(type) {
	case int:
		return decoded[int](n)
	case int64:
		return decoded[int64](n)
	case float64:
		return decoded[float64](n)
	case bool:
		return decoded[bool](n)
	case []string:
		out := []string{}
		for _, it := range n.Content {
			it = deref(it)
			if tagOf(it) != "string" {
				return nil, errors.New("must be a list of strings")
			}
			out = append(out, it.Value)
		}
		return out, nil
	case map[string]any:
		out := map[string]any{}
		var err error
		members(n, func(k, v *yaml.Node) {
			if v = deref(v); tagOf(v) != "string" {
				err = errors.New("must map names to strings")
			}
			out[k.Value] = v.Value
		})
		return out, err
	}
	return n.Value, nil
}

// decoded is n decoded as a T, the type of an option's default.
func decoded[T any](n *yaml.Node) (any, error) {
	var v T
	err := n.Decode(&v)
	return v, err
}
