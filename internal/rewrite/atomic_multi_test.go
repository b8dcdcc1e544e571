package rewrite

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestWriteFilesAtomicTransaction fails a two-file write before any
// rename and between the two renames (#19 item 9): before, both files
// stay old and no temporary file is left; between, the first is new, the
// second old, the error says so, and writing again what the command
// would write from the files as they now are finishes it.
func TestWriteFilesAtomicTransaction(t *testing.T) {
	const (
		oldA, newA = "{\"a\": 1}\n", "{\"a\": 2}\n"
		oldB, newB = "{\"b\": 1}\n", "{\"b\": 2}\n"
	)
	injected := errors.New("injected crash")
	for _, tt := range []struct {
		name    string
		failAt  int // the rename (1-based) that fails
		wantA   string
		wantB   string
		partial bool // the error names what was written and what not
	}{
		{"before any rename", 1, oldA, oldB, false},
		{"between the renames", 2, newA, oldB, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
			writeFile(t, a, oldA, 0o644)
			writeFile(t, b, oldB, 0o644)
			calls := 0
			restore := InjectFault(func(tmp string) error {
				calls++
				// Every temporary file is complete before the first rename.
				if calls == 1 {
					onlyTemps(t, dir, 2)
				}
				if calls == tt.failAt {
					return injected
				}
				return nil
			})
			err := WriteFilesAtomic([]FileWrite{{a, []byte(newA), []byte(oldA)}, {b, []byte(newB), []byte(oldB)}})
			restore()
			if !errors.Is(err, injected) {
				t.Fatalf("error %v, want the injected one", err)
			}
			if said := strings.Contains(err.Error(), a+" was written but "+b+" not: run the same command again"); said != tt.partial {
				t.Errorf("error %q: names the partial write %v, want %v", err, said, tt.partial)
			}
			if got := readFile(t, a); got != tt.wantA {
				t.Errorf("a.json %q, want %q", got, tt.wantA)
			}
			if got := readFile(t, b); got != tt.wantB {
				t.Errorf("b.json %q, want %q", got, tt.wantB)
			}
			onlyFiles(t, dir, "a.json", "b.json")
			// The re-run: the same new texts against the files as they are.
			if err := WriteFilesAtomic([]FileWrite{{a, []byte(newA), []byte(readFile(t, a))}, {b, []byte(newB), []byte(readFile(t, b))}}); err != nil {
				t.Fatal(err)
			}
			if readFile(t, a) != newA || readFile(t, b) != newB {
				t.Errorf("the re-run did not finish the write: %q %q", readFile(t, a), readFile(t, b))
			}
			onlyFiles(t, dir, "a.json", "b.json")
		})
	}
}

// TestWriteFilesAtomicRefusesAll: one file that cannot be written (it
// does not parse) leaves the other unwritten too.
func TestWriteFilesAtomicRefusesAll(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	writeFile(t, a, oldJSON, 0o644)
	writeFile(t, b, oldJSON, 0o644)
	err := WriteFilesAtomic([]FileWrite{{a, []byte(newJSON), []byte(oldJSON)}, {b, []byte("{,"), []byte(oldJSON)}})
	if err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Fatalf("error %v", err)
	}
	if readFile(t, a) != oldJSON {
		t.Error("a.json was written although b.json was refused")
	}
	onlyFiles(t, dir, "a.json", "b.json")
}

// onlyTemps asserts that dir holds n temporary files of ppconn's naming.
func onlyTemps(t *testing.T, dir string, n int) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	got := 0
	for _, e := range entries {
		if strings.Contains(e.Name(), ".ppconn-") {
			got++
		}
	}
	if got != n {
		t.Errorf("%d temporary files before the first rename, want %d", got, n)
	}
}

// TestWriteFileAtomicKeepsModeBits: the permission bits and setuid,
// setgid and sticky survive a rewrite (#19 item 9).
func TestWriteFileAtomicKeepsModeBits(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix mode bits on Windows")
	}
	const bits = os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky
	for _, mode := range []os.FileMode{0o600, 0o640, 0o755, 0o664, 0o644 | os.ModeSetuid, 0o755 | os.ModeSetgid | os.ModeSetuid, 0o644 | os.ModeSticky} {
		t.Run(mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.json")
			writeFile(t, path, oldJSON, 0o644)
			if err := os.Chmod(path, mode); err != nil {
				t.Fatal(err)
			}
			info, _ := os.Stat(path)
			if info.Mode()&bits != mode {
				t.Skipf("the file system keeps %v of %v", info.Mode(), mode)
			}
			if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
				t.Fatal(err)
			}
			info, _ = os.Stat(path)
			if info.Mode()&bits != mode {
				t.Errorf("mode %v after the rewrite, want %v", info.Mode(), mode)
			}
		})
	}
}

// TestWriteFileAtomicHardLink documents that a rewrite replaces a hard
// link by a file of its own: the other name keeps the old content.
func TestWriteFileAtomicHardLink(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	writeFile(t, path, oldJSON, 0o644)
	if err := os.Link(path, other); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
		t.Fatal(err)
	}
	if readFile(t, path) != newJSON || readFile(t, other) != oldJSON {
		t.Errorf("a.json %q, b.json %q", readFile(t, path), readFile(t, other))
	}
}

// TestWriteFileAtomicRemovesStaleTemps: a temporary file a killed run
// left next to the target (#19 item 9) goes on the next write, once it
// is older than staleTempAge; a recent one (a write under way), the
// temporary files of another target, other files, symlinks and folders
// of that naming, and names that only look alike stay. The target's name
// has glob characters in it, which must match only themselves.
func TestWriteFileAtomicRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	base := "api*[x].json"
	if runtime.GOOS == "windows" {
		base = "api[x].json"
	}
	path := filepath.Join(dir, base)
	writeFile(t, path, oldJSON, 0o644)
	old := time.Now().Add(-2 * staleTempAge)
	stale := []string{"." + base + ".ppconn-123456.tmp", "." + base + ".ppconn-9.tmp"}
	kept := []string{
		"." + base + ".ppconn-77.tmp.keep", // another suffix
		"." + base + ".ppconn-abc.tmp",     // not digits
		"." + base + ".ppconn-.tmp",        // no digits
		".apiZZx].json.ppconn-1.tmp",       // what a glob of the base would match
		".other.json.ppconn-1.tmp",         // another target's
		"notes.txt",
	}
	for _, n := range append(append([]string{}, stale...), kept...) {
		writeFile(t, filepath.Join(dir, n), "x", 0o644)
		if err := os.Chtimes(filepath.Join(dir, n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	recent := "." + base + ".ppconn-42.tmp"
	writeFile(t, filepath.Join(dir, recent), "x", 0o644)
	folder := "." + base + ".ppconn-5.tmp"
	if err := os.Mkdir(filepath.Join(dir, folder), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(filepath.Join(dir, folder), old, old)
	link := "." + base + ".ppconn-6.tmp"
	haveLink := os.Symlink("notes.txt", filepath.Join(dir, link)) == nil
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			t.Errorf("stale %s was left", n)
		}
	}
	kept = append(kept, recent, folder)
	if haveLink {
		kept = append(kept, link)
	}
	for _, n := range kept {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
}
