package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/lint"
)

var hostile = lint.Finding{
	Rule: "r", Severity: lint.Error, File: "a,b:c;d]e%.json", Line: 3, Column: 4,
	Message: "@admin *see* <b>x</b> | `code` [link](http://x) 100%\n::set-output name=a::b ##vso[task.setvariable variable=x]y\x1b[2J\a",
}

func TestEscaping(t *testing.T) {
	var b bytes.Buffer
	g := &GitHub{W: &b}
	if err := g.Result(lint.Result{}, []lint.Finding{hostile}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a%2Cb%3Ac;d]e%25.json,line=3,col=4,title=r::@admin *see* <b>x</b> | `code` [link](http://x) 100%25%0A:\u200b:set-output name=a::b ##\u200bvso[task.setvariable variable=x]y\\x1b[2J\\x07\n"
	if b.String() != want {
		t.Errorf("github:\n got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	a := &Azure{W: &b}
	if err := a.Result(lint.Result{}, []lint.Finding{hostile}); err != nil {
		t.Fatal(err)
	}
	want = "##vso[task.logissue type=error;sourcepath=a,b:c%3Bd%5De%AZP25.json;linenumber=3;columnnumber=4;code=r]@admin *see* <b>x</b> | `code` [link](http://x) 100%AZP25%0A:\u200b:set-output name=a::b ##\u200bvso[task.setvariable variable=x]y\\x1b[2J\\x07\n"
	if b.String() != want {
		t.Errorf("azure:\n got %q\nwant %q", b.String(), want)
	}
	b.Reset()
	m := &Markdown{W: &b}
	if err := m.Result(lint.Result{}, []lint.Finding{hostile}); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(Summary{Errors: 1, Files: 1, Connectors: 1}); err != nil {
		t.Fatal(err)
	}
	row := "| error | [r](" + HelpURI("r") + ") | `a,b:c;d]e%.json:3:4` | @&#8203;admin \\*see\\* &lt;b&gt;x&lt;/b&gt; \\| \\`code\\` \\[link\\](http://x) 100%\\\\n::set-output name=a::b \\#\\#\u200bvso\\[task.setvariable variable=x\\]y\\\\x1b\\[2J\\\\x07 |"
	if !strings.Contains(b.String(), row) {
		t.Errorf("markdown:\n%s\nwant the row\n%s", b.String(), row)
	}
}
