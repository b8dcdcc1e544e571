//go:build windows

package rewrite

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// replaceFile renames tmp over target, waiting for a program that holds
// target open (see replaceRetries).
func replaceFile(tmp, target string) error {
	return replaceWithRetry(os.Rename, sharingViolation, time.Sleep, tmp, target)
}

// The Windows errors MoveFileEx gives when another process has the file
// open: ERROR_ACCESS_DENIED (a handle without FILE_SHARE_DELETE; a
// read-only target is refused before the rename), ERROR_SHARING_VIOLATION
// and ERROR_LOCK_VIOLATION.
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

func sharingViolation(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	return errno == errorAccessDenied || errno == errorSharingViolation || errno == errorLockViolation
}
