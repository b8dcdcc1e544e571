package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// Build stamps, set by release builds (.goreleaser.yaml) with
//
//	-ldflags "-X github.com/ppconn/ppconn/internal/cli.Version=v1.2.3
//	          -X github.com/ppconn/ppconn/internal/cli.Commit=<full hash>
//	          -X github.com/ppconn/ppconn/internal/cli.Date=<RFC 3339>"
//
// Unstamped, they come from what the go command recorded in the binary: the
// module version of a `go install ...@v1.2.3`, and the VCS revision and
// commit time of a build in a git checkout (vcs.revision, vcs.time).
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// buildStamp is what `ppconn version` reports about the binary.
type buildStamp struct {
	Version  string // v1.2.3, or "devel"
	Commit   string // the full commit hash, or ""
	Date     string // the build or commit time, or ""
	Modified bool   // a source build of a checkout with uncommitted changes
}

// stamp is this binary's build stamp.
func stamp() buildStamp {
	info, _ := debug.ReadBuildInfo()
	return stampOf(Version, Commit, Date, info)
}

// stampOf prefers the link-time stamps and completes them from the build
// info (nil when the binary has none).
func stampOf(version, commit, date string, info *debug.BuildInfo) buildStamp {
	s := buildStamp{Version: version, Commit: commit, Date: date}
	if info != nil {
		if s.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			s.Version = info.Main.Version
		}
		if s.Commit == "" {
			for _, kv := range info.Settings {
				switch kv.Key {
				case "vcs.revision":
					s.Commit = kv.Value
				case "vcs.time":
					if s.Date == "" {
						s.Date = kv.Value
					}
				case "vcs.modified":
					s.Modified = kv.Value == "true"
				}
			}
		}
	}
	if s.Version == "" {
		s.Version = "devel"
	}
	return s
}

// version is the version alone, as SARIF's tool.driver.version wants it.
func version() string { return stamp().Version }

// String is the one-line answer of `ppconn version` and `ppconn --version`:
//
//	ppconn v1.2.3 (commit 1a2b3c4d5e6f, 2026-12-01T10:00:00Z, go1.26.8, linux/amd64)
func (s buildStamp) String() string {
	var parts []string
	if s.Commit != "" {
		c := "commit " + shortCommit(s.Commit)
		if s.Modified {
			c += " with uncommitted changes"
		}
		parts = append(parts, c)
	}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	parts = append(parts, runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
	return fmt.Sprintf("ppconn %s (%s)", s.Version, strings.Join(parts, ", "))
}

// shortCommit abbreviates a commit hash to 12 characters, as go's
// pseudo-versions do.
func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// setVersionFlag gives the root command a --version flag that prints the
// same line as `ppconn version`.
func setVersionFlag(root *cobra.Command) {
	root.Version = stamp().String()
	root.SetVersionTemplate("{{.Version}}\n")
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the ppconn version, commit and build date",
		Long: `Print the ppconn version, the commit it was built from, the build (or commit) date,
the Go version and the platform. 'ppconn --version' prints the same line.

A release binary carries the values stamped at build time; a source build in a git
checkout shows the commit it was built from (with "uncommitted changes" when the
checkout had some); 'go install ...@v1.2.3' shows the module version.`,
		Example: `  ppconn version
  ppconn --version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), stamp().String())
			return err
		},
	}
}
