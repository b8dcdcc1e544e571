package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/config"
	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

type fmtOptions struct {
	write, list, diff, check bool
	indent                   int
	limits                   connector.Limits
}

func newFmtCmd() *cobra.Command {
	o := &fmtOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "fmt [PATH...]",
		Short: "Format connector files: one indent width, key order and spellings kept",
		Long: `Format connector files in their canonical layout, as gofmt does for Go.

Each PATH is a file (a swagger definition, JSON or YAML, or apiProperties.json), a
connector folder (its definitions and apiProperties.json are formatted) or a folder
tree; "-" reads standard input. The default PATH is ".".

Canonical JSON has one indent width (--indent, else fmt.indent of the .ppconn.yaml the
file's folder finds, else 4 as Microsoft's coding standard for connectors asks), members
in their original order, every string and number spelled as it was (escapes, 1.0, 1e3
and big integers are kept), a final newline and no byte-order mark. Canonical YAML has a
2-space indent, keeps the order, the comments and the blank lines between sections, and
quotes exactly the strings a YAML reader could take for something else ("2.0", yes, on,
null, dates, "200"). Both keep the file's line endings: CRLF when its first line ends in
CRLF (a Windows checkout), "\n" otherwise. Formatting is idempotent: formatting
formatted text changes nothing.

By default the formatted text is printed. -w writes it back (atomically: a file that
changed on disk since it was read is not overwritten), -l lists the files whose
formatting differs, -d prints unified diffs, and --check exits 1 when any file
differs. A file that does not parse is reported at file:line:column and left alone;
the others are still formatted, and ppconn exits 2.

Exit status: 0 when done (or, with --check, nothing to format), 1 when --check found
files to format, 2 for a usage error or a file that cannot be read, parsed or written.`,
		Example: `  ppconn fmt -w .                           # format the connector in this folder, in place
  ppconn fmt -l connectors/                 # which connectors are not formatted?
  ppconn fmt -d apiDefinition.swagger.json  # what would change
  ppconn fmt --check .                      # in CI: fail when a file is not formatted
  ppconn fmt --indent 2 -w .                # keep a 2-space house style
  cat apiDefinition.swagger.json | ppconn fmt -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return runFmt(cmd, args, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.limits.FollowSymlinks, "follow-symlinks", false, "read files through symbolic links that leave the connector's folder")
	f.BoolVarP(&o.write, "write", "w", false, "write the result to the file instead of printing it")
	f.BoolVarP(&o.list, "list", "l", false, "list the files whose formatting differs")
	f.BoolVarP(&o.diff, "diff", "d", false, "print unified diffs of the changes")
	f.BoolVar(&o.check, "check", false, "exit 1 when any file is not formatted (prints nothing else unless -l or -d)")
	f.IntVar(&o.indent, "indent", 4, "JSON indent width in spaces (0 writes one line); YAML always uses 2")
	return cmd
}

// fmtFile is one file to format; path "-" is standard input.
type fmtFile struct {
	path string
}

func runFmt(cmd *cobra.Command, args []string, o *fmtOptions) error {
	if o.indent < 0 || o.indent > 16 {
		return usageError("--indent %d: use 0 to 16", o.indent)
	}
	if o.check && o.write {
		return usageError("--check and -w cannot go together: --check only reports the files that are not formatted (exit 1), -w rewrites them; in CI run 'ppconn fmt --check', to format run 'ppconn fmt -w'")
	}
	files, err := fmtFiles(args)
	if err != nil {
		return err
	}
	if o.write {
		for _, f := range files {
			if f.path == "-" {
				return usageError("-w cannot write to standard input")
			}
		}
	}
	indents := fmtIndents{flag: o.indent, explicit: cmd.Flags().Changed("indent"), byConfig: map[string]int{}}
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	printText := !o.write && !o.list && !o.diff && !o.check
	var failed, differ int
	for _, f := range files {
		raw, doc, err := readDoc(f.path, cmd.InOrStdin(), o.limits)
		if err == nil {
			err = problemError(f.path, doc)
		}
		var text []byte
		if err == nil {
			indent, cerr := indents.of(f.path)
			if cerr != nil {
				return cerr
			}
			if text, err = rewrite.Canonical(doc, doc.Format, indent); err != nil {
				err = fmt.Errorf("%s: %w", displayPath(f.path), err)
			}
		}
		if err != nil {
			fmt.Fprintln(errOut, safeError(err))
			failed++
			continue
		}
		changed := !bytes.Equal(raw, text)
		if changed {
			differ++
		}
		if printText {
			if _, err := out.Write(text); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			continue
		}
		if !changed {
			continue
		}
		if o.list {
			fmt.Fprintln(out, displayPath(f.path))
		}
		if o.check && !o.list && !o.diff {
			fmt.Fprintf(errOut, "%s: not formatted\n", displayPath(f.path))
		}
		if o.diff {
			name := displayPath(f.path)
			if _, err := io.WriteString(out, showDiff(name+".orig", name, raw, text, secret.All(doc)...)); err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
		}
		if o.write {
			if err := rewrite.WriteFileAtomic(f.path, text, raw); err != nil {
				fmt.Fprintln(errOut, safeError(err))
				failed++
			}
		}
	}
	switch {
	case failed > 0:
		return &exitError{code: ExitUsage, err: fmt.Errorf("%s could not be formatted", ofFiles(failed, len(files)))}
	case o.check && differ > 0:
		verb := "are"
		if differ == 1 {
			verb = "is"
		}
		return &exitError{code: ExitFindings, err: fmt.Errorf("%s %s not formatted; run 'ppconn fmt -w' on them", ofFiles(differ, len(files)), verb)}
	}
	return nil
}

// fmtIndents gives the JSON indent of each file: --indent when given,
// else fmt.indent of the .ppconn.yaml the file's folder finds (as lint
// finds it), else the flag's default, 4.
type fmtIndents struct {
	flag     int
	explicit bool
	byConfig map[string]int // configuration path → its fmt.indent (0: not set)
}

func (x *fmtIndents) of(path string) (int, error) {
	if x.explicit {
		return x.flag, nil
	}
	dir := "."
	if path != "-" {
		dir = filepath.Dir(path)
	}
	cfgPath, err := config.Find(dir)
	if err != nil {
		return 0, usageError("%v", err)
	}
	if cfgPath == "" {
		return x.flag, nil
	}
	indent, ok := x.byConfig[cfgPath]
	if !ok {
		c, err := config.Load(cfgPath)
		if err != nil {
			return 0, usageError("bad configuration:\n%v", err)
		}
		indent = c.Fmt.Indent
		x.byConfig[cfgPath] = indent
	}
	if indent == 0 {
		return x.flag, nil
	}
	return indent, nil
}

// problemError reports the problem that keeps a file from being
// rewritten, at file:line:column, or returns nil.
func problemError(path string, doc *connector.Document) error {
	p := rewrite.FirstProblem(doc)
	if p == nil {
		return nil
	}
	msg := p.Message
	if p.Kind == connector.ProblemDuplicateKey {
		msg += "; ppconn does not rewrite the file until then, since that would drop the first"
	}
	return fmt.Errorf("%s:%d:%d: %s", displayPath(path), p.Pos.Line, p.Pos.Col, msg)
}

// ofFiles says "1 of 3 files", "1 file" or "2 of 2 files".
func ofFiles(n, total int) string {
	switch {
	case total == 1:
		return "the file"
	case n == total:
		return fmt.Sprintf("all %d files", n)
	}
	return fmt.Sprintf("%d of %d files", n, total)
}

// displayPath is a file name as ppconn prints it: every name comes from
// the connector's author, so it is escaped (escape.Text) and can neither
// break a line nor start a CI command.
func displayPath(p string) string {
	if p == "-" {
		return "<stdin>"
	}
	return escape.Text(p)
}

// fmtFiles turns the arguments into the files to format: definitions and
// apiProperties.json of every connector found, each file once.
func fmtFiles(args []string) ([]fmtFile, error) {
	var files []fmtFile
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, fmtFile{path: p})
		}
	}
	for _, a := range args {
		if a == "-" {
			add(a)
			continue
		}
		targets, err := connector.Discover([]string{a})
		if err != nil {
			return nil, usageErr(err)
		}
		for _, t := range targets {
			for _, s := range t.Swaggers {
				add(s)
			}
			if t.Props != "" {
				add(t.Props)
			}
		}
	}
	return files, nil
}

// readDoc reads and parses a file ("-" is standard input, its format told
// by its first character); the raw bytes are returned for comparison and
// for WriteFileAtomic.
func readDoc(path string, stdin io.Reader, lim connector.Limits) ([]byte, *connector.Document, error) {
	var raw []byte
	var err error
	doc := &connector.Document{Path: path, Format: rewrite.FormatOf(path)}
	if path == "-" {
		raw, err = io.ReadAll(io.LimitReader(stdin, lim.MaxBytes+1))
		doc.Format = connector.SniffFormat(raw)
	} else {
		var size int64
		if raw, size, err = connector.ReadFile(path, lim.ReadOptions()); errors.Is(err, connector.ErrTooLarge) {
			err = fmt.Errorf("the file is more than %d bytes (%d read), more than ppconn parses", lim.MaxBytes, size)
		}
	}
	if err == nil && int64(len(raw)) > lim.MaxBytes {
		err = fmt.Errorf("the input is more than %d bytes", lim.MaxBytes)
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, nil, fmt.Errorf("%s: %w", displayPath(path), err)
	}
	if ext := strings.ToLower(filepath.Ext(path)); path != "-" && ext != ".json" && ext != ".yaml" && ext != ".yml" {
		doc.Format = connector.SniffFormat(raw)
	}
	connector.Parse(doc, raw, lim)
	return raw, doc, nil
}
