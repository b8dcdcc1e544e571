package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/report"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/rules"
)

type lintOptions struct {
	format         string
	profile        string
	failOn         string
	quiet          bool
	minSeverity    string
	all            bool
	noColor        bool
	jobs           int
	limits         connector.Limits
	config         string
	noConfig       bool
	outputs        []string
	baseline       string
	writeBaseline  string
	newFromRev     string
	wholeConnector bool
	only           []string
	disable        []string
	stdinFilename  string
}

// formats are the values of --format.
var formats = []string{"text", "json", "sarif", "github", "azure", "junit", "markdown"}

// formatOfExtension is the format -o FILE writes when --format is not
// given and FILE's extension names one.
var formatOfExtension = map[string]string{".json": "json", ".sarif": "sarif", ".xml": "junit", ".md": "markdown"}

func newLintCmd() *cobra.Command {
	o := &lintOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Report what Power Platform would refuse, what certification would fail, and guidance",
		Long: `Lint connector files. Each PATH is a connector folder (apiDefinition.swagger.json,
apiProperties.json, script.csx), a single swagger file (JSON or YAML), or a folder tree,
in which case every connector folder below it is linted. The default PATH is ".".
"-" reads a definition (or, named so by --stdin-filename, an apiProperties.json) from
standard input, JSON or YAML, reported as <stdin> or as --stdin-filename names it; the
configuration is then looked for from that name (or the current folder) upwards.

Every rule has a level: import (Power Platform refuses to save the connector),
certification (Microsoft certification fails) or guidance. The profile turns levels into
severities:

` + profileHelp() + `
Configuration: .ppconn.yaml, found from each PATH upwards (or named with --config), sets
the profile, per-rule severities and options, and ignore entries. "x-lint-ignore": "rule-id"
(or a list) on any object of a definition silences those rules at and below it; an entry
that names no rule, or silences nothing, is reported (unused-lint-ignore).

Formats: text (default), json, sarif (SARIF 2.1.0, for code scanning), github (workflow
commands: annotations), azure (Azure Pipelines logging commands), junit (one testsuite per
file, one testcase per rule) and markdown (a summary for a PR comment or
$GITHUB_STEP_SUMMARY). -o FILE writes the --format report to FILE while the terminal still
gets text; -o FORMAT:FILE writes one more report in FORMAT. -o replaces the file, except
the file $GITHUB_STEP_SUMMARY names, which it appends to (as >> does).

Baselines: --write-baseline FILE records today's findings (and exits 0); --baseline FILE
then reports, and fails on, new findings only. Findings are matched by rule, file, JSON
pointer and message, so reformatting, reordering and line shifts do not make them new.
--new-from-rev REV does the same against the files as committed in REV (read with git):
only what a change adds is reported, for pre-commit hooks and pull requests.

Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 for a usage
error, an unreadable path or a bad configuration. A syntax error in a file is a finding,
not a usage error.`,
		Example: `  ppconn lint examples/teams-provisioning
  ppconn lint --profile certification --fail-on warning .
  ppconn lint --format json ../connectors > findings.json
  ppconn lint --format sarif -o ppconn.sarif .          # SARIF to a file, text to the terminal
  ppconn lint --format github -o sarif:ppconn.sarif .   # annotations, and SARIF to a file
  ppconn lint --only operation-summary-required .       # one rule, without a config file
  ppconn lint --disable format-indent-4-spaces .        # every rule but one
  ppconn lint --write-baseline .ppconn-baseline.json .  # accept today's findings
  ppconn lint --baseline .ppconn-baseline.json .        # report new findings only
  ppconn lint --new-from-rev origin/main connectors     # only what this branch adds
  pbpaste | ppconn lint --stdin-filename connectors/acme/apiDefinition.swagger.yaml -   # the editor's text, before saving it`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkJobs(cmd, o.jobs); err != nil {
				return err
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			return runLint(cmd, args, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.limits.FollowSymlinks, "follow-symlinks", false, "read files through symbolic links that leave the connector's folder")
	f.StringVar(&o.format, "format", "text", "output format: "+strings.Join(formats, ", "))
	f.StringVar(&o.profile, "profile", "custom", "severity profile: custom or certification (overrides the configuration's)")
	f.StringVar(&o.failOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, info or never")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "report errors only, without source excerpts, rule table or progress")
	f.StringVar(&o.minSeverity, "min-severity", "info", "leave out of the report the findings below: error, warning or info (the summary counts them)")
	f.BoolVar(&o.all, "all", false, "list every finding on a terminal too (which otherwise counts the infos past a screenful, and a rule's findings in a file past the first "+strconv.Itoa(report.FoldAfter)+")")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "connectors linted at once (default: the number of CPUs)")
	f.Int64Var(&o.limits.MaxBytes, "max-bytes", o.limits.MaxBytes, "files larger than this are not parsed")
	f.IntVar(&o.limits.MaxDepth, "max-depth", o.limits.MaxDepth, "deepest nesting parsed")
	f.IntVar(&o.limits.MaxAliasNodes, "max-alias-nodes", o.limits.MaxAliasNodes, "most nodes YAML aliases may expand to")
	f.StringVar(&o.config, "config", "", "read this configuration `FILE` instead of the .ppconn.yaml found from each PATH upwards")
	f.BoolVar(&o.noConfig, "no-config", false, "read no configuration file")
	f.StringArrayVarP(&o.outputs, "output", "o", nil, "write the --format report to `FILE` (the terminal gets text; without --format, a FILE ending .json, .sarif, .xml or .md gets that format), or FORMAT:FILE for another format; repeatable")
	f.StringVar(&o.baseline, "baseline", "", "report and fail on only the findings not recorded in this baseline `FILE`")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "record every finding in this baseline `FILE`, and exit 0")
	f.StringVar(&o.newFromRev, "new-from-rev", "", "report and fail on only the findings that the same files did not have in the git commit `REV` (e.g. origin/main)")
	f.BoolVar(&o.wholeConnector, "whole-connector", false, "lint the whole connector folder of each file PATH (for pre-commit, which passes files)")
	f.StringArrayVar(&o.only, "only", nil, "run only this `RULE` (repeatable; a rule that is off by default runs at its level's severity)")
	f.StringVar(&o.stdinFilename, "stdin-filename", "", "the `PATH` standard input ('-') stands for: the name reported, the configuration found from it and the format (by extension)")
	f.StringArrayVar(&o.disable, "disable", nil, "do not run this `RULE` (repeatable; wins over --only and the configuration)")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
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
		return usageErr(err)
	}
	minimum, err := lint.ParseSeverity(o.minSeverity)
	if err != nil || minimum == lint.Off {
		return usageError("--min-severity %q: use error, warning or info", o.minSeverity)
	}
	if o.quiet {
		minimum = lint.Error
	}
	if err := checkLimits(o.limits); err != nil {
		return err
	}
	if o.wholeConnector {
		args = connectorFolders(args)
	}
	groups, err := lintGroups(args, o, cmd.InOrStdin())
	if err != nil {
		return err
	}
	reg := rules.Registry()
	for _, g := range groups {
		g.cfg = lint.Config{Registry: reg, Profile: profile, Limits: o.limits, Jobs: o.jobs, Overlay: g.overlay}
		if g.file != nil {
			if err := g.file.Apply(reg, &g.cfg); err != nil {
				return badConfigError(err)
			}
			if cmd.Flags().Changed("profile") {
				g.cfg.Profile = profile
			}
		}
		if err := applyRuleFlags(reg, &g.cfg, o.only, o.disable); err != nil {
			return err
		}
	}
	var base *lint.Baseline
	if o.baseline != "" {
		if base, err = lint.ReadBaseline(o.baseline); err != nil {
			return usageErr(err)
		}
	}
	var fromRev *lint.Baseline
	if o.newFromRev != "" {
		if fromRev, err = revBaseline(o.newFromRev, groups); err != nil {
			return err
		}
	}
	first := &groups[0].cfg
	w, closeOutputs, err := openWriters(cmd, o, reportEnv{
		rules:  report.RuleSet{Registry: reg, Severity: first.SeverityOf},
		failOn: threshold,
	})
	if err != nil {
		return err
	}
	var (
		sum       report.Summary
		failed    bool
		readErrs  []error
		writeErr  error
		record    lint.Baseline
		known     int
		old       int
		total     int
		recordDir = filepath.Dir(o.writeBaseline)
		baseDir   = filepath.Dir(o.baseline)
	)
	for _, g := range groups {
		total += len(g.targets)
	}
	prog := newProgress(cmd.ErrOrStderr(), total, o.quiet)
	for _, g := range groups {
		lint.Run(g.targets, g.cfg, func(r lint.Result) {
			defer prog.step()
			readErrs = append(readErrs, r.ReadErrors...)
			findings := r.Findings
			if o.writeBaseline != "" {
				record.Add(r, findings, recordDir)
			}
			if base != nil {
				findings = base.Filter(r, findings, baseDir)
				known += len(r.Findings) - len(findings)
			}
			if fromRev != nil {
				n := len(findings)
				findings = fromRev.Filter(r, findings, ".")
				old += n - len(findings)
			}
			shown, hidden := splitSeverity(findings, minimum)
			sum.Add(r, shown)
			sum.Hide(hidden)
			for _, f := range findings {
				failed = failed || (threshold != lint.Off && f.Severity >= threshold)
			}
			if len(shown) > 0 {
				prog.clear()
			}
			if writeErr == nil {
				writeErr = w.Result(r, shown)
			}
		})
	}
	prog.done()
	if writeErr == nil {
		writeErr = w.Close(sum)
	}
	if err := closeOutputs(); err != nil && writeErr == nil {
		writeErr = err
	}
	if writeErr != nil {
		return &exitError{code: ExitUsage, err: fmt.Errorf("writing the report: %w", writeErr)}
	}
	if len(readErrs) > 0 {
		return &exitError{code: ExitUsage, err: errors.Join(readErrs...)}
	}
	if known > 0 && !o.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: not reporting %s recorded in the baseline %s\n", pluralFindings(known), escape.Text(o.baseline))
	}
	if old > 0 && !o.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: not reporting %s the files already had in %s\n", pluralFindings(old), escape.Text(o.newFromRev))
	}
	if o.writeBaseline != "" {
		if err := record.Write(o.writeBaseline); err != nil {
			return usageError("writing the baseline: %v", err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: recorded %s in the baseline %s\n", pluralFindings(len(record.Findings)), escape.Text(o.writeBaseline))
		return nil
	}
	if failed {
		return errFindings
	}
	return nil
}

// applyRuleFlags narrows a run to the rules of --only and takes away those
// of --disable, over whatever the profile and configuration say. An --only
// rule that would not run (off by default, or turned off by the
// configuration) runs at its level's severity in the profile, because
// naming it on the command line is the clearest request there is.
func applyRuleFlags(reg *lint.Registry, cfg *lint.Config, only, disable []string) error {
	for _, id := range append(append([]string(nil), only...), disable...) {
		if reg.Lookup(id) == nil {
			return usageError("no rule %q%s; 'ppconn rules' lists them all", id, reg.DidYouMean(id))
		}
	}
	if len(only) == 0 && len(disable) == 0 {
		return nil
	}
	severity := make(map[string]lint.Severity, len(cfg.Severity))
	for id, s := range cfg.Severity {
		severity[id] = s
	}
	if len(only) > 0 {
		wanted := make(map[string]bool, len(only))
		for _, id := range only {
			wanted[id] = true
		}
		for _, r := range reg.Rules() {
			switch {
			case !wanted[r.ID]:
				severity[r.ID] = lint.Off
			case cfg.SeverityOf(r) == lint.Off:
				severity[r.ID] = cfg.Profile.LevelSeverity(r)
			}
		}
	}
	for _, id := range disable {
		severity[id] = lint.Off
	}
	cfg.Severity = severity
	return nil
}

func pluralFindings(n int) string {
	if n == 1 {
		return "1 finding"
	}
	return fmt.Sprintf("%d findings", n)
}

// lintGroups discovers the targets of args and groups them by the
// configuration each PATH finds (or --config names). "-" is standard
// input, read once, under the name --stdin-filename gives.
func lintGroups(args []string, o *lintOptions, stdin io.Reader) ([]*configGroup, error) {
	return groupByConfig(args, configFlags{path: o.config, none: o.noConfig},
		&stdinPath{r: stdin, name: o.stdinFilename, maxBytes: o.limits.MaxBytes})
}

// connectorFolders replaces each file of args that lies in a connector
// folder by that folder, once: pre-commit passes the files that changed,
// and a connector is linted whole (its cross-file rules need every file).
func connectorFolders(args []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range args {
		p := a
		if info, err := os.Stat(a); err == nil && !info.IsDir() && isConnectorFolder(filepath.Dir(a)) {
			p = filepath.Dir(a)
		}
		if key := filepath.Clean(p); !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

// isConnectorFolder reports whether dir is a connector folder, as
// connector discovery recognises folders; an ambiguous one is, so that
// linting it says why.
func isConnectorFolder(dir string) bool {
	_, ok, err := connector.FolderTarget(dir)
	return ok || err != nil
}

// splitSeverity parts findings into those at or above minimum, which are
// reported, and the rest, which the summary only counts.
func splitSeverity(fs []lint.Finding, minimum lint.Severity) (shown, hidden []lint.Finding) {
	for _, f := range fs {
		if f.Severity >= minimum {
			shown = append(shown, f)
		} else {
			hidden = append(hidden, f)
		}
	}
	return shown, hidden
}

func checkLimits(l connector.Limits) error {
	if l.MaxBytes <= 0 || l.MaxDepth <= 0 || l.MaxAliasNodes < 0 {
		return usageError("--max-bytes and --max-depth must be positive, --max-alias-nodes not negative")
	}
	return nil
}

// reportEnv is what the writers that describe rules or pass/fail need.
type reportEnv struct {
	rules  report.RuleSet
	failOn lint.Severity
}

// openWriters builds the writer of the run: --format to stdout, or text to
// stdout and the --format report to -o FILE, plus each -o FORMAT:FILE.
// The files are created before linting, so that a bad path fails at once.
func openWriters(cmd *cobra.Command, o *lintOptions, env reportEnv) (report.Writer, func() error, error) {
	if !validFormat(o.format) {
		return nil, nil, usageError("--format %q: use %s", o.format, strings.Join(formats, ", "))
	}
	type output struct{ format, path string }
	var outs []output
	stdoutFormat := o.format
	for _, spec := range o.outputs {
		format, path := o.format, spec
		if i := strings.IndexByte(spec, ':'); i > 0 && validFormat(spec[:i]) {
			format, path = spec[:i], spec[i+1:]
		} else if i > 1 && isFormatWord(spec[:i]) {
			// -o bogus:x wrote a file named "bogus:x"; a one-letter prefix is
			// a Windows drive (C:\out.sarif) and stays a path.
			return nil, nil, usageError("--output %q: no format %q: use %s; write ./%s for a file of that name", spec, spec[:i], strings.Join(formats, ", "), spec)
		} else {
			stdoutFormat = "text"
			if ext, ok := formatOfExtension[strings.ToLower(filepath.Ext(spec))]; ok && !cmd.Flags().Changed("format") {
				// -o findings.json with no --format: the file's name says the format
				format = ext
			}
		}
		if path == "" {
			return nil, nil, usageError("--output %q: no file name", spec)
		}
		outs = append(outs, output{format, path})
	}
	stdout := cmd.OutOrStdout()
	writers := report.Multi{newWriter(stdoutFormat, stdout, useColor(stdout, o.noColor), terminalRows(stdout), o, env)}
	var files []*os.File
	closeAll := func() error {
		var first error
		for _, f := range files {
			if err := f.Close(); err != nil && first == nil {
				first = err
			}
		}
		return first
	}
	for _, out := range outs {
		path, err := rewrite.SafeWritePath(out.path)
		var f *os.File
		if err == nil {
			f, err = createOutput(path)
		}
		if err != nil {
			_ = closeAll()
			return nil, nil, usageError("--output: %v", err)
		}
		files = append(files, f)
		writers = append(writers, newWriter(out.format, f, false, 0, o, env))
	}
	return writers, closeAll, nil
}

// createOutput opens the file of a -o: created, or emptied when it exists,
// except the job summary of GitHub Actions ($GITHUB_STEP_SUMMARY), which is
// appended to as `>> "$GITHUB_STEP_SUMMARY"` does: the step may have
// written to it already, and emptying it would lose that.
func createOutput(path string) (*os.File, error) {
	if isStepSummary(path) {
		return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	}
	return os.Create(path)
}

// isStepSummary reports whether path is the file $GITHUB_STEP_SUMMARY names.
func isStepSummary(path string) bool {
	summary := os.Getenv("GITHUB_STEP_SUMMARY")
	if summary == "" {
		return false
	}
	if filepath.Clean(summary) == filepath.Clean(path) {
		return true
	}
	a, errA := os.Stat(summary)
	b, errB := os.Stat(path)
	return errA == nil && errB == nil && os.SameFile(a, b)
}

// isFormatWord reports whether s is shaped like a format name (letters,
// digits and dashes), as the part of -o before a ':' is when a format was
// meant.
func isFormatWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return s != ""
}

func validFormat(f string) bool {
	for _, x := range formats {
		if x == f {
			return true
		}
	}
	return false
}

// newWriter builds the writer of format to out; rows is the height of the
// terminal out is (0: not a terminal).
func newWriter(format string, out io.Writer, color bool, rows int, o *lintOptions, env reportEnv) report.Writer {
	switch format {
	case "json":
		return &report.JSON{W: out}
	case "sarif":
		return &report.SARIF{W: out, Rules: env.rules, Version: version()}
	case "github":
		return &report.GitHub{W: out}
	case "azure":
		return &report.Azure{W: out}
	case "junit":
		return &report.JUnit{W: out, Rules: env.rules, FailOn: env.failOn}
	case "markdown":
		return &report.Markdown{W: out, FailOn: env.failOn}
	}
	return &report.Text{W: out, Color: color, NoSource: o.quiet, NoRuleTable: o.quiet, Rows: rows, All: o.all}
}
