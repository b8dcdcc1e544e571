// Package sharedtest finds the workplace's shared test data (../shared
// beside the checkout: real connectors, the nBold versions, schemas).
// Tests that need it skip with a message when it is absent, as it is in a
// user's checkout.
package sharedtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the path of shared/<sub>, or skips the test.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	repo := filepath.Join(filepath.Dir(file), "..", "..")
	dir := filepath.Join(repo, "..", "shared", sub)
	if env := os.Getenv("PPCONN_SHARED"); env != "" {
		dir = filepath.Join(env, sub)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared test data %s is absent (set PPCONN_SHARED to its folder); skipping", dir)
	}
	return dir
}
