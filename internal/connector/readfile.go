package connector

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Reading a connector's files: every byte and every name of a pull
// request is the attacker's, so a committed symlink to /dev/zero, a FIFO
// or a link to ~/.aws/credentials must neither hang nor exhaust ppconn,
// nor reach an excerpt. ReadFile is the one way ppconn reads such a file.

// ErrNotRegular is returned for a path that is not a regular file (a
// FIFO, a device, a socket): reading one could block or never end.
var ErrNotRegular = errors.New("not a regular file; ppconn reads only regular files")

// ErrOutsideTree is returned for a symlink whose target is outside the
// folder being read, unless symlinks are followed (--follow-symlinks).
var ErrOutsideTree = errors.New("a symbolic link that leaves the connector's folder; ppconn does not follow it (--follow-symlinks does)")

// ErrTooLarge is returned, with the size read so far, when a file has
// more than the limit's bytes.
var ErrTooLarge = errors.New("larger than the limit")

// ReadOptions say how ReadFile reads.
type ReadOptions struct {
	// MaxBytes is the most it reads; a longer file is ErrTooLarge.
	MaxBytes int64
	// Tree is the folder a symlink may point into ("" for the file's own
	// folder).
	Tree string
	// FollowSymlinks reads through a symlink whatever its target.
	FollowSymlinks bool
}

// ReadOptions are the options of ReadFile under these limits.
func (l Limits) ReadOptions() ReadOptions {
	return ReadOptions{MaxBytes: l.MaxBytes, FollowSymlinks: l.FollowSymlinks}
}

// ReadFile reads at most opt.MaxBytes+1 bytes of a regular file, whatever
// its reported size (a device or /proc file says 0). It refuses FIFOs and
// devices without opening them, and symlinks that leave opt.Tree. On
// ErrTooLarge it returns the file's size (at least the bytes it read).
func ReadFile(path string, opt ReadOptions) ([]byte, int64, error) {
	if err := checkPath(path, opt); err != nil {
		return nil, 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer func() { _ = f.Close() }() // read only: nothing to lose
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		return nil, 0, ErrNotRegular
	}
	limit := opt.MaxBytes
	if limit <= 0 {
		limit = DefaultLimits.MaxBytes
	}
	src, err := readAtMost(io.LimitReader(f, limit+1), info.Size(), limit)
	if err != nil {
		return nil, 0, err
	}
	if int64(len(src)) > limit {
		// the size the file says, for the size rules, when it says more
		return nil, max(int64(len(src)), info.Size()), ErrTooLarge
	}
	return src, int64(len(src)), nil
}

// readAtMost reads r to its end into a buffer sized from the size the
// file reports (one byte more, to see the end without growing), so that
// reading a file allocates it once instead of doubling a buffer up to
// its size; a file that says 0 (a /proc file) or grew is read all the same.
func readAtMost(r io.Reader, size, limit int64) ([]byte, error) {
	c := int64(512)
	if size > 0 {
		c = min(size, limit) + 1
	}
	b := make([]byte, 0, c)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// checkPath refuses what ReadFile must not open: anything but a regular
// file once symlinks are resolved, and a symlink out of the tree.
func checkPath(path string, opt ReadOptions) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode().IsRegular() && filepath.Clean(path) == path && (opt.FollowSymlinks || inOwnFolder(path, opt.Tree)) {
		// Not a symlink, and the tree is its own folder: a file is inside
		// the folder that holds it, whatever that folder resolves to (the
		// path is clean, so the kernel reaches its folder by the same
		// names; TestCheckPath has a path with "..", which is not).
		// Resolving both paths costs a dozen lstat calls per file, 3-4% of
		// a lint of the shared corpus (issue #16).
		return nil
	}
	if info.Mode()&os.ModeSymlink != 0 {
		if info, err = os.Stat(path); err != nil { // what would be read
			return err
		}
	}
	if !info.Mode().IsRegular() {
		return ErrNotRegular
	}
	if opt.FollowSymlinks {
		return nil
	}
	tree := opt.Tree
	if tree == "" {
		tree = filepath.Dir(path)
	}
	if !Inside(path, tree) {
		return ErrOutsideTree
	}
	return nil
}

// inOwnFolder reports whether tree names the folder of the clean path
// ("" does).
func inOwnFolder(path, tree string) bool {
	return tree == "" || filepath.Clean(tree) == filepath.Dir(path)
}

// Inside reports whether path, once every symlink is resolved, is tree or
// below it (tree resolved too).
func Inside(path, tree string) bool {
	realPath, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false
	}
	realTree, err := filepath.EvalSymlinks(tree)
	if err != nil {
		return false
	}
	if realPath, err = filepath.Abs(realPath); err != nil {
		return false
	}
	if realTree, err = filepath.Abs(realTree); err != nil {
		return false
	}
	rel, err := filepath.Rel(realTree, realPath)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
