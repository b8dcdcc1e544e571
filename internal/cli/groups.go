package cli

import (
	"cmp"
	"io"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// configGroup is the targets whose PATHs find one configuration file
// (or all the targets, with --config or --no-config): lint and fix run
// each group with one lint configuration.
type configGroup struct {
	file    *config.Config // nil: none
	targets []connector.Target
	overlay map[string][]byte // standard input, under its name
	cfg     lint.Config       // made from file by the command
}

// configFlags are the flags that choose the configuration file, the same
// for lint and fix.
type configFlags struct {
	path string // --config: this file for every PATH
	none bool   // --no-config
}

// stdinPath is what the PATH "-" reads for a command that lints standard
// input.
type stdinPath struct {
	r        io.Reader
	name     string // --stdin-filename; "" when not given
	maxBytes int64  // the read stops one byte over, for the size limit to refuse it
}

// stdinName is the name of standard input in reports when
// --stdin-filename does not give one.
const stdinName = "<stdin>"

// groupByConfig discovers the targets of each PATH of args and groups
// them by the configuration file the PATH finds (config.Find), or
// flags.path names, loading each file once. Groups come in the order of
// the first PATH that finds them, targets in the order of their PATHs.
// With stdin, "-" is standard input, read once, whose configuration is
// looked for from --stdin-filename (or "."); without, "-" is a path.
func groupByConfig(args []string, flags configFlags, stdin *stdinPath) ([]*configGroup, error) {
	if stdin != nil {
		if stdin.name != "" && !slices.Contains(args, "-") {
			return nil, usageError("--stdin-filename names standard input, which is linted only with the PATH '-'")
		}
		if strings.Count(strings.Join(args, "\x00")+"\x00", "-\x00") > 1 {
			return nil, usageError("standard input ('-') can be given once")
		}
	}
	var explicit *config.Config
	if flags.path != "" {
		c, err := config.Load(flags.path)
		if err != nil {
			return nil, badConfigError(err)
		}
		explicit = c
	}
	var groups []*configGroup
	byPath := map[string]*configGroup{}
	for _, arg := range args {
		var (
			targets []connector.Target
			input   []byte
			err     error
			from    = arg // where the configuration is looked for
		)
		if stdin != nil && arg == "-" {
			from = cmp.Or(stdin.name, ".")
			if input, err = io.ReadAll(io.LimitReader(stdin.r, stdin.maxBytes+1)); err != nil {
				return nil, usageError("reading standard input: %v", err)
			}
			targets = []connector.Target{connector.FileTarget(cmp.Or(stdin.name, stdinName))}
		} else if targets, err = connector.Discover([]string{arg}); err != nil {
			return nil, usageErr(err)
		}
		cfgPath := ""
		switch {
		case explicit != nil:
			cfgPath = explicit.Path
		case !flags.none:
			if cfgPath, err = config.Find(from); err != nil {
				return nil, usageErr(err)
			}
		}
		g := byPath[cfgPath]
		if g == nil {
			g = &configGroup{}
			switch {
			case explicit != nil:
				g.file = explicit
			case cfgPath != "":
				c, err := config.Load(cfgPath)
				if err != nil {
					return nil, badConfigError(err)
				}
				g.file = c
			}
			byPath[cfgPath] = g
			groups = append(groups, g)
		}
		g.targets = append(g.targets, targets...)
		if input != nil {
			g.overlay = map[string][]byte{cmp.Or(stdin.name, stdinName): input}
		}
	}
	return groups, nil
}
