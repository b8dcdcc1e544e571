package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedFlagValues: flag values that cannot mean anything are usage
// errors that say why and what to run instead, not silently accepted
// (#12 item 15: -j 0, negative -j, fmt --check -w).
func TestRefusedFlagValues(t *testing.T) {
	clean := filepath.Join(cliData, "clean")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "-j", "0", clean}, "-j 0: give 1 or more"},
		{[]string{"lint", "--jobs=-2", clean}, "-j -2: give 1 or more"},
		{[]string{"fix", "-d", "-j", "0", clean}, "-j 0: give 1 or more"},
		{[]string{"fmt", "--check", "-w", clean}, "--check and -w cannot go together"},
	} {
		code, _, stderr := run(tt.args...)
		if code != ExitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("ppconn %s: exit %d, stderr %q; want exit 2 saying %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
	if code, _, stderr := run("lint", "-j", "1", clean); code != ExitOK {
		t.Errorf("ppconn lint -j 1: exit %d: %s", code, stderr)
	}
}
