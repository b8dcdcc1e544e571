package cli

import (
	"io"
	"os"
)

// useColor is the one place that decides whether output is coloured (every
// command that colours asks it, in the manner of gh's iostreams): only a
// terminal, and one that shows ANSI colours (on Windows, a console that
// accepts virtual terminal sequences); never when NO_COLOR is set
// (https://no-color.org), --no-color is given, or TERM is "dumb".
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0 && consoleShowsColor(f)
}
