// Package sharedtest finds the workplace's shared test data (../shared
// beside the checkout: real connectors, the nBold versions, schemas).
// Tests that need it skip with a message when it is absent, as it is in a
// user's checkout.
package sharedtest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// modulePath is the first line of the repository's go.mod, the mark of the
// repository root.
const modulePath = "module github.com/ppconn/ppconn\n"

// RepoRoot returns the repository root: the nearest directory, from the
// test's working directory (its package directory, as go test sets it)
// upwards, whose go.mod declares ppconn's module. It is found from the
// working directory rather than from runtime.Caller because CI builds with
// -trimpath (so that the build cache serves every clone), where source
// file names are import paths, not places on disk.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("finding the repository root: %v", err)
	}
	for {
		if mod, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(mod, []byte(modulePath)) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod declaring %q above the test's working directory", modulePath[:len(modulePath)-1])
		}
		dir = parent
	}
}

// Dir returns the path of shared/<sub>, or skips the test.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	dir, ok := Optional(t, sub)
	if !ok {
		t.Skipf("shared test data %s is absent (set PPCONN_SHARED to its folder); skipping", dir)
	}
	return dir
}

// Optional returns the path of shared/<sub> and whether it exists, for a
// test that runs on its own fixtures anyway and adds the shared data when
// it is there (it should t.Log when it is not).
func Optional(t testing.TB, sub string) (string, bool) {
	t.Helper()
	dir := filepath.Join(RepoRoot(t), "..", "shared", sub)
	if env := os.Getenv("PPCONN_SHARED"); env != "" {
		dir = filepath.Join(env, sub)
	}
	_, err := os.Stat(dir)
	return dir, err == nil
}
