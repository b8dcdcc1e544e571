package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// Issue #18, Windows correctness: a connector checked out on Windows has
// CRLF line endings (core.autocrlf). Lint must place findings where it
// places them in the LF file, and every command that writes must keep
// CRLF, and keep a mixed file's untouched lines as they are.

// toCRLF rewrites every file of dir with CRLF line endings; with mixed,
// every third line keeps its LF (the first line always gets CRLF, so
// the file reads as a CRLF file, rewrite.LineEnding).
func toCRLF(t *testing.T, dir string, mixed bool) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		for i, l := range lines {
			if strings.HasSuffix(l, "\n") && !(mixed && i%3 == 2) {
				lines[i] = strings.TrimSuffix(l, "\n") + "\r\n"
			}
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lineEndings counts the CRLF and the bare LF line endings of data.
func lineEndings(data []byte) (crlf, lf int) {
	crlf = bytes.Count(data, []byte("\r\n"))
	return crlf, bytes.Count(data, []byte("\n")) - crlf
}

// lintFindings runs lint --format json on dir and returns its findings
// with the paths made relative to dir.
func lintFindings(t *testing.T, dir string) []map[string]any {
	t.Helper()
	code, out, stderr := run("lint", "--format", "json", "--fail-on", "never", "--profile", "certification", dir)
	if code != ExitOK {
		t.Fatalf("lint %s: exit %d: %s", dir, code, stderr)
	}
	var rep struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("lint --format json: %v\n%s", err, out)
	}
	for _, f := range rep.Findings {
		if p, ok := f["file"].(string); ok {
			f["file"] = strings.TrimPrefix(p, dir)
		}
		rel, _ := f["related"].([]any)
		for _, r := range rel {
			if m, ok := r.(map[string]any); ok {
				if p, ok := m["file"].(string); ok {
					m["file"] = strings.TrimPrefix(p, dir)
				}
			}
		}
	}
	return rep.Findings
}

func TestCRLFLintPositions(t *testing.T) {
	srcs := []string{filepath.Join(fixData, "connector")}
	if nbold, ok := sharedtest.Optional(t, "nbold/v5"); ok {
		srcs = append(srcs, nbold) // JSON and YAML twins
	} else {
		t.Logf("nBold v5 is absent (%s): only the fixture is compared", nbold)
	}
	for _, src := range srcs {
		lf := copyDir(t, src)
		lfOnly(t, lf)
		want := lintFindings(t, lf)
		if len(want) == 0 {
			t.Fatalf("%s has no findings: the test would compare nothing", src)
		}
		for _, mixed := range []bool{false, true} {
			crlf := copyDir(t, src)
			toCRLF(t, crlf, mixed)
			if got := lintFindings(t, crlf); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, mixed=%v: the findings of the CRLF copy differ from the LF one's:\ngot  %v\nwant %v", src, mixed, got, want)
			}
		}
	}
}

// lfOnly rewrites every file of dir with LF line endings.
func lfOnly(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCRLFWritesKeepLineEndings runs every command that writes connector
// files on a CRLF copy and on a mixed copy: a CRLF file has no bare LF
// afterwards, and an edit of a mixed file keeps the LF lines it did not
// touch (fmt and convert re-render the whole file: the first line ending
// decides, so a mixed file comes out all CRLF).
func TestCRLFWritesKeepLineEndings(t *testing.T) {
	clearAuthEnv(t)
	fixture := filepath.Join(fixData, "connector")
	legacy := filepath.Join(authData, "legacy")
	def := "apiDefinition.swagger.json"
	tests := []struct {
		name    string
		src     string
		args    func(dir string) []string
		files   []string // what the command writes, relative to dir
		rewrite bool     // the whole file is re-rendered
	}{
		{"fmt -w", fixture, func(d string) []string { return []string{"fmt", "-w", d} }, []string{def, "apiProperties.json"}, true},
		{"fix", fixture, func(d string) []string { return []string{"fix", d} }, []string{def}, false},
		{"auth aad", legacy, func(d string) []string { return []string{"auth", "aad", "--no-config", d} }, []string{def, "apiProperties.json"}, false},
		{"convert -o", fixture, func(d string) []string {
			return []string{"convert", filepath.Join(d, def), "--to", "yaml", "-o", filepath.Join(d, "apiDefinition.swagger.yaml")}
		}, []string{"apiDefinition.swagger.yaml"}, true},
	}
	for _, tt := range tests {
		for _, mixed := range []bool{false, true} {
			name := tt.name
			if mixed {
				name += " mixed"
			}
			t.Run(name, func(t *testing.T) {
				dir := authCopy(t, tt.src, filepath.Join(t.TempDir(), "c"))
				toCRLF(t, dir, mixed)
				before := map[string][]byte{}
				for _, f := range tt.files {
					before[f], _ = os.ReadFile(filepath.Join(dir, f))
				}
				code, out, stderr := run(tt.args(dir)...)
				if code != ExitOK && code != ExitFindings {
					t.Fatalf("exit %d: %s%s", code, out, stderr)
				}
				for _, f := range tt.files {
					after, err := os.ReadFile(filepath.Join(dir, f))
					if err != nil {
						t.Fatal(err)
					}
					if bytes.Equal(after, before[f]) {
						t.Fatalf("%s: the command changed nothing, so the test shows nothing", f)
					}
					crlf, lf := lineEndings(after)
					switch {
					case crlf == 0:
						t.Errorf("%s: no CRLF left", f)
					case (!mixed || tt.rewrite) && lf != 0:
						t.Errorf("%s: %d bare LF line endings in a CRLF file", f, lf)
					case mixed && !tt.rewrite:
						// An edited line may keep its LF (a value replaced
						// in place) or take the file's CRLF (a line rewritten).
						if kept, lost := untouchedLF(before[f], after); lf < kept || lf > kept+lost {
							t.Errorf("%s: %d bare LF line endings; the %d untouched LF lines must keep theirs (%d changed)", f, lf, kept, lost)
						}
					}
				}
			})
		}
	}
}

// untouchedLF counts the lines of before that end in a bare LF and are
// still in after exactly (kept), and those that are not (lost, the lines
// the edit changed). An edit that keeps what it does not touch leaves
// between kept and kept+lost bare-LF lines: none converted, none invented.
func untouchedLF(before, after []byte) (kept, lost int) {
	have := map[string]int{}
	for _, l := range strings.SplitAfter(string(after), "\n") {
		have[l]++
	}
	for _, l := range strings.SplitAfter(string(before), "\n") {
		if !strings.HasSuffix(l, "\n") || strings.HasSuffix(l, "\r\n") {
			continue
		}
		if have[l] > 0 {
			have[l]--
			kept++
		} else {
			lost++
		}
	}
	return kept, lost
}
