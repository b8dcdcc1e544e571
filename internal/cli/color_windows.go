package cli

import (
	"os"
	"syscall"
)

// enableVirtualTerminalProcessing is the console mode flag under which a
// Windows console interprets ANSI escape sequences (Windows 10 1511 and
// later; Windows Terminal sets it itself).
const enableVirtualTerminalProcessing = 0x0004

var setConsoleMode = syscall.NewLazyDLL("kernel32.dll").NewProc("SetConsoleMode")

// consoleShowsColor asks the console to interpret ANSI sequences and reports
// whether it does: false on a console too old to, and for a character
// device that is not a console (NUL), where the escapes would show as text.
func consoleShowsColor(f *os.File) bool {
	h := syscall.Handle(f.Fd())
	var mode uint32
	if err := syscall.GetConsoleMode(h, &mode); err != nil {
		return false
	}
	if mode&enableVirtualTerminalProcessing != 0 {
		return true
	}
	ok, _, _ := setConsoleMode.Call(uintptr(h), uintptr(mode|enableVirtualTerminalProcessing))
	return ok != 0
}
