package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/rewrite"
)

type convertOptions struct {
	to          string
	out         string
	indent      int
	stripIgnore bool
	limits      connector.Limits
}

func newConvertCmd() *cobra.Command {
	o := &convertOptions{limits: connector.DefaultLimits}
	cmd := &cobra.Command{
		Use:   "convert FILE [--to yaml|json] [-o OUT]",
		Short: "Convert a definition between JSON (for paconn) and YAML (for the Swagger editor)",
		Long: `Convert a connector file between JSON and YAML, keeping the key order.

--to yaml gives paste-ready YAML for the Swagger editor of the custom connector
wizard: 2-space indent, multi-line text as block scalars (|), and quotes exactly where a
YAML reader would misread a string: versions like "2.0", yes/no/on/off/y/n, true, null,
~, dates, response codes like "200" (as values and as keys), and strings that start with
a YAML indicator. A YAML source keeps its comments.

--to json gives JSON for paconn and the portal's import: one indent width (--indent,
4 by default), the strings and numbers of a JSON source spelled as they were. Without
--to, the output format is that of -o's extension, else the other format than FILE's.

FILE is a file, or "-" for standard input. The result goes to standard output, or with
-o to OUT, written atomically (a temporary file renamed over OUT; an OUT that changes
on disk meanwhile is not overwritten). JSON → YAML → JSON gives back the same value.

--strip-lint-ignore removes every x-lint-ignore member (ppconn's inline suppressions),
so that what is pasted into the portal carries none of them.

Exit status: 0 when converted, 2 for a usage error or a FILE that cannot be read or
parsed (reported at file:line:column).`,
		Example: `  ppconn convert apiDefinition.swagger.json --to yaml        # paste into the Swagger editor
  ppconn convert apiDefinition.swagger.json -o apiDefinition.swagger.yaml
  ppconn convert apiDefinition.swagger.yaml --to json -o apiDefinition.swagger.json
  pbpaste | ppconn convert - --to json
  ppconn convert apiDefinition.swagger.json --to yaml --strip-lint-ignore | pbcopy`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runConvert(cmd, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.to, "to", "", "output format: yaml or json (default: from -o's extension, else the other format)")
	f.StringVarP(&o.out, "output", "o", "", "write to this file (atomically) instead of standard output")
	f.IntVar(&o.indent, "indent", 4, "JSON indent width in spaces (0 writes one line)")
	f.BoolVar(&o.stripIgnore, "strip-lint-ignore", false, "remove every "+lint.IgnoreKey+" member from the output")
	return cmd
}

func parseFormat(s string) (connector.Format, bool) {
	switch strings.ToLower(s) {
	case "json":
		return connector.JSON, true
	case "yaml", "yml":
		return connector.YAML, true
	}
	return 0, false
}

func runConvert(cmd *cobra.Command, file string, o *convertOptions) error {
	if o.indent < 0 || o.indent > 16 {
		return usageError("--indent %d: use 0 to 16", o.indent)
	}
	if o.out == "-" {
		o.out = ""
	}
	var to connector.Format
	haveTo := o.to != ""
	if haveTo {
		var ok bool
		if to, ok = parseFormat(o.to); !ok {
			return usageError("--to %q: use yaml or json", o.to)
		}
	}
	if o.out != "" {
		if ext, ok := parseFormat(strings.TrimPrefix(filepath.Ext(o.out), ".")); ok {
			if haveTo && ext != to {
				return usageError("--to %s but -o %s has a .%s extension", to, o.out, strings.TrimPrefix(filepath.Ext(o.out), "."))
			}
			to, haveTo = ext, true
		}
	}
	if file != "-" {
		if info, err := os.Stat(file); err == nil && info.IsDir() {
			return usageError("%s is a folder; give the file to convert, e.g. %s", file, filepath.Join(file, "apiDefinition.swagger.json"))
		}
	}
	_, doc, err := readDoc(file, cmd.InOrStdin(), o.limits)
	if err != nil {
		return usageErr(err)
	}
	if err := problemError(file, doc); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	if !haveTo {
		to = connector.YAML
		if doc.Format == connector.YAML {
			to = connector.JSON
		}
	}
	if o.stripIgnore {
		if doc, err = stripLintIgnore(doc, o.limits); err != nil {
			return usageError("%s: %v", displayPath(file), err)
		}
	}
	text, err := rewrite.Canonical(doc, to, o.indent)
	if err != nil {
		return usageError("%s: %v", displayPath(file), err)
	}
	if o.out == "" {
		if _, err := cmd.OutOrStdout().Write(text); err != nil {
			return &exitError{code: ExitUsage, err: err}
		}
		return nil
	}
	original, err := os.ReadFile(o.out)
	if errors.Is(err, fs.ErrNotExist) {
		original, err = nil, nil
	}
	if err != nil {
		return usageError("%s: %v", o.out, err)
	}
	if err := rewrite.WriteFileAtomic(o.out, text, original); err != nil {
		return &exitError{code: ExitUsage, err: err}
	}
	return nil
}

// stripLintIgnore deletes every x-lint-ignore member through the rewriter,
// last first so that the pointers of the others stay valid, and returns
// the edited document parsed again.
func stripLintIgnore(doc *connector.Document, lim connector.Limits) (*connector.Document, error) {
	var pointers []string
	doc.Root.Walk(func(n *connector.Node) bool {
		if n.IsMember() && n.Key == lint.IgnoreKey {
			pointers = append(pointers, n.Pointer())
			return false
		}
		return true
	})
	if len(pointers) == 0 {
		return doc, nil
	}
	ed, err := rewrite.NewEditor(doc)
	if err != nil {
		return nil, err
	}
	for i := len(pointers) - 1; i >= 0; i-- {
		if err := ed.Delete(pointers[i]); err != nil {
			return nil, err
		}
	}
	src, err := ed.Bytes()
	if err != nil {
		return nil, err
	}
	stripped := &connector.Document{Path: doc.Path, Role: doc.Role, Format: doc.Format}
	connector.Parse(stripped, src, lim)
	return stripped, nil
}
