//go:build unix

package rewrite

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileAtomicKeepsOwner: a file of another owner and group
// keeps them through a rewrite (#19 item 9); setuid stays too (a chown
// clears it, so the mode is set after). Only root can give a file away.
func TestWriteFileAtomicKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another owner")
	}
	path := filepath.Join(t.TempDir(), "a.json")
	writeFile(t, path, oldJSON, 0o644)
	const uid, gid = 4242, 4343
	if err := os.Chown(path, uid, gid); err != nil {
		t.Skip("cannot chown here:", err)
	}
	if err := os.Chmod(path, 0o644|os.ModeSetuid|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != uid || st.Gid != gid {
		t.Errorf("owner %d:%d after the rewrite, want %d:%d", st.Uid, st.Gid, uid, gid)
	}
	if info.Mode()&(os.ModeSetuid|os.ModeSetgid) != os.ModeSetuid|os.ModeSetgid {
		t.Errorf("mode %v: setuid or setgid lost", info.Mode())
	}
}
