package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// The three lint workloads of the performance goals. Each iteration is a
// whole `ppconn lint` run (discovery, load, every rule, JSON report) in
// process; the closing notes give whole-process wall times measured with
// the built binary on the same inputs.

func benchLint(b *testing.B, path string) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Run([]string{"lint", "--format", "json", "--fail-on", "never", path}, io.Discard, io.Discard); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

func BenchmarkLintNBoldV5(b *testing.B) {
	benchLint(b, sharedtest.Dir(b, "nbold/v5"))
}

func BenchmarkLintLargeConnector(b *testing.B) {
	benchLint(b, largeConnector(b, 1_150_000))
}

func BenchmarkLintCorpus(b *testing.B) {
	benchLint(b, sharedtest.Dir(b, "corpus/connectors"))
}

// largeConnector writes a definition of at least size bytes, grown from the
// bundled example by repeating its paths under new names, so that it has
// the shape of a real large connector (many operations and schemas).
func largeConnector(b *testing.B, size int) string {
	b.Helper()
	src, err := os.ReadFile("../../examples/teams-provisioning/apiDefinition.swagger.json")
	if err != nil {
		b.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(src, &doc); err != nil {
		b.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	base := make(map[string]any, len(paths))
	for k, v := range paths {
		base[k] = v
	}
	dir := b.TempDir()
	file := filepath.Join(dir, "apiDefinition.swagger.json")
	for copyN := 1; ; copyN++ {
		out, err := json.MarshalIndent(doc, "", "    ")
		if err != nil {
			b.Fatal(err)
		}
		if len(out) >= size {
			if err := os.WriteFile(file, out, 0o644); err != nil {
				b.Fatal(err)
			}
			return dir
		}
		for k, v := range base {
			paths[fmt.Sprintf("/copy%d%s", copyN, k)] = renameOperations(v, copyN)
		}
	}
}

// renameOperations copies a path item, giving its operations new ids.
func renameOperations(item any, n int) any {
	raw, _ := json.Marshal(item)
	var copyItem map[string]any
	_ = json.Unmarshal(raw, &copyItem)
	for _, op := range copyItem {
		if m, ok := op.(map[string]any); ok {
			if id, ok := m["operationId"].(string); ok {
				m["operationId"] = fmt.Sprintf("%sCopy%d", id, n)
			}
		}
	}
	return copyItem
}

// BenchmarkFmt1MB and BenchmarkConvert1MB: fmt (to standard output) and
// convert to YAML of the 1 MB definition of BenchmarkLintLargeConnector
// (issue #16 item 5).
func BenchmarkFmt1MB(b *testing.B) {
	file := filepath.Join(largeConnector(b, 1_150_000), "apiDefinition.swagger.json")
	benchCommand(b, "fmt", file)
}

func BenchmarkConvert1MB(b *testing.B) {
	file := filepath.Join(largeConnector(b, 1_150_000), "apiDefinition.swagger.json")
	benchCommand(b, "convert", "--to", "yaml", file)
}

// benchCommand runs one command in process for each iteration; exit 0 or
// 1 (findings, a file not formatted) both count as done.
func benchCommand(b *testing.B, args ...string) {
	b.ReportAllocs()
	for b.Loop() {
		if code := Run(args, io.Discard, io.Discard); code != ExitOK && code != ExitFindings {
			b.Fatalf("%v: exit %d", args, code)
		}
	}
}
