//go:build !windows

package cli

import "os"

// consoleShowsColor: every Unix terminal takes ANSI colours.
func consoleShowsColor(*os.File) bool { return true }
