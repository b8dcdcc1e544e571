package cli

import (
	"io"
	"os"
	"strconv"
)

// This file is the one place that decides what a writer is: a terminal or
// not, how many rows it shows, and whether it shows colour. Every command
// asks it, in the manner of gh's iostreams; tests replace isTerminal (and
// set LINES) to force either case.

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// useColor reports whether output to w is coloured: only on a terminal,
// and one that shows ANSI colours (on Windows, a console that accepts
// virtual terminal sequences); never when NO_COLOR is set
// (https://no-color.org), --no-color is given, or TERM is "dumb".
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" || !isTerminal(w) {
		return false
	}
	f, ok := w.(*os.File)
	return !ok || consoleShowsColor(f)
}

// defaultRows is the height assumed for a terminal that does not say.
const defaultRows = 24

// terminalRows is the height of the terminal w in rows (LINES when set,
// else what the terminal reports, else defaultRows), and 0 when w is not a
// terminal.
func terminalRows(w io.Writer) int {
	if !isTerminal(w) {
		return 0
	}
	if n, err := strconv.Atoi(os.Getenv("LINES")); err == nil && n > 0 {
		return n
	}
	if f, ok := w.(*os.File); ok {
		if n := windowRows(f); n > 0 {
			return n
		}
	}
	return defaultRows
}
