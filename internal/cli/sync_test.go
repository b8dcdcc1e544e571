package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// twinFindings lints dir and returns the twins-in-sync findings, as
// file:pointer.
func twinFindings(t *testing.T, dir string) []string {
	t.Helper()
	code, out, stderr := run("lint", "--no-config", "--fail-on", "never", "--format", "json", dir)
	if code != ExitOK {
		t.Fatalf("lint %s: exit %d: %s", dir, code, stderr)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		if f.Rule == "twins-in-sync" {
			got = append(got, filepath.Base(f.File)+":"+f.Pointer)
		}
	}
	return got
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSyncNBold is issue #12 item 2 on copies of nBold's published
// versions: the published twins agree (sync --check passes, lint reports
// no twin finding); a disagreement planted in the YAML twin is found by
// twins-in-sync, reported by --check and -d without writing, and fixed
// by sync in the JSON twin, in its own layout (2-space or one line), as
// a change of the planted places only; a second sync changes nothing,
// and lint then reports no twin finding.
func TestSyncNBold(t *testing.T) {
	root := sharedtest.Dir(t, "nbold")
	versions, _ := filepath.Glob(filepath.Join(root, "v*"))
	tested := 0
	for _, v := range versions {
		if _, err := os.Stat(filepath.Join(v, "apiDefinition.swagger.yaml")); err != nil {
			continue
		}
		tested++
		t.Run(filepath.Base(v), func(t *testing.T) {
			dir := copyDir(t, v)
			jsonPath, yamlPath := filepath.Join(dir, "apiDefinition.swagger.json"), filepath.Join(dir, "apiDefinition.swagger.yaml")
			code, _, stderr := run("sync", "--check", dir)
			t.Logf("sync --check on the published pair: exit %d %s", code, strings.TrimSpace(stderr))
			if code != ExitOK {
				t.Fatalf("the published twins disagree: exit %d\n%s", code, stderr)
			}
			if got := twinFindings(t, dir); len(got) != 0 {
				t.Fatalf("lint reports the published twins as different: %v", got)
			}

			published, yamlBefore := readFile(t, jsonPath), readFile(t, yamlPath)
			titleLine := ""
			for _, l := range strings.Split(yamlBefore, "\n") {
				if strings.HasPrefix(l, "  title: ") {
					titleLine = l
					break
				}
			}
			if titleLine == "" {
				t.Fatal("no info title line in the YAML twin")
			}
			editFile(t, yamlPath, titleLine, "  title: nBold Planner Sync  # renamed\n  x-ms-sync-note: planted")
			editFile(t, yamlPath, "basePath: /api/v1.0", "basePath: /api/v2.0")
			planted := readFile(t, yamlPath)
			want := []string{"apiDefinition.swagger.yaml:/info/title", "apiDefinition.swagger.yaml:/info/x-ms-sync-note", "apiDefinition.swagger.yaml:/basePath"}
			if got := twinFindings(t, dir); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("twins-in-sync found %v, want %v", got, want)
			}

			code, _, stderr = run("sync", "--check", dir)
			if code != ExitFindings || !strings.Contains(stderr, "at 3 places") {
				t.Errorf("sync --check on the planted pair: exit %d, want 1 and 3 places:\n%s", code, stderr)
			}
			code, out, _ := run("sync", "-d", dir)
			if code != ExitOK || !strings.Contains(out, `+`) || !strings.Contains(out, `"title": "nBold Planner Sync"`) || !strings.Contains(out, `"/api/v2.0"`) {
				t.Errorf("sync -d: exit %d, want the change:\n%.2000s", code, out)
			}
			if readFile(t, jsonPath) != published {
				t.Fatal("--check or -d wrote the JSON twin")
			}

			if code, _, stderr = run("sync", dir); code != ExitOK {
				t.Fatalf("sync: exit %d: %s", code, stderr)
			}
			synced := readFile(t, jsonPath)
			if readFile(t, yamlPath) != planted {
				t.Error("sync wrote the YAML twin, the source")
			}
			changed := changedLines(published, synced)
			t.Logf("sync: %d lines of the JSON twin written anew (%d bytes before, %d after)", len(changed), len(published), len(synced))
			if rewrite.Minified([]byte(published)) {
				if strings.Count(synced, "\n") != 1 {
					t.Errorf("the one-line JSON twin is now %d lines", strings.Count(synced, "\n"))
				}
			} else if len(changed) > 6 {
				t.Errorf("sync rewrote %d lines of the JSON twin, want the planted places only:\n%s", len(changed), strings.Join(changed, "\n"))
			}
			if !strings.Contains(strings.ReplaceAll(synced, `": "`, `":"`), `"x-ms-sync-note":"planted"`) {
				t.Error("the member added to the YAML twin is not in the JSON twin")
			}
			if got := twinFindings(t, dir); len(got) != 0 {
				t.Errorf("lint after sync still reports %v", got)
			}
			code, _, stderr = run("sync", dir)
			if code != ExitOK || readFile(t, jsonPath) != synced || !strings.Contains(stderr, "nothing to do") {
				t.Errorf("a second sync: exit %d, changed the file: %v\n%s", code, readFile(t, jsonPath) != synced, stderr)
			}
			if code, _, stderr = run("sync", "--check", dir); code != ExitOK {
				t.Errorf("sync --check after sync: exit %d: %s", code, stderr)
			}
		})
	}
	if tested == 0 {
		t.Skipf("no nBold version with a YAML twin under %s", root)
	}
}

// changedLines lists the lines of b that a is not made of, in order (a
// rough line diff, enough to count what a rewrite touched).
func changedLines(a, b string) []string {
	have := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		have[l]++
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if have[l] > 0 {
			have[l]--
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestSyncFromJSON: --from json makes the YAML twin follow the JSON one,
// keeping its comments; members and items the JSON lacks go.
func TestSyncFromJSON(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"apiDefinition.swagger.json": "{\n  \"swagger\": \"2.0\",\n  \"info\": {\"title\": \"Contoso Tasks\", \"version\": \"1.1\"},\n  \"host\": \"api.contoso.com\",\n  \"schemes\": [\"https\"],\n  \"paths\": {}\n}\n",
		"apiDefinition.swagger.yaml": "# Contoso: the banner\nswagger: '2.0'\ninfo:\n  title: Contoso  # the portal's name\n  version: '1.0'\n  description: gone\nhost: api.contoso.com  # production\nschemes:\n  - https\n  - http\npaths: {}\n",
	})
	code, _, stderr := run("sync", "--from", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := readFile(t, filepath.Join(dir, "apiDefinition.swagger.yaml"))
	want := "# Contoso: the banner\nswagger: '2.0'\ninfo:\n  title: Contoso Tasks # the portal's name\n  version: \"1.1\"\nhost: api.contoso.com # production\nschemes:\n  - https\npaths: {}\n"
	if got != want {
		t.Errorf("the YAML twin is\n%s\nwant\n%s", got, want)
	}
	if fs := twinFindings(t, dir); len(fs) != 0 {
		t.Errorf("lint after sync --from json: %v", fs)
	}
}

// TestSyncCRLF: a CRLF JSON twin stays CRLF, in the canonical form.
func TestSyncCRLF(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"apiDefinition.swagger.json": "{\r\n    \"swagger\": \"2.0\",\r\n    \"info\": {\r\n        \"title\": \"Contoso\",\r\n        \"version\": \"1.0\"\r\n    },\r\n    \"paths\": {}\r\n}\r\n",
		"apiDefinition.swagger.yaml": "swagger: '2.0'\ninfo:\n  title: Contoso Tasks\n  version: '1.0'\n  x-ms-deployment-version: 1.0.0\npaths: {}\n",
	})
	if code, _, stderr := run("sync", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := readFile(t, filepath.Join(dir, "apiDefinition.swagger.json"))
	want := "{\r\n    \"swagger\": \"2.0\",\r\n    \"info\": {\r\n        \"title\": \"Contoso Tasks\",\r\n        \"version\": \"1.0\",\r\n        \"x-ms-deployment-version\": \"1.0.0\"\r\n    },\r\n    \"paths\": {}\r\n}\r\n"
	if got != want {
		t.Errorf("the JSON twin is %q\nwant %q", got, want)
	}
}

// TestSyncUsage: a folder without a twin pair, a file, a bad --from.
func TestSyncUsage(t *testing.T) {
	one := t.TempDir()
	writeFiles(t, one, map[string]string{"apiDefinition.swagger.json": `{"swagger": "2.0", "info": {"title": "A", "version": "1"}, "paths": {}}`})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", one}, "no twin pair: ppconn sync needs a JSON and a YAML definition in the folder (apiDefinition.swagger.json and apiDefinition.swagger.yaml), and it holds only apiDefinition.swagger.json"},
		{[]string{"sync", t.TempDir()}, "and it holds none"},
		{[]string{"sync", filepath.Join(one, "apiDefinition.swagger.json")}, "is a file: ppconn sync takes the connector folder"},
		{[]string{"sync", "--from", "xml", one}, "--from xml: use yaml or json"},
		{[]string{"sync", one, one}, "takes at most 1 argument, got 2"},
	} {
		code, _, stderr := run(tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want 2 and %q:\n%s", tt.args, code, tt.want, stderr)
		}
	}
}

// TestSyncRefusesUnparsedTwin: a twin that does not parse is reported at
// file:line:column, and nothing is written.
func TestSyncRefusesUnparsedTwin(t *testing.T) {
	dir := t.TempDir()
	bad := "{\"swagger\": \"2.0\",\n  \"info\": {\n}\n"
	writeFiles(t, dir, map[string]string{
		"apiDefinition.swagger.json": bad,
		"apiDefinition.swagger.yaml": "swagger: '2.0'\ninfo: {title: A, version: '1'}\npaths: {}\n",
	})
	code, _, stderr := run("sync", dir)
	if code != ExitUsage || !strings.Contains(stderr, "apiDefinition.swagger.json:") || readFile(t, filepath.Join(dir, "apiDefinition.swagger.json")) != bad {
		t.Errorf("exit %d, want 2, the place, and the file untouched:\n%s", code, stderr)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSyncArraysAndManyPlaces: items the JSON twin lacks are appended;
// past syncJSONEdits places the whole value is replaced at once, and the
// result is the same canonical JSON holding the YAML's value.
func TestSyncArraysAndManyPlaces(t *testing.T) {
	for _, n := range []int{3, syncJSONEdits + 50} {
		dir := t.TempDir()
		var yamlEnum, jsonEnum []string
		for i := range n {
			yamlEnum = append(yamlEnum, "  - v"+strconv.Itoa(i))
			if i < n/2 {
				jsonEnum = append(jsonEnum, `"w`+strconv.Itoa(i)+`"`)
			}
		}
		writeFiles(t, dir, map[string]string{
			"apiDefinition.swagger.json": "{\n  \"swagger\": \"2.0\",\n  \"x-values\": [" + strings.Join(jsonEnum, ", ") + "]\n}\n",
			"apiDefinition.swagger.yaml": "swagger: '2.0'\nx-values:\n" + strings.Join(yamlEnum, "\n") + "\n",
		})
		if code, _, stderr := run("sync", dir); code != ExitOK {
			t.Fatalf("%d items: exit %d: %s", n, code, stderr)
		}
		got := readFile(t, filepath.Join(dir, "apiDefinition.swagger.json"))
		want := "{\n  \"swagger\": \"2.0\",\n  \"x-values\": [\n"
		for i := range n {
			want += "    \"v" + strconv.Itoa(i) + "\""
			if i < n-1 {
				want += ","
			}
			want += "\n"
		}
		want += "  ]\n}\n"
		if got != want {
			t.Errorf("%d items: the JSON twin is\n%.600s\nwant\n%.600s", n, got, want)
		}
		if fs := twinFindings(t, dir); len(fs) != 0 {
			t.Errorf("%d items: lint after sync: %v", n, fs)
		}
	}
}
