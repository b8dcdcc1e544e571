//go:build !windows

package rewrite

import "os"

// replaceFile renames tmp over target. On Unix a rename replaces a file
// that other programs hold open (they keep the old one), so there is
// nothing to wait for.
func replaceFile(tmp, target string) error { return os.Rename(tmp, target) }
