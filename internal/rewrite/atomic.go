package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
)

// ErrModified is returned by WriteFileAtomic when the file on disk is no
// longer what the caller read: someone else changed it in between.
var ErrModified = errors.New("the file changed on disk since ppconn read it; nothing was written: run the command again")

// beforeRename, when set (by tests), runs after the temporary file is
// written and synced and before it is renamed over the target; an error
// from it aborts the write as a crash at that point would.
var beforeRename func(tmp string) error

// WriteFileAtomic replaces the file at path by data so that a reader, or a
// crash, sees either the old file or the new one, never a mix:
//
//   - original is what the caller read from path; when the file on disk is
//     no longer that, nothing is written and the error is ErrModified. nil
//     means the caller expects no file there (create); an empty file is a
//     non-nil empty slice;
//   - data must parse (as YAML for .yaml and .yml, as JSON for .json, by
//     its first character otherwise) or nothing is written;
//   - data goes to a temporary file in the same folder, which is synced
//     and then renamed over path; the file's permission bits are kept
//     (a new file gets 0644);
//   - a symbolic link is followed, and its target replaced, only when the
//     target is inside the current working folder; otherwise the write is
//     refused, as is a read-only file.
func WriteFileAtomic(path string, data, original []byte) error {
	target, err := writeTarget(path)
	if err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	info, err := os.Stat(target)
	switch {
	case err == nil:
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s: not a regular file", path)
		}
		if info.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s: the file is read-only; make it writable (chmod u+w) if it should be rewritten", path)
		}
		mode = info.Mode().Perm()
	case errors.Is(err, fs.ErrNotExist):
		info = nil
	default:
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := unchanged(target, original); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := validate(target, data); err != nil {
		return fmt.Errorf("%s: refusing to write text that does not parse: %w", path, err)
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".ppconn-*.tmp")
	if err != nil {
		return fmt.Errorf("%s: cannot write in its folder: %w", path, unwrapPathErr(err))
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("%s: writing: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("%s: syncing: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if beforeRename != nil {
		if err := beforeRename(tmpName); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	// Checked again just before the rename, to narrow the window in which
	// an editor's save could be overwritten.
	if err := unchanged(target, original); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := replaceFile(tmpName, target); err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPathErr(err))
	}
	done = true
	syncDir(dir)
	return nil
}

// writeTarget resolves a symbolic link at path, refusing one that leads
// outside the working folder.
func writeTarget(path string) (string, error) {
	target, err := SafeWritePath(path)
	if err != nil {
		return "", err
	}
	return target, nil
}

// SafeWritePath is where writing path really writes, once the symbolic
// links of path and of its folders are resolved. A pull request can
// commit a symlink (ppconn.sarif -> ~/.bashrc) or a symlinked folder
// (reports -> /etc), so a path inside the working folder that resolves
// outside it is refused, as is a symlink that cannot be followed (a
// dangling link would create its target). A path outside the working
// folder as written ($RUNNER_TEMP/ppconn.sarif) is the caller's own
// choice and is returned resolved. Every file ppconn writes (rewrites,
// -o, --write-baseline) goes through it.
func SafeWritePath(path string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if _, err := filepath.EvalSymlinks(path); err != nil {
			return "", fmt.Errorf("%s: a symbolic link that cannot be followed; ppconn does not write through it: %w", path, unwrapPathErr(err))
		}
	}
	resolved, err := resolveExisting(abs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, unwrapPathErr(err))
	}
	if !within(abs, wd) {
		return resolved, nil
	}
	realWD, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if !within(resolved, realWD) {
		return "", fmt.Errorf("%s: a symbolic link to %s, outside the working folder %s; ppconn does not write through it (write the target itself)", path, resolved, realWD)
	}
	return resolved, nil
}

// resolveExisting resolves the symlinks of the longest existing prefix
// of the absolute path abs and appends the rest.
func resolveExisting(abs string) (string, error) {
	rest := ""
	for p := abs; ; {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// within says whether path is dir or below it (both absolute and clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func unchanged(target string, original []byte) error {
	cur, err := os.ReadFile(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if original != nil {
			return errors.New("the file was deleted since ppconn read it; nothing was written")
		}
		return nil
	case err != nil:
		return unwrapPathErr(err)
	case original == nil:
		return errors.New("the file appeared since ppconn looked; nothing was written")
	case !bytes.Equal(cur, original):
		return ErrModified
	}
	return nil
}

// validate parses data as the file's format.
func validate(path string, data []byte) error {
	doc := &connector.Document{Path: path, Format: formatOf(path, data)}
	connector.Parse(doc, data, connector.Limits{MaxBytes: 1 << 62, MaxDepth: connector.DefaultLimits.MaxDepth, MaxAliasNodes: connector.DefaultLimits.MaxAliasNodes})
	if p := FirstProblem(doc); p != nil && p.Kind != connector.ProblemDuplicateKey {
		return fmt.Errorf("%d:%d: %s", p.Pos.Line, p.Pos.Col, p.Message)
	}
	return nil
}

// formatOf tells a file's format by its extension, or, for another
// extension, by its first character ({ or [ is JSON).
func formatOf(path string, data []byte) connector.Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return connector.YAML
	case ".json":
		return connector.JSON
	}
	return connector.SniffFormat(data)
}

// FormatOf is the format of the file at path by its extension: YAML for
// .yaml and .yml, JSON otherwise.
func FormatOf(path string) connector.Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		return connector.YAML
	}
	return connector.JSON
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
