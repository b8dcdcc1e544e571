package diff

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

const miniJSON = `{"swagger": "2.0", "info": {"title": "Acme", "version": "1.0"}, "host": "api.acme.com",
 "paths": {"/items": {"get": {"operationId": "ListItems", "responses": {"200": {"description": "OK"}}}}}}`

const miniYAML = `swagger: "2.0"
info:
  title: Acme
  version: "1.0"
host: api.acme.com
paths:
  /items:
    get:
      operationId: ListItems
      responses:
        "200":
          description: OK
`

func TestDiffReadStdin(t *testing.T) {
	for name, text := range map[string]string{"json": miniJSON, "yaml": miniYAML, "yaml with a BOM and a comment": "\ufeff# pasted\n" + miniYAML} {
		in, err := Read("-", strings.NewReader(text), connector.DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if in.Definition.Root.At("paths", "/items", "get", "operationId").Str() != "ListItems" {
			t.Errorf("%s: not read as a definition", name)
		}
	}
	if _, err := Read("-", strings.NewReader("{\"swagger\": "), connector.DefaultLimits); !errors.Is(err, ErrRead) || !strings.Contains(err.Error(), "-:1:") {
		t.Errorf("a truncated paste must be a located read error, got %v", err)
	}
	lim := connector.DefaultLimits
	lim.MaxBytes = 10
	if _, err := Read("-", strings.NewReader(miniYAML), lim); err == nil {
		t.Error("stdin over --max-bytes must be refused")
	}
}

func TestDiffReadFilesAndFolders(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a/apiDefinition.swagger.json", miniJSON)
	write("a/apiProperties.json", `{"properties": {"publisher": "Acme"}}`)
	write("b/apiDefinition.swagger.yaml", miniYAML)
	odd := write("pasted.txt", miniYAML)
	props := write("c/apiProperties.json", `{"properties": {"publisher": "Acme"}}`)

	a, err := Read(filepath.Join(dir, "a"), nil, connector.DefaultLimits)
	if err != nil || !a.Folder || a.Definition == nil || a.Properties == nil {
		t.Fatalf("folder a: %v %+v", err, a)
	}
	b, err := Read(filepath.Join(dir, "b"), nil, connector.DefaultLimits)
	if err != nil || b.Definition.Format != connector.YAML || b.Properties != nil {
		t.Fatalf("folder b: %v %+v", err, b)
	}
	r, err := Compare(a, b, Options{})
	if err != nil || len(r.Changes) != 0 {
		t.Errorf("the same definition in JSON and YAML: %v %v", err, changeLines(r))
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "apiProperties.json") {
		t.Errorf("an apiProperties.json on one side only deserves a note, got %v", r.Notes)
	}
	if in, err := Read(odd, nil, connector.DefaultLimits); err != nil || in.Definition.Format != connector.YAML {
		t.Errorf("a .txt holding YAML: %v", err)
	}
	p, err := Read(props, nil, connector.DefaultLimits)
	if err != nil || p.Properties == nil || p.Definition != nil {
		t.Fatalf("apiProperties.json alone: %v", err)
	}
	if _, err := Compare(p, a, Options{}); !errors.Is(err, ErrMismatch) {
		t.Errorf("apiProperties.json against a folder: want ErrMismatch, got %v", err)
	}
	if _, err := Read(filepath.Join(dir, "nope.json"), nil, connector.DefaultLimits); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Read(dir, nil, connector.DefaultLimits); err == nil || !strings.Contains(err.Error(), "connectors") {
		t.Errorf("a folder of several connectors must be refused: %v", err)
	}
}

// TestReadGit reads git:REV:PATH from a throwaway repository, files and
// folders, without touching its work tree.
func TestDiffReadGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	if err := os.MkdirAll(filepath.Join(dir, "acme"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "acme", "apiDefinition.swagger.json"), []byte(miniJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "acme", "apiProperties.json"), []byte(`{"properties": {"publisher": "Acme"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn("add", ".")
	gitIn("commit", "-q", "-m", "v1")
	// the work tree moves on; HEAD keeps v1
	edited := strings.Replace(miniJSON, "api.acme.com", "api.acme.io", 1)
	if err := os.WriteFile(filepath.Join(dir, "acme", "apiDefinition.swagger.json"), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	file, err := Read("git:HEAD:acme/apiDefinition.swagger.json", nil, connector.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	folder, err := Read("git:HEAD:acme", nil, connector.DefaultLimits)
	if err != nil || !folder.Folder || folder.Properties == nil {
		t.Fatalf("git folder: %v %+v", err, folder)
	}
	work, err := Read("acme", nil, connector.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Compare(folder, work, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := changeLines(r); len(got) != 1 || got[0] != "breaking modified /host host ops=all" {
		t.Errorf("HEAD against the work tree: %v", got)
	}
	if r.Changes[0].Old.File != "git:HEAD:acme/apiDefinition.swagger.json" {
		t.Errorf("OLD should be named after the git object, got %q", r.Changes[0].Old.File)
	}
	if file.Definition.Root.Get("host").Str() != "api.acme.com" {
		t.Error("git:HEAD:file did not read the committed version")
	}
	if _, err := Read("git:HEAD:missing.json", nil, connector.DefaultLimits); err == nil || !strings.Contains(err.Error(), "git") {
		t.Errorf("a missing git object must say what git said: %v", err)
	}
	if _, err := Read("git:HEAD", nil, connector.DefaultLimits); err == nil || !strings.Contains(err.Error(), "git:REV:PATH") {
		t.Errorf("git: without a path: %v", err)
	}
}

func TestDiffTemplateOf(t *testing.T) {
	if templateOf("/a/{id}/b/{Name}") != templateOf("/a/{ID}/b/{x}") || templateOf("/a/{id}") == templateOf("/a/{id}/b") {
		t.Error("templateOf must blank parameter names only")
	}
}

func TestDiffUnifiedContext(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	b := "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n"
	got := unified("a", "b", a, b, 1)
	want := "--- a\n+++ b\n@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6\n"
	if got != want {
		t.Errorf("context 1:\n%s\nwant:\n%s", got, want)
	}
	if got := unified("a", "b", a, b, 0); !strings.Contains(got, "@@ -5 +5 @@\n-5\n+five\n") {
		t.Errorf("context 0:\n%s", got)
	}
	if unified("a", "b", a, a, 3) != "" {
		t.Error("equal texts have no diff")
	}
}

func TestDiffNotADefinition(t *testing.T) {
	a, _ := Read("-", strings.NewReader(`[1, 2]`), connector.DefaultLimits)
	b, _ := Read("-", strings.NewReader(`{"swagger": "2.0"}`), connector.DefaultLimits)
	r, err := Compare(a, b, Options{NoWhatChanged: true})
	if err != nil || len(r.Changes) != 1 || r.Changes[0].Pointer != "" {
		t.Errorf("an array against an object: %v %v", err, changeLines(r))
	}
}
