package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

const bareBraceDefinition = `{
    "swagger": "2.0",
    "info": {"title": "Contoso", "description": "Contoso teams.", "version": "1.0"},
    "host": "api.contoso.com",
    "basePath": "/",
    "schemes": ["https"],
    "paths": {
        "/teams/{teamId}": {
            "get": {
                "operationId": "GetTeam",
                "summary": "Get a team",
                "description": "Returns one team.",
                "parameters": [
                    {
                        "in": "path",
                        "required": true,
                        "type": "string",
                        "name": "teamId"
                    }
                ],
                "responses": {"200": {"description": "OK", "schema": {"type": "object"}}}
            }
        }
    }
}
`

var bareBrace = regexp.MustCompile(`(?m)^ +[{\[] *$`)

// TestExcerptNamesTheObject: a finding about an object whose line holds
// only its opening brace shows the line that names the object (the
// parameter's "name"), not a lone "{" (#12 item 9).
func TestExcerptNamesTheObject(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "apiDefinition.swagger.json")
	if err := os.WriteFile(def, []byte(bareBraceDefinition), 0o644); err != nil {
		t.Fatal(err)
	}
	_, out, stderr := run("lint", "--all", "--only", "path-param-url-encoding", def)
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.Contains(lines[0], ":14:21: warning path-param-url-encoding:") {
		t.Fatalf("the finding is not reported at the parameter's brace:\n%s%s", out, stderr)
	}
	if strings.TrimSpace(lines[1]) != `"name": "teamId"` || strings.Index(lines[2], "^") != strings.Index(lines[1], `"name"`) {
		t.Errorf("the excerpt does not show the parameter's name line, caret under it:\n%s", out)
	}
	if v5, ok := sharedtest.Optional(t, "nbold/v5/apiDefinition.swagger.json"); ok {
		_, out, _ := run("lint", "--all", v5)
		if n := len(bareBrace.FindAllString(out, -1)); n > 0 {
			t.Errorf("nBold v5's JSON: %d excerpts show only a brace:\n%s", n, out)
		}
	}
}
