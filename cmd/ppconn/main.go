// Command ppconn lints, formats, diffs and configures Power Platform custom
// connectors offline. See 'ppconn --help'.
package main

import (
	"os"

	"github.com/ppconn/ppconn/internal/cli"
)

func main() {
	os.Exit(cli.Execute())
}
