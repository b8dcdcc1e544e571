// Package golden compares test output with golden files. Every test binary
// that imports it gets the -update flag, which rewrites the files instead;
// review the rewritten files in the diff before committing them.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite the golden files under testdata (review the diff)")

// Compare checks got against the golden file at path, or rewrites the file
// with -update.
func Compare(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it, then review it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("output differs from %s (run with -update and review the diff)\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
