package rewrite

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestReplaceWithRetry: a busy target (Windows: another program holds it
// open) is retried until it is free, a lasting one gives ErrFileBusy with
// a message that says what to do, and other errors are returned at once.
func TestReplaceWithRetry(t *testing.T) {
	errBusy := errors.New("sharing violation")
	errOther := errors.New("disk full")
	busy := func(err error) bool { return errors.Is(err, errBusy) }
	tests := []struct {
		name      string
		failures  int   // how many renames fail before one succeeds
		failWith  error // what they fail with
		wantCalls int
		wantErr   error
	}{
		{"free at once", 0, nil, 1, nil},
		{"busy for a moment", 3, errBusy, 4, nil},
		{"busy throughout", 1000, errBusy, len(replaceRetries) + 1, ErrFileBusy},
		{"another error", 1000, errOther, 1, errOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			var slept time.Duration
			rename := func(_, _ string) error {
				calls++
				if calls <= tt.failures {
					return tt.failWith
				}
				return nil
			}
			err := replaceWithRetry(rename, busy, func(d time.Duration) { slept += d }, "tmp", "target")
			if calls != tt.wantCalls {
				t.Errorf("%d renames, want %d", calls, tt.wantCalls)
			}
			if !errors.Is(err, tt.wantErr) && !(err == nil && tt.wantErr == nil) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			if errors.Is(err, ErrFileBusy) {
				if !strings.Contains(err.Error(), "close it") || slept < time.Second || slept > 5*time.Second {
					t.Errorf("waited %v, then: %v", slept, err)
				}
			}
		})
	}
}
