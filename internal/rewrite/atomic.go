package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ppconn/ppconn/internal/connector"
)

// ErrModified is returned by WriteFileAtomic when the file on disk is no
// longer what the caller read: someone else changed it in between.
var ErrModified = errors.New("the file changed on disk since ppconn read it; nothing was written: run the command again")

// beforeRename, when set (by tests), runs after the temporary files are
// written and synced and before each is renamed over its target; an error
// from it aborts the write as a crash at that point would.
var beforeRename func(tmp string) error

// InjectFault sets a hook that runs before each rename of
// WriteFilesAtomic, after every temporary file is synced; an error from it
// aborts there, as a crash would. For the tests of callers (a kill between
// two renames); it returns the function that removes the hook.
func InjectFault(fn func(tmp string) error) (restore func()) {
	beforeRename = fn
	return func() { beforeRename = nil }
}

// staleTempAge is how old a temporary file of ppconn's own naming must be
// before a later write next to it removes it: a write that is under way
// (another ppconn) renames its file within seconds.
const staleTempAge = 10 * time.Minute

// keptModeBits are the mode bits a rewrite carries over from the file it
// replaces: the permission bits, and setuid, setgid and sticky.
const keptModeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

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
//     and then renamed over path; the file's permission, setuid, setgid
//     and sticky bits and its owner and group are kept (a new file gets
//     0644), or nothing is written when the owner cannot be kept (the
//     group is kept where the user may give it); a hard
//     link is replaced by a file of its own (the other names keep the old
//     content);
//   - a temporary file of ppconn's naming next to path that is older than
//     staleTempAge (left by a killed run) is removed first;
//   - a symbolic link is followed, and its target replaced, only when the
//     target is inside the current working folder; otherwise the write is
//     refused, as is a read-only file.
func WriteFileAtomic(path string, data, original []byte) error {
	return WriteFilesAtomic([]FileWrite{{Path: path, Data: data, Original: original}})
}

// FileWrite is one file of WriteFilesAtomic: its path, the new content
// and what the caller read (nil: no file expected), as for
// WriteFileAtomic.
type FileWrite struct {
	Path           string
	Data, Original []byte
}

// WriteFilesAtomic writes files that belong together (a definition and
// its apiProperties.json) as one transaction, as far as a file system
// allows: every file is checked and validated and every temporary file
// written and synced before the first rename, so a refusal or a failure
// up to there leaves all of them as they were. The renames then run in
// the order of files; a crash between two leaves the first ones new and
// the others old, and the caller orders files so that running the same
// command again finishes the write. An error after a rename says which
// files were written and which not.
func WriteFilesAtomic(files []FileWrite) error {
	staged := make([]*stagedFile, 0, len(files))
	defer func() {
		for _, s := range staged {
			if !s.renamed {
				_ = os.Remove(s.tmp)
			}
		}
	}()
	for _, f := range files {
		s, err := stage(f)
		if err != nil {
			return err
		}
		staged = append(staged, s)
	}
	// Checked again once every temporary file is ready, and for each file
	// just before its rename, to narrow the window in which an editor's
	// save could be overwritten.
	for _, s := range staged {
		if err := unchanged(s.target, s.Original); err != nil {
			return fmt.Errorf("%s: %w", s.Path, err)
		}
	}
	for i, s := range staged {
		if err := commitOne(s); err != nil {
			return partialWrite(staged, i, err)
		}
		s.renamed = true
	}
	for _, s := range staged {
		syncDir(s.dir)
	}
	return nil
}

// stagedFile is a FileWrite whose temporary file is written and synced.
type stagedFile struct {
	FileWrite
	target, dir, tmp string
	renamed          bool
}

// stage checks f and writes its temporary file next to the target.
func stage(f FileWrite) (*stagedFile, error) {
	path := f.Path
	target, err := writeTarget(path)
	if err != nil {
		return nil, err
	}
	mode := fs.FileMode(0o644)
	info, err := os.Stat(target)
	switch {
	case err == nil:
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", path)
		}
		if info.Mode().Perm()&0o200 == 0 {
			return nil, fmt.Errorf("%s: the file is read-only; make it writable (chmod u+w) if it should be rewritten", path)
		}
		mode = info.Mode() & keptModeBits
	case errors.Is(err, fs.ErrNotExist):
		info = nil
	default:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := unchanged(target, f.Original); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := validate(target, f.Data); err != nil {
		return nil, fmt.Errorf("%s: refusing to write text that does not parse: %w", path, err)
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	removeStaleTemps(dir, base, time.Now())
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*"+tempSuffix)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot write in its folder: %w", path, unwrapPathErr(err))
	}
	s := &stagedFile{FileWrite: f, target: target, dir: dir, tmp: tmp.Name()}
	werr := func() error {
		if _, err := tmp.Write(f.Data); err != nil {
			return fmt.Errorf("%s: writing: %w", path, err)
		}
		// The owner first: a chown clears setuid and setgid.
		if info != nil {
			if err := keepOwner(tmp, info); err != nil {
				return fmt.Errorf("%s: cannot keep the file's owner and group (%w); nothing was written: run ppconn as the file's owner, or as root", path, unwrapPathErr(err))
			}
		}
		if err := tmp.Chmod(mode); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("%s: syncing: %w", path, err)
		}
		return nil
	}()
	if cerr := tmp.Close(); werr == nil && cerr != nil {
		werr = fmt.Errorf("%s: %w", path, cerr)
	}
	if werr != nil {
		_ = os.Remove(s.tmp)
		return nil, werr
	}
	return s, nil
}

// commitOne renames a staged file over its target.
func commitOne(s *stagedFile) error {
	if beforeRename != nil {
		if err := beforeRename(s.tmp); err != nil {
			return fmt.Errorf("%s: %w", s.Path, err)
		}
	}
	if err := unchanged(s.target, s.Original); err != nil {
		return fmt.Errorf("%s: %w", s.Path, err)
	}
	if err := replaceFile(s.tmp, s.target); err != nil {
		return fmt.Errorf("%s: %w", s.Path, unwrapPathErr(err))
	}
	return nil
}

// partialWrite is the error of a rename that failed after the first: it
// names what was written and what was not.
func partialWrite(staged []*stagedFile, failed int, err error) error {
	if failed == 0 {
		return err
	}
	var done, left []string
	for i, s := range staged {
		if i < failed {
			done = append(done, s.Path)
		} else {
			left = append(left, s.Path)
		}
	}
	return fmt.Errorf("%w; %s %s written but %s not: run the same command again to write the rest", err, strings.Join(done, ", "), wasWere(len(done)), strings.Join(left, ", "))
}

func wasWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// The temporary file of a write of base is ".<base>.ppconn-<digits>.tmp"
// (os.CreateTemp puts decimal digits for the *).
const tempSuffix = ".tmp"

func tempPrefix(base string) string { return "." + base + ".ppconn-" }

// isTempOf reports whether name is a temporary file ppconn names for a
// write of base; the comparison is literal, so a base with glob or other
// odd characters in it matches only itself.
func isTempOf(name, base string) bool {
	rest, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok {
		return false
	}
	digits, ok := strings.CutSuffix(rest, tempSuffix)
	if !ok || digits == "" {
		return false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps removes the temporary files of earlier writes of base
// in dir that a killed run left (a rename never happened): regular files
// of ppconn's naming older than staleTempAge. Anything else, a symbolic
// link or folder of that name included, stays; errors are ignored (the
// write itself does not depend on it).
func removeStaleTemps(dir, base string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTempOf(e.Name(), base) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < staleTempAge {
			continue
		}
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
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
