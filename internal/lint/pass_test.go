package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

// reportFixture is a connector with a definition and an apiProperties.json,
// whose definition holds a secret a related message may quote.
func reportFixture(t *testing.T) connector.Target {
	t.Helper()
	dir := t.TempDir()
	target := writeConnector(t, dir, "x")
	def := `{"swagger": "2.0", "info": {"title": "x"}, "x-test": {"client_secret": "Zq8vT3kW9pL2mN7xR4"}}`
	if err := os.WriteFile(target.Swaggers[0], []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	target.Props = filepath.Join(dir, "apiProperties.json")
	if err := os.WriteFile(target.Props, []byte(`{"properties": {"publisher": "p"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return target
}

func lintWith(t *testing.T, target connector.Target, rules ...*Rule) []Finding {
	t.Helper()
	reg, err := NewRegistry(rules...)
	if err != nil {
		t.Fatal(err)
	}
	return LintTarget(target, &Config{Registry: reg, Profile: Profiles[0], Limits: connector.DefaultLimits}).Findings
}

// TestReportPlaces: each field of a Diagnostic places the finding and its
// related places, and its zero value is the common default.
func TestReportPlaces(t *testing.T) {
	target := reportFixture(t)
	pkgRule := testRule("places", Import, func(p *Pass) {
		sw, props := p.Package.Swaggers[0], p.Package.Properties
		info := sw.Root.Get("info")
		p.Report(Diagnostic{Doc: sw, Node: info, Message: "value"})
		p.Report(Diagnostic{Doc: sw, Node: info, AtKey: true, Message: "key",
			Related: []RelatedInfo{
				{Node: info.Get("title"), Message: "in the finding's document"},
				{Doc: props, Node: props.Root.Get("properties"), AtKey: true, Message: "in another document"},
				{Pos: connector.Pos{Line: 3, Col: 2}, Message: "in the finding's file, without a node"},
				{File: "script.csx", Message: "at the start of another file"},
			}})
		p.Report(Diagnostic{File: "script.csx", Pos: connector.Pos{Line: 7, Col: 5}, Pointer: "/x", Message: "explicit"})
		p.Report(Diagnostic{Doc: props, Message: "a whole document"})
	})
	pkgRule.Target = Package
	swRule := testRule("swagger-default", Import, func(p *Pass) {
		p.Reportf(p.Root.At("info", "title"), "reportf %d", 1)
		p.Report(Diagnostic{Message: "the document under check"})
	})
	var got []string
	for _, f := range lintWith(t, target, pkgRule, swRule) {
		line := fmt.Sprintf("%s %s:%d:%d %s %s", f.Rule, filepath.Base(f.File), f.Line, f.Column, f.Pointer, f.Message)
		for _, r := range f.Related {
			line += fmt.Sprintf(" | %s:%d:%d %s %s", filepath.Base(r.File), r.Line, r.Column, r.Pointer, r.Message)
		}
		got = append(got, line)
	}
	want := []string{
		"places apiProperties.json:1:1  a whole document",
		"places apiDefinition.swagger.json:1:28 /info value",
		"places apiDefinition.swagger.json:1:20 /info key" +
			" | apiDefinition.swagger.json:1:38 /info/title in the finding's document" +
			" | apiProperties.json:1:2 /properties in another document" +
			" | apiDefinition.swagger.json:3:2  in the finding's file, without a node" +
			" | script.csx:1:1  at the start of another file",
		"swagger-default apiDefinition.swagger.json:1:1  the document under check",
		"swagger-default apiDefinition.swagger.json:1:38 /info/title reportf 1",
		"places script.csx:7:5 /x explicit",
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRelatedMessagesMasked: a related message that quotes a secret of
// the package is masked, as the finding's message is.
func TestRelatedMessagesMasked(t *testing.T) {
	const value = "Zq8vT3kW9pL2mN7xR4"
	fs := lintWith(t, reportFixture(t), testRule("quotes", Import, func(p *Pass) {
		p.Report(Diagnostic{Node: p.Root, Message: "message " + value,
			Related: []RelatedInfo{{Node: p.Root.At("x-test", "client_secret"), Message: "related " + value}}})
	}))
	if len(fs) != 1 || len(fs[0].Related) != 1 {
		t.Fatalf("findings %+v", fs)
	}
	if strings.Contains(fs[0].Message, value) || strings.Contains(fs[0].Related[0].Message, value) {
		t.Errorf("a secret is printed: %q, related %q", fs[0].Message, fs[0].Related[0].Message)
	}
}

// TestReportMisplaced: a place given both as a node and explicitly, or a
// node without its document, is a programming error: an internal error,
// not a finding placed by a guess.
func TestReportMisplaced(t *testing.T) {
	tests := map[string]func(*Pass){
		"node and file": func(p *Pass) { p.Report(Diagnostic{Node: p.Root, File: "x", Message: "m"}) },
		"related node and pos": func(p *Pass) {
			p.Report(Diagnostic{Node: p.Root, Message: "m", Related: []RelatedInfo{{Node: p.Root, Pos: connector.Pos{Line: 2, Col: 1}}}})
		},
	}
	for name, check := range tests {
		fs := lintWith(t, reportFixture(t), testRule("misplaced", Guidance, check))
		if len(fs) != 1 || !fs[0].Internal || fs[0].Severity != Error || !strings.Contains(fs[0].Message, "both a node and") {
			t.Errorf("%s: findings %+v, want one internal error", name, fs)
		}
	}
	pkgRule := testRule("no-doc", Guidance, func(p *Pass) { p.Reportf(p.Package.Swaggers[0].Root, "m") })
	pkgRule.Target = Package
	fs := lintWith(t, reportFixture(t), pkgRule)
	if len(fs) != 1 || !fs[0].Internal || !strings.Contains(fs[0].Message, "without its document") {
		t.Errorf("node without document: findings %+v, want one internal error", fs)
	}
}

// TestCrashOnALoneFile: a package rule that crashes on a lone definition
// (no folder, no document under check) is reported as an internal error
// in that file, not a second panic inside runCheck.
func TestCrashOnALoneFile(t *testing.T) {
	target := writeConnector(t, t.TempDir(), "x")
	target.Dir = ""
	boom := testRule("boom", Guidance, func(*Pass) { panic("bad rule") })
	boom.Target = Package
	fs := lintWith(t, target, boom)
	if len(fs) != 1 || !fs[0].Internal || fs[0].File != target.Swaggers[0] {
		t.Errorf("findings %+v, want one internal error in %s", fs, target.Swaggers[0])
	}
}
