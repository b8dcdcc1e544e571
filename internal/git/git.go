// Package git runs git, read-only, with fixed arguments and never through
// a shell: diff's git:REV:PATH inputs, lint --new-from-rev, and log read
// the repository through it. Everything git prints comes from the
// repository, so the callers escape it before it reaches a terminal.
package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Timeout bounds one git invocation.
const Timeout = 30 * time.Second

// ErrNotInstalled is returned when there is no git on PATH.
var ErrNotInstalled = errors.New("git is not installed (or not on PATH)")

// Output runs git with args in the current folder and returns what it
// printed on standard output; the error carries the first line of what
// git said on standard error.
func Output(args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, ErrNotInstalled
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		msg, _, _ = strings.Cut(msg, "\n")
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// Blob returns the content of the blob object (REV:PATH), refusing one
// larger than maxBytes before reading it.
func Blob(object string, maxBytes int64) ([]byte, error) {
	size, err := Output("cat-file", "-s", object)
	if err != nil {
		return nil, err
	}
	var n int64
	if _, err := fmt.Sscan(string(size), &n); err == nil && n > maxBytes {
		return nil, fmt.Errorf("%s is %d bytes, more than ppconn reads (%d, --max-bytes)", object, n, maxBytes)
	}
	return Output("cat-file", "blob", object)
}

// Exists reports whether object (REV:PATH, or a revision) names something
// in the repository, and its type ("blob", "tree", "commit").
func Exists(object string) (typ string, ok bool) {
	out, err := Output("cat-file", "-t", object)
	if err != nil {
		return "", false
	}
	return strings.TrimSpace(string(out)), true
}
