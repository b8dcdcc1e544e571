package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ppconn/ppconn/internal/sharedtest"
	"github.com/ppconn/ppconn/rules"
)

// ciLintTargets are the connectors the format tests lint: one with findings of
// every severity over two files, and one that does not parse.
var ciLintTargets = []string{ciConnector, filepath.Join(cliData, "broken")}

func ciSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(sharedtest.Dir(t, "schemas"), "sarif-schema-2.1.0.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

type ciSARIFLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string
				Rules []struct {
					ID                   string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					HelpURI              string
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI, URIBaseID string }
					Region           struct{ StartLine, StartColumn int }
				}
			}
			PartialFingerprints map[string]string
		}
	}
}

func TestSARIFValidates(t *testing.T) {
	sch := ciSARIFSchema(t)
	// From the repository root, as in CI: artifact URIs are relative to it.
	t.Chdir("../..")
	targets := []string{"testdata/ci/connector", "testdata/cli/broken"}
	code, out, stderr := run(append([]string{"lint", "--format", "sarif"}, targets...)...)
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("SARIF is not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	var log ciSARIFLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	r := log.Runs[0]
	if r.Tool.Driver.Name != "ppconn" || len(r.Tool.Driver.Rules) != len(rules.Registry().Rules()) {
		t.Errorf("driver %q with %d rules", r.Tool.Driver.Name, len(r.Tool.Driver.Rules))
	}
	for _, rule := range r.Tool.Driver.Rules {
		if rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || !strings.HasPrefix(rule.HelpURI, "https://") || rule.DefaultConfiguration.Level == "" {
			t.Errorf("rule metadata incomplete: %+v", rule)
		}
	}
	_, jsonOut, _ := run(append([]string{"lint", "--format", "json"}, targets...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != len(rep.Findings) || len(r.Results) == 0 {
		t.Fatalf("%d SARIF results, %d findings", len(r.Results), len(rep.Findings))
	}
	levels := map[string]string{"error": "error", "warning": "warning", "info": "note"}
	seen := map[string]bool{}
	for i, res := range r.Results {
		f := rep.Findings[i]
		loc := res.Locations[0].PhysicalLocation
		if res.RuleID != f.Rule || r.Tool.Driver.Rules[res.RuleIndex].ID != f.Rule || res.Level != levels[f.Severity] ||
			loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Column || res.Message.Text != f.Message {
			t.Errorf("result %+v does not match finding %+v", res, f)
		}
		if loc.ArtifactLocation.URI != filepath.ToSlash(f.File) || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("artifact %+v for %s", loc.ArtifactLocation, f.File)
		}
		fp := res.PartialFingerprints["ppconn/v1"]
		if fp == "" || seen[fp] {
			t.Errorf("missing or repeated fingerprint %q", fp)
		}
		seen[fp] = true
	}
	// A file outside the base folder gets an absolute file URI, still valid.
	_, out, _ = run("lint", "--format", "sarif", ciCopyConnector(t, "testdata/ci/connector"))
	if !strings.Contains(out, `"uri":"file:///`) {
		t.Errorf("no absolute URI for a file outside the folder")
	}
	if inst, err = jsonschema.UnmarshalJSON(strings.NewReader(out)); err == nil {
		err = sch.Validate(inst)
	}
	if err != nil {
		t.Errorf("SARIF with absolute URIs: %v", err)
	}
}

// sarifFingerprints lints dir to SARIF and returns the fingerprints by
// rule and message, with numbers taken out.
func ciSARIFFingerprints(t *testing.T, dir string) map[string]string {
	t.Helper()
	_, out, _ := run("lint", "--no-config", "--format", "sarif", dir)
	var log ciSARIFLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	fps := map[string]string{}
	for _, res := range log.Runs[0].Results {
		fps[res.PartialFingerprints["ppconn/v1"]] = res.RuleID
	}
	return fps
}

// TestSARIFFingerprintsSurviveMoves: the same connector with its paths and
// operations reordered, re-indented, and lines shifted gets the same
// fingerprints.
func TestSARIFFingerprintsSurviveMoves(t *testing.T) {
	dir := ciCopyConnector(t, ciConnector)
	before := ciSARIFFingerprints(t, dir)
	moved := ciMovedSwagger(t, "   ")
	ciWriteFile(t, filepath.Join(dir, "apiDefinition.swagger.json"), moved)
	after := ciSARIFFingerprints(t, dir)
	if len(before) != len(after) {
		t.Fatalf("%d fingerprints before, %d after", len(before), len(after))
	}
	for fp, rule := range before {
		if after[fp] != rule {
			t.Errorf("the fingerprint of a %s finding changed", rule)
		}
	}
}

// movedSwagger is testdata/ci/moved (paths and operations reordered) with
// the given indentation and two blank lines at the top.
func ciMovedSwagger(t *testing.T, indent string) string {
	t.Helper()
	src, err := os.ReadFile("../../testdata/ci/moved/apiDefinition.swagger.json")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if indent == "" {
		err = json.Compact(&b, src)
	} else {
		err = json.Indent(&b, src, "", indent)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if indent != "" {
		out = "\n\n" + out
	}
	return out + "\n"
}

// TestBaselineSurvivesMovesAndReindent is the acceptance test of the
// baseline: written before the operations move and the file is
// re-indented, it leaves no new finding after; a real new problem is
// still reported, and fails the run.
func TestBaselineSurvivesMovesAndReindent(t *testing.T) {
	for _, indent := range []string{"   ", "      ", "    ", ""} {
		t.Run(strconv.Quote(indent), func(t *testing.T) {
			dir := ciCopyConnector(t, ciConnector)
			baseline := filepath.Join(filepath.Dir(dir), "ppconn-baseline.json")
			before, _, _, _ := ciLintJSON(t, "--no-config", dir)
			code, _, stderr := run("lint", "--no-config", "--write-baseline", baseline, dir)
			if code != ExitOK || !strings.Contains(stderr, "recorded "+strconv.Itoa(len(before))+" findings") {
				t.Fatalf("--write-baseline: exit %d, %s", code, stderr)
			}
			swagger := filepath.Join(dir, "apiDefinition.swagger.json")
			moved := ciMovedSwagger(t, indent)
			ciWriteFile(t, swagger, moved)
			code, out, stderr := run("lint", "--no-config", "--fail-on", "info", "--baseline", baseline, dir)
			if code != ExitOK || !strings.HasPrefix(out, "no problems") || !strings.Contains(stderr, "findings recorded in the baseline") {
				t.Errorf("after the move: exit %d\n%s%s", code, out, stderr)
			}
			// A new problem: an operation loses its description.
			ciWriteFile(t, swagger, strings.Replace(moved, `"Returns the details of one team."`, `""`, 1))
			code, out, _ = run("lint", "--no-config", "--fail-on", "warning", "--format", "json", "--baseline", baseline, dir)
			var rep jsonReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if code != ExitFindings || len(rep.Findings) == 0 {
				t.Fatalf("a new problem: exit %d, findings %+v", code, rep.Findings)
			}
			for _, f := range rep.Findings {
				if !strings.Contains(f.Pointer, "/get") {
					t.Errorf("an old finding was reported as new: %+v", f)
				}
			}
		})
	}
	// The baseline's paths are relative to its folder: the same baseline
	// works from another working folder.
	dir := ciCopyConnector(t, ciConnector)
	baseline := filepath.Join(dir, "b.json")
	run("lint", "--no-config", "--write-baseline", baseline, dir)
	data, _ := os.ReadFile(baseline)
	if !strings.Contains(string(data), `"file": "apiDefinition.swagger.json"`) {
		t.Errorf("baseline paths are not relative to the baseline:\n%s", data)
	}
	if code, _, stderr := run("lint", "--baseline", filepath.Join(dir, "missing.json"), dir); code != ExitUsage {
		t.Errorf("a missing baseline: exit %d, %s", code, stderr)
	}
	ciWriteFile(t, baseline, "{}")
	if code, _, _ := run("lint", "--baseline", baseline, dir); code != ExitUsage {
		t.Errorf("a bad baseline: exit %d", code)
	}
}

// The official syntaxes: GitHub's workflow commands
// (::error file=…,line=…,col=…,title=…::message) and Azure Pipelines'
// logging commands (##vso[task.logissue type=…;sourcepath=…;…]message).
var (
	ciGitHubLine = regexp.MustCompile(`^::(error|warning|notice) file=([^,:\r\n]+),line=(\d+),col=(\d+),title=([a-z0-9-]+)::([^\r\n]*)$`)
	ciAzureLine  = regexp.MustCompile(`^##vso\[task\.logissue type=(error|warning);sourcepath=([^;\]\r\n]+);linenumber=(\d+);columnnumber=(\d+);code=([a-z0-9-]+)\]([^\r\n]*)$`)
	ciAzurePlain = regexp.MustCompile(`^[^#].*:\d+:\d+: info [a-z0-9-]+: [^\r\n]*$|^(no problems|\d+ (error|warning|info)).*$`)
)

func TestGitHubAndAzureSyntax(t *testing.T) {
	_, jsonOut, _ := run(append([]string{"lint", "--format", "json"}, ciLintTargets...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(append([]string{"lint", "--format", "github"}, ciLintTargets...)...)
	if code != ExitFindings {
		t.Errorf("github: exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(rep.Findings) {
		t.Fatalf("github: %d lines for %d findings", len(lines), len(rep.Findings))
	}
	kinds := map[string]string{"error": "error", "warning": "warning", "info": "notice"}
	for i, l := range lines {
		m := ciGitHubLine.FindStringSubmatch(l)
		f := rep.Findings[i]
		if m == nil {
			t.Errorf("not a workflow command: %q", l)
			continue
		}
		if m[1] != kinds[f.Severity] || m[2] != filepath.ToSlash(filepath.Clean(f.File)) || m[3] != strconv.Itoa(f.Line) || m[4] != strconv.Itoa(f.Column) || m[5] != f.Rule {
			t.Errorf("%q does not match %+v", l, f)
		}
	}
	code, out, _ = run(append([]string{"lint", "--format", "azure"}, ciLintTargets...)...)
	if code != ExitFindings {
		t.Errorf("azure: exit %d", code)
	}
	commands := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if m := ciAzureLine.FindStringSubmatch(l); m != nil {
			f := rep.Findings[commands]
			for f.Severity == "info" {
				commands++
				f = rep.Findings[commands]
			}
			if m[1] != f.Severity || m[3] != strconv.Itoa(f.Line) || m[4] != strconv.Itoa(f.Column) || m[5] != f.Rule {
				t.Errorf("%q does not match %+v", l, f)
			}
			commands++
			continue
		}
		if !ciAzurePlain.MatchString(l) || strings.Contains(l, "##vso[") {
			t.Errorf("neither a logging command nor a plain line: %q", l)
		}
	}
	if commands == 0 {
		t.Error("no logging commands")
	}
}

// TestCommandInjection: text taken from a connector cannot issue CI
// commands in any format.
func TestCommandInjection(t *testing.T) {
	dir := t.TempDir()
	ciWriteFile(t, filepath.Join(dir, "apiDefinition.swagger.json"), "{\n\"swagger\": \"2.0\",\n\"paths\": {\n::set-output name=x::y\n##vso[task.setvariable variable=x]y\n}\n}\n")
	for _, format := range []string{"text", "github", "azure", "markdown"} {
		_, out, _ := run("lint", "--format", format, dir)
		for _, l := range strings.Split(out, "\n") {
			trimmed := strings.TrimLeft(l, " \t")
			if strings.HasPrefix(trimmed, "::set-output") || strings.Contains(l, "##vso[task.setvariable") {
				t.Errorf("%s: a command got through: %q", format, l)
			}
		}
	}
}

type ciJUnitReport struct {
	XMLName xml.Name `xml:"testsuites"`
	Suites  []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitParses(t *testing.T) {
	code, out, _ := run(append([]string{"lint", "--format", "junit", "--fail-on", "warning"}, ciLintTargets...)...)
	if code != ExitFindings {
		t.Errorf("exit %d", code)
	}
	var rep ciJUnitReport
	if err := xml.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("JUnit is not XML: %v\n%s", err, out)
	}
	if len(rep.Suites) != 3 {
		t.Fatalf("%d suites, want 3 (swagger and apiProperties.json, and the broken swagger)", len(rep.Suites))
	}
	for _, s := range rep.Suites {
		names := map[string]bool{}
		failures, skipped := 0, 0
		for _, c := range s.Cases {
			if names[c.Name] {
				t.Errorf("%s: two testcases for %s", s.Name, c.Name)
			}
			names[c.Name] = true
			if c.Classname != s.Name {
				t.Errorf("classname %q in suite %q", c.Classname, s.Name)
			}
			if c.Failure != nil {
				failures++
				if c.Failure.Type != "error" && c.Failure.Type != "warning" {
					t.Errorf("failure type %q", c.Failure.Type)
				}
			}
			if c.Skipped != nil {
				skipped++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != failures || s.Skipped != skipped || s.Tests < 5 {
			t.Errorf("suite %s: tests=%d failures=%d skipped=%d; counted %d, %d, %d", s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), failures, skipped)
		}
	}
	swagger := rep.Suites[0]
	failed := map[string]string{}
	for _, c := range swagger.Cases {
		if c.Failure != nil {
			failed[c.Name] = c.Failure.Text
		}
		if c.Name == "host-present" && (c.Failure != nil || !strings.Contains(c.SystemOut, "info")) {
			t.Errorf("an info below --fail-on must pass, with its finding in system-out: %+v", c)
		}
	}
	if !strings.Contains(failed["param-description-required"], "\n") || failed["no-unknown-keywords"] == "" {
		t.Errorf("failures: %v", failed)
	}
	unparsed := t.TempDir()
	ciWriteFile(t, filepath.Join(unparsed, "apiDefinition.swagger.json"), "not JSON at all")
	_, out, _ = run("lint", "--format", "junit", unparsed)
	rep = ciJUnitReport{}
	if err := xml.Unmarshal([]byte(out), &rep); err != nil || len(rep.Suites) != 1 || rep.Suites[0].Skipped == 0 || rep.Suites[0].Failures == 0 {
		t.Errorf("rules that could not run on an unparsed file must be skipped: %v %+v", err, rep)
	}
}

func TestMarkdown(t *testing.T) {
	code, out, _ := run(append([]string{"lint", "--format", "markdown"}, ciLintTargets...)...)
	if code != ExitFindings {
		t.Errorf("exit %d", code)
	}
	_, text, _ := run(append([]string{"lint", "--no-color"}, ciLintTargets...)...)
	// The summary is the text report's count line; a "fixable" hint may follow it.
	var summary string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, " errors, ") {
			summary = line
		}
	}
	for _, want := range []string{
		"## ❌ ppconn lint\n\n" + summary + "\n",
		"| Severity | Rule | Location | Message |",
		"| error | [no-unknown-keywords](https://github.com/ppconn/ppconn/blob/main/docs/rules/no-unknown-keywords.md) | `../../testdata/ci/connector/apiDefinition.swagger.json:121:5` |",
		"<details><summary>Findings by rule</summary>",
		"| [param-description-required](https://github.com/ppconn/ppconn/blob/main/docs/rules/param-description-required.md) | 0 | 2 | 0 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	_, clean, _ := run("lint", "--format", "markdown", filepath.Join(cliData, "clean"))
	if !strings.HasPrefix(clean, "## ✅ ppconn lint\n\nno problems") || strings.Contains(clean, "|") {
		t.Errorf("a clean run: %q", clean)
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	sarif := filepath.Join(dir, "ppconn.sarif")
	code, out, _ := run("lint", "--no-color", "--format", "sarif", "-o", sarif, ciConnector)
	if code != ExitFindings {
		t.Errorf("exit %d", code)
	}
	if !textFinding.MatchString(strings.SplitN(out, "\n", 2)[0]) {
		t.Errorf("with -o FILE the terminal gets text, got %q", out)
	}
	data, err := os.ReadFile(sarif)
	if err != nil || !bytes.HasPrefix(data, []byte(`{"$schema":`)) {
		t.Errorf("the SARIF file: %v %.80s", err, data)
	}
	junit := filepath.Join(dir, "junit.xml")
	code, out, _ = run("lint", "--format", "github", "-o", "sarif:"+sarif, "-o", "junit:"+junit, ciConnector)
	if code != ExitFindings || !strings.HasPrefix(out, "::") {
		t.Errorf("with -o FORMAT:FILE the terminal gets --format: exit %d, %.80q", code, out)
	}
	for _, p := range []string{sarif, junit} {
		if info, err := os.Stat(p); err != nil || info.Size() == 0 {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	if code, _, stderr := run("lint", "-o", filepath.Join(dir, "no", "such", "dir", "x.sarif"), ciConnector); code != ExitUsage {
		t.Errorf("an unwritable -o: exit %d %s", code, stderr)
	}
	if code, _, _ := run("lint", "--format", "html", ciConnector); code != ExitUsage {
		t.Errorf("an unknown format: exit %d", code)
	}
	// #19 item 9: -o bogus:x wrote a file named "bogus:x".
	t.Chdir(dir)
	code, _, stderr := run("lint", "-o", "bogus:x", filepath.Join(cwd, ciConnector))
	if _, err := os.Stat("bogus:x"); code != ExitUsage || err == nil || !strings.Contains(stderr, `no format "bogus"`) || !strings.Contains(stderr, "./bogus:x") {
		t.Errorf("-o bogus:x: exit %d, file written: %v, stderr %q", code, err == nil, stderr)
	}
	// A file named with a colon is written when the part before the colon
	// is no word (./bogus:x, out/a:b) or one letter (C:\x, a Windows drive;
	// elsewhere a file of that name). docs/ci.md, "Report formats".
	if err := os.Mkdir("out", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"./bogus:x", "out/a:b", `C:\x`} {
		if code, _, stderr := run("lint", "-o", name, filepath.Join(cwd, ciConnector)); code != ExitFindings {
			t.Errorf("-o %s: exit %d %s", name, code, stderr)
		}
		if runtime.GOOS != "windows" || !strings.HasPrefix(name, "C:") {
			if _, err := os.Stat(name); err != nil {
				t.Errorf("-o %s: %v", name, err)
			}
		}
	}
}

// TestWholeConnector: pre-commit passes the changed files; with
// --whole-connector each is linted as its connector folder, once.
func TestWholeConnector(t *testing.T) {
	props := filepath.Join(ciConnector, "apiProperties.json")
	swagger := filepath.Join(ciConnector, "apiDefinition.swagger.json")
	whole, _, _, _ := ciLintJSON(t, "--no-config", ciConnector)
	_, rep, _, _ := ciLintJSON(t, "--no-config", "--whole-connector", props, swagger)
	if len(rep.Findings) != len(whole) || rep.Summary["connectors"] != 1 {
		t.Errorf("--whole-connector: %d findings in %d connectors, want %d in 1", len(rep.Findings), rep.Summary["connectors"], len(whole))
	}
}

func TestProgress(t *testing.T) {
	root := t.TempDir()
	clean, err := os.ReadFile(filepath.Join(cliData, "clean", "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 21 {
		d := filepath.Join(root, "c"+strconv.Itoa(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		ciWriteFile(t, filepath.Join(d, "apiDefinition.swagger.json"), string(clean))
	}
	saved := isTerminal
	defer func() { isTerminal = saved }()
	isTerminal = func(io.Writer) bool { return true }
	t.Setenv("CI", "")
	if _, _, stderr := run("lint", "--no-config", root); !strings.Contains(stderr, "linting 21/21 connectors") {
		t.Errorf("no progress on a terminal: %q", stderr)
	}
	if _, _, stderr := run("lint", "--no-config", "-q", root); stderr != "" {
		t.Errorf("progress with --quiet: %q", stderr)
	}
	t.Setenv("CI", "true")
	if _, _, stderr := run("lint", "--no-config", root); stderr != "" {
		t.Errorf("progress in CI: %q", stderr)
	}
	t.Setenv("CI", "")
	isTerminal = func(io.Writer) bool { return false }
	if _, _, stderr := run("lint", "--no-config", root); stderr != "" {
		t.Errorf("progress off a terminal: %q", stderr)
	}
	isTerminal = func(io.Writer) bool { return true }
	if _, _, stderr := run("lint", "--no-config", filepath.Join(root, "c1"), filepath.Join(root, "c2")); stderr != "" {
		t.Errorf("progress for 2 connectors: %q", stderr)
	}
}
