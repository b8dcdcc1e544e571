package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUseColor: colour never reaches a file, a pipe or a buffer, and
// NO_COLOR, TERM=dumb and --no-color each switch it off even on a terminal.
func TestUseColor(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = file.Close() }()
	if useColor(file, false) {
		t.Error("a regular file is coloured")
	}
	if useColor(&strings.Builder{}, false) {
		t.Error("a buffer is coloured")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	defer func() { _ = w.Close() }()
	if useColor(w, false) {
		t.Error("a pipe is coloured")
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no terminal to test the switches on: %v", err)
	}
	defer func() { _ = tty.Close() }()
	for _, env := range []struct{ name, value string }{{"NO_COLOR", "1"}, {"TERM", "dumb"}} {
		t.Run(env.name, func(t *testing.T) {
			t.Setenv(env.name, env.value)
			if useColor(tty, false) {
				t.Errorf("%s=%s: the terminal is coloured", env.name, env.value)
			}
		})
	}
	if useColor(tty, true) {
		t.Error("--no-color: the terminal is coloured")
	}
}
