package cli

// The hostile pull request suite (issue 19): one case per way a pull
// request could steer the CI gate, hang it, read the machine or leak a
// secret. Every case asserts the fixed behaviour, not only "no crash".
//
// The items and their cases (the ones outside this file named with it):
//
//	1 names in errors, fmt -l/-d, azure info lines  TestHostileNamesInOutput
//	2 diff text and markdown                        TestHostileDiffNames
//	3 $ref diamond                                  TestHostileRefDiamond, BenchmarkLintRefDiamond
//	4 reads: /dev/zero, FIFO, symlinks out          TestHostileFileKinds
//	5 writes through symlinks out of the tree       TestHostileWritesOutsideTree
//	6 secrets in any output                         TestNoSecretInAnyOutput (secrets_all_test.go)
//	7 library loggers                               TestHostileLibraryLogs
//	8 big inputs                                    TestHostileManyDefinitions, BenchmarkLintManyDefinitions,
//	                                                BenchmarkLintMinified, BenchmarkFixManyFindings (internal/fix),
//	                                                TestLineDiffBig, TestYAMLChunksSameText (internal/rewrite)
//	9 control characters (property)                 TestHostileRandomStrings
//	  auth's two files as one transaction           TestAuthWriteTransaction, TestWriteFilesAtomicTransaction (internal/rewrite)
//	  mode, owner, hard links, stale temp files     TestWriteFileAtomicKeepsModeBits, TestWriteFileAtomicKeepsOwner,
//	                                                TestWriteFileAtomicHardLink, TestWriteFileAtomicRemovesStaleTemps
//	  .ppconn.yaml size, -o bogus:x                 TestLoadSizeLimit (internal/config), TestOutputFile
//	  secrets quoted in errors                      TestNoSecretInAnyOutput (broken/), TestMaskUnparsed (internal/secret)

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// refDiamond is a definition whose body schema X0 has two properties that
// both $ref X1, and so on down to X{depth}: 2^depth ways down, depth+1
// definitions.
func refDiamond(depth int) string {
	var defs []string
	for i := 0; i < depth; i++ {
		defs = append(defs, fmt.Sprintf(`"X%d": {"type": "object", "properties": {"a": {"$ref": "#/definitions/X%d"}, "b": {"$ref": "#/definitions/X%d"}}}`, i, i+1, i+1))
	}
	defs = append(defs, fmt.Sprintf(`"X%d": {"type": "object", "properties": {"leaf": {"type": "string", "x-ms-notification-url": true}}}`, depth))
	return `{"swagger": "2.0", "info": {"title": "Diamond", "version": "1.0", "description": "A diamond of references for a hostile test."},
  "host": "api.example.com", "basePath": "/", "schemes": ["https"],
  "paths": {"/hook": {"post": {"operationId": "Hook", "summary": "Hook", "description": "Hook",
    "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/X0"}}],
    "responses": {"201": {"description": "ok"}}}}},
  "definitions": {` + strings.Join(defs, ",\n") + `}}`
}

func writeConnector(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Item 3: a $ref diamond 40 deep (2^40 ways down) lints and fixes: every
// walk that follows $refs visits a definition once. Without memoisation
// this test never ends; its speed is measured by BenchmarkLintRefDiamond.
func TestHostileRefDiamond(t *testing.T) {
	dir := writeConnector(t, map[string]string{"apiDefinition.swagger.json": refDiamond(40)})
	if code, out, stderr := run("lint", "--format", "json", dir); code == ExitUsage || !json.Valid([]byte(out)) {
		t.Fatalf("lint: exit %d, %s", code, stderr)
	}
	if code, _, stderr := run("fix", "-d", dir); code == ExitUsage {
		t.Fatalf("fix -d: exit %d, %s", code, stderr)
	}
}

func BenchmarkLintRefDiamond(b *testing.B) {
	dir := writeConnector(b, map[string]string{"apiDefinition.swagger.json": refDiamond(40)})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, _, stderr := run("lint", "-q", dir); code == ExitUsage {
			b.Fatal(stderr)
		}
	}
}

// BenchmarkLintMinified (item 8): excerpts of a one-line definition of
// 0.5 MB with 3,000 findings on that line cost a window of the line
// each, not the line: the text report takes about as long as JSON's.
func BenchmarkLintMinified(b *testing.B) {
	var paths []string
	for i := range 3000 {
		paths = append(paths, fmt.Sprintf(`"/items%d/{id}":{"get":{"operationId":"op%d","parameters":[{"name":"id","in":"path","required":true,"type":"string"}],"responses":{"200":{"description":"OK"}}}}`, i, i))
	}
	dir := writeConnector(b, map[string]string{"apiDefinition.swagger.json": `{"swagger":"2.0","info":{"title":"M","version":"1.0"},"host":"api.contoso.com","paths":{` + strings.Join(paths, ",") + `}}`})
	for _, format := range []string{"text", "json"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if code, _, stderr := run("lint", "--no-color", "--format", format, dir); code == ExitUsage {
					b.Fatal(stderr)
				}
			}
		})
	}
}

// Item 7: libopenapi's logger is silenced: an unresolvable $ref (with a CI
// command in it) no longer puts log lines on stdout when diff runs
// what-changed, so --format json stays one JSON document.
func TestHostileLibraryLogs(t *testing.T) {
	def := func(maxLength int, summary string) string {
		return `{"swagger": "2.0", "info": {"title": "L", "version": "1"}, "host": "a.example.com", "paths": {"/a": {"get": {"operationId": "A", "summary": "` + summary + `",
  "parameters": [{"name": "q", "in": "query", "type": "string", "maxLength": ` + fmt.Sprint(maxLength) + `}, {"$ref": "#/parameters/##vso[task.setvariable variable=PWNED]yes"}],
  "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Nope ::error ::PWNED"}}}}}}, "definitions": {}}`
	}
	old := writeConnector(t, map[string]string{"apiDefinition.swagger.json": def(20, "a")})
	new := writeConnector(t, map[string]string{"apiDefinition.swagger.json": def(10, "b")})
	code, out, stderr := run("diff", "--format", "json", old, new)
	if code == ExitUsage {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		WhatChanged bool `json:"whatChanged"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("stdout is not one JSON document (%v):\n%s", err, out)
	}
	if !rep.WhatChanged {
		t.Error("what-changed did not run: the case no longer exercises libopenapi")
	}
	if strings.Contains(out+stderr, `"level"`) {
		t.Errorf("a library log line reached the output:\n%s\n%s", out, stderr)
	}
}

// hostileNames are folder names that would be CI commands if printed raw:
// Azure Pipelines acts on "##vso[" anywhere in a line, GitHub Actions on
// "::" at the start of one, and either agent splits lines at CR as at LF.
var hostileNames = []string{
	"c\n##vso[task.setvariable variable=PWNED]yes",
	"d\r\n::error ::PWNED",
	"e\x1b]0;title\x07\u202e",
}

// ownCommand matches the one CI command ppconn writes per line in the
// github and azure formats; any other "::" line start or "##vso[" is
// injected.
var ownCommand = map[string]*regexp.Regexp{
	"github": regexp.MustCompile(`^::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^:,]*::`),
	"azure":  regexp.MustCompile(`^##vso\[task\.logissue type=(error|warning);sourcepath=[^;\]]*;linenumber=\d+;columnnumber=\d+;code=[^;\]]*\]`),
}

// assertNoCICommand fails when a line of out (split at LF and at CR, as
// the runners do) holds a raw control character other than a tab, or a CI
// command that ppconn did not write as one: with format "github" or
// "azure", a line may start with ppconn's own annotation.
func assertNoCICommand(t *testing.T, where, format, out string) {
	t.Helper()
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if i := strings.IndexFunc(line, func(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f }); i >= 0 {
			t.Errorf("%s: raw control character %q in %q", where, line[i], line)
		}
		rest := line
		if re := ownCommand[format]; re != nil {
			if m := re.FindString(line); m != "" {
				rest = line[len(m):]
			}
		}
		if strings.HasPrefix(strings.TrimLeft(rest, " \t"), "::") || strings.Contains(rest, "##vso[") || strings.Contains(rest, "##[") {
			t.Errorf("%s: a CI command ppconn did not write: %q", where, line)
		}
	}
}

// assertNoSplitName fails when a line of out starts with a defanged CI
// command: with names that start with a letter, that is a name printed
// across a line break.
func assertNoSplitName(t *testing.T, where, out string) {
	t.Helper()
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if start := strings.TrimLeft(line, " \t"); strings.HasPrefix(start, "##\u200b") || strings.HasPrefix(start, ":\u200b:") {
			t.Errorf("%s: a name split across lines: %q", where, line)
		}
	}
}

// Item 1: file and folder names reach no CI log raw: stderr errors of
// every command, fmt -l, fmt --check, fmt -d, fix -d, auth, and the info
// lines of --format azure print each name as one escaped line.
func TestHostileNamesInOutput(t *testing.T) {
	root := t.TempDir()
	var dirs []string
	for _, name := range hostileNames {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
		// not formatted, with fixable findings, and no host (an info finding)
		def := `{"swagger":"2.0","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"operationId":"A","responses":{"200":{"description":"ok"}}}}}}`
		if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), []byte(def), 0o644); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, dir)
	}
	missing := filepath.Join(root, "missing\n::error ::PWNED\n##vso[task.complete result=Succeeded]")
	var cases [][]string
	for _, format := range []string{"text", "json", "sarif", "github", "azure", "junit", "markdown"} {
		cases = append(cases, []string{"lint", "--no-color", "--format", format, root}, []string{"lint", "--format", format, missing})
	}
	for _, dir := range dirs {
		def := filepath.Join(dir, "apiDefinition.swagger.json")
		cases = append(cases,
			[]string{"fmt", "-l", dir}, []string{"fmt", "--check", "-l", dir}, []string{"fmt", "--check", dir}, []string{"fmt", "-d", dir},
			[]string{"fmt", missing}, []string{"fix", "-d", dir}, []string{"fix", missing},
			[]string{"convert", dir}, []string{"convert", def, "--to", "yaml"}, []string{"convert", missing},
			[]string{"diff", dirs[0], dir}, []string{"diff", "--text", dirs[0], dir}, []string{"diff", "--format", "markdown", dirs[0], dir}, []string{"diff", dir, missing},
			[]string{"auth", "show", dir}, []string{"auth", "aad", "--dry-run", "--resource-uri", "https://graph.microsoft.com", dir},
			[]string{"auth", "aad", "--dry-run", "--resource-uri", "https://graph.microsoft.com", missing})
	}
	for _, args := range cases {
		format := ""
		if len(args) > 3 && args[2] == "--format" {
			format = args[3]
		}
		_, out, stderr := run(args...)
		where := fmt.Sprintf("%q", args)
		assertNoCICommand(t, where+" stdout", format, out)
		assertNoCICommand(t, where+" stderr", "", stderr)
		assertNoSplitName(t, where, out+stderr)
	}
}

// Item 2: diff prints the operationIds, paths, parameter names and
// pointers of an update (CR, LF, ESC, CI commands) escaped in text, in
// --text and in markdown, where newlines, headings, HTML and @mentions
// are escaped too.
func TestHostileDiffNames(t *testing.T) {
	old := writeConnector(t, map[string]string{"apiDefinition.swagger.json": `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"a.example.com",
  "paths":{"/a":{"get":{"operationId":"A","responses":{"200":{"description":"ok"}}}}}}`})
	new := writeConnector(t, map[string]string{"apiDefinition.swagger.json": `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"a.example.com",
  "paths":{"/a\r\n::error ::P1":{"get":{"operationId":"A\r\n::error ::PWNED\n##vso[task.setvariable variable=X]yes\u001b[31m\u0007\n# head @admin <img src=x>","responses":{"200":{"description":"ok"}}}},
    "/b\n##vso[task.complete]x":{"post":{"operationId":"B\n## Heading\n<script>","parameters":[{"name":"p\n::warning ::x","in":"query","type":"string","required":true}],"responses":{"200":{"description":"ok"}}}}}}`})
	for _, args := range [][]string{{"diff", old, new}, {"diff", "--text", old, new}, {"diff", "--format", "markdown", old, new}, {"diff", "--format", "markdown", "--text", old, new}, {"diff", "--format", "json", old, new}} {
		_, out, stderr := run(args...)
		if !strings.Contains(out, "PWNED") {
			t.Fatalf("%q: the change is not shown:\n%s", args, out)
		}
		assertNoCICommand(t, fmt.Sprint(args), "", out+stderr)
		if args[1] == "--format" && args[2] == "markdown" {
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, "|") && (strings.Contains(line, "PWNED") || strings.Contains(line, "Heading")) {
					// a table row, outside its code spans (the text diff is fenced)
					if text := codeSpan.ReplaceAllString(line, "``"); strings.Contains(text, "@admin") || strings.Contains(text, "<img") || strings.Contains(text, "<script") || strings.HasPrefix(line, "#") {
						t.Errorf("%q: markdown not escaped: %q", args, line)
					}
				}
			}
		}
	}
}

// codeSpan is a Markdown code span of one line.
var codeSpan = regexp.MustCompile("`[^`]*`")

// Item 9 (property): for random folder names and connector strings made
// of control characters, line breaks, CI command openings and Markdown,
// no line of any text output (lint text, github, azure, markdown; fmt
// -l/-d, fix -d, diff text, markdown, github, azure and --text, auth show,
// sets list and the writers' --dry-run/--check, textconv) holds a raw
// control character or a CI command that ppconn did not write.
func TestHostileRandomStrings(t *testing.T) {
	pieces := []string{"\n", "\r", "\r\n", "\x1b[31m", "\x1b]0;t\x07", "\x07", "\x00", "\x7f", "\u009b", "\u202e", "\u2028",
		"##vso[task.setvariable variable=X]y", "##[error]", "::error ::x", "::", "##", "# h", "@admin", "<b>", "`", "|", "\t", " ", "a", "é", "\xff"}
	rng := rand.New(rand.NewPCG(19, 9))
	word := func(max int) string {
		var b strings.Builder
		for range 1 + rng.IntN(max) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	quote := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	root := t.TempDir()
	for i := range 25 {
		name := strings.Map(func(r rune) rune {
			if r == 0 || r == '/' || r == utf8.RuneError {
				return '_'
			}
			return r
		}, word(4))
		dir := filepath.Join(root, fmt.Sprintf("%d%s", i, name))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("mkdir %q: %v", dir, err)
		}
		def := `{"swagger": "2.0", "info": {"title": ` + quote(word(4)) + `, "version": "1", ` + quote(word(3)) + `: 1},
  "host": "api.example.com", "paths": {` + quote("/"+word(3)) + `: {"get": {"operationId": ` + quote(word(4)) + `, "summary": ` + quote(word(3)) + `,
    "parameters": [{"name": ` + quote(word(3)) + `, "in": "query", "type": "string", "enum": [` + quote(word(2)) + `, 3], ` + quote("x"+word(2)) + `: true}],
    "responses": {"200": {"description": ` + quote(word(3)) + `}}}}}}`
		if err := os.WriteFile(filepath.Join(dir, "apiDefinition.swagger.json"), []byte(def), 0o644); err != nil {
			t.Fatal(err)
		}
		props := `{"properties": {"connectionParameters": {` + quote(word(3)) + `: {"type": "string", "uiDefinition": {"displayName": ` + quote(word(3)) + `}}}, "iconBrandColor": ` + quote(word(2)) + `}}`
		if err := os.WriteFile(filepath.Join(dir, "apiProperties.json"), []byte(props), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var prev string
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		var cases [][]string
		for _, format := range []string{"text", "github", "azure", "markdown"} {
			cases = append(cases, []string{"lint", "--no-color", "--format", format, dir})
		}
		cases = append(cases, []string{"fmt", "-l", dir}, []string{"fmt", "-d", dir}, []string{"fix", "-d", dir}, []string{"auth", "show", dir},
			[]string{"auth", "aad", "--dry-run", "--resource-uri", "https://graph.microsoft.com", dir},
			[]string{"auth", "apikey", "--dry-run", "--replace", "--in", "header", "--name", "X-Key", dir},
			[]string{"auth", "oauth2", "--check", "--replace", "--client-id", "app", "--authorization-url", "https://id.contoso.com/a", "--token-url", "https://id.contoso.com/t", "--refresh-url", "https://id.contoso.com/t", dir},
			[]string{"auth", "sets", "list", dir},
			// convert prints the converted file itself, data for a file
			// and not a report (docs/ci.md), so it is not run here
			[]string{"textconv", filepath.Join(dir, "apiDefinition.swagger.json")})
		if prev != "" {
			cases = append(cases, []string{"diff", "--no-color", "--text", prev, dir}, []string{"diff", "--format", "markdown", "--text", prev, dir},
				[]string{"diff", "--no-color", prev, dir}, []string{"diff", "--format", "github", prev, dir}, []string{"diff", "--format", "azure", prev, dir})
		}
		prev = dir
		for _, args := range cases {
			format := ""
			for i := range len(args) - 1 {
				if args[i] == "--format" {
					format = args[i+1]
				}
			}
			_, out, stderr := run(args...)
			assertNoCICommand(t, fmt.Sprintf("%q stdout", args), format, out)
			assertNoCICommand(t, fmt.Sprintf("%q stderr", args), "", stderr)
		}
	}
}

// Item 4: a committed symlink to /dev/zero, a FIFO, a symlink to a file
// outside the connector (a credentials file) and a .ppconn.yaml linked to
// /dev/zero are refused without hanging and without reading past a limit;
// the definition and apiProperties.json become a clear input-limits
// finding, and --follow-symlinks reads a link out of the tree (bounded).
func TestHostileFileKinds(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root := t.TempDir()
	def := `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"api.contoso.com","paths":{}}`
	creds := filepath.Join(t.TempDir(), "credentials")
	mk := func(dir string, files map[string]string, links map[string]string) string {
		dir = filepath.Join(root, dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for name, target := range links {
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Skipf("symlink: %v", err)
			}
		}
		return dir
	}
	if err := os.WriteFile(creds, []byte(`{"aws_secret_access_key": "hunter2-CREDENTIAL-LEAK"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	zero := mk("zero", nil, map[string]string{"apiDefinition.swagger.json": "/dev/zero"})
	fifo := mk("fifo", nil, nil)
	if err := syscallMkfifo(filepath.Join(fifo, "apiDefinition.swagger.json")); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	outside := mk("outside", map[string]string{"apiDefinition.swagger.json": def}, map[string]string{"apiProperties.json": creds})
	config := mk("config", map[string]string{"apiDefinition.swagger.json": def}, map[string]string{".ppconn.yaml": "/dev/zero"})
	inside := mk("inside", map[string]string{"real.json": def}, map[string]string{"apiDefinition.swagger.json": "real.json"})

	runBounded := func(args ...string) (int, string) {
		t.Helper()
		type result struct {
			code     int
			out, err string
		}
		done := make(chan result, 1)
		go func() { code, out, err := run(args...); done <- result{code, out, err} }()
		select {
		case r := <-done:
			return r.code, r.out + r.err
		case <-time.After(20 * time.Second):
			t.Fatalf("%q hangs", args)
			return 0, ""
		}
	}
	for _, dir := range []string{zero, fifo, outside} {
		code, out := runBounded("lint", "--format", "json", dir)
		if code == ExitUsage || !strings.Contains(out, `"input-limits"`) || strings.Contains(out, "hunter2") {
			t.Errorf("lint %s: exit %d, want an input-limits finding and no file outside the tree:\n%s", filepath.Base(dir), code, out)
		}
		def := filepath.Join(dir, "apiDefinition.swagger.json")
		for _, args := range [][]string{{"fmt", "-l", def}, {"convert", def}, {"diff", def, def}, {"fix", "-d", dir}, {"auth", "show", dir}} {
			if _, out := runBounded(args...); strings.Contains(out, "hunter2") {
				t.Errorf("%q shows the file outside the tree:\n%s", args, out)
			}
		}
	}
	if code, out := runBounded("lint", config); code != ExitUsage || !strings.Contains(out, "not a regular file") {
		t.Errorf("lint with .ppconn.yaml -> /dev/zero: exit %d, %s", code, out)
	}
	if code, out := runBounded("lint", "--format", "json", inside); code == ExitUsage || strings.Contains(out, `"input-limits"`) {
		t.Errorf("a symlink inside the connector is refused: exit %d, %s", code, out)
	}
	if _, out := runBounded("lint", "--follow-symlinks", "--format", "json", outside); strings.Contains(out, "a symbolic link") {
		t.Errorf("--follow-symlinks still refuses the link:\n%s", out)
	}
}

// Item 5: -o, --write-baseline and the in-place rewrites of fmt -w, fix
// and convert -o refuse to write through a symlink (to a file, or a
// symlinked folder) that a pull request committed in the working folder
// and that leads outside it; the target is left as it was.
func TestHostileWritesOutsideTree(t *testing.T) {
	work := t.TempDir()
	victimDir := t.TempDir()
	victim := filepath.Join(victimDir, "victim")
	const untouched = "precious\n"
	if err := os.WriteFile(victim, []byte(untouched), 0o644); err != nil {
		t.Fatal(err)
	}
	def := `{"swagger":"2.0","info":{"title":"T","version":"1"},"host":"api.contoso.com","paths":{}}`
	conn := filepath.Join(work, "conn")
	if err := os.MkdirAll(conn, 0o755); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{"ppconn.sarif": victim, "baseline.json": victim, "out.yaml": victim, "reports": victimDir,
		"conn/apiDefinition.swagger.json": victim}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(work, name)); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	other := filepath.Join(work, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "apiDefinition.swagger.json"), []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	for _, args := range [][]string{
		{"lint", "-o", "sarif:ppconn.sarif", "other"},
		{"lint", "-o", "sarif:reports/victim", "other"},
		{"lint", "--write-baseline", "baseline.json", "other"},
		{"lint", "--write-baseline", "reports/victim", "other"},
		{"convert", "other/apiDefinition.swagger.json", "--to", "yaml", "-o", "out.yaml"},
		{"convert", "other/apiDefinition.swagger.json", "--to", "yaml", "-o", "reports/victim"},
		{"fmt", "-w", "conn/apiDefinition.swagger.json"},
		{"fix", "--follow-symlinks", "conn"},
	} {
		_, out, stderr := run(args...)
		b, err := os.ReadFile(victim)
		if err != nil || string(b) != untouched {
			t.Errorf("%q wrote outside the working folder (%v):\n%s%s", args, err, out, stderr)
			if err := os.WriteFile(victim, []byte(untouched), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// a path outside the working folder as written is the caller's choice
	report := filepath.Join(victimDir, "ppconn.sarif")
	if code, _, stderr := run("lint", "-o", "sarif:"+report, "other"); code == ExitUsage {
		t.Errorf("-o outside the working folder: %s", stderr)
	} else if _, err := os.Stat(report); err != nil {
		t.Errorf("-o %s not written: %v", report, err)
	}
}

// requiredChain is a definition of n definitions, each requiring a property
// that refers to the next, the last to the first: one required loop.
func requiredChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"swagger": "2.0", "info": {"title": "Loop", "version": "1"}, "host": "api.example.com", "paths": {}, "definitions": {`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `"D%d": {"type": "object", "required": ["x"], "properties": {"x": {"$ref": "#/definitions/D%d"}}}`, i, (i+1)%n)
	}
	b.WriteString("}}")
	return b.String()
}

// Item 8: looking definitions up by name is constant-time, so the
// required-loop rule (and every rule resolving $refs) is linear in the
// number of definitions. Before the member index, 200,000 definitions ran
// for over two minutes; the benchmark measures it at 50,000.
func TestHostileManyDefinitions(t *testing.T) {
	dir := writeConnector(t, map[string]string{"apiDefinition.swagger.json": requiredChain(2000)})
	code, out, stderr := run("lint", "--no-config", "--only", "required-loop", "--fail-on", "warning", "--format", "json", dir)
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d: %s", code, ExitFindings, stderr)
	}
	if n := strings.Count(out, `"rule":"required-loop"`); n != 1 {
		t.Errorf("%d required-loop findings on one loop of 2,000 definitions, want 1:\n%s", n, out)
	}
}

func BenchmarkLintManyDefinitions(b *testing.B) {
	dir := writeConnector(b, map[string]string{"apiDefinition.swagger.json": requiredChain(50000)})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, _, stderr := run("lint", "-q", "--no-config", dir); code == ExitUsage {
			b.Fatal(stderr)
		}
	}
}
