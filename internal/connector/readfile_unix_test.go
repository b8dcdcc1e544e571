//go:build unix

package connector

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCheckPath: what ReadFile opens and what it refuses, for each kind of
// path, including the ones the shortcut for a plain file in its own folder
// must not let through (a symlink out of the folder, a path whose folder
// is reached through "..").
func TestCheckPath(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write := func(p string) string {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(target, p string) string {
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("symlink: %v", err)
		}
		return p
	}
	plain := write(filepath.Join(root, "c", "apiDefinition.swagger.json"))
	write(filepath.Join(root, "c", "other.json"))
	secret := write(filepath.Join(outside, "credentials.json"))
	write(filepath.Join(outside, "b", "apiDefinition.swagger.json"))
	inLink := link("other.json", filepath.Join(root, "c", "in.json"))
	outLink := link(secret, filepath.Join(root, "c", "out.json"))
	fifo := filepath.Join(root, "c", "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	fifoLink := link(fifo, filepath.Join(root, "c", "fifolink.json"))
	// root/d/up is a link to outside/x, so root/d/up/../b/… is outside/b/…
	// to the kernel, while its lexical folder is root/d/b.
	if err := os.MkdirAll(filepath.Join(outside, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "d", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	link(filepath.Join(outside, "x"), filepath.Join(root, "d", "up"))
	write(filepath.Join(outside, "x", "f.json"))
	dotdot := filepath.Join(root, "d") + "/up/../b/apiDefinition.swagger.json"

	for _, tc := range []struct {
		name   string
		path   string
		tree   string
		follow bool
		want   error
	}{
		{"plain file", plain, "", false, nil},
		{"plain file, tree its folder", plain, filepath.Join(root, "c") + "/", false, nil},
		{"plain file, tree above", plain, root, false, nil},
		{"link inside its folder", inLink, "", false, nil},
		{"link out of its folder", outLink, "", false, ErrOutsideTree},
		{"link out of the tree", outLink, filepath.Join(root, "c"), false, ErrOutsideTree},
		{"link out, followed", outLink, "", true, nil},
		{"fifo", fifo, "", false, ErrNotRegular},
		{"link to a fifo", fifoLink, "", false, ErrNotRegular},
		{"link to a fifo, followed", fifoLink, "", true, ErrNotRegular},
		{"a folder", filepath.Join(root, "c"), "", false, ErrNotRegular},
		{"folder reached through a link and ..", dotdot, "", false, ErrOutsideTree},
		{"folder reached through a link and .., tree lexical", dotdot, filepath.Join(root, "d", "b"), false, ErrOutsideTree},
		{"a file in a linked folder, tree the link", filepath.Join(root, "d", "up", "f.json"), filepath.Join(root, "d", "up"), false, nil},
		{"a file in a linked folder, tree above", filepath.Join(root, "d", "up", "f.json"), filepath.Join(root, "d"), false, ErrOutsideTree},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkPath(tc.path, ReadOptions{Tree: tc.tree, FollowSymlinks: tc.follow})
			if !errors.Is(err, tc.want) {
				t.Errorf("checkPath(%s) = %v, want %v", tc.path, err, tc.want)
			}
		})
	}
}
