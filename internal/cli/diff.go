package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/report"
	"github.com/ppconn/ppconn/internal/secret"
)

type diffOptions struct {
	format      string
	failOn      string
	text        bool
	textFormat  string
	context     int
	noColor     bool
	limits      connector.Limits
	accept      string
	writeAccept string
	reason      string
	config      string
	noConfig    bool
	against     string
}

func newDiffCmd() *cobra.Command {
	o := &diffOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Say what an update changes for the flows and apps that use the connector",
		Long: `Compare two versions of a connector and say, in Power Platform terms, what pasting NEW
over OLD changes for the flows and apps that use it: each change with its impact and the
reason, the JSON pointer and line in OLD and NEW, and the operations it affects (a change
to a shared definition is listed under every operation that uses it).

OLD and NEW can each be:
  FILE             a definition, JSON or YAML, in any mix (formatting never shows)
  FOLDER           a connector folder: apiProperties.json is compared too, and so are
                   the JSON and YAML twins (apiDefinition.swagger.json and .yaml) each
                   against its counterpart; every change then names its file
  git:REV:PATH     a file or folder as committed in REV, read with git; the work tree is
                   not touched (PATH as git reads it: from the repository root, or ./PATH)
  -                standard input: the text copied out of the Swagger editor

Impacts:
  breaking  an existing flow or app breaks or changes behaviour: an operation removed or
            renamed, a required input added, an input removed, renamed or retyped, an enum
            value removed from an input, a response property removed, x-ms-visibility
            becoming internal, x-ms-trigger or a dynamic-values target changed, the host
            or the sign-in changed (every connection must then be re-created)
  warning   worth a look: a deprecation, a visibility move, a changed default
  safe      additions, text (summary, description, x-ms-summary) and documentation links

The full table, with the reasoning of each row: docs/diff.md.

CI formats: --format github (workflow-command annotations), azure (logging commands), sarif
(SARIF 2.1.0, for code scanning) and junit (one testcase per row of the impact table): each
change at its line in NEW, or in OLD for a removal; breaking changes are errors, warnings
warnings, acknowledged changes notices (SARIF: suppressed); safe changes are not annotated.

--text adds a unified diff of both versions rendered in the same canonical text (YAML by
default, as the Swagger editor shows it), so that reformatting shows nothing.

--against REV [PATH...] compares the connector folder of each PATH (default "."; a file
stands for its folder, as pre-commit and 'git diff --name-only' give them) with the same
folder as committed in REV: ppconn diff --against origin/main --fail-on breaking.

As git's external diff (GIT_EXTERNAL_DIFF="ppconn diff", or diff.ppconn.command with
"*.swagger.json diff=ppconn" in .gitattributes), ppconn diff takes git's seven arguments
and prints each connector file's impact report instead of a line diff (docs/ci.md).

Acknowledged changes: --write-accept FILE --reason TEXT records the breaking changes in an
accept file; --accept FILE (or diff.accept in .ppconn.yaml) stops them from failing, shows
them as acknowledged and lists stale entries. An entry with an empty reason is not used.
diff.impact in .ppconn.yaml sets the impact of a row's changes (docs/diff.md).

Exit status: 0, or 1 when a change not acknowledged is at or above --fail-on (breaking,
warning, any; default never); 2 for a usage error or an input that cannot be read.`,
		Example: `  ppconn diff git:HEAD:connectors/acme connectors/acme       # my edits since the last commit
  pbpaste | ppconn diff apiDefinition.swagger.json -          # what pasting the editor's text changes
  ppconn diff --fail-on breaking git:main:acme acme             # in CI: fail on a breaking change
  ppconn diff --format markdown old.yaml new.json >> "$GITHUB_STEP_SUMMARY"
  ppconn diff --text --context 5 v1/apiDefinition.swagger.json v2/apiDefinition.swagger.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if isGitExternalDiff(args) || o.against != "" {
				return nil
			}
			if len(args) != 2 {
				return usageError("diff takes two arguments, OLD and NEW (got %d); see 'ppconn diff --help'", len(args))
			}
			if args[0] == "-" && args[1] == "-" {
				return usageError("only one of OLD and NEW can be standard input (-)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.against != "" {
				return runDiffAgainst(cmd, o.against, args, o)
			}
			if isGitExternalDiff(args) {
				lim, err := o.check()
				if err != nil {
					return err
				}
				return runGitExternalDiff(cmd, args, o, lim)
			}
			return runDiff(cmd, args[0], args[1], o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.limits.FollowSymlinks, "follow-symlinks", false, "read files through symbolic links that leave the connector's folder")
	f.StringVar(&o.format, "format", "text", "output format: text, markdown, json, or for CI github, azure, sarif, junit")
	f.StringVar(&o.failOn, "fail-on", "never", "exit 1 when a change is at or above: breaking, warning, any or never")
	f.BoolVar(&o.text, "text", false, "add a unified diff of both versions in canonical text")
	f.StringVar(&o.textFormat, "text-format", "yaml", "canonical text of --text: yaml or json")
	f.IntVar(&o.context, "context", 3, "lines of context around each change of --text")
	f.StringVar(&o.against, "against", "", "compare the connector folder of each PATH (files stand for their folder) with the same folder in the git commit `REV`")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the output (NO_COLOR is honoured too)")
	f.Int64Var(&o.limits.MaxBytes, "max-bytes", o.limits.MaxBytes, "files larger than this are not read")
	f.StringVar(&o.accept, "accept", "", "acknowledge the changes this accept `FILE` lists: they no longer fail (default: diff.accept of .ppconn.yaml)")
	f.StringVar(&o.writeAccept, "write-accept", "", "record the breaking changes in this accept `FILE` (keeping the reasons of entries that still match), then apply it")
	f.StringVar(&o.reason, "reason", "", "with --write-accept: the reason given to each new entry (otherwise empty, and the entry is not used until one is written)")
	f.StringVar(&o.config, "config", "", "read this configuration file instead of the .ppconn.yaml found from NEW upwards")
	f.BoolVar(&o.noConfig, "no-config", false, "read no configuration file")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
	cmd.MarkFlagsMutuallyExclusive("accept", "write-accept")
	return cmd
}

// diffThreshold maps --fail-on to the lowest impact that fails the run;
// ok is false for never.
func diffThreshold(s string) (impact diff.Impact, ok bool, err error) {
	switch s {
	case "never":
		return diff.Safe, false, nil
	case "any":
		return diff.Safe, true, nil
	case "breaking", "warning":
		impact, _ := diff.ParseImpact(s)
		return impact, true, nil
	}
	return diff.Safe, false, fmt.Errorf("--fail-on %q: use breaking, warning, any or never", s)
}

// check validates the options and returns the limits of the inputs.
func (o *diffOptions) check() (connector.Limits, error) {
	if _, _, err := diffThreshold(o.failOn); err != nil {
		return connector.Limits{}, usageErr(err)
	}
	switch o.format {
	case "text", "markdown", "json", "github", "azure", "sarif", "junit":
	default:
		return connector.Limits{}, usageError("--format %q: use text, markdown, json, github, azure, sarif or junit", o.format)
	}
	if _, ok := parseFormat(o.textFormat); !ok {
		return connector.Limits{}, usageError("--text-format %q: use yaml or json", o.textFormat)
	}
	if o.context < 0 {
		return connector.Limits{}, usageError("--context must not be negative")
	}
	if o.limits.MaxBytes <= 0 {
		return connector.Limits{}, usageError("--max-bytes must be positive")
	}
	lim := connector.DefaultLimits
	lim.MaxBytes = o.limits.MaxBytes
	lim.FollowSymlinks = o.limits.FollowSymlinks
	return lim, nil
}

func runDiff(cmd *cobra.Command, oldSpec, newSpec string, o *diffOptions) error {
	lim, err := o.check()
	if err != nil {
		return err
	}
	oldIn, err := diff.Read(oldSpec, cmd.InOrStdin(), lim)
	if err != nil {
		return usageErr(err)
	}
	newIn, err := diff.Read(newSpec, cmd.InOrStdin(), lim)
	if err != nil {
		return usageErr(err)
	}
	_, err = reportDiff(cmd, oldIn, newIn, newSpec, o)
	return err
}

// reportDiff compares two inputs, applies the policy of the configuration
// found from configFrom (NEW, as given), writes the report in --format and
// applies --fail-on; the options have been checked.
func reportDiff(cmd *cobra.Command, oldIn, newIn *diff.Input, configFrom string, o *diffOptions) (*diff.Report, error) {
	threshold, failOn, _ := diffThreshold(o.failOn)
	textFormat, _ := parseFormat(o.textFormat)
	rep, err := diff.Compare(oldIn, newIn, diff.Options{})
	if err != nil {
		return nil, usageErr(err)
	}
	if err := applyDiffPolicy(cmd, rep, configFrom, o); err != nil {
		return nil, err
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: note: %s\n", escape.Text(secret.MaskText(n)))
	}
	var text string
	if o.text {
		if text, err = diff.TextDiff(rep, textFormat, o.context); err != nil {
			return nil, usageError("--text: %v", err)
		}
	}
	out := cmd.OutOrStdout()
	switch o.format {
	case "json":
		err = diff.WriteJSON(out, rep, text, o.text)
	case "markdown":
		err = diff.WriteMarkdown(out, rep, text)
	case "github", "azure", "sarif", "junit":
		err = report.WriteDiff(out, o.format, rep, report.DiffOptions{Threshold: threshold, FailOn: failOn, Version: version()})
	default:
		color := useColor(out, o.noColor)
		err = diff.WriteText(out, rep, color)
		if err == nil && o.text {
			err = writeTextDiff(out, text, o.textFormat, color)
		}
	}
	if err != nil {
		return nil, &exitError{code: ExitUsage, err: fmt.Errorf("writing the report: %w", err)}
	}
	if worst, any := rep.Worst(); failOn && any && worst >= threshold {
		return rep, errFindings
	}
	return rep, nil
}

// diffConfig is the configuration of a diff: --config, or the
// .ppconn.yaml found from NEW upwards (from the current folder when NEW
// is standard input or in git); nil when there is none.
func diffConfig(newSpec string, o *diffOptions) (*config.Config, error) {
	if o.noConfig {
		return nil, nil
	}
	path := o.config
	if path == "" {
		from := newSpec
		if from == "-" || strings.HasPrefix(from, "git:") {
			from = "."
		}
		var err error
		if path, err = config.Find(from); err != nil || path == "" {
			return nil, err
		}
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, badConfigError(err)
	}
	return cfg, nil
}

// applyDiffPolicy applies the team's policy to the report: the impact
// overrides of diff.impact, then the accept file (--write-accept writes it
// first), with notes on standard error for the entries it could not use.
func applyDiffPolicy(cmd *cobra.Command, rep *diff.Report, newSpec string, o *diffOptions) error {
	cfg, err := diffConfig(newSpec, o)
	if err != nil {
		return err
	}
	acceptPath := o.accept
	if cfg != nil {
		rep.Override(cfg.Diff.Impact)
		if acceptPath == "" && o.writeAccept == "" {
			acceptPath = cfg.Diff.Accept
		}
	}
	stderr := cmd.ErrOrStderr()
	var file *diff.AcceptFile
	switch {
	case o.writeAccept != "":
		acceptPath = o.writeAccept
		prev, original, err := diff.ReadAccept(acceptPath, true)
		if err != nil {
			return usageErr(err)
		}
		file = diff.Record(rep, prev, o.reason)
		if err := diff.WriteAccept(acceptPath, file, original); err != nil {
			return &exitError{code: ExitUsage, err: fmt.Errorf("--write-accept: %w", err)}
		}
		fmt.Fprintf(stderr, "ppconn: recorded %d breaking %s in the accept file %s\n", len(file.Entries),
			pluralWord(len(file.Entries), "change", "changes"), escape.Text(acceptPath))
	case acceptPath != "":
		if file, _, err = diff.ReadAccept(acceptPath, false); err != nil {
			return usageErr(err)
		}
	default:
		if o.reason != "" {
			return usageError("--reason goes with --write-accept")
		}
		return nil
	}
	res := rep.Accept(file)
	if n := len(res.NoReason); n > 0 {
		fmt.Fprintf(stderr, "ppconn: %s: %d %s no reason and %s not used: write why each change is acceptable in its reason: (or use --write-accept --reason)\n",
			escape.Text(acceptPath), n, pluralWord(n, "entry has", "entries have"), pluralWord(n, "is", "are"))
		for _, e := range res.NoReason {
			fmt.Fprintf(stderr, "  %s %s\n", escape.Text(e.Rule), escape.Text(e.Pointer))
		}
	}
	if n := len(res.Stale); n > 0 {
		fmt.Fprintf(stderr, "ppconn: note: %s: %d stale %s, matching no change (undone, or changed again): remove %s, or write the file again with --write-accept\n",
			escape.Text(acceptPath), n, pluralWord(n, "entry", "entries"), pluralWord(n, "it", "them"))
	}
	return nil
}

func writeTextDiff(w io.Writer, text, format string, color bool) error {
	text = escape.Lines(text) // the connector's own text: no control character, no CI command
	var b strings.Builder
	fmt.Fprintf(&b, "\nText diff (canonical %s):\n", format)
	if text == "" {
		b.WriteString("(none: the canonical texts are identical)\n")
	}
	for _, l := range strings.SplitAfter(text, "\n") {
		switch {
		case l == "":
		case !color:
			b.WriteString(l)
		case strings.HasPrefix(l, "+++") || strings.HasPrefix(l, "---"):
			b.WriteString("\x1b[1m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n")
		case strings.HasPrefix(l, "+"):
			b.WriteString("\x1b[32m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n")
		case strings.HasPrefix(l, "-"):
			b.WriteString("\x1b[31m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n")
		case strings.HasPrefix(l, "@@"):
			b.WriteString("\x1b[36m" + strings.TrimSuffix(l, "\n") + "\x1b[0m\n")
		default:
			b.WriteString(l)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pluralWord is one for one thing, many otherwise.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
