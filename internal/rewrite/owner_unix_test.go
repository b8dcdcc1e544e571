//go:build unix

package rewrite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// ownerHelperEnv runs TestOwnerHelperProcess in a child started as
// another user: it rewrites the file the variable names.
const ownerHelperEnv = "PPCONN_REWRITE_OWNER_HELPER"

// TestOwnerHelperProcess is not a test: the child of
// TestWriteFileAtomicAsAnotherUser, which rewrites one file and prints
// the error, if any.
func TestOwnerHelperProcess(t *testing.T) {
	path := os.Getenv(ownerHelperEnv)
	if path == "" {
		t.Skip("only run as a child of TestWriteFileAtomicAsAnotherUser")
	}
	if err := WriteFileAtomic(path, []byte(newJSON), []byte(oldJSON)); err != nil {
		fmt.Print("ERROR " + err.Error())
	}
}

// TestWriteFileAtomicAsAnotherUser: run as an ordinary user (uid 4242,
// in group 4242 only), a rewrite of the user's own file whose group the
// user is not in succeeds, with the group a new file gets there; a
// group-writable file of another owner is refused, untouched, with the
// reason. Needs root, to start the child as that user.
func TestWriteFileAtomicAsAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a child as another user")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "ppconn-owner-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Error(err)
		}
	})
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	// The test binary's own folder is root's alone: the child runs a copy.
	child := filepath.Join(dir, "rewrite.test")
	bin, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(child, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	const user, otherGroup, otherUser = 4242, 4343, 4444
	rewriteAs := func(path string) string {
		cmd := exec.Command(child, "-test.run=^TestOwnerHelperProcess$")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), ownerHelperEnv+"="+path)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: user, Gid: user, Groups: []uint32{}}}
		out, err := cmd.CombinedOutput()
		if err != nil && !strings.Contains(string(out), "ERROR") {
			t.Fatalf("child: %v\n%s", err, out)
		}
		if i := strings.Index(string(out), "ERROR "); i >= 0 {
			return string(out[i+len("ERROR "):])
		}
		return ""
	}
	owned := func(name string, uid, gid int, mode os.FileMode) string {
		path := filepath.Join(dir, name)
		writeFile(t, path, oldJSON, mode)
		if err := os.Chown(path, uid, gid); err != nil {
			t.Skip("cannot chown here:", err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	mine := owned("mine.json", user, otherGroup, 0o644)
	if msg := rewriteAs(mine); msg != "" {
		t.Fatalf("own file in a group the user is not in: %s", msg)
	}
	if got, _ := os.ReadFile(mine); string(got) != newJSON {
		t.Errorf("own file not rewritten: %q", got)
	}
	if st := statOf(t, mine); st.Uid != user {
		t.Errorf("owner %d after the rewrite, want %d", st.Uid, user)
	}
	theirs := owned("theirs.json", otherUser, user, 0o664)
	msg := rewriteAs(theirs)
	if !strings.Contains(msg, "cannot keep the file's owner") || !strings.Contains(msg, "nothing was written") {
		t.Errorf("another owner's file: error %q, want the refusal", msg)
	}
	if got, _ := os.ReadFile(theirs); string(got) != oldJSON {
		t.Errorf("another owner's file was rewritten: %q", got)
	}
	if st := statOf(t, theirs); st.Uid != otherUser {
		t.Errorf("owner %d after the refusal, want %d", st.Uid, otherUser)
	}
}

func statOf(t *testing.T, path string) *syscall.Stat_t {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t)
}
