package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/fix"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/rules"
)

type fixOptions struct {
	dryRun   bool
	rules    []string
	unsafe   bool
	config   string
	noConfig bool
	jobs     int
	limits   connector.Limits
	whole    bool
}

func newFixCmd() *cobra.Command {
	o := &fixOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Apply the safe automatic fixes of the mechanical findings",
		Long: `Fix the findings that have a mechanical correction: an x-ms-visibility in the wrong
case, a misspelled x-ms-* extension, a path parameter without "required": true or
x-ms-url-encoding, duplicates in enum, required, tags, schemes, consumes and produces,
and more; 'ppconn rules' marks the fixable rules, and 'ppconn explain RULE' says what
each fix does. PATH is as for 'ppconn lint'; the default is ".".

ppconn lints, applies the fixes, and lints again (up to 3 rounds, since one fix can
make another possible). Only the fixed values change: JSON files are edited in place,
every other byte kept; YAML files keep their comments, key order and quoting. Each
file is written atomically, and not at all when it changed on disk meanwhile. A file
with a syntax error, a duplicate key or an encoding problem is left alone.

A fix never changes what existing flows do: an operationId is never renamed. Fixes
that need an action outside the file (legacy OAuth redirectMode "Global" →
"GlobalPerConnector", whose new redirect URI must be registered with the identity
provider) are applied only with --unsafe, and say what to do next. A fix that would
bring a new finding is not applied. The configuration (.ppconn.yaml, x-lint-ignore)
is honoured: a rule turned off or a finding ignored is not fixed.

-d prints the unified diff of each change and writes nothing; --rule limits the
fixes to the given rules. A summary of the fixes per rule is printed.

Exit status: 0 when nothing fixable remains, 1 when fixable findings remain (with -d:
when anything would be fixed), 2 for a usage error or a file that cannot be read or
written. Fixable means by the fixes the run may apply: those of the --rule rules, and
the unsafe ones only with --unsafe.`,
		Example: `  ppconn fix                                  # fix the connector in this folder
  ppconn fix -d .                             # show what would change, write nothing
  ppconn fix --rule visibility-canonical --rule x-ms-extension-typo connectors/
  ppconn fix --unsafe .                       # also move OAuth to per-connector redirect URIs`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkJobs(cmd, o.jobs); err != nil {
				return err
			}
			if len(args) == 0 {
				args = []string{"."}
			}
			return runFix(cmd, args, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.limits.FollowSymlinks, "follow-symlinks", false, "read files through symbolic links that leave the connector's folder")
	f.BoolVarP(&o.dryRun, "dry-run", "d", false, "print the diffs of the fixes and write nothing")
	f.StringArrayVar(&o.rules, "rule", nil, "fix only the findings of this rule `ID` (repeatable)")
	f.BoolVar(&o.unsafe, "unsafe", false, "also apply the fixes that need an action outside the files (they say which)")
	f.StringVar(&o.config, "config", "", "read this configuration file instead of the .ppconn.yaml found from each PATH upwards")
	f.BoolVar(&o.noConfig, "no-config", false, "read no configuration file")
	f.IntVarP(&o.jobs, "jobs", "j", 0, "connectors fixed at once (default: the number of CPUs)")
	f.BoolVar(&o.whole, "whole-connector", false, "fix the whole connector folder of each file PATH (for pre-commit, which passes files)")
	cmd.MarkFlagsMutuallyExclusive("config", "no-config")
	return cmd
}

func runFix(cmd *cobra.Command, args []string, o *fixOptions) error {
	reg := rules.Registry()
	for _, id := range o.rules {
		r := reg.Lookup(id)
		switch {
		case r == nil:
			return usageError("--rule %q: no such rule%s; 'ppconn rules' lists them all", id, rules.Registry().DidYouMean(id))
		case !r.Fixable:
			return usageError("--rule %s: the rule has no automatic fix; 'ppconn rules' marks the fixable ones", id)
		}
	}
	if o.whole {
		args = connectorFolders(args)
	}
	groups, err := fixGroups(args, o, reg)
	if err != nil {
		return err
	}
	opts := fix.Options{Rules: o.rules, Unsafe: o.unsafe}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	sum := &fixSummary{perRule: map[string]int{}, unsafeRule: map[string]int{}}
	for _, g := range groups {
		fixTargets(g, o.jobs, opts, func(res *fix.Result) {
			sum.add(res, o, out)
		})
	}
	report := out
	if o.dryRun {
		report = errOut
	}
	sum.print(report, o.dryRun)
	switch {
	case len(sum.errs) > 0:
		return &exitError{code: ExitUsage, err: errors.Join(sum.errs...)}
	case sum.remaining > 0 || o.dryRun && sum.fixed > 0:
		return errFindings
	}
	return nil
}

// fixGroups discovers the targets of args and gives each the lint
// configuration of the .ppconn.yaml its PATH finds (or --config names).
func fixGroups(args []string, o *fixOptions, reg *lint.Registry) ([]*configGroup, error) {
	groups, err := groupByConfig(args, configFlags{path: o.config, none: o.noConfig}, nil)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		g.cfg = lint.Config{Registry: reg, Profile: lint.Profiles[0], Limits: o.limits}
		if g.file != nil {
			if err := g.file.Apply(reg, &g.cfg); err != nil {
				return nil, badConfigError(err)
			}
		}
	}
	return groups, nil
}

// fixTargets fixes the targets on jobs workers and calls emit once per
// target, in order.
func fixTargets(g *configGroup, jobs int, opts fix.Options, emit func(*fix.Result)) {
	lint.Ordered(len(g.targets), jobs, func(i int) *fix.Result { return fix.Target(g.targets[i], &g.cfg, opts) }, emit)
}

// fixSummary accumulates what the fixes did over every target.
type fixSummary struct {
	fixed, files, remaining int
	perRule                 map[string]int
	unsafeRule              map[string]int
	notes                   []string
	skipped                 []string
	errs                    []error
}

// add writes (or, with --dry-run, prints the diffs of) one target's fixed
// files and counts what was done.
func (s *fixSummary) add(res *fix.Result, o *fixOptions, out io.Writer) {
	s.errs = append(s.errs, res.ReadErrors...)
	written := map[string]bool{}
	for _, f := range res.Files {
		if o.dryRun {
			name := filepath.ToSlash(f.Path)
			if _, err := io.WriteString(out, showEditDiff(escape.Text(name)+".orig", escape.Text(name), f.Original, f.Fixed, f.Secrets()...)); err != nil {
				s.errs = append(s.errs, err)
				continue
			}
			written[f.Path] = true
			continue
		}
		if err := rewrite.WriteFileAtomic(f.Path, f.Fixed, f.Original); err != nil {
			s.errs = append(s.errs, err)
			continue
		}
		written[f.Path] = true
	}
	s.files += len(written)
	for _, a := range res.Applied {
		if !written[a.File] {
			continue
		}
		s.fixed++
		s.perRule[a.Rule]++
		if a.Fix.Note != "" {
			s.notes = append(s.notes, fmt.Sprintf("%s:%d:%d: %s: %s", a.File, a.Line, a.Column, a.Rule, a.Fix.Note))
		}
	}
	for _, f := range res.After {
		if f.Fix != nil && f.Fix.Unsafe && !o.unsafe && (len(o.rules) == 0 || contains(o.rules, f.Rule)) {
			s.unsafeRule[f.Rule]++
		}
	}
	if len(res.Files) > len(written) {
		// Nothing of a file that could not be written was fixed.
		return
	}
	s.remaining += len(res.Remaining)
	// One line per file and reason: a file with a syntax error has as
	// many fixable findings as any other.
	type group struct {
		first fix.Skipped
		n     int
	}
	var groups []*group
	byReason := map[[2]string]*group{}
	for _, sk := range res.Skipped {
		k := [2]string{sk.File, sk.Reason}
		if g := byReason[k]; g != nil {
			g.n++
			continue
		}
		byReason[k] = &group{first: sk, n: 1}
		groups = append(groups, byReason[k])
	}
	for _, g := range groups {
		sk := g.first
		what := sk.Rule
		if g.n > 1 {
			what = fmt.Sprintf("%s and %d more fixable findings", sk.Rule, g.n-1)
		}
		s.skipped = append(s.skipped, fmt.Sprintf("%s:%d:%d: %s: not fixed: %s", sk.File, sk.Line, sk.Column, what, sk.Reason))
	}
	for _, f := range res.New {
		s.skipped = append(s.skipped, fmt.Sprintf("%s:%d:%d: %s: a new finding after the fixes: %s", f.File, f.Line, f.Column, f.Rule, f.Message))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *fixSummary) print(w io.Writer, dryRun bool) {
	verb := "fixed"
	if dryRun {
		verb = "would fix"
	}
	if s.fixed == 0 {
		fmt.Fprintln(w, "nothing to fix")
	} else {
		fmt.Fprintf(w, "%s %s in %s:\n", verb, plural(s.fixed, "finding"), plural(s.files, "file"))
		ids := make([]string, 0, len(s.perRule))
		for id := range s.perRule {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			a, b := s.perRule[ids[i]], s.perRule[ids[j]]
			return a > b || a == b && ids[i] < ids[j]
		})
		for _, id := range ids {
			fmt.Fprintf(w, "  %5d  %s\n", s.perRule[id], id)
		}
	}
	for _, n := range s.notes {
		fmt.Fprintf(w, "to do: %s\n", n)
	}
	for _, sk := range s.skipped {
		fmt.Fprintln(w, sk)
	}
	if len(s.unsafeRule) > 0 {
		var parts []string
		for id, n := range s.unsafeRule {
			parts = append(parts, fmt.Sprintf("%s (%d)", id, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "not applied without --unsafe, as each needs an action outside the files ('ppconn explain RULE' says which): %s\n", strings.Join(parts, ", "))
	}
	if s.remaining > 0 && !dryRun {
		fmt.Fprintf(w, "%s still fixable: run 'ppconn fix' again, or see the reasons above\n", plural(s.remaining, "finding"))
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
