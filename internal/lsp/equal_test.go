package lsp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/cli"
	"github.com/ppconn/ppconn/internal/lsp"
	"github.com/ppconn/ppconn/internal/sharedtest"
)

// finding is what both sides report, compared field by field.
type finding struct {
	File, Rule, Severity, Message string
	Line, Column                  int
}

// cliFindings runs 'ppconn lint --format json' on dir.
func cliFindings(t *testing.T, dir string) []finding {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Run([]string{"lint", "--format", "json", dir}, &out, &errOut); code > 1 {
		t.Fatalf("ppconn lint %s: exit %d: %s", dir, code, errOut.String())
	}
	var doc struct {
		Findings []struct {
			Rule, Severity, Message, File string
			Line, Column                  int
			Related                       []struct {
				File         string
				Line, Column int
				Twin         bool
			}
		} `json:"findings"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("ppconn lint --format json: %v", err)
	}
	var fs []finding
	for _, f := range doc.Findings {
		fs = append(fs, finding{File: f.File, Rule: f.Rule, Severity: f.Severity, Message: f.Message, Line: f.Line, Column: f.Column})
		// lint reports a finding both twins have once; the server
		// publishes it in each file, as each is edited on its own.
		for _, r := range f.Related {
			if r.Twin {
				fs = append(fs, finding{File: r.File, Rule: f.Rule, Severity: f.Severity, Message: f.Message, Line: r.Line, Column: r.Column})
			}
		}
	}
	return fs
}

var severityNames = map[int]string{1: "error", 2: "warning", 3: "info"}

// lspFindings opens every file of the connector in dir with the given
// texts (the files' own where texts has none) and collects what the
// server publishes, converted back to ppconn's positions.
func lspFindings(t *testing.T, dir string, texts map[string]string) []finding {
	t.Helper()
	c := startServer(t, lsp.Options{})
	c.initialize()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[lsp.DocumentURI]string{}
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		if e.IsDir() || !(strings.Contains(lower, ".swagger.") || lower == "apiproperties.json" || lower == "script.csx" || lower == "settings.json") {
			continue
		}
		path := filepath.Join(dir, name)
		text, ok := texts[name]
		if !ok {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text = string(data)
		}
		files[c.open(path, text)] = text
	}
	var out []finding
	for uri, text := range files {
		p := c.waitDiags(uri, version(1))
		lines := strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\n")
		for _, d := range p.Diagnostics {
			out = append(out, finding{
				File: strings.TrimPrefix(string(uri), "file://"), Rule: d.Code, Severity: severityNames[d.Severity], Message: d.Message,
				Line: d.Range.Start.Line + 1, Column: runeColumn(lines[d.Range.Start.Line], d.Range.Start.Character),
			})
		}
	}
	c.shutdown()
	return out
}

// runeColumn turns a UTF-16 character offset into a 1-based column in
// characters.
func runeColumn(line string, units int) int {
	col := 1
	for _, r := range line {
		if units <= 0 {
			break
		}
		units -= utf8.RuneLen(r)/4 + 1 // two units above the BMP
		col++
	}
	return col
}

func sortFindings(fs []finding) {
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
}

// assertSame compares the two sides, findings on the folder itself moved
// to the definition as the server shows them.
func assertSame(t *testing.T, dir string, fromCLI, fromLSP []finding) {
	t.Helper()
	primary := ""
	for _, f := range fromLSP {
		if strings.Contains(strings.ToLower(f.File), ".swagger.json") {
			primary = f.File
		}
	}
	for i := range fromCLI {
		if info, err := os.Stat(fromCLI[i].File); err == nil && info.IsDir() {
			fromCLI[i].File = primary
		}
	}
	sortFindings(fromCLI)
	sortFindings(fromLSP)
	if len(fromCLI) == 0 {
		t.Logf("%s: no findings on either side", dir)
	}
	for i := 0; i < max(len(fromCLI), len(fromLSP)); i++ {
		var a, b finding
		if i < len(fromCLI) {
			a = fromCLI[i]
		}
		if i < len(fromLSP) {
			b = fromLSP[i]
		}
		if a != b {
			t.Fatalf("%s: finding %d differs (of %d from ppconn lint, %d from the server):\nlint: %+v\nlsp:  %+v", dir, i, len(fromCLI), len(fromLSP), a, b)
		}
	}
}

// TestDiagnosticsEqualLintOnNBold: the server's diagnostics for nBold v5,
// with an unsaved edit, are what 'ppconn lint' prints once that text is
// saved.
func TestDiagnosticsEqualLintOnNBold(t *testing.T) {
	dir := copyDir(t, sharedtest.Dir(t, "nbold/v5"))
	path := filepath.Join(dir, "apiDefinition.swagger.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), `"in": "path"`, `"in": "path", "x-ms-visibility": "Internal"`, 1)
	if edited == string(data) {
		t.Fatal("nBold v5 has no path parameter to edit")
	}
	fromLSP := lspFindings(t, dir, map[string]string{"apiDefinition.swagger.json": edited})
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	fromCLI := cliFindings(t, dir)
	if len(fromCLI) < 100 {
		t.Fatalf("ppconn lint found only %d findings on nBold v5", len(fromCLI))
	}
	assertSame(t, dir, fromCLI, fromLSP)
}

// TestDiagnosticsEqualLintOnCorpus: the same on a sample of the corpus.
func TestDiagnosticsEqualLintOnCorpus(t *testing.T) {
	root := sharedtest.Dir(t, "corpus/connectors")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	step := max(len(entries)/24, 1)
	for i := 0; i < len(entries); i += step {
		name := entries[i].Name()
		t.Run(name, func(t *testing.T) {
			dir := copyDir(t, filepath.Join(root, name))
			assertSame(t, dir, cliFindings(t, dir), lspFindings(t, dir, nil))
		})
	}
}
