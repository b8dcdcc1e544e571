package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/secret"
)

func testRule(id string, level Level, check func(*Pass)) *Rule {
	return &Rule{ID: id, Level: level, Title: "t", Doc: "d", Source: "s", Since: "0", Check: check,
		Options: []Option{{Name: "limit", Default: 3, Doc: "a limit"}}}
}

func writeConnector(t *testing.T, dir, title string) connector.Target {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "apiDefinition.swagger.json")
	if err := os.WriteFile(p, []byte(`{"swagger": "2.0", "info": {"title": "`+title+`"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return connector.Target{Dir: dir, Swaggers: []string{p}}
}

func reportTitle(p *Pass) {
	p.Reportf(p.Root.At("info", "title"), "title is %s", p.Root.At("info", "title").Str())
}

func TestProfilesAndOverrides(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	reg, err := NewRegistry(testRule("a-import", Import, reportTitle), testRule("b-cert", Certification, reportTitle), testRule("c-guide", Guidance, reportTitle))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		profile  string
		override map[string]Severity
		want     string
	}{
		{"custom", nil, "a-import:error b-cert:warning c-guide:info"},
		{"certification", nil, "a-import:error b-cert:error c-guide:warning"},
		{"custom", map[string]Severity{"b-cert": Off, "c-guide": Error}, "a-import:error c-guide:error"},
	}
	for _, tt := range tests {
		p, err := LookupProfile(tt.profile)
		if err != nil {
			t.Fatal(err)
		}
		res := LintTarget(target, &Config{Registry: reg, Profile: p, Severity: tt.override, Limits: connector.DefaultLimits})
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Rule+":"+f.Severity.String())
			if f.Line != 1 || f.Column != 38 || f.Pointer != "/info/title" {
				t.Errorf("finding not located: %+v", f)
			}
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s %v: got %v, want %s", tt.profile, tt.override, got, tt.want)
		}
	}
	if _, err := LookupProfile("strict"); err == nil {
		t.Error("unknown profile accepted")
	}
}

func TestPanickingRuleBecomesAFinding(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	reg, _ := NewRegistry(testRule("boom", Import, func(*Pass) { panic("bad rule") }), testRule("fine", Import, reportTitle))
	res := LintTarget(target, &Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits})
	if len(res.Findings) != 2 || !strings.Contains(res.Findings[0].Message, "internal error: rule boom crashed") || res.Findings[1].Rule != "fine" {
		t.Fatalf("findings: %+v", res.Findings)
	}
}

// TestCrashIsAnErrorWhateverTheLevel: a crash in a guidance rule (info
// in the default profile) must still fail a --fail-on error gate.
func TestCrashIsAnErrorWhateverTheLevel(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	reg, _ := NewRegistry(testRule("boom", Guidance, func(*Pass) { panic("bad rule") }))
	for _, p := range Profiles {
		res := LintTarget(target, &Config{Registry: reg, Profile: p, Limits: connector.DefaultLimits})
		if len(res.Findings) != 1 || res.Findings[0].Severity != Error || !strings.HasPrefix(res.Findings[0].Message, "internal error: ") {
			t.Errorf("profile %s: findings %+v, want one internal error at error severity", p.Name, res.Findings)
		}
	}
}

// TestFixFromRuleNotFixable: a rule that attaches a fix without being
// declared Fixable is a programming error that must surface as an
// internal error (failing the rule's tests), not a fix dropped in silence.
func TestFixFromRuleNotFixable(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	sneaky := testRule("sneaky", Guidance, func(p *Pass) {
		title := p.Root.At("info", "title")
		p.Report(Diagnostic{Node: title, Fix: SetValue(title, "y"), Message: "title"})
	})
	declared := testRule("declared", Guidance, sneaky.Check)
	declared.Fixable = true
	reg, _ := NewRegistry(sneaky, declared)
	res := LintTarget(target, &Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%s:fix=%v:%s", f.Rule, f.Severity, f.Fix != nil, f.Message))
	}
	want := "declared:info:fix=true:title|" +
		"sneaky:error:fix=false:internal error: rule sneaky crashed on this file (rule sneaky attached a fix but is not declared Fixable); the other rules ran. Please report it with the file"
	slices.Sort(got)
	if strings.Join(got, "|") != want {
		t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

func TestOptionsOverride(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	var seen []int
	reg, _ := NewRegistry(testRule("opt", Import, func(p *Pass) { seen = append(seen, p.IntOption("limit")) }))
	cfg := Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits}
	LintTarget(target, &cfg)
	cfg.Options = map[string]map[string]any{"opt": {"limit": 7}}
	LintTarget(target, &cfg)
	if len(seen) != 2 || seen[0] != 3 || seen[1] != 7 {
		t.Errorf("option values %v, want [3 7]", seen)
	}
}

// TestRunKeepsInputOrder lints many targets on several workers and checks
// that results come back in the order of the targets.
func TestRunKeepsInputOrder(t *testing.T) {
	root := t.TempDir()
	var targets []connector.Target
	for i := range 50 {
		targets = append(targets, writeConnector(t, filepath.Join(root, string(rune('a'+i%26))+strings.Repeat("z", i/26)), "t"))
	}
	reg, _ := NewRegistry(testRule("a", Import, reportTitle))
	var got []string
	Run(targets, Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits, Jobs: 4}, func(r Result) {
		got = append(got, r.Target.Dir)
	})
	for i := range targets {
		if got[i] != targets[i].Dir {
			t.Fatalf("result %d is %s, want %s", i, got[i], targets[i].Dir)
		}
	}
}

func TestRegistryValidation(t *testing.T) {
	bad := []*Rule{
		{ID: "Not_Kebab", Level: Import, Title: "t", Doc: "d", Source: "s", Since: "0", Check: reportTitle},
		{ID: "no-doc", Level: Import, Title: "t", Source: "s", Since: "0", Check: reportTitle},
		{ID: "no-check", Level: Import, Title: "t", Doc: "d", Source: "s", Since: "0"},
	}
	for _, r := range bad {
		if _, err := NewRegistry(r); err == nil {
			t.Errorf("rule %s accepted", r.ID)
		}
	}
	r := testRule("dup", Import, reportTitle)
	if _, err := NewRegistry(r, r); err == nil {
		t.Error("duplicate id accepted")
	}
}

// TestResultLight: a result is light when its files hold at most
// lightBytes together, the script included.
func TestResultLight(t *testing.T) {
	doc := func(size int64) *connector.Document { return &connector.Document{Size: size} }
	for _, tc := range []struct {
		name string
		pkg  *connector.Package
		want bool
	}{
		{"small definition", &connector.Package{Swaggers: []*connector.Document{doc(1 << 10)}}, true},
		{"at the bound", &connector.Package{Swaggers: []*connector.Document{doc(lightBytes)}}, true},
		{"large definition", &connector.Package{Swaggers: []*connector.Document{doc(lightBytes + 1)}}, false},
		{"twins together", &connector.Package{Swaggers: []*connector.Document{doc(lightBytes / 2), doc(lightBytes/2 + 1)}}, false},
		{"properties count", &connector.Package{Swaggers: []*connector.Document{doc(lightBytes)}, Properties: doc(1)}, false},
		{"script counts", &connector.Package{Swaggers: []*connector.Document{doc(lightBytes)}, Script: &connector.File{Size: 1}}, false},
		{"no package", nil, true},
	} {
		if got := (Result{Package: tc.pkg}).light(); got != tc.want {
			t.Errorf("%s: light %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestResultSecrets: a result with findings carries the secret values of
// each of its documents, as secret.Values finds them (the text report
// masks its excerpts with them instead of walking the tree again), and
// the messages are masked with them as before.
func TestResultSecrets(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "apiDefinition.swagger.json")
	src := `{"swagger": "2.0", "info": {"title": "t"},
 "securityDefinitions": {"k": {"type": "apiKey", "name": "x", "in": "header", "x-ms-client-secret": "Zq8vN3kLp0Rt7Wx2"}}}`
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	quote := testRule("quote", Import, func(p *Pass) {
		n := p.Root.At("securityDefinitions", "k", "x-ms-client-secret")
		p.Reportf(n, "value %s", n.Str())
	})
	reg, _ := NewRegistry(quote)
	res := LintTarget(connector.Target{Dir: dir, Swaggers: []string{p}}, &Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits})
	doc := res.Package.Swaggers[0]
	want := secret.Values(doc)
	if len(want) == 0 {
		t.Fatal("the fixture has no secret value")
	}
	if got, ok := res.Secrets[doc]; !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("Secrets of the definition: %v (present %v), want %v", got, ok, want)
	}
	if len(res.Findings) != 1 || strings.Contains(res.Findings[0].Message, "Zq8vN3kLp0Rt7Wx2") {
		t.Errorf("findings %+v: want one, the secret masked", res.Findings)
	}
}
