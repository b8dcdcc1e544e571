package rewrite

import (
	"errors"
	"fmt"
	"time"
)

// ErrFileBusy is returned when the file stayed open in another program
// for the whole retry window, so it could not be replaced.
var ErrFileBusy = errors.New("another program holds the file open (an editor, a virus scanner or a sync client such as OneDrive); nothing was written: close it, or wait, and run the command again")

// replaceRetries is how long replaceWithRetry waits for a busy target:
// Windows refuses to replace a file that another program has open without
// FILE_SHARE_DELETE, which virus scanners and indexers do for a moment
// after each write, and editors for as long as the file is open. About 2 s
// in all: long enough for the first, short enough to report the second.
var replaceRetries = []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 600 * time.Millisecond, 600 * time.Millisecond}

// replaceWithRetry renames tmp over target, retrying while busy says the
// failure is a sharing violation, and returns ErrFileBusy when it stays
// one. rename, busy and sleep are parameters so that the loop is tested
// on every platform (replace_windows.go gives Windows' own).
func replaceWithRetry(rename func(string, string) error, busy func(error) bool, sleep func(time.Duration), tmp, target string) error {
	err := rename(tmp, target)
	for _, d := range replaceRetries {
		if err == nil || !busy(err) {
			return err
		}
		sleep(d)
		err = rename(tmp, target)
	}
	if err != nil && busy(err) {
		return fmt.Errorf("%w (%w)", ErrFileBusy, err)
	}
	return err
}
