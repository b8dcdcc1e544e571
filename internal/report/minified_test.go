package report

import (
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// TestNamingLineDoesNotCopyTheLine (#19 item 8): choosing the line of a
// finding's excerpt looks at the finding's line in place. It copied the
// line, so each of 3,000 findings on a 0.5 MB minified line copied 0.5 MB
// (BenchmarkLintMinified/text in internal/cli: 11.2 s, then 1.5 s).
func TestNamingLineDoesNotCopyTheLine(t *testing.T) {
	src := `{"swagger":"2.0","paths":{"/a":{"get":{"operationId":"A","x":"` + strings.Repeat("y", 1<<16) + `"}}}}`
	d := &connector.Document{Path: "a.json", Format: connector.JSON}
	connector.Parse(d, []byte(src), connector.DefaultLimits)
	f := lint.Finding{Line: 1, Column: 30, Pointer: "/paths/~1a/get"}
	if line, _ := namingLine(d, f); line != 1 {
		t.Fatalf("line %d", line)
	}
	if allocs := testing.AllocsPerRun(20, func() { namingLine(d, f) }); allocs != 0 {
		t.Errorf("%v allocations per finding, want none", allocs)
	}
}

// TestRootBraceHasNoExcerpt: a finding about the whole document (a folder
// without readme.md, reported at 1:1) shows no excerpt when the line holds
// only the opening brace; a YAML document's first line, or any finding
// below the root, keeps its excerpt.
func TestRootBraceHasNoExcerpt(t *testing.T) {
	parse := func(path string, format connector.Format, src string) *connector.Document {
		d := &connector.Document{Path: path, Format: format}
		connector.Parse(d, []byte(src), connector.DefaultLimits)
		return d
	}
	js := parse("a.json", connector.JSON, "{\n  \"swagger\": \"2.0\"\n}\n")
	yml := parse("a.yaml", connector.YAML, "swagger: '2.0'\ninfo: {}\n")
	for _, tt := range []struct {
		d    *connector.Document
		f    lint.Finding
		want bool
	}{
		{js, lint.Finding{Line: 1, Column: 1, Pointer: ""}, true},
		{js, lint.Finding{Line: 2, Column: 3, Pointer: "/swagger"}, false},
		{yml, lint.Finding{Line: 1, Column: 1, Pointer: ""}, false},
	} {
		if got := rootBrace(tt.d, tt.f); got != tt.want {
			t.Errorf("rootBrace(%s, %s line %d) = %v, want %v", tt.d.Path, tt.f.Pointer, tt.f.Line, got, tt.want)
		}
	}
	var out strings.Builder
	if err := (&Text{W: &out}).finding(lint.Finding{Rule: "readme-present", File: "a.json", Line: 1, Column: 1, Message: "no readme.md"}, js, resultCache{}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, "{") || strings.Count(got, "\n") != 1 {
		t.Errorf("text of a root finding:\n%s", got)
	}
}

// TestExcerptReadsTheResultSecrets: the text report masks an excerpt
// with the secret values the result carries (the worker's, computed once
// per package), and computes them itself when the result has none.
func TestExcerptReadsTheResultSecrets(t *testing.T) {
	src := "{\n  \"note\": \"Zq8vN3kLp0Rt7Wx2\",\n  \"clientSecret\": \"Hb4mQ9sT2vY6nC1x\"\n}\n"
	d := &connector.Document{Path: "a.json", Format: connector.JSON}
	connector.Parse(d, []byte(src), connector.DefaultLimits)
	text := func(r lint.Result, line int) string {
		r.Package = &connector.Package{Swaggers: []*connector.Document{d}}
		var out strings.Builder
		f := lint.Finding{Rule: "r", Severity: lint.Error, File: "a.json", Line: line, Column: 3, Pointer: "/x", Message: "m"}
		if err := (&Text{W: &out}).Result(r, []lint.Finding{f}); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	// "note" is no secret by its name: only the result's values mask it.
	if got := text(lint.Result{Secrets: lint.Secrets{d: {2: {"Zq8vN3kLp0Rt7Wx2"}}}}, 2); strings.Contains(got, "Zq8vN3kLp0Rt7Wx2") {
		t.Errorf("the result's secret shows:\n%s", got)
	}
	if got := text(lint.Result{}, 3); strings.Contains(got, "Hb4mQ9sT2vY6nC1x") || !strings.Contains(got, "clientSecret") {
		t.Errorf("without the result's secrets, the excerpt is not masked by the document's:\n%s", got)
	}
}

// TestRepeatedMessageMaskedEachTime: a message that several findings of a
// result share is masked and escaped once and shown so on each of them.
func TestRepeatedMessageMaskedEachTime(t *testing.T) {
	msg := "the token URL https://login.contoso.com/t?client_secret=Sup3rS3cretValue9 is sent\x1b[2J"
	f := lint.Finding{Rule: "r", Severity: lint.Warning, File: "a.json", Line: 1, Column: 1, Message: msg}
	var out strings.Builder
	if err := (&Text{W: &out}).Result(lint.Result{}, []lint.Finding{f, f, f}); err != nil {
		t.Fatal(err)
	}
	want := "a.json:1:1: warning r: " + escape.Text(secret.MaskText(msg)) + "\n"
	if got := out.String(); got != strings.Repeat(want, 3) || strings.Contains(got, "Sup3rS3cretValue9") {
		t.Errorf("got\n%s\nwant three times\n%s", got, want)
	}
}
