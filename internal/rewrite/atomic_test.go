package rewrite

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	oldJSON = "{\n  \"a\": 1\n}\n"
	newJSON = "{\n    \"a\": 2\n}\n"
)

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// onlyFiles lists the folder, to prove no temporary file is left.
func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("folder holds %v, want %v", got, want)
	}
}

func setHook(t *testing.T, fn func(tmp string) error) {
	t.Helper()
	beforeRename = fn
	t.Cleanup(func() { beforeRename = nil })
}

func TestWriteFileAtomicReplacesAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "apiDefinition.swagger.json")
	writeFile(t, path, oldJSON, 0o600)
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != newJSON {
		t.Errorf("content %q", got)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", info.Mode().Perm())
	}
	onlyFiles(t, dir, "apiDefinition.swagger.json")
}

// TestWriteFileAtomicFaultInjection fails the write between the synced
// temporary file and the rename, as a crash or a full disk would: the
// original file must be intact and no temporary file left behind.
func TestWriteFileAtomicFaultInjection(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "apiDefinition.swagger.json")
	writeFile(t, path, oldJSON, 0o644)
	injected := errors.New("injected failure before rename")
	var sawTemp string
	setHook(t, func(tmp string) error {
		sawTemp = tmp
		// The new content is complete in the temporary file at this point.
		if got := readFile(t, tmp); got != newJSON {
			t.Errorf("temporary file holds %q", got)
		}
		if filepath.Dir(tmp) != dir {
			t.Errorf("temporary file %s is not in the target's folder", tmp)
		}
		return injected
	})
	err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON))
	if !errors.Is(err, injected) {
		t.Fatalf("error %v, want the injected one", err)
	}
	if sawTemp == "" {
		t.Fatal("the hook never ran")
	}
	if got := readFile(t, path); got != oldJSON {
		t.Errorf("the original was changed: %q", got)
	}
	onlyFiles(t, dir, "apiDefinition.swagger.json")
}

func TestWriteFileAtomicRefusesConcurrentChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	writeFile(t, path, oldJSON, 0o644)
	edited := "{\n  \"a\": 3\n}\n"

	// Changed before the write started.
	writeFile(t, path, edited, 0o644)
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); !errors.Is(err, ErrModified) {
		t.Errorf("error %v, want ErrModified", err)
	}
	if got := readFile(t, path); got != edited {
		t.Errorf("the other writer's content was lost: %q", got)
	}

	// Changed while ppconn was writing its temporary file.
	writeFile(t, path, oldJSON, 0o644)
	setHook(t, func(string) error {
		writeFile(t, path, edited, 0o644)
		return nil
	})
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); !errors.Is(err, ErrModified) {
		t.Errorf("error %v, want ErrModified", err)
	}
	if got := readFile(t, path); got != edited {
		t.Errorf("the other writer's content was lost: %q", got)
	}
	onlyFiles(t, dir, "a.json")
}

func TestWriteFileAtomicRefusals(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.json")
	writeFile(t, path, oldJSON, 0o644)

	err := WriteFileAtomic(path, []byte("{\"a\": 1,}\n"), []byte(oldJSON))
	if err == nil || !strings.Contains(err.Error(), "does not parse") || !strings.Contains(err.Error(), "1:8") {
		t.Errorf("invalid JSON: %v", err)
	}
	err = WriteFileAtomic(filepath.Join(dir, "b.yaml"), []byte("a: [\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("invalid YAML: %v", err)
	}
	if got := readFile(t, path); got != oldJSON {
		t.Errorf("changed: %q", got)
	}

	if err := WriteFileAtomic(path, []byte(newJSON), nil); err == nil || !strings.Contains(err.Error(), "appeared") {
		t.Errorf("create over an existing file: %v", err)
	}
	if err := WriteFileAtomic(filepath.Join(dir, "gone.json"), []byte(newJSON), []byte(oldJSON)); err == nil || !strings.Contains(err.Error(), "deleted") {
		t.Errorf("a deleted file: %v", err)
	}

	ro := filepath.Join(dir, "ro.json")
	writeFile(t, ro, oldJSON, 0o444)
	if err := WriteFileAtomic(ro, []byte(newJSON), []byte(oldJSON)); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("read-only file: %v", err)
	}
	if got := readFile(t, ro); got != oldJSON {
		t.Errorf("read-only file changed: %q", got)
	}
}

func TestWriteFileAtomicCreates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.yaml")
	if err := WriteFileAtomic(path, []byte("a: 1\n"), nil); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v %v", info, err)
	}
}

func TestWriteFileAtomicSymlinks(t *testing.T) {
	work := t.TempDir()
	outside := t.TempDir()
	t.Chdir(work)
	if err := os.Mkdir("conn", 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join("conn", "real.json"), oldJSON, 0o644)
	if err := os.Symlink("real.json", filepath.Join("conn", "link.json")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := WriteFileAtomic(filepath.Join("conn", "link.json"), []byte(newJSON), []byte(oldJSON)); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join("conn", "real.json")); got != newJSON {
		t.Errorf("target not written: %q", got)
	}
	if li, _ := os.Lstat(filepath.Join("conn", "link.json")); li.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}

	far := filepath.Join(outside, "far.json")
	writeFile(t, far, oldJSON, 0o644)
	if err := os.Symlink(far, "far.json"); err != nil {
		t.Fatal(err)
	}
	err := WriteFileAtomic("far.json", []byte(newJSON), []byte(oldJSON))
	if err == nil || !strings.Contains(err.Error(), "outside the working folder") {
		t.Errorf("link out of the tree: %v", err)
	}
	if got := readFile(t, far); got != oldJSON {
		t.Errorf("target outside the tree changed: %q", got)
	}
}
