package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

type syncOptions struct {
	from         string
	check, diff  bool
	indent       int
	limits       connector.Limits
	indentFlagOK bool
}

func newSyncCmd() *cobra.Command {
	o := &syncOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "sync [DIR]",
		Short: "Make a folder's JSON twin follow its YAML twin (or the reverse)",
		Long: `Make the two definitions of a connector folder hold the same definition again.

Some authors keep apiDefinition.swagger.yaml, which they edit (YAML holds comments), and
apiDefinition.swagger.json, generated from it, which paconn and the portal's import read:
the twins. ppconn sync compares their values as the twins-in-sync rule does (key order,
YAML comments, layout and number spellings do not count) and makes the JSON twin follow
the YAML one; --from json makes the YAML twin follow the JSON one instead.

Only the places that differ are edited. The JSON written is in ppconn fmt's canonical
form at the indent of --indent, else fmt.indent of .ppconn.yaml, else the file's own
width (a 2-space file stays 2-space, a one-line file one line), with the line endings the
file had (CRLF stays CRLF). The YAML written keeps its comments, key order
and styles wherever the structure did not change. Twins that already agree are left
alone, formatted or not (that is ppconn fmt's job), so running sync twice changes
nothing the second time. Files are written atomically: a file that changed on disk since
it was read is not overwritten.

DIR is a connector folder holding both twins (the default is "."); a folder with only
one of them is a usage error. -d prints the change as a unified diff and writes nothing;
--check writes nothing and exits 1 when the twins differ, for a pre-commit hook or CI.

Exit status: 0 when the twins agree or were made to, 1 when --check found them
different, 2 for a usage error, a folder without twins, or a file that cannot be read,
parsed or written.`,
		Example: `  ppconn sync                  # regenerate apiDefinition.swagger.json from the YAML here
  ppconn sync -d v2            # what would change in v2's JSON twin, written nowhere
  ppconn sync --check .        # pre-commit or CI: fail when the twins disagree
  ppconn sync --from json v1   # the JSON was edited: make the YAML twin follow it`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			o.indentFlagOK = cmd.Flags().Changed("indent")
			return runSync(cmd, dir, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.limits.FollowSymlinks, "follow-symlinks", false, "read files through symbolic links that leave the connector's folder")
	f.StringVar(&o.from, "from", "", "the twin to follow: yaml (the default, the authored file) or json")
	f.BoolVar(&o.check, "check", false, "write nothing; exit 1 when the twins differ")
	f.BoolVarP(&o.diff, "diff", "d", false, "print the change as a unified diff and write nothing")
	f.IntVar(&o.indent, "indent", 4, "JSON indent width in spaces (0 writes one line); default: fmt.indent, else the file's own")
	return cmd
}

// syncJSONEdits is how many places sync edits one by one in a JSON twin;
// past it the whole value is replaced at once (each JSON edit re-parses
// the file), and the result is the same canonical text but for the
// source's spellings of unchanged strings.
const syncJSONEdits = 200

func runSync(cmd *cobra.Command, dir string, o *syncOptions) error {
	from := connector.TwinSource
	if o.from != "" {
		f, ok := parseFormat(o.from)
		if !ok {
			return usageError("--from %s: use yaml or json", displayPath(o.from))
		}
		from = f
	}
	if o.indent < 0 || o.indent > 16 {
		return usageError("--indent %d: use 0 to 16", o.indent)
	}
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return usageError("%s: %v", displayPath(dir), err)
	case !info.IsDir():
		return usageError("%s is a file: ppconn sync takes the connector folder that holds both twins (apiDefinition.swagger.json and apiDefinition.swagger.yaml)", displayPath(dir))
	}
	// Each file is read once, and parsed from the bytes read: they are
	// what the diff shows and what WriteFileAtomic checks the disk against.
	t, _, err := connector.FolderTarget(dir)
	if err != nil {
		return usageErr(err)
	}
	pkg := &connector.Package{Dir: dir}
	raw := map[*connector.Document][]byte{}
	for _, p := range t.Swaggers {
		b, doc, err := readDoc(p, nil, o.limits)
		if err != nil {
			return usageErr(err)
		}
		pkg.Swaggers = append(pkg.Swaggers, doc)
		raw[doc] = b
	}
	jsonDoc, yamlDoc, ok := pkg.Twins()
	if !ok {
		return usageError("%s: no twin pair: ppconn sync needs a JSON and a YAML definition in the folder (apiDefinition.swagger.json and apiDefinition.swagger.yaml), and it holds %s", displayPath(dir), syncHolds(pkg))
	}
	src, dst := yamlDoc, jsonDoc
	if from == connector.JSON {
		src, dst = jsonDoc, yamlDoc
	}
	for _, d := range []*connector.Document{src, dst} {
		if err := problemError(d.Path, d); err != nil {
			return usageErr(err)
		}
	}
	places, total := connector.Differences(src.Root, dst.Root, math.MaxInt)
	errOut := cmd.ErrOrStderr()
	srcName, dstName := displayPath(filepath.Base(src.Path)), displayPath(dst.Path)
	if total == 0 {
		if !o.check {
			fmt.Fprintf(errOut, "%s already holds what %s holds; nothing to do\n", dstName, srcName)
		}
		return nil
	}
	var indent int
	if dst.Format == connector.JSON {
		// fmt's indent, but for the default: the file's own width, so that
		// a 2-space or a one-line twin stays so (canonical at that width).
		x := fmtIndents{flag: syncIndent(dst, o.indent), explicit: o.indentFlagOK, byConfig: map[string]int{}}
		if indent, err = x.of(dst.Path); err != nil {
			return err
		}
	}
	text, err := syncedText(src, dst, places, indent)
	if err != nil {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w; nothing was written", dstName, err)}
	}
	if o.diff {
		if _, err := io.WriteString(cmd.OutOrStdout(), showEditDiff(dstName+".orig", dstName, raw[dst], text, secret.All(src, dst)...)); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
	}
	if o.check {
		return &exitError{code: ExitFindings, err: fmt.Errorf("%s differs from %s at %s; run 'ppconn sync' to make it follow", dstName, srcName, syncPlaces(total))}
	}
	if o.diff {
		return nil
	}
	if err := rewrite.WriteFileAtomic(dst.Path, text, raw[dst]); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	fmt.Fprintf(errOut, "%s: made to follow %s (%s)\n", dstName, srcName, syncPlaces(total))
	return nil
}

// syncedText is the text of dst edited at the places where it differs
// from src so that it holds src's value: JSON in the canonical form at
// indent, YAML through the YAML editor (comments kept). The result is
// checked: it must parse to src's value.
func syncedText(src, dst *connector.Document, places []connector.Difference, indent int) ([]byte, error) {
	ed, err := rewrite.NewEditor(dst)
	if err != nil {
		return nil, err
	}
	if dst.Format == connector.JSON && len(places) > syncJSONEdits {
		places = []connector.Difference{{Pointer: "", A: src.Root, B: dst.Root}}
	}
	// Values first, in the document's order; then the members and items
	// src lacks, the last first, so that an array's tail goes from its end.
	var deletes []string
	for _, d := range places {
		switch {
		case d.A == nil:
			deletes = append(deletes, d.Pointer)
		case d.B == nil && syncInArray(dst.Root, d.Pointer):
			err = ed.Set(string(connector.Pointer(d.Pointer).Parent().Child("-")), d.A)
		default:
			err = ed.Set(d.Pointer, d.A)
		}
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(deletes, func(a, b string) int { return -connector.Pointer(a).Compare(connector.Pointer(b)) })
	for _, p := range deletes {
		if err := ed.Delete(p); err != nil {
			return nil, err
		}
	}
	out, err := ed.Bytes()
	if err != nil {
		return nil, err
	}
	check := &connector.Document{Path: dst.Path, Format: dst.Format}
	connector.Parse(check, out, connector.DefaultLimits)
	if dst.Format == connector.JSON && check.Root != nil {
		if out, err = rewrite.Canonical(check, connector.JSON, indent); err != nil {
			return nil, err
		}
		check = &connector.Document{Path: dst.Path, Format: dst.Format}
		connector.Parse(check, out, connector.DefaultLimits)
	}
	if check.Root == nil || !connector.Equal(check.Root, src.Root) {
		return nil, errors.New("internal error: the edited twin does not hold the other's value")
	}
	return out, nil
}

// syncIndent is the indent width of a JSON twin's layout (0 for one
// line), or def when it is not made of spaces (tabs) or is too wide.
func syncIndent(doc *connector.Document, def int) int {
	unit := rewrite.DetectLayout(doc).Unit
	if strings.Trim(unit, " ") != "" || len(unit) > 16 {
		return def
	}
	return len(unit)
}

// syncInArray reports whether the place p is an item of an array of doc.
func syncInArray(root *connector.Node, p string) bool {
	parent := root.Resolve(string(connector.Pointer(p).Parent()))
	return parent != nil && parent.Kind == connector.Array
}

func syncPlaces(n int) string {
	if n == 1 {
		return "1 place"
	}
	return fmt.Sprintf("%d places", n)
}

// syncHolds names the definitions a folder without twins holds.
func syncHolds(pkg *connector.Package) string {
	switch len(pkg.Swaggers) {
	case 0:
		return "none"
	case 1:
		return "only " + displayPath(filepath.Base(pkg.Swaggers[0].Path))
	}
	return "two of one format"
}
