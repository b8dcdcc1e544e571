package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// exampleDocs are the documents whose sh blocks TestExamples runs, beside
// every command's --help.
var exampleDocs = []string{"README.md", "docs/diff.md"}

// example is one line of an Examples section or of a documentation sh
// block: where it is, and the text (continuation lines joined).
type example struct {
	where, line string
}

// invocation is one ppconn command of an example line, with the standard
// input a pipe gives it and the comment of the line.
type invocation struct {
	args    []string
	piped   bool
	comment string
}

// TestExamples runs every example of every command's --help and of the
// README's (and docs/diff.md's) sh blocks in a sandbox laid out as the
// examples name it: a git repository whose work tree removed an operation
// from acme and connectors/acme since the last commit, and old/new files
// where NEW removed it. Every example must run without a usage error, a
// preview (-d, --dry-run, --check, -l) must write nothing, and what a
// comment claims is checked: "my edits" and "the editor's text" must see
// the removal as breaking (OLD first, then NEW), "in CI" and "exit 1" must
// exit 1 (#12 item 6).
func TestExamples(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed; the examples read git:REV:PATH")
	}
	root := sharedtest.RepoRoot(t)
	var examples []example
	walkCommands(NewRoot(nil, nil), func(c *cobra.Command) {
		for _, l := range exampleLines(c.Example) {
			examples = append(examples, example{c.CommandPath() + " --help", l})
		}
	})
	for _, doc := range exampleDocs {
		examples = append(examples, docExamples(t, filepath.Join(root, doc), doc)...)
	}
	if len(examples) < 50 {
		t.Fatalf("found %d examples only: the extraction is broken", len(examples))
	}
	template := exampleSandbox(t, root)
	ran := 0
	for _, ex := range examples {
		invs := invocations(ex.line)
		for _, inv := range invs {
			if msg := validArgs(inv.args); msg != "" {
				t.Errorf("%s: %q: %s", ex.where, ex.line, msg)
			}
		}
		if len(invs) == 0 || invs[0].args[0] == "lsp" {
			continue // lsp serves its standard input until the editor leaves
		}
		parent := t.TempDir()
		dir := filepath.Join(parent, "sandbox")
		copyTree(t, template, dir)
		copyTree(t, filepath.Join(template, "connectors"), filepath.Join(parent, "connectors"))
		withoutAuth(t, dir, invs[0].args)
		t.Chdir(dir)
		for _, inv := range invs {
			before := treeDigest(t, dir)
			stdin := ""
			if inv.piped {
				stdin = editedDefinition(t, filepath.Join(root, "examples/teams-provisioning/apiDefinition.swagger.json"))
			}
			code, stdout, stderr := runIn(stdin, inv.args...)
			ran++
			fail := func(what string) {
				t.Errorf("%s: %q: %s\nexit %d\nstdout:\n%.1500s\nstderr:\n%.1500s", ex.where, ex.line, what, code, stdout, stderr)
			}
			if code == ExitUsage {
				fail("a usage error")
				continue
			}
			if preview(inv.args) && treeDigest(t, dir) != before {
				fail("a preview wrote to the files")
			}
			c := strings.ToLower(inv.comment)
			switch {
			case inv.args[0] == "diff" && (strings.Contains(c, "my edits") || strings.Contains(c, "editor's text")):
				if !strings.Contains(stdout, "breaking removed") {
					fail("the removed operation is not reported as a breaking removal: OLD must come first, then NEW")
				}
			case strings.Contains(c, "in ci") && inv.args[0] == "diff", strings.Contains(c, "exit 1"):
				if code != ExitFindings {
					fail("the comment says the run fails (exit 1) on this sandbox")
				}
			}
		}
	}
	t.Logf("%d examples, %d ppconn runs", len(examples), ran)
}

// walkCommands calls f on c and every command below it.
func walkCommands(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, s := range c.Commands() {
		walkCommands(s, f)
	}
}

// exampleLines splits an Examples text into lines, a line ending in a
// backslash joined with the next.
func exampleLines(text string) []string {
	var out []string
	cur := ""
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasSuffix(l, `\`) {
			cur += strings.TrimSuffix(l, `\`) + " "
			continue
		}
		if l = strings.TrimSpace(cur + l); l != "" {
			out = append(out, l)
		}
		cur = ""
	}
	return out
}

// docExamples are the lines of the sh blocks of a Markdown file, skipping
// the Development section (go test, CI scripts).
func docExamples(t *testing.T, path, name string) []example {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	in, dev := false, false
	var block []string
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			dev = strings.HasPrefix(l, "## Development")
		case strings.HasPrefix(l, "```sh"):
			in, block = true, nil
		case in && strings.HasPrefix(l, "```"):
			in = false
			if !dev {
				for _, e := range exampleLines(strings.Join(block, "\n")) {
					out = append(out, example{name, e})
				}
			}
		case in:
			block = append(block, l)
		}
	}
	return out
}

var shellWord = regexp.MustCompile(`"[^"]*"|'[^']*'|&&|\|\||[|;]|>>|2>|>|[^\s"'|;>&]+`)

// invocations splits an example line into its ppconn commands: a word
// ppconn (or go run ./cmd/ppconn) starting a command of a pipeline, up to
// the next operator or redirection; a command after a pipe reads standard
// input. Other commands (cd, pbpaste, jq, npx) are not run.
func invocations(line string) []invocation {
	comment := ""
	words := shellWord.FindAllString(line, -1)
	for i, w := range words {
		if strings.HasPrefix(w, "#") {
			idx := strings.Index(line, " #")
			if idx >= 0 {
				comment = strings.TrimSpace(line[idx+2:])
			}
			words = words[:i]
			break
		}
	}
	var out []invocation
	piped, start := false, true
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch w {
		case "|":
			piped, start = true, true
			continue
		case "&&", "||", ";":
			piped, start = false, true
			continue
		}
		if !start {
			continue
		}
		start = false
		var args []string
		switch {
		case w == "ppconn":
		case w == "go" && i+2 < len(words) && words[i+1] == "run" && words[i+2] == "./cmd/ppconn":
			i += 2
		default:
			continue
		}
		for i+1 < len(words) && !strings.ContainsAny(words[i+1][:1], "|;&>") && words[i+1] != "2>" {
			i++
			args = append(args, unquote(words[i]))
		}
		if len(args) > 0 {
			out = append(out, invocation{args: args, piped: piped, comment: comment})
		}
	}
	return out
}

// unquote removes the quotes of a shell word and gives $APP_ID a value.
func unquote(w string) string {
	if len(w) >= 2 && (w[0] == '"' || w[0] == '\'') {
		w = w[1 : len(w)-1]
	}
	return strings.ReplaceAll(w, "$APP_ID", "11111111-2222-3333-4444-555555555555")
}

// validArgs says what is wrong with args as cobra reads them: an unknown
// command or flag, or the wrong arguments; "" when they parse.
func validArgs(args []string) string {
	root := NewRoot(&bytes.Buffer{}, &bytes.Buffer{})
	c, rest, err := root.Find(args)
	if err != nil {
		return err.Error()
	}
	c.InitDefaultHelpFlag()
	c.InitDefaultVersionFlag()
	if err := c.ParseFlags(rest); err != nil {
		return err.Error()
	}
	if err := c.ValidateArgs(c.Flags().Args()); err != nil {
		return err.Error()
	}
	return ""
}

// preview reports whether args ask for a run that writes nothing.
func preview(args []string) bool {
	for _, a := range args {
		switch a {
		case "-d", "--dry-run", "--check", "-l":
			return true
		}
	}
	return false
}

// exampleSandbox lays out the files the examples name, from the bundled
// example connector: committed on branch main, then acme and
// connectors/acme lose an operation in the work tree; old.* and v1 hold
// the definition, new.* and v2 the edited one.
func exampleSandbox(t *testing.T, root string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "template")
	src := filepath.Join(root, "examples/teams-provisioning")
	def, err := os.ReadFile(filepath.Join(src, "apiDefinition.swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	props, err := os.ReadFile(filepath.Join(src, "apiProperties.json"))
	if err != nil {
		t.Fatal(err)
	}
	global := bytes.Replace(props, []byte(`"GlobalPerConnector"`), []byte(`"Global"`), 1)
	edited := editedDefinition(t, filepath.Join(src, "apiDefinition.swagger.json"))
	yamlOf := func(json []byte) string {
		t.Helper()
		code, out, stderr := runIn(string(json), "convert", "-", "--to", "yaml")
		if code != ExitOK {
			t.Fatalf("convert to YAML: exit %d: %s", code, stderr)
		}
		return out
	}
	files := map[string]string{
		"apiDefinition.swagger.json":                             string(def),
		"apiDefinition.swagger.yaml":                             yamlOf(def),
		"apiProperties.json":                                     string(props),
		"examples/teams-provisioning/apiDefinition.swagger.json": string(def),
		"examples/teams-provisioning/apiProperties.json":         string(props),
		"old.json":                      string(def),
		"old.yaml":                      yamlOf(def),
		"new.json":                      edited,
		"new.yaml":                      yamlOf([]byte(edited)),
		"v1/apiDefinition.swagger.json": string(def),
		"v2/apiDefinition.swagger.yaml": yamlOf([]byte(edited)),
		"v2/apiDefinition.swagger.json": edited,
		"v1/apiDefinition.swagger.yaml": yamlOf(def),
	}
	for _, c := range []string{"acme", "connectors/acme", "connectors/contoso", "connectors/nbold"} {
		files[c+"/apiDefinition.swagger.json"] = string(def)
		files[c+"/apiProperties.json"] = string(global)
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=ppconn", "-c", "user.email=ppconn@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "the connector")
	for _, c := range []string{"acme", "connectors/acme"} {
		if err := os.WriteFile(filepath.Join(dir, c, "apiDefinition.swagger.json"), []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	if code, _, stderr := runIn("", "lint", "--write-baseline", ".ppconn-baseline.json", "."); code == ExitUsage {
		t.Fatalf("writing the baseline: %s", stderr)
	}
	return dir
}

// withoutAuth removes the authentication of connectors/contoso and of
// the sandbox's root connector for the auth commands that write a new one
// (their examples start from a connector without authentication);
// migrate-redirect, none and show keep the Global Entra ID sign-in.
func withoutAuth(t *testing.T, dir string, args []string) {
	t.Helper()
	if args[0] != "auth" || len(args) < 2 || args[1] == "migrate-redirect" || args[1] == "none" || args[1] == "show" || args[1] == "sets" {
		return
	}
	for _, c := range []string{".", "connectors/contoso"} {
		edit := func(name string, f func(map[string]any)) {
			p := filepath.Join(dir, c, name)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			f(v)
			if err := os.WriteFile(p, []byte(mustJSON(t, v)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		edit("apiDefinition.swagger.json", func(v map[string]any) {
			delete(v, "securityDefinitions")
			delete(v, "security")
		})
		edit("apiProperties.json", func(v map[string]any) {
			delete(v["properties"].(map[string]any), "connectionParameters")
		})
		if err := os.Remove(filepath.Join(dir, c, "apiDefinition.swagger.yaml")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if args[1] == "oauth2" && !slices.Contains(args, "--authorization-url") {
		// "keep the files' values": the example's connector has a generic OAuth 2 sign-in
		t.Chdir(dir)
		if code, _, stderr := runIn("", "auth", "oauth2", "--authorization-url", "https://login.contoso.com/authorize", "--token-url", "https://login.contoso.com/token", "."); code != ExitOK {
			t.Fatalf("preparing a generic OAuth 2 connector: exit %d: %s", code, stderr)
		}
	}
}

// editedDefinition is the definition at path without its first operation
// other than the connection test: the edit whose removal every diff
// example must call breaking.
func editedDefinition(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var def map[string]any
	if err := json.Unmarshal(b, &def); err != nil {
		t.Fatal(err)
	}
	paths := def["paths"].(map[string]any)
	for p, item := range paths {
		if !strings.Contains(mustJSON(t, item), "TestConnection") {
			delete(paths, p)
			break
		}
	}
	return mustJSON(t, def)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// copyTree copies the folder src to dst, .git included.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// treeDigest is the content of every file below dir outside .git.
func treeDigest(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(p + "\x00" + string(data) + "\x00")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
