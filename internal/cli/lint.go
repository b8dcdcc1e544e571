package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/report"
	"github.com/ppconn/ppconn/rules"
)

type lintOptions struct {
	format  string
	profile string
	failOn  string
	quiet   bool
	noColor bool
	jobs    int
	limits  connector.Limits
}

func newLintCmd() *cobra.Command {
	o := &lintOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Report what Power Platform would refuse, what certification would fail, and guidance",
		Long: `Lint connector files. Each PATH is a connector folder (apiDefinition.swagger.json,
apiProperties.json, script.csx), a single swagger file (JSON or YAML), or a folder tree,
in which case every connector folder below it is linted. The default PATH is ".".

Every rule has a level: import (Power Platform refuses to save the connector),
certification (Microsoft certification fails) or guidance. The profile turns levels into
severities:

` + profileHelp() + `
Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 for a usage
error or an unreadable path. A syntax error in a file is a finding, not a usage error.`,
		Example: `  ppconn lint examples/teams-provisioning
  ppconn lint --profile certification --fail-on warning .
  ppconn lint --format json ../connectors > findings.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runLint(cmd, args, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	f.StringVar(&o.profile, "profile", "custom", "severity profile: custom or certification")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, info or never")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "report errors only, without source excerpts")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "connectors linted at once (default: the number of CPUs)")
	f.Int64Var(&o.limits.MaxBytes, "max-bytes", o.limits.MaxBytes, "files larger than this are not parsed")
	f.IntVar(&o.limits.MaxDepth, "max-depth", o.limits.MaxDepth, "deepest nesting parsed")
	f.IntVar(&o.limits.MaxAliasNodes, "max-alias-nodes", o.limits.MaxAliasNodes, "most nodes YAML aliases may expand to")
	return cmd
}

func profileHelp() string {
	var b strings.Builder
	for _, p := range lint.Profiles {
		fmt.Fprintf(&b, "  %-14s import → %s, certification → %s, guidance → %s\n", p.Name,
			p.Map[lint.Import], p.Map[lint.Certification], p.Map[lint.Guidance])
	}
	return b.String()
}

// failThreshold maps --fail-on to the lowest severity that fails the run;
// Off means never.
func failThreshold(s string) (lint.Severity, error) {
	if s == "never" {
		return lint.Off, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil || sev == lint.Off {
		return lint.Off, fmt.Errorf("--fail-on %q: use error, warning, info or never", s)
	}
	return sev, nil
}

func runLint(cmd *cobra.Command, args []string, o *lintOptions) error {
	profile, err := lint.LookupProfile(o.profile)
	if err != nil {
		return usageError("--profile: %v", err)
	}
	threshold, err := failThreshold(o.failOn)
	if err != nil {
		return usageError("%v", err)
	}
	out := cmd.OutOrStdout()
	w, err := newWriter(o, out)
	if err != nil {
		return err
	}
	if err := checkLimits(o.limits); err != nil {
		return err
	}
	targets, err := connector.Discover(args)
	if err != nil {
		return usageError("%v", err)
	}
	cfg := lint.Config{Registry: rules.Registry(), Profile: profile, Limits: o.limits, Jobs: o.jobs}
	var (
		sum      report.Summary
		failed   bool
		readErrs []error
		writeErr error
	)
	lint.Run(targets, cfg, func(r lint.Result) {
		readErrs = append(readErrs, r.ReadErrors...)
		shown := filterQuiet(r.Findings, o.quiet)
		sum.Add(r, shown)
		for _, f := range r.Findings {
			failed = failed || (threshold != lint.Off && f.Severity >= threshold)
		}
		if writeErr == nil {
			writeErr = w.Result(r, shown)
		}
	})
	if writeErr == nil {
		writeErr = w.Close(sum)
	}
	if writeErr != nil {
		return &exitError{code: ExitUsage, err: fmt.Errorf("writing the report: %w", writeErr)}
	}
	if len(readErrs) > 0 {
		return &exitError{code: ExitUsage, err: errors.Join(readErrs...)}
	}
	if failed {
		return errFindings
	}
	return nil
}

func filterQuiet(fs []lint.Finding, quiet bool) []lint.Finding {
	if !quiet {
		return fs
	}
	var out []lint.Finding
	for _, f := range fs {
		if f.Severity == lint.Error {
			out = append(out, f)
		}
	}
	return out
}

func checkLimits(l connector.Limits) error {
	if l.MaxBytes <= 0 || l.MaxDepth <= 0 || l.MaxAliasNodes < 0 {
		return usageError("--max-bytes and --max-depth must be positive, --max-alias-nodes not negative")
	}
	return nil
}

func newWriter(o *lintOptions, out io.Writer) (report.Writer, error) {
	switch o.format {
	case "text":
		return &report.Text{W: out, Color: useColor(out, o.noColor), NoSource: o.quiet}, nil
	case "json":
		return &report.JSON{W: out}, nil
	}
	return nil, usageError("--format %q: use text or json", o.format)
}

// useColor colours only a terminal, and never when NO_COLOR is set
// (https://no-color.org) or --no-color is given.
func useColor(w io.Writer, noColor bool) bool {
	if noColor || os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
