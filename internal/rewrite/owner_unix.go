//go:build unix

package rewrite

import (
	"io/fs"
	"os"
	"syscall"
)

// keepOwner gives tmp the owner and group of the file it replaces, when
// they differ from tmp's (a file another user owns and ppconn may write,
// or any file when running as root). It fails when the owner cannot be
// kept. The group alone is kept where the user may give it (a group of
// theirs) and otherwise left as a new file in that folder gets it, as an
// editor's save does: refusing would stop users from rewriting their own
// files in a checkout whose group they are not in (a mounted volume, a
// container).
func keepOwner(tmp *os.File, old fs.FileInfo) error {
	want, ok := old.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	info, err := tmp.Stat()
	if err != nil {
		return err
	}
	have, ok := info.Sys().(*syscall.Stat_t)
	if !ok || have.Uid == want.Uid && have.Gid == want.Gid {
		return nil
	}
	if have.Uid != want.Uid {
		return tmp.Chown(int(want.Uid), int(want.Gid))
	}
	_ = tmp.Chown(-1, int(want.Gid))
	return nil
}
