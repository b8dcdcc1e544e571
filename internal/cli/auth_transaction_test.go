package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/rewrite"
)

// TestAuthWriteTransaction (#19 item 9): auth aad changes the definition
// and apiProperties.json together. A crash before any rename leaves both
// old; a crash between the two renames leaves apiProperties.json new and
// the definition old, and running the command again, with its flags or
// with none, finishes the write (docs/auth.md, "Modes and exit status").
func TestAuthWriteTransaction(t *testing.T) {
	args := []string{"auth", "aad", "--client-id", "11111111-2222-3333-4444-555555555555", "--tenant-id", "contoso.onmicrosoft.com"}
	src := filepath.Join(authData, "legacy")
	read := func(dir string) (def, props string) {
		d, err := os.ReadFile(filepath.Join(dir, "apiDefinition.swagger.json"))
		if err != nil {
			t.Fatal(err)
		}
		p, err := os.ReadFile(filepath.Join(dir, "apiProperties.json"))
		if err != nil {
			t.Fatal(err)
		}
		return string(d), string(p)
	}
	oldDef, oldProps := read(src)
	want := authCopy(t, src, filepath.Join(t.TempDir(), "legacy"))
	if code, _, stderr := run(append(args, want)...); code != ExitOK {
		t.Fatalf("auth aad: exit %d: %s", code, stderr)
	}
	newDef, newProps := read(want)
	if newDef == oldDef || newProps == oldProps {
		t.Fatal("the command does not change both files; the test proves nothing")
	}
	injected := errors.New("killed")
	for _, tt := range []struct {
		name            string
		failAt          int
		wantDef, wantPr string
		rerun           []string
	}{
		{"before any rename", 1, oldDef, oldProps, args},
		{"between the renames, the same command again", 2, oldDef, newProps, args},
		{"between the renames, again with no flags", 2, oldDef, newProps, []string{"auth", "aad"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := authCopy(t, src, filepath.Join(t.TempDir(), "legacy"))
			calls := 0
			restore := rewrite.InjectFault(func(string) error {
				calls++
				if calls == tt.failAt {
					return injected
				}
				return nil
			})
			code, _, stderr := run(append(args, dir)...)
			restore()
			if code != ExitUsage || !strings.Contains(stderr, "killed") {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			if tt.failAt > 1 && !strings.Contains(stderr, "run the same command again") {
				t.Errorf("the error does not say how to finish: %s", stderr)
			}
			def, props := read(dir)
			if def != tt.wantDef || props != tt.wantPr {
				t.Fatalf("after the crash: definition new %v, apiProperties.json new %v", def == newDef, props == newProps)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 2 {
				t.Errorf("files left: %v", entries)
			}
			if code, _, stderr := run(append(tt.rerun, dir)...); code != ExitOK {
				t.Fatalf("re-run: exit %d: %s", code, stderr)
			}
			if def, props := read(dir); def != newDef || props != newProps {
				t.Errorf("the re-run did not repair: definition new %v, apiProperties.json new %v", def == newDef, props == newProps)
			}
		})
	}
}
