package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	gitcmd "github.com/ppconn/ppconn/internal/git"
	"github.com/ppconn/ppconn/internal/secret"
)

type logOptions struct {
	patch    bool
	maxCount int
	noColor  bool
	limits   connector.Limits
}

func newLogCmd() *cobra.Command {
	o := &logOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "log [PATH]",
		Short: "A connector's git history, one line per commit with what it changed for flows",
		Long: `List the commits that changed PATH (a connector folder or a definition; default "."),
newest first, each with the impact counts of what it changed against its first parent,
as 'ppconn diff' rates them: breaking, warnings, safe. A commit that only reformatted the
files says "no change". -p prints each commit's impact report under its line.

git is run with fixed arguments (git log, git cat-file), never through a shell; the
work tree is not touched. Commit subjects and file contents are escaped.

Exit status: 0, or 2 when PATH is not in a git repository or git fails.`,
		Example: `  ppconn log connectors/acme
  ppconn log -p -n 5 connectors/acme/apiDefinition.swagger.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := "."
			if len(args) == 1 {
				p = args[0]
			}
			return runLog(cmd, p, o)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.patch, "patch", "p", false, "print each commit's impact report")
	f.IntVarP(&o.maxCount, "max-count", "n", 0, "list at most this many commits (0: all)")
	f.BoolVar(&o.noColor, "no-color", false, "never colour the reports (NO_COLOR is honoured too)")
	f.Int64Var(&o.limits.MaxBytes, "max-bytes", o.limits.MaxBytes, "files larger than this are not read")
	return cmd
}

// logCommit is one line of git log.
type logCommit struct {
	hash, short, date, parent, subject string
}

func runLog(cmd *cobra.Command, p string, o *logOptions) error {
	if o.maxCount < 0 {
		return usageError("--max-count must not be negative")
	}
	if o.limits.MaxBytes <= 0 {
		return usageError("--max-bytes must be positive")
	}
	spec, err := gitPathspec(p)
	if err != nil {
		return usageErr(err)
	}
	args := []string{"log", "--no-color", "--date=short", "--format=%H%x1f%h%x1f%ad%x1f%P%x1f%s%x1e"}
	if o.maxCount > 0 {
		args = append(args, fmt.Sprintf("--max-count=%d", o.maxCount))
	}
	raw, err := gitcmd.Output(append(args, "--", spec)...)
	if err != nil {
		return usageErr(err)
	}
	var commits []logCommit
	for _, rec := range strings.Split(string(raw), "\x1e") {
		f := strings.Split(strings.TrimLeft(rec, "\n"), "\x1f")
		if len(f) != 5 {
			continue
		}
		parent, _, _ := strings.Cut(f[3], " ")
		commits = append(commits, logCommit{hash: f[0], short: f[1], date: f[2], parent: parent, subject: f[4]})
	}
	out := cmd.OutOrStdout()
	if len(commits) == 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "ppconn: no commit changed %s\n", displayPath(p))
		return nil
	}
	cache := map[string]*logSide{}
	side := func(rev string) *logSide {
		if s, ok := cache[rev]; ok {
			return s
		}
		s := readLogSide(rev, spec, o.limits)
		cache[rev] = s
		return s
	}
	color := useColor(out, o.noColor)
	for _, c := range commits {
		var old *logSide
		if c.parent != "" {
			old = side(c.parent)
		} else {
			old = &logSide{}
		}
		cur := side(c.hash)
		rep, what := compareLogSides(old, cur, o.limits)
		fmt.Fprintf(out, "%s %s  %-34s %s\n", c.short, escape.Text(c.date), what, escape.Text(c.subject))
		if o.patch && rep != nil {
			if err := diff.WriteText(out, rep, color); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			fmt.Fprintln(out)
		}
	}
	return nil
}

// logSide is PATH at one revision: absent, unreadable, or read.
type logSide struct {
	in  *diff.Input
	err error
}

func readLogSide(rev, spec string, lim connector.Limits) *logSide {
	object := rev + ":" + spec
	if _, ok := gitcmd.Exists(object); !ok {
		return &logSide{}
	}
	in, err := diff.Read("git:"+object, nil, lim)
	return &logSide{in: in, err: err}
}

// compareLogSides rates one commit: the report, and its line's counts.
func compareLogSides(old, cur *logSide, lim connector.Limits) (*diff.Report, string) {
	for _, s := range []*logSide{old, cur} {
		if s.err != nil {
			return nil, "unreadable: " + escape.Text(secret.MaskText(firstLineOf(s.err.Error())))
		}
	}
	tag := ""
	a, b := old.in, cur.in
	switch {
	case a == nil && b == nil:
		return nil, "(not a connector here)"
	case a == nil:
		// against nothing, every part of a new connector would read as a
		// change (a host "added" is breaking): it is just new
		return nil, "added"
	case b == nil:
		tag, b = "removed: ", emptyLike(a, lim)
	}
	rep, err := diff.Compare(a, b, diff.Options{})
	if err != nil {
		return nil, "unreadable: " + escape.Text(secret.MaskText(firstLineOf(err.Error())))
	}
	s := rep.Summary
	if s.Total() == 0 {
		return rep, "no change"
	}
	return rep, fmt.Sprintf("%s%d breaking, %s, %d safe", tag, s.Breaking, plural(s.Warning, "warning"), s.Safe)
}

// emptyLike is an empty version of in: the same documents, with nothing
// in them, to compare an added or removed connector against.
func emptyLike(in *diff.Input, lim connector.Limits) *diff.Input {
	e := &diff.Input{Name: "(none)", Folder: in.Folder}
	empty := func(d *connector.Document) *connector.Document {
		if d == nil {
			return nil
		}
		doc := &connector.Document{Path: "(none)", Role: d.Role, Format: connector.JSON}
		connector.Parse(doc, []byte("{}"), lim)
		return doc
	}
	e.Definition, e.Properties = empty(in.Definition), empty(in.Properties)
	return e
}

// gitPathspec gives p as git reads a path relative to the current folder
// ("./p"), for git log's pathspec and git:REV:./p objects.
func gitPathspec(p string) (string, error) {
	if filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		if p, err = filepath.Rel(wd, p); err != nil {
			return "", err
		}
	}
	p = filepath.ToSlash(filepath.Clean(p))
	if p == "." {
		return "./", nil
	}
	if strings.HasPrefix(p, "../") {
		return "", errors.New(p + ": run ppconn log from a folder above it, in the same repository")
	}
	return "./" + p, nil
}

func firstLineOf(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
