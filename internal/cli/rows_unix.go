//go:build linux || darwin

package cli

import (
	"os"
	"syscall"
	"unsafe"
)

// windowRows asks the terminal f for its height (TIOCGWINSZ); 0 when it
// does not answer.
func windowRows(f *os.File) int {
	var ws struct{ row, col, x, y uint16 }
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws))); errno != 0 {
		return 0
	}
	return int(ws.row)
}
